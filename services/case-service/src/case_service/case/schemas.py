"""Request and response shapes of cases: create, edit, list, detail, timeline, action bodies, sync."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from case_service.case.models import (
    CaseAction,
    CaseSource,
    CaseState,
    ClosedReason,
    Complexity,
    ExtensionStatus,
    ResumedBy,
    Satisfaction,
    UnitRole,
    Urgency,
    WarningLevel,
)
from platform_core.dates import IsoDate
from platform_core.uscc import normalise_uscc

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _check_phone(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    value = value.replace(" ", "")
    if not PHONE_RE.match(value):
        raise ValueError("联系电话格式不正确（手机号或带区号的固定电话）")
    return value


class CaseCreate(BaseModel):
    """A new case; an enterprise user submits for its own enterprise with source `enterprise`."""

    model_config = _STRICT

    source: CaseSource = Field(default=CaseSource.ENTERPRISE, description="来源")
    superior_doc_no: str | None = Field(
        default=None,
        max_length=100,
        description="上级交办文号（来源为上级交办时必填）",
        examples=["豫商办〔2021〕15号"],
    )
    visit_id: int | None = Field(default=None, ge=1, description="走访记录ID（来源为走访发现时必填）")
    category_code: str = Field(max_length=32, description="诉求分类编码", examples=["land_planning"])
    enterprise_uscc: str | None = Field(
        default=None,
        description="企业统一社会信用代码（企业用户可省略，默认为本企业）",
        examples=["91411522MA45R7K376"],
    )
    title: str = Field(min_length=2, max_length=200, description="诉求标题", examples=["厂房扩建用地指标申请"])
    description: str = Field(min_length=2, max_length=5000, description="诉求内容")
    urgency: Urgency = Field(default=Urgency.NORMAL, description="紧急程度")
    complexity: Complexity = Field(default=Complexity.ORDINARY, description="复杂程度（交办时可调整）")
    contact_person: str | None = Field(default=None, max_length=64, description="企业联系人")
    contact_phone: str | None = Field(default=None, max_length=32, description="联系电话")

    _phone = field_validator("contact_phone")(_check_phone)

    @field_validator("enterprise_uscc")
    @classmethod
    def _valid_uscc(cls, value: str | None) -> str | None:
        return normalise_uscc(value) if value else None

    @model_validator(mode="after")
    def _source_details(self) -> CaseCreate:
        if self.source is CaseSource.SUPERIOR and not self.superior_doc_no:
            raise ValueError("上级交办的诉求须填写交办文号（superior_doc_no）")
        if self.source is CaseSource.VISIT and self.visit_id is None:
            raise ValueError("走访发现的诉求须关联走访记录（visit_id）")
        return self


class CaseUpdate(BaseModel):
    """Fields an officer may still change before the case is assigned."""

    model_config = _STRICT

    title: str | None = Field(default=None, min_length=2, max_length=200, description="诉求标题")
    description: str | None = Field(default=None, min_length=2, max_length=5000, description="诉求内容")
    category_code: str | None = Field(default=None, max_length=32, description="诉求分类编码")
    urgency: Urgency | None = Field(default=None, description="紧急程度")
    complexity: Complexity | None = Field(default=None, description="复杂程度")
    superior_doc_no: str | None = Field(default=None, max_length=100, description="上级交办文号")
    contact_person: str | None = Field(default=None, max_length=64, description="企业联系人")
    contact_phone: str | None = Field(default=None, max_length=32, description="联系电话")

    _phone = field_validator("contact_phone")(_check_phone)


# --- action bodies --------------------------------------------------------------------------------


class ActionBody(BaseModel):
    """An action with an optional comment."""

    model_config = _STRICT

    comment: str | None = Field(default=None, max_length=2000, description="意见/说明")


class ReasonBody(ActionBody):
    """An action that needs a reason (reject, request_return, deny_return, deny_extension, escalate, send_back,
    reopen)."""

    reason: str = Field(min_length=2, max_length=2000, description="理由/依据")


class MergeBody(ActionBody):
    """Merge a duplicate into another case."""

    into_case_id: int = Field(ge=1, description="合并到的诉求ID")


class AnswerBody(ActionBody):
    """A consultation answered at once (即问即答)."""

    answer: str = Field(min_length=2, max_length=5000, description="答复内容")
    basis: str | None = Field(default=None, max_length=2000, description="答复依据")


class UnitRef(BaseModel):
    """A unit of the gateway's unit directory, with its name for display."""

    model_config = _STRICT

    unit_id: int = Field(ge=1, description="单位ID")
    unit_name: str | None = Field(default=None, max_length=100, description="单位名称")


def check_distinct_units(lead_unit: UnitRef, co_units: list[UnitRef]) -> None:
    """The lead unit and the co-units are different units."""
    ids = [lead_unit.unit_id, *(u.unit_id for u in co_units)]
    if len(ids) != len(set(ids)):
        raise ValueError("牵头单位与配合单位不能重复")


class AssignBody(ActionBody):
    """Assign to a lead unit and co-units; the 13710 clock starts."""

    lead_unit: UnitRef = Field(description="牵头单位")
    co_units: list[UnitRef] = Field(default_factory=list, max_length=10, description="配合单位")
    complexity: Complexity | None = Field(default=None, description="复杂程度（不填则沿用登记时的值）")
    routing_rule_id: int | None = Field(
        default=None, ge=1, description="提出交办建议的规则ID（按建议或改派交办时填写，用于统计采纳率与退单率）"
    )

    @model_validator(mode="after")
    def _distinct_units(self) -> AssignBody:
        check_distinct_units(self.lead_unit, self.co_units)
        return self


class FeedbackBody(ActionBody):
    """A progress report (进展反馈)."""

    content: str = Field(min_length=2, max_length=5000, description="进展情况")
    completed_milestone_ids: list[int] = Field(default_factory=list, max_length=20, description="本次完成的计划节点ID")


class ExtensionRequestBody(ActionBody):
    """Ask for more time (延期申请)."""

    days: int = Field(ge=1, le=90, description="申请延长天数（按当前期限计算方式）")
    reason: str = Field(min_length=2, max_length=2000, description="延期理由")


class ExtensionApproveBody(ActionBody):
    """Approve an extension, possibly for fewer days than asked."""

    days: int | None = Field(default=None, ge=1, le=90, description="批准延长天数（不填则按申请天数）")


class DecideBody(ActionBody):
    """The joint decision (会商意见) on an escalated case."""

    decision: str = Field(min_length=2, max_length=5000, description="会商决定")


class MilestoneIn(BaseModel):
    """A dated step of a long-term plan."""

    model_config = _STRICT

    due_date: IsoDate = Field(description="计划完成日期")
    content: str = Field(min_length=2, max_length=500, description="节点内容")


class LongTermBody(ActionBody):
    """Put a case that cannot be solved now under long-term tracking with a dated plan."""

    plan: str = Field(min_length=2, max_length=5000, description="计划说明")
    milestones: list[MilestoneIn] = Field(min_length=1, max_length=20, description="计划节点（按日期）")


class ResultBody(ActionBody):
    """The handling result (办理结果) with its basis and result attachments."""

    result: str = Field(min_length=2, max_length=5000, description="办理结果")
    basis: str | None = Field(default=None, max_length=2000, description="办理依据")
    attachment_ids: list[int] = Field(default_factory=list, max_length=20, description="结果附件ID（先上传）")


class RevisitBody(ActionBody):
    """The enterprise's rating at the revisit (回访评价)."""

    satisfaction: Satisfaction = Field(description="满意度")


class SupplyMaterialBody(ActionBody):
    """The enterprise supplies the material asked for (attachments uploaded first); the clock runs again."""

    content: str = Field(min_length=2, max_length=5000, description="补充说明")
    attachment_ids: list[int] = Field(default_factory=list, max_length=20, description="补充的材料附件ID（先上传）")


#: The body each action takes.
ACTION_BODIES: dict[CaseAction, type[ActionBody]] = {
    CaseAction.ACCEPT: ActionBody,
    CaseAction.REJECT: ReasonBody,
    CaseAction.MERGE: MergeBody,
    CaseAction.ANSWER_NOW: AnswerBody,
    CaseAction.ASSIGN: AssignBody,
    CaseAction.SIGN: ActionBody,
    CaseAction.REQUEST_RETURN: ReasonBody,
    CaseAction.APPROVE_RETURN: ActionBody,
    CaseAction.DENY_RETURN: ReasonBody,
    CaseAction.FEEDBACK: FeedbackBody,
    CaseAction.REQUEST_EXTENSION: ExtensionRequestBody,
    CaseAction.APPROVE_EXTENSION: ExtensionApproveBody,
    CaseAction.DENY_EXTENSION: ReasonBody,
    CaseAction.ESCALATE: ReasonBody,
    CaseAction.DECIDE: DecideBody,
    CaseAction.LONG_TERM: LongTermBody,
    CaseAction.SUBMIT_RESULT: ResultBody,
    CaseAction.APPROVE_RESULT: ActionBody,
    CaseAction.SEND_BACK: ReasonBody,
    CaseAction.REVISIT: RevisitBody,
    CaseAction.CLOSE: ActionBody,
    CaseAction.REOPEN: ReasonBody,
    CaseAction.PAUSE: ReasonBody,
    CaseAction.RESUME: ActionBody,
    CaseAction.SUPPLY_MATERIAL: SupplyMaterialBody,
    CaseAction.URGE: ActionBody,
}


# --- responses ------------------------------------------------------------------------------------


class CaseUnitOut(BaseModel):
    """A unit handling the case."""

    unit_id: int
    unit_name: str | None
    role: UnitRole = Field(description="lead 牵头 / co 配合")


class ExtensionOut(BaseModel):
    """An extension request and its decision."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    requested_at: datetime
    requested_by: str
    requested_days: int
    reason: str
    status: ExtensionStatus
    previous_due: datetime | None
    approved_days: int | None
    new_due: datetime | None
    decided_at: datetime | None
    decided_by: str | None
    decision_comment: str | None


class MilestoneOut(BaseModel):
    """A step of the long-term plan."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    seq: int
    due_date: IsoDate
    content: str
    done_at: datetime | None


class MissedDeadlineOut(BaseModel):
    """A 13710 deadline a running case has passed (why its row is red, yellow or escalated)."""

    kind: str = Field(description="sign 签收 | feedback 首次反馈 | resolve 办结 | month_limit 1个月总时限")
    label: str = Field(description="期限名称")
    due: datetime = Field(description="期限")


class CaseListItem(BaseModel):
    """A case in a list."""

    id: int
    case_no: str | None = Field(description="诉求编号")
    title: str
    source: CaseSource
    category_code: str
    category_name: str | None
    enterprise_uscc: str
    enterprise_name: str
    region_code: str
    region_name: str | None
    urgency: Urgency
    complexity: Complexity
    state: CaseState
    state_label: str = Field(description="状态名称")
    closed_reason: ClosedReason | None
    warning_level: WarningLevel = Field(description="预警等级（按当前时间计算）")
    missed_deadlines: list[MissedDeadlineOut] = Field(
        default_factory=list, description="已超过的13710期限(按期限先后)，说明红色、升级预警的原因"
    )
    warning_label: str = Field(description="预警等级名称")
    lead_unit_id: int | None
    lead_unit_name: str | None
    assigned_at: datetime | None
    sign_due: datetime | None
    first_feedback_due: datetime | None
    resolve_due: datetime | None
    signed_at: datetime | None
    first_feedback_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    satisfaction: Satisfaction | None
    reopen_count: int
    paused_at: datetime | None = Field(description="暂停时间（等待企业补充材料时；剩余时限、预警等级按此刻冻结）")
    paused_seconds: int = Field(description="已计入的暂停时长（秒，按期限计算方式），各期限已顺延这么多")
    version: int = Field(description="版本号，与 ETag 一致")
    created_at: datetime
    updated_at: datetime


class PauseOut(BaseModel):
    """A pause of the resolve clock (等待企业补充材料) and how it ended."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    paused_at: datetime
    paused_by: str
    paused_by_name: str | None
    reason: str
    resumed_at: datetime | None
    resumed_by: str | None
    resumed_kind: ResumedBy | None = Field(description="officer 承办单位恢复 / enterprise 企业补充材料")
    paused_seconds: int | None = Field(description="计入的暂停时长（秒）")
    previous_due: datetime | None
    new_due: datetime | None


class CaseDetail(CaseListItem):
    """A case with everything the detail page shows, and the actions the caller may take now."""

    description: str
    superior_doc_no: str | None
    visit_id: int | None
    contact_person: str | None
    contact_phone: str | None = Field(description="联系电话（无权限时脱敏）")
    units: list[CaseUnitOut]
    assigned_by: str | None
    escalated_at: datetime | None
    result_submitted_at: datetime | None
    long_term_plan: str | None
    result: str | None
    result_basis: str | None
    satisfaction_comment: str | None
    rated_at: datetime | None
    merged_into_id: int | None
    created_by: str
    created_by_name: str | None
    extensions: list[ExtensionOut]
    milestones: list[MilestoneOut]
    pauses: list[PauseOut] = Field(description="暂停计时记录（等待企业补充材料）")
    open_supervision_count: int = Field(description="未回复的督办单数")
    allowed_actions: list[CaseAction] = Field(description="当前用户此刻可执行的动作")


class CaseEventOut(BaseModel):
    """One timeline entry."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    occurred_at: datetime
    action: str = Field(description="动作（create、merge_in 或 allowed_actions 中的动作）")
    from_state: CaseState | None
    to_state: CaseState | None
    actor: str
    actor_name: str | None
    actor_unit_id: int | None
    comment: str | None
    data: dict[str, Any] | None


class CaseEventList(BaseModel):
    """A case's whole timeline, oldest first."""

    items: list[CaseEventOut]


class StateInfo(BaseModel):
    """A state and its label."""

    code: CaseState
    label: str


class ActionInfo(BaseModel):
    """An action, its label, permission and actor rule."""

    code: CaseAction
    label: str
    permission: str
    actor: str = Field(description="any 持有权限者；lead_unit 仅牵头单位经办人")


class TransitionInfo(BaseModel):
    """One row of the lifecycle table."""

    source: CaseState
    action: CaseAction
    target: CaseState


class TimeLimit(BaseModel):
    """One 13710 limit as the administrator set it: so many days, natural or working."""

    step: Literal["sign", "feedback", "resolve_ordinary", "resolve_major"] = Field(
        description="sign 签收 / feedback 首次反馈 / resolve_ordinary 一般问题办结 / resolve_major 重大复杂问题办结"
    )
    days: int = Field(description="天数")
    unit: Literal["day", "workday"] = Field(description="day 自然日 / workday 工作日")


class TransitionTable(BaseModel):
    """The lifecycle as data, for labels and diagrams in the SPA, with the limits in force (系统参数)."""

    states: list[StateInfo]
    actions: list[ActionInfo]
    transitions: list[TransitionInfo]
    limits: list[TimeLimit] = Field(description="当前生效的 13710 办理时限")


class TimerCheckReport(BaseModel):
    """What one timer check did."""

    checked: int = Field(description="检查的在办诉求数")
    level_changes: int = Field(description="预警等级发生变化的诉求数")
    notifications: int = Field(description="新产生的消息数")
    checked_at: datetime


class CaseSyncItem(BaseModel):
    """One change in the provincial sync stream; merged cases come as tombstones."""

    id: int
    case_no: str | None
    deleted: bool = Field(description="是否已删除/合并（墓碑）")
    updated_at: datetime
    merged_into_id: int | None = None
    source: CaseSource | None = None
    superior_doc_no: str | None = None
    category_code: str | None = None
    enterprise_uscc: str | None = None
    enterprise_name: str | None = None
    region_code: str | None = None
    title: str | None = None
    description: str | None = None
    urgency: Urgency | None = None
    complexity: Complexity | None = None
    state: CaseState | None = None
    closed_reason: ClosedReason | None = None
    warning_level: WarningLevel | None = None
    lead_unit_id: int | None = None
    co_unit_ids: list[int] = Field(default_factory=list)
    contact_person: str | None = Field(default=None, description="联系人（脱敏）")
    contact_phone: str | None = Field(default=None, description="联系电话（脱敏）")
    assigned_at: datetime | None = None
    sign_due: datetime | None = None
    first_feedback_due: datetime | None = None
    resolve_due: datetime | None = None
    signed_at: datetime | None = None
    first_feedback_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    result: str | None = None
    satisfaction: Satisfaction | None = None
    reopen_count: int | None = None
    created_at: datetime | None = None
