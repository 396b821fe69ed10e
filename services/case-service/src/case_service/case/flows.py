"""The case lifecycle: the transition table as data, the checks, and each action's side effects.

`TRANSITIONS` lists every (state, action) → next state of domain.md §4; `ACTION_RULES` gives each action
its permission and who within the permission may act (the lead unit's handler for handling actions).
`perform()` checks, applies the action's effects, appends the timeline event, stores the warning level,
writes the audit entry and the notices — all in the caller's transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from fastapi import FastAPI
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.attachment.models import AttachmentKind, CaseAttachment
from case_service.case import service
from case_service.case.dependencies import clock_for, current_policy
from case_service.case.models import (
    Case,
    CaseAction,
    CaseExtension,
    CaseMilestone,
    CasePause,
    CaseState,
    CaseUnit,
    ClosedReason,
    ExtensionStatus,
    ResumedBy,
    Satisfaction,
    UnitRole,
)
from case_service.case.schemas import (
    ActionBody,
    AnswerBody,
    AssignBody,
    ExtensionApproveBody,
    ExtensionRequestBody,
    FeedbackBody,
    LongTermBody,
    MergeBody,
    ResultBody,
    RevisitBody,
    SupplyMaterialBody,
)
from case_service.case.timers import TimerPolicy, end_of_local_day
from case_service.core import audit
from case_service.notification import reminders
from case_service.notification import service as notices
from case_service.notification.models import NotificationKind
from case_service.quality import flows as quality
from case_service.revisit_link import service as revisit_links
from case_service.routing import flows as routing
from platform_core.auth import Principal
from platform_core.db import Database, utcnow
from platform_core.delivery import Delivery
from platform_core.enumerations import labels
from platform_core.jobs import Job
from platform_core.periods import SHANGHAI
from platform_core.problems import ProblemError, field_error

log = logging.getLogger(__name__)


class Actor(StrEnum):
    """Who, among holders of the action's permission, may act on a given case."""

    ANY = "any"  # anyone holding the permission who sees the case
    LEAD_UNIT = "lead_unit"  # only a handler of the case's lead unit
    ENTERPRISE = "enterprise"  # only a user of the case's own enterprise


@dataclass(frozen=True, slots=True)
class ActionRule:
    """An action's permission, actor rule and label."""

    permission: str
    label: str
    actor: Actor = Actor.ANY


@dataclass(frozen=True, slots=True)
class Transition:
    """One row of the lifecycle table."""

    source: CaseState
    action: CaseAction
    target: CaseState


S, A = CaseState, CaseAction

ACTION_RULES: dict[CaseAction, ActionRule] = {
    A.ACCEPT: ActionRule("case:case:accept", "受理"),
    A.REJECT: ActionRule("case:case:accept", "不予受理"),
    A.MERGE: ActionRule("case:case:accept", "合并"),
    A.ANSWER_NOW: ActionRule("case:case:accept", "即问即答"),
    A.ASSIGN: ActionRule("case:case:assign", "交办"),
    A.SIGN: ActionRule("case:case:handle", "签收", Actor.LEAD_UNIT),
    A.REQUEST_RETURN: ActionRule("case:case:handle", "申请退回", Actor.LEAD_UNIT),
    A.APPROVE_RETURN: ActionRule("case:case:assign", "同意退回"),
    A.DENY_RETURN: ActionRule("case:case:assign", "不同意退回"),
    A.FEEDBACK: ActionRule("case:case:handle", "进展反馈", Actor.LEAD_UNIT),
    A.REQUEST_EXTENSION: ActionRule("case:case:handle", "申请延期", Actor.LEAD_UNIT),
    A.APPROVE_EXTENSION: ActionRule("case:case:review", "同意延期"),
    A.DENY_EXTENSION: ActionRule("case:case:review", "不同意延期"),
    A.ESCALATE: ActionRule("case:case:review", "提请会商"),
    A.DECIDE: ActionRule("case:case:decide", "会商决定"),
    A.LONG_TERM: ActionRule("case:case:handle", "转长期跟踪", Actor.LEAD_UNIT),
    A.SUBMIT_RESULT: ActionRule("case:case:handle", "提交办理结果", Actor.LEAD_UNIT),
    A.APPROVE_RESULT: ActionRule("case:case:review", "审核通过"),
    A.SEND_BACK: ActionRule("case:case:review", "退回重办"),
    A.REVISIT: ActionRule("case:case:rate", "回访评价"),
    A.CLOSE: ActionRule("case:case:close", "销号"),
    A.REOPEN: ActionRule("case:case:close", "重新办理"),
    A.PAUSE: ActionRule("case:case:handle", "等待企业补充材料", Actor.LEAD_UNIT),
    A.RESUME: ActionRule("case:case:handle", "恢复办理", Actor.LEAD_UNIT),
    A.SUPPLY_MATERIAL: ActionRule("case:attachment:upload", "企业补充材料", Actor.ENTERPRISE),
    A.URGE: ActionRule("case:case:assign", "催办"),
}

TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.SUBMITTED, A.ACCEPT, S.ACCEPTED),
    Transition(S.SUBMITTED, A.REJECT, S.CLOSED),
    Transition(S.SUBMITTED, A.MERGE, S.CLOSED),
    Transition(S.ACCEPTED, A.ANSWER_NOW, S.RESOLVED),
    Transition(S.ACCEPTED, A.ASSIGN, S.ASSIGNED),
    Transition(S.ASSIGNED, A.SIGN, S.IN_PROGRESS),
    Transition(S.ASSIGNED, A.REQUEST_RETURN, S.RETURN_REQUESTED),
    Transition(S.RETURN_REQUESTED, A.APPROVE_RETURN, S.ACCEPTED),
    Transition(S.RETURN_REQUESTED, A.DENY_RETURN, S.ASSIGNED),
    Transition(S.IN_PROGRESS, A.FEEDBACK, S.IN_PROGRESS),
    Transition(S.IN_PROGRESS, A.REQUEST_EXTENSION, S.EXTENSION_REQUESTED),
    Transition(S.EXTENSION_REQUESTED, A.APPROVE_EXTENSION, S.IN_PROGRESS),
    Transition(S.EXTENSION_REQUESTED, A.DENY_EXTENSION, S.IN_PROGRESS),
    Transition(S.IN_PROGRESS, A.ESCALATE, S.ESCALATED),
    Transition(S.ESCALATED, A.DECIDE, S.IN_PROGRESS),
    Transition(S.IN_PROGRESS, A.LONG_TERM, S.LONG_TERM_TRACKING),
    Transition(S.LONG_TERM_TRACKING, A.FEEDBACK, S.LONG_TERM_TRACKING),
    Transition(S.LONG_TERM_TRACKING, A.SUBMIT_RESULT, S.PENDING_REVIEW),
    Transition(S.IN_PROGRESS, A.SUBMIT_RESULT, S.PENDING_REVIEW),
    Transition(S.PENDING_REVIEW, A.APPROVE_RESULT, S.RESOLVED),
    Transition(S.PENDING_REVIEW, A.SEND_BACK, S.IN_PROGRESS),
    Transition(S.RESOLVED, A.REVISIT, S.VISITED),
    Transition(S.VISITED, A.CLOSE, S.CLOSED),
    Transition(S.VISITED, A.REOPEN, S.IN_PROGRESS),
    # Waiting for the enterprise's material stops the resolve clock until it comes or the unit resumes.
    Transition(S.IN_PROGRESS, A.PAUSE, S.PAUSED),
    Transition(S.PAUSED, A.RESUME, S.IN_PROGRESS),
    Transition(S.PAUSED, A.SUPPLY_MATERIAL, S.IN_PROGRESS),
    # 催办 reminds the handling unit of a running case; the state stays.
    *(Transition(s, A.URGE, s) for s in (S.ASSIGNED, S.IN_PROGRESS, S.EXTENSION_REQUESTED, S.LONG_TERM_TRACKING)),
)

#: The actions after which a case is a candidate for 撤单质检 (rejected, merged, returned by its unit).
QUALITY_ACTIONS: frozenset[CaseAction] = frozenset(a for a in CaseAction if a.value in quality.EVENT_OF_ACTION)

TABLE: dict[tuple[CaseState, CaseAction], Transition] = {(t.source, t.action): t for t in TRANSITIONS}

#: Default names of the states and of why a case closed: the one table in `platform_core.enumerations`.
STATE_LABELS: dict[str, str] = labels("case_state")
CLOSED_LABELS: dict[str, str] = labels("case_closed_reason")


def state_label(state: str, closed_reason: str | None) -> str:
    """The word for a case's state (a closed one by why it closed: 已销号, 不予受理 or 已合并)."""
    if state == S.CLOSED:
        return CLOSED_LABELS.get(closed_reason or "resolved", STATE_LABELS[S.CLOSED])
    return STATE_LABELS[CaseState(state)]


def is_lead_handler(item: Case, principal: Principal) -> bool:
    """Whether the principal works in the case's lead unit."""
    return principal.unit_id is not None and principal.unit_id == item.lead_unit_id


def is_own_enterprise(item: Case, principal: Principal) -> bool:
    """Whether the principal is a user of the case's enterprise."""
    return principal.enterprise_uscc is not None and principal.enterprise_uscc == item.enterprise_uscc


def may_act(rule: ActionRule, item: Case, principal: Principal) -> bool:
    """Whether the principal is the one the action's actor rule names for this case."""
    if rule.actor is Actor.LEAD_UNIT:
        return is_lead_handler(item, principal)
    if rule.actor is Actor.ENTERPRISE:
        return is_own_enterprise(item, principal)
    return True


def guard_failure(item: Case, action: CaseAction, policy: TimerPolicy) -> str | None:
    """Why an action the table allows is still refused for this case, or None."""
    if action is CaseAction.REOPEN:
        if item.satisfaction != Satisfaction.DISSATISFIED:
            return "仅企业不满意的诉求可以重新办理"
        if item.reopen_count >= policy.max_reopen:
            return f"重新办理次数已达上限（{policy.max_reopen}次）"
    return None


def allowed_actions(item: Case, principal: Principal, policy: TimerPolicy) -> list[CaseAction]:
    """The actions the principal may take on the case now (the SPA shows only these)."""
    state = CaseState(item.state)
    out: list[CaseAction] = []
    for action, rule in ACTION_RULES.items():
        if (state, action) not in TABLE or not principal.has(rule.permission):
            continue
        if not may_act(rule, item, principal):
            continue
        if guard_failure(item, action, policy) is None:
            out.append(action)
    return out


def invalid_transition(
    item: Case, action: CaseAction, principal: Principal, policy: TimerPolicy, reason: str | None = None
) -> ProblemError:
    """The 409 problem for an action the case's state does not allow."""
    state = CaseState(item.state)
    detail = reason or f"诉求当前状态为“{STATE_LABELS[state]}”，不能执行“{ACTION_RULES[action].label}”"
    extra: dict[str, Any] = {
        "state": state.value,
        "action": action.value,
        "allowed_actions": [a.value for a in allowed_actions(item, principal, policy)],
    }
    if reason:
        extra["reason"] = reason
    return ProblemError(409, "case.invalid_transition", detail, extra=extra, title="当前状态不允许此操作")


def check_transition(item: Case, action: CaseAction, principal: Principal, policy: TimerPolicy) -> Transition:
    """The transition to apply, or the problem: 403 without the permission or outside the lead unit, 409 by state."""
    rule = ACTION_RULES[action]
    if not principal.has(rule.permission):
        raise ProblemError(403, "forbidden", extra={"missing_permissions": [rule.permission]})
    transition = TABLE.get((CaseState(item.state), action))
    if transition is None:
        raise invalid_transition(item, action, principal, policy)
    if not may_act(rule, item, principal):
        detail = "仅本企业用户可执行此操作" if rule.actor is Actor.ENTERPRISE else "仅牵头单位经办人可执行此操作"
        raise ProblemError(403, "forbidden", detail)
    reason = guard_failure(item, action, policy)
    if reason is not None:
        raise invalid_transition(item, action, principal, policy, reason)
    return transition


@dataclass(slots=True)
class Step:
    """What one action handler works on, and what it leaves for the timeline."""

    session: AsyncSession
    item: Case
    body: ActionBody
    principal: Principal
    now: datetime
    policy: TimerPolicy
    comment: str | None
    data: dict[str, Any] = field(default_factory=dict)
    #: The site address a revisit link sent by this step starts with.
    public_base: str = ""

    async def notify(self, kind: NotificationKind, recipients: list[str | None], title: str, body: str) -> None:
        """A notice about this case; stamped with the wall clock so two actions never collide on the key."""
        await notices.notify(
            self.session,
            recipients=recipients,
            kind=kind,
            due_at=utcnow(),
            case_id=self.item.id,
            title=f"{title}：{self.item.title}",
            body=f"诉求 {self.item.case_no}：{body}",
        )

    @property
    def lead_unit(self) -> str | None:
        """The lead unit's inbox."""
        return notices.unit_recipient(self.item.lead_unit_id) if self.item.lead_unit_id else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _clear_timers(item: Case) -> None:
    item.assigned_at = item.sign_due = item.first_feedback_due = item.resolve_due = None
    item.signed_at = item.first_feedback_at = item.escalated_at = item.result_submitted_at = None


async def _nothing(step: Step) -> None:
    """Actions whose only effect is the state change and the timeline entry."""


async def _reject(step: Step) -> None:
    step.item.closed_reason = ClosedReason.REJECTED.value
    step.item.closed_at = step.now
    await step.notify(NotificationKind.RETURNED, [step.item.created_by], "诉求未予受理", step.comment or "")


async def _merge(step: Step) -> None:
    body = step.body
    assert isinstance(body, MergeBody)
    item = step.item
    if body.into_case_id == item.id:
        raise field_error("into_case_id", "不能合并到自身")
    target = await service.get_case(step.session, principal=step.principal, case_id=body.into_case_id, for_update=True)
    if target is None:
        raise field_error("into_case_id", "目标诉求不存在或不在数据权限范围内")
    if target.state == CaseState.CLOSED:
        raise field_error("into_case_id", "目标诉求已结案，不能合并到它")
    item.closed_reason = ClosedReason.MERGED.value
    item.closed_at = step.now
    item.merged_into_id = target.id
    step.data["into_case_no"] = target.case_no
    service.add_event(
        step.session,
        item=target,
        action="merge_in",
        principal=step.principal,
        now=step.now,
        from_state=target.state,
        to_state=target.state,
        comment=step.comment,
        data={"merged_case_id": item.id, "merged_case_no": item.case_no},
    )


async def _answer_now(step: Step) -> None:
    body = step.body
    assert isinstance(body, AnswerBody)
    step.item.result = body.answer
    step.item.result_basis = body.basis
    step.item.resolved_at = step.now
    await step.notify(NotificationKind.RESOLVED, [step.item.created_by], "诉求已答复", "已即时答复，请评价。")


async def _assign(step: Step) -> None:
    body = step.body
    assert isinstance(body, AssignBody)
    item, now = step.item, step.now
    await step.session.execute(delete(CaseUnit).where(CaseUnit.case_id == item.id))
    units = [(body.lead_unit, UnitRole.LEAD), *((u, UnitRole.CO) for u in body.co_units)]
    for ref, role in units:
        step.session.add(
            CaseUnit(case_id=item.id, unit_id=ref.unit_id, unit_name=ref.unit_name, role=role.value, assigned_at=now)
        )
    if body.complexity is not None:
        item.complexity = body.complexity.value
    _clear_timers(item)
    due = step.policy.deadlines(now, item.complexity)
    item.assigned_at, item.assigned_by = now, step.principal.subject
    item.lead_unit_id, item.lead_unit_name = body.lead_unit.unit_id, body.lead_unit.unit_name
    item.sign_due, item.first_feedback_due, item.resolve_due = due.sign_due, due.first_feedback_due, due.resolve_due
    step.data.update(sign_due=_iso(due.sign_due), first_feedback_due=_iso(due.first_feedback_due))
    step.data.update(resolve_due=_iso(due.resolve_due), calendar=step.policy.calendar)
    routed = await routing.record_assignment(
        step.session,
        item=item,
        rule_id=body.routing_rule_id,
        lead_unit_id=body.lead_unit.unit_id,
        co_unit_ids=[u.unit_id for u in body.co_units],
        principal=step.principal,
        now=now,
    )
    if routed is not None:
        step.data["routing"] = routed
    await step.notify(
        NotificationKind.ASSIGNED,
        [notices.unit_recipient(ref.unit_id) for ref, _ in units],
        "新交办诉求",
        f"请于 {due.sign_due.astimezone(SHANGHAI):%Y-%m-%d %H:%M} 前签收。",
    )


async def _sign(step: Step) -> None:
    step.item.signed_at = step.now


async def _request_return(step: Step) -> None:
    await step.notify(NotificationKind.RETURNED, [step.item.assigned_by], "承办单位申请退回", step.comment or "")


async def _approve_return(step: Step) -> None:
    item = step.item
    step.data["previous_lead_unit_id"] = item.lead_unit_id
    await routing.record_return(step.session, item=item, now=step.now)
    await step.notify(NotificationKind.RETURNED, [step.lead_unit], "退回申请已同意", "诉求将重新交办。")
    await step.session.execute(delete(CaseUnit).where(CaseUnit.case_id == item.id))
    item.lead_unit_id = item.lead_unit_name = None
    _clear_timers(item)


async def _deny_return(step: Step) -> None:
    await step.notify(NotificationKind.RETURNED, [step.lead_unit], "退回申请未同意", step.comment or "")


async def _feedback(step: Step) -> None:
    body = step.body
    assert isinstance(body, FeedbackBody)
    item = step.item
    _first_feedback(step)
    if body.completed_milestone_ids:
        rows = list(
            await step.session.scalars(
                select(CaseMilestone).where(
                    CaseMilestone.case_id == item.id, CaseMilestone.id.in_(body.completed_milestone_ids)
                )
            )
        )
        if len(rows) != len(set(body.completed_milestone_ids)):
            raise field_error("completed_milestone_ids", "计划节点不属于该诉求")
        for row in rows:
            row.done_at = row.done_at or step.now


def _first_feedback(step: Step) -> None:
    """A progress report, a plan or a result each answer the 3-day first-feedback deadline."""
    if step.item.first_feedback_at is None:
        step.item.first_feedback_at = step.now
        step.data["first_feedback"] = True


async def _pending_extension(step: Step) -> CaseExtension:
    ext = await step.session.scalar(
        select(CaseExtension)
        .where(CaseExtension.case_id == step.item.id, CaseExtension.status == ExtensionStatus.PENDING.value)
        .order_by(CaseExtension.id.desc())
    )
    if ext is None:  # the state says there is one; a missing row is a data error, not the caller's
        raise ProblemError(409, "conflict", "没有待审批的延期申请")
    return ext


async def _request_extension(step: Step) -> None:
    body = step.body
    assert isinstance(body, ExtensionRequestBody)
    step.session.add(
        CaseExtension(
            case_id=step.item.id,
            requested_at=step.now,
            requested_by=step.principal.subject,
            requested_days=body.days,
            reason=body.reason,
            status=ExtensionStatus.PENDING.value,
            previous_due=step.item.resolve_due,
        )
    )


async def _approve_extension(step: Step) -> None:
    body = step.body
    assert isinstance(body, ExtensionApproveBody)
    item = step.item
    ext = await _pending_extension(step)
    days = body.days or ext.requested_days
    previous = item.resolve_due or step.now
    new_due = step.policy.add_days(previous, days)
    ext.status, ext.approved_days, ext.previous_due, ext.new_due = (
        ExtensionStatus.APPROVED.value,
        days,
        previous,
        new_due,
    )
    ext.decided_at, ext.decided_by, ext.decision_comment = step.now, step.principal.subject, step.comment
    item.resolve_due = new_due
    step.data.update(days=days, previous_due=_iso(previous), new_due=_iso(new_due))
    await step.notify(
        NotificationKind.RETURNED,
        [step.lead_unit],
        "延期申请已同意",
        f"办结期限延至 {new_due.astimezone(SHANGHAI):%Y-%m-%d}。",
    )


async def _deny_extension(step: Step) -> None:
    ext = await _pending_extension(step)
    ext.status = ExtensionStatus.DENIED.value
    ext.decided_at, ext.decided_by, ext.decision_comment = step.now, step.principal.subject, step.comment
    await step.notify(NotificationKind.RETURNED, [step.lead_unit], "延期申请未同意", step.comment or "")


async def _escalate(step: Step) -> None:
    step.item.escalated_at = step.now


async def _long_term(step: Step) -> None:
    body = step.body
    assert isinstance(body, LongTermBody)
    item = step.item
    today = step.now.astimezone(SHANGHAI).date()
    for i, milestone in enumerate(body.milestones):
        if milestone.due_date < today:
            raise field_error(f"milestones.{i}.due_date", "计划日期不能早于今天")
    ordered = sorted(body.milestones, key=lambda m: m.due_date)
    await step.session.execute(delete(CaseMilestone).where(CaseMilestone.case_id == item.id))
    for seq, milestone in enumerate(ordered, start=1):
        step.session.add(
            CaseMilestone(case_id=item.id, seq=seq, due_date=milestone.due_date, content=milestone.content)
        )
    previous = item.resolve_due
    # The plan's last date becomes the deadline the warning level measures.
    item.resolve_due = end_of_local_day(ordered[-1].due_date)
    item.long_term_plan = body.plan
    _first_feedback(step)
    step.data.update(previous_due=_iso(previous), new_due=_iso(item.resolve_due))


async def _submit_result(step: Step) -> None:
    body = step.body
    assert isinstance(body, ResultBody)
    item = step.item
    if body.attachment_ids:
        rows = list(
            await step.session.scalars(
                select(CaseAttachment).where(
                    CaseAttachment.case_id == item.id, CaseAttachment.id.in_(body.attachment_ids)
                )
            )
        )
        if len(rows) != len(set(body.attachment_ids)):
            raise field_error("attachment_ids", "附件不属于该诉求")
        for row in rows:
            row.kind = AttachmentKind.RESULT.value
    item.result, item.result_basis, item.result_submitted_at = body.result, body.basis, step.now
    _first_feedback(step)
    await step.notify(
        NotificationKind.RESULT_SUBMITTED, [item.assigned_by], "办理结果待审核", "承办单位已提交办理结果。"
    )


async def _approve_result(step: Step) -> None:
    step.item.resolved_at = step.now
    await step.notify(NotificationKind.RESOLVED, [step.item.created_by], "诉求已办结", "请对办理结果进行评价。")


async def _send_back(step: Step) -> None:
    step.item.result_submitted_at = None
    await step.notify(NotificationKind.RETURNED, [step.lead_unit], "办理结果被退回", step.comment or "")


SATISFACTION_LABELS = labels("case_satisfaction")


async def _revisit(step: Step) -> None:
    body = step.body
    assert isinstance(body, RevisitBody)
    item = step.item
    item.satisfaction, item.satisfaction_comment, item.rated_at = body.satisfaction.value, body.comment, step.now
    await step.notify(
        NotificationKind.RATED,
        [step.lead_unit, item.assigned_by],
        "企业已评价",
        SATISFACTION_LABELS[body.satisfaction.value],
    )


async def _close(step: Step) -> None:
    step.item.closed_reason = ClosedReason.RESOLVED.value
    step.item.closed_at = step.now


async def _reopen(step: Step) -> None:
    item = step.item
    item.reopen_count += 1
    item.resolved_at = item.result_submitted_at = None
    # Handling starts over: a fresh resolution deadline from the reopening.
    item.resolve_due = step.policy.resolve_due(step.now, item.complexity)
    step.data["new_due"] = _iso(item.resolve_due)
    await step.notify(NotificationKind.RETURNED, [step.lead_unit], "诉求重新办理", step.comment or "")


async def _pause(step: Step) -> None:
    item = step.item
    item.paused_at = step.now
    step.session.add(
        CasePause(
            case_id=item.id,
            paused_at=step.now,
            paused_by=step.principal.subject,
            paused_by_name=step.principal.name,
            reason=step.comment or "",
        )
    )
    step.data["resolve_due"] = _iso(item.resolve_due)
    await step.notify(
        NotificationKind.MATERIAL,
        [item.created_by],
        "请补充材料",
        f"{step.comment}（补充后办理时限继续计算）",
    )


async def _end_pause(step: Step, kind: ResumedBy) -> None:
    """Close the open pause: the deadlines not yet met move on by the paused (working) time."""
    item = step.item
    started = item.paused_at or step.now
    paused = step.policy.paused_time(started, step.now)
    previous = item.resolve_due
    if item.resolve_due is not None:
        item.resolve_due = step.policy.shift(item.resolve_due, paused)
    if item.first_feedback_at is None and item.first_feedback_due is not None:
        item.first_feedback_due = step.policy.shift(item.first_feedback_due, paused)
    seconds = int(paused.total_seconds())
    item.paused_seconds = (item.paused_seconds or 0) + seconds
    item.paused_at = None
    row = await step.session.scalar(
        select(CasePause)
        .where(CasePause.case_id == item.id, CasePause.resumed_at.is_(None))
        .order_by(CasePause.id.desc())
    )
    if row is not None:
        row.resumed_at, row.resumed_by, row.resumed_kind = step.now, step.principal.subject, kind.value
        row.paused_seconds, row.previous_due, row.new_due = seconds, previous, item.resolve_due
    step.data.update(
        paused_at=_iso(started),
        paused_seconds=seconds,
        calendar=step.policy.calendar,
        previous_due=_iso(previous),
        new_due=_iso(item.resolve_due),
        resumed_by=kind.value,
    )


async def _resume(step: Step) -> None:
    await _end_pause(step, ResumedBy.OFFICER)
    await step.notify(
        NotificationKind.MATERIAL, [step.item.created_by], "诉求恢复办理", step.comment or "办理时限继续计算。"
    )


async def _supply_material(step: Step) -> None:
    body = step.body
    assert isinstance(body, SupplyMaterialBody)
    if body.attachment_ids:
        found = await step.session.scalar(
            select(func.count()).where(
                CaseAttachment.case_id == step.item.id, CaseAttachment.id.in_(body.attachment_ids)
            )
        )
        if found != len(set(body.attachment_ids)):
            raise field_error("attachment_ids", "附件不属于该诉求")
    await _end_pause(step, ResumedBy.ENTERPRISE)
    await step.notify(NotificationKind.MATERIAL, [step.lead_unit], "企业已补充材料", body.content)


async def _urge(step: Step) -> None:
    item = step.item
    units = (await service.load_units(step.session, case_ids=[item.id]))[item.id]
    await step.notify(
        NotificationKind.URGED,
        [notices.unit_recipient(u.unit_id) for u in units],
        "催办",
        step.comment or "请抓紧办理并及时反馈进展。",
    )


HANDLERS: dict[CaseAction, Callable[[Step], Awaitable[None]]] = {
    A.ACCEPT: _nothing,
    A.REJECT: _reject,
    A.MERGE: _merge,
    A.ANSWER_NOW: _answer_now,
    A.ASSIGN: _assign,
    A.SIGN: _sign,
    A.REQUEST_RETURN: _request_return,
    A.APPROVE_RETURN: _approve_return,
    A.DENY_RETURN: _deny_return,
    A.FEEDBACK: _feedback,
    A.REQUEST_EXTENSION: _request_extension,
    A.APPROVE_EXTENSION: _approve_extension,
    A.DENY_EXTENSION: _deny_extension,
    A.ESCALATE: _escalate,
    A.DECIDE: _nothing,
    A.LONG_TERM: _long_term,
    A.SUBMIT_RESULT: _submit_result,
    A.APPROVE_RESULT: _approve_result,
    A.SEND_BACK: _send_back,
    A.REVISIT: _revisit,
    A.CLOSE: _close,
    A.REOPEN: _reopen,
    A.PAUSE: _pause,
    A.RESUME: _resume,
    A.SUPPLY_MATERIAL: _supply_material,
    A.URGE: _urge,
}

#: The body field that becomes the timeline comment, when the action has one.
_COMMENT_FIELDS = ("reason", "content", "decision", "answer", "result", "plan")


def _comment_of(body: ActionBody) -> str | None:
    for name in _COMMENT_FIELDS:
        value = getattr(body, name, None)
        if value:
            return str(value)
    return body.comment


async def perform(
    session: AsyncSession,
    *,
    item: Case,
    action: CaseAction,
    body: ActionBody,
    principal: Principal,
    now: datetime,
    policy: TimerPolicy,
    public_base: str = "",
    delivery: Delivery | None = None,
) -> Case:
    """Apply one lifecycle action with its timeline event, warning level, audit entry and notices.

    An action that resolves the case texts the enterprise a revisit link: it needs the app's `delivery`.
    """
    transition = check_transition(item, action, principal, policy)
    before = service.snapshot(item)
    from_state = item.state
    data = body.model_dump(mode="json", exclude_none=True, exclude={"comment"})
    step = Step(session, item, body, principal, now, policy, _comment_of(body), data, public_base)
    if body.comment and step.comment != body.comment:
        step.data["comment"] = body.comment  # the comment beside a reason or result stays on the timeline
    # The unit a return (退单) is charged to, before the return clears it; a rejection or merge is the intake's.
    unit_id, unit_name = (item.lead_unit_id, item.lead_unit_name) if action is A.APPROVE_RETURN else (None, None)
    await HANDLERS[action](step)
    if transition.target is S.RESOLVED:
        # The enterprise's contact gets a revisit link with the approval, in the same transaction.
        if delivery is None:
            raise RuntimeError("resolving a case sends a revisit link: pass the app's delivery")
        await revisit_links.issue_link(
            session,
            item=item,
            principal=principal,
            now=now,
            days=policy.revisit_link_days,
            base_url=public_base,
            delivery=delivery,
        )
    item.state = transition.target.value
    item.updated_at = utcnow()
    event = service.add_event(
        session,
        item=item,
        action=action.value,
        principal=principal,
        now=now,
        from_state=from_state,
        to_state=item.state,
        comment=step.comment,
        data=step.data,
    )
    supervised = bool((await service.open_supervision_counts(session, case_ids=[item.id])).get(item.id))
    service.refresh_warning(item, now=now, policy=policy, supervised=supervised)
    await session.flush()
    if action in QUALITY_ACTIONS:
        await quality.record_candidate(
            session,
            item=item,
            action=action.value,
            event=event,
            principal=principal,
            unit_id=unit_id,
            unit_name=unit_name,
            now=now,
        )
    service.COUNTS.invalidate(service.TOPIC)
    await audit.record(
        session,
        principal=principal,
        action=f"case.{action.value}",
        entity_type="case",
        entity_id=item.id,
        region_code=item.region_code,
        before=before,
        after=service.snapshot(item),
        detail=step.comment[:500] if step.comment else None,
    )
    return item


# --- the periodic timer check -----------------------------------------------------------------------


async def timer_check_once(app: FastAPI) -> service.TimerCheckResult:
    """One timer check: the stored warning levels (a transaction of their own, so a directory outage does not
    hold them back), then the deadline reminders through the notification interface and the sending of what
    is due (`case_service.notification.reminders`)."""
    db: Database = app.state.db
    policy = await current_policy(app)
    now = clock_for(app)()
    async with db.session() as session:
        checked, changed = await service.refresh_stored_levels(session, now=now, policy=policy)
        await session.commit()
    if changed:
        service.COUNTS.invalidate(service.TOPIC)
    added, sent = await reminders.send_reminders(app, now=now)
    return service.TimerCheckResult(checked=checked, level_changes=changed, notifications=added, sent=sent)


TIMER_JOB = "case-timer-check"


def timer_job(app: FastAPI) -> Job | None:
    """The periodic 13710 timer check (none when the interval is 0)."""
    interval = float(getattr(app.state.settings, "timer_check_interval_s", 0))
    if interval <= 0:
        return None

    async def check(_slot: datetime) -> str:
        result = await timer_check_once(app)
        log.info("case timer check: %s", result)
        return f"检查{result.checked}件，预警变化{result.level_changes}件，提醒{result.notifications}条，{result.sent}"

    return Job(TIMER_JOB, interval, check, "13710 办理时限检查与提醒")
