"""Cases, the units handling them, their timeline, extensions and long-term plans."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, UTCDateTime, VersionMixin, utcnow


class CaseState(StrEnum):
    """Where a case is in its lifecycle (domain.md §4)."""

    SUBMITTED = "SUBMITTED"
    ACCEPTED = "ACCEPTED"
    ASSIGNED = "ASSIGNED"
    RETURN_REQUESTED = "RETURN_REQUESTED"
    IN_PROGRESS = "IN_PROGRESS"
    EXTENSION_REQUESTED = "EXTENSION_REQUESTED"
    ESCALATED = "ESCALATED"
    LONG_TERM_TRACKING = "LONG_TERM_TRACKING"
    PENDING_REVIEW = "PENDING_REVIEW"
    PAUSED = "PAUSED"  # waiting for the enterprise's material: the resolve clock stands still
    RESOLVED = "RESOLVED"
    VISITED = "VISITED"
    CLOSED = "CLOSED"


class CaseAction(StrEnum):
    """Every lifecycle action, one `POST /api/v1/cases/{id}/<action>` each."""

    ACCEPT = "accept"
    REJECT = "reject"
    MERGE = "merge"
    ANSWER_NOW = "answer_now"
    ASSIGN = "assign"
    SIGN = "sign"
    REQUEST_RETURN = "request_return"
    APPROVE_RETURN = "approve_return"
    DENY_RETURN = "deny_return"
    FEEDBACK = "feedback"
    REQUEST_EXTENSION = "request_extension"
    APPROVE_EXTENSION = "approve_extension"
    DENY_EXTENSION = "deny_extension"
    ESCALATE = "escalate"
    DECIDE = "decide"
    LONG_TERM = "long_term"
    SUBMIT_RESULT = "submit_result"
    APPROVE_RESULT = "approve_result"
    SEND_BACK = "send_back"
    REVISIT = "revisit"
    CLOSE = "close"
    REOPEN = "reopen"
    PAUSE = "pause"  # 等待企业补充材料
    RESUME = "resume"  # 恢复办理 (the handling unit)
    SUPPLY_MATERIAL = "supply_material"  # 企业补充材料 (resumes the clock)
    URGE = "urge"  # 催办: a reminder to the handling unit, no change of state


class CaseSource(StrEnum):
    """Where a case came from."""

    SUPERIOR = "superior"  # 上级交办 (with the superior's document number)
    ENTERPRISE = "enterprise"  # 企业反映
    VISIT = "visit"  # 走访发现
    HOTLINE = "hotline"  # 12345 热线
    LEADER = "leader"  # 领导交办


class Urgency(StrEnum):
    """一般 / 紧急 / 特急."""

    NORMAL = "normal"
    URGENT = "urgent"
    CRITICAL = "critical"


class Complexity(StrEnum):
    """一般 (7 days) / 重大复杂 (1 month)."""

    ORDINARY = "ordinary"
    MAJOR = "major"


class WarningLevel(StrEnum):
    """The computed warning colour of a case."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    ESCALATED = "escalated"


class Satisfaction(StrEnum):
    """The enterprise's rating at the revisit: 满意 / 基本满意 / 不满意."""

    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"


class ClosedReason(StrEnum):
    """Why a case is CLOSED."""

    RESOLVED = "resolved"
    REJECTED = "rejected"
    MERGED = "merged"


class UnitRole(StrEnum):
    """A unit's part in a case: the lead unit (牵头单位) or a co-unit (配合单位)."""

    LEAD = "lead"
    CO = "co"


class ExtensionStatus(StrEnum):
    """Where an extension request stands."""

    PENDING = "pending"
    APPROVED = "approved"
    DENIED = "denied"


class ResumedBy(StrEnum):
    """Who ended a pause: the handling unit, or the enterprise by supplying the material."""

    OFFICER = "officer"
    ENTERPRISE = "enterprise"


class Case(TimestampMixin, VersionMixin, Base):
    """A problem an enterprise faces, driven to a result under the 13710 deadlines."""

    # Not "case": that is a reserved word in SQL.
    __tablename__ = "case_record"
    __table_args__ = (
        Index(
            "ix_case_record_region_path",
            "region_path",
            postgresql_ops={"region_path": "text_pattern_ops"},
        ),
        Index("ix_case_record_updated_at_id", "updated_at", "id"),
        Index("ix_case_record_state_resolve_due", "state", "resolve_due"),
        Index("ix_case_record_warning_level_state", "warning_level", "state"),
        Index("ix_case_record_created_at", "created_at"),
        {"comment": "诉求(交办件)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    case_no: Mapped[str | None] = mapped_column(String(20), unique=True, comment="诉求编号，如 SQ2021000123")
    source: Mapped[str] = mapped_column(
        String(16),
        index=True,
        comment="来源 superior上级交办/enterprise企业反映/visit走访发现/hotline12345/leader领导交办",
    )
    superior_doc_no: Mapped[str | None] = mapped_column(String(100), comment="上级交办文号")
    visit_id: Mapped[int | None] = mapped_column(BigInteger, index=True, comment="发现问题的走访记录ID")
    category_code: Mapped[str] = mapped_column(
        String(32), ForeignKey("case_category.code"), index=True, comment="诉求分类编码"
    )
    enterprise_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("enterprise.id"), index=True, comment="企业ID")
    enterprise_uscc: Mapped[str] = mapped_column(String(18), index=True, comment="企业统一社会信用代码")
    enterprise_name: Mapped[str] = mapped_column(String(200), comment="企业名称(提交时快照)")
    region_code: Mapped[str] = mapped_column(String(12), index=True, comment="所属行政区划代码(取自企业)")
    region_path: Mapped[str] = mapped_column(String(80), comment="行政区划物化路径")
    title: Mapped[str] = mapped_column(String(200), comment="诉求标题")
    description: Mapped[str] = mapped_column(Text, comment="诉求内容")
    urgency: Mapped[str] = mapped_column(
        String(16), default=Urgency.NORMAL.value, comment="紧急程度 normal/urgent/critical"
    )
    complexity: Mapped[str] = mapped_column(
        String(16), default=Complexity.ORDINARY.value, comment="复杂程度 ordinary一般/major重大复杂"
    )
    contact_person: Mapped[str | None] = mapped_column(String(64), comment="企业联系人(个人信息)")
    contact_phone: Mapped[str | None] = mapped_column(String(32), comment="联系电话(个人信息，按权限脱敏)")
    state: Mapped[str] = mapped_column(String(24), default=CaseState.SUBMITTED.value, comment="状态")
    closed_reason: Mapped[str | None] = mapped_column(String(16), comment="关闭原因 resolved/rejected/merged")
    merged_into_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("case_record.id"), comment="合并到的诉求ID"
    )
    lead_unit_id: Mapped[int | None] = mapped_column(Integer, index=True, comment="牵头单位ID(网关单位)")
    lead_unit_name: Mapped[str | None] = mapped_column(String(100), comment="牵头单位名称(交办时快照)")
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True, comment="交办时间(13710起算)")
    assigned_by: Mapped[str | None] = mapped_column(String(64), comment="交办人(sub)")
    sign_due: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="签收期限(1日)")
    first_feedback_due: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="首次反馈期限(3日)")
    resolve_due: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="办结期限(7日/1个月，延期后顺延)")
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="签收时间")
    first_feedback_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="首次反馈时间")
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="提请会商时间")
    result_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="办理结果提交时间")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="办结时间")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="销号(关闭)时间")
    long_term_plan: Mapped[str | None] = mapped_column(Text, comment="长期跟踪计划说明")
    result: Mapped[str | None] = mapped_column(Text, comment="办理结果")
    result_basis: Mapped[str | None] = mapped_column(Text, comment="办理依据")
    satisfaction: Mapped[str | None] = mapped_column(
        String(24), comment="满意度 satisfied满意/basically_satisfied基本满意/dissatisfied不满意"
    )
    satisfaction_comment: Mapped[str | None] = mapped_column(String(500), comment="回访评价")
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="回访评价时间")
    reopen_count: Mapped[int] = mapped_column(Integer, default=0, comment="重办次数")
    paused_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime(), comment="暂停时间(等待企业补充材料，办理时限冻结；恢复后清空)"
    )
    paused_seconds: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0", comment="累计暂停的计时时长(秒，按期限计算方式：自然日或工作日)"
    )
    warning_level: Mapped[str] = mapped_column(
        String(12), default=WarningLevel.GREEN.value, comment="预警等级(定时检查维护，供筛选排序)"
    )
    warning_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="预警等级计算时间")
    created_by: Mapped[str] = mapped_column(String(64), index=True, comment="登记人(sub)")
    created_by_name: Mapped[str | None] = mapped_column(String(64), comment="登记人姓名")
    stats_horizon: Mapped[datetime | None] = mapped_column(
        UTCDateTime(), comment="统计口径涉及的最晚时刻(含未到的签收、反馈期限)，由统计汇总维护"
    )


class CaseUnit(Base):
    """A unit handling a case: one lead unit and any co-units (the UNIT scope joins through here)."""

    __tablename__ = "case_unit"
    __table_args__ = (
        UniqueConstraint("case_id", "unit_id"),
        Index("ix_case_unit_unit_id_case_id", "unit_id", "case_id"),
        {"comment": "诉求承办单位"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    case_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("case_record.id", ondelete="CASCADE"), comment="诉求ID")
    unit_id: Mapped[int] = mapped_column(Integer, comment="单位ID(网关单位)")
    unit_name: Mapped[str | None] = mapped_column(String(100), comment="单位名称(交办时快照)")
    role: Mapped[str] = mapped_column(String(8), comment="角色 lead牵头/co配合")
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="交办时间")


class CaseEvent(Base):
    """One entry of a case's timeline: who did what, when, from which state to which."""

    __tablename__ = "case_event"
    __table_args__ = (Index("ix_case_event_case_id_id", "case_id", "id"), {"comment": "诉求办理时间线"})

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    case_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("case_record.id", ondelete="CASCADE"), comment="诉求ID")
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="发生时间")
    action: Mapped[str] = mapped_column(String(32), comment="动作，如 create/assign/sign")
    from_state: Mapped[str | None] = mapped_column(String(24), comment="原状态")
    to_state: Mapped[str | None] = mapped_column(String(24), comment="新状态")
    actor: Mapped[str] = mapped_column(String(64), comment="操作者(sub)")
    actor_name: Mapped[str | None] = mapped_column(String(64), comment="操作者姓名")
    actor_unit_id: Mapped[int | None] = mapped_column(Integer, comment="操作者单位ID")
    comment: Mapped[str | None] = mapped_column(Text, comment="意见/说明")
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, comment="动作数据(单位、期限、评价等)")


class CaseExtension(Base):
    """An extension request (延期申请) and its decision; an approval moves `resolve_due`."""

    __tablename__ = "case_extension"
    __table_args__ = {"comment": "诉求延期记录"}

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    case_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("case_record.id", ondelete="CASCADE"), index=True, comment="诉求ID"
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="申请时间")
    requested_by: Mapped[str] = mapped_column(String(64), comment="申请人(sub)")
    requested_days: Mapped[int] = mapped_column(Integer, comment="申请延长天数")
    reason: Mapped[str] = mapped_column(Text, comment="延期理由")
    status: Mapped[str] = mapped_column(String(16), default=ExtensionStatus.PENDING.value, comment="状态")
    previous_due: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="原办结期限")
    approved_days: Mapped[int | None] = mapped_column(Integer, comment="批准延长天数")
    new_due: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="新办结期限")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="审批时间")
    decided_by: Mapped[str | None] = mapped_column(String(64), comment="审批人(sub)")
    decision_comment: Mapped[str | None] = mapped_column(Text, comment="审批意见")


class CaseMilestone(Base):
    """A dated step of a long-term plan (长期跟踪计划)."""

    __tablename__ = "case_milestone"
    __table_args__ = {"comment": "诉求长期跟踪计划节点"}

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    case_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("case_record.id", ondelete="CASCADE"), index=True, comment="诉求ID"
    )
    seq: Mapped[int] = mapped_column(Integer, comment="序号")
    due_date: Mapped[date] = mapped_column(Date, comment="计划完成日期")
    content: Mapped[str] = mapped_column(String(500), comment="节点内容")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="完成时间")


class CasePause(Base):
    """A pause of the resolve clock while the enterprise supplies material (等待企业补充材料)."""

    __tablename__ = "case_pause"
    __table_args__ = (Index("ix_case_pause_paused_at", "paused_at"), {"comment": "诉求暂停计时记录"})

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    case_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("case_record.id", ondelete="CASCADE"), index=True, comment="诉求ID"
    )
    paused_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="暂停时间")
    paused_by: Mapped[str] = mapped_column(String(64), comment="暂停人(sub)")
    paused_by_name: Mapped[str | None] = mapped_column(String(64), comment="暂停人姓名")
    reason: Mapped[str] = mapped_column(Text, comment="需企业补充的材料及理由")
    resumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="恢复时间")
    resumed_by: Mapped[str | None] = mapped_column(String(64), comment="恢复人(sub)")
    resumed_kind: Mapped[str | None] = mapped_column(
        String(16), comment="恢复方式 officer承办单位/enterprise企业补充材料"
    )
    paused_seconds: Mapped[int | None] = mapped_column(Integer, comment="计入的暂停时长(秒，按期限计算方式)")
    previous_due: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="恢复前的办结期限")
    new_due: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="顺延后的办结期限")
