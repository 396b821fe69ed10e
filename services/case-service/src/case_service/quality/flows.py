"""撤单质检 flows: drawing a candidate when a case action ends or returns it, and the reviewer's verdict.

Drawing runs inside the case action's transaction (`record_candidate`, called by `case.flows.perform`), not in a
periodic job: the candidate exists exactly when the action commits, a reviewer sees it at once, and a failed
action leaves none. It is deterministic: the random draw hashes (case, event, occurrence) instead of asking a
random generator, and (case, event, occurrence) is unique, inserted with ON CONFLICT DO NOTHING — a retried or
replayed action, or another replica, draws the same way and never twice.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.models import Case, CaseEvent
from case_service.core import audit
from case_service.notification import service as notices
from case_service.notification.models import NotificationKind
from case_service.quality.models import QualityEvent, QualitySample, SampleStatus, Verdict
from case_service.quality.parameters import ANY_SOURCE, SamplingRule, current_rule
from case_service.quality.schemas import VerdictIn
from platform_core.auth import Principal
from platform_core.db import utcnow
from platform_core.problems import ProblemError, field_error

#: The case actions that make a case a candidate (a `withdraw` action, where one exists, is one too).
EVENT_OF_ACTION: dict[str, QualityEvent] = {
    "reject": QualityEvent.REJECTED,
    "merge": QualityEvent.MERGED,
    "withdraw": QualityEvent.WITHDRAWN,
    "approve_return": QualityEvent.RETURNED,
}

#: The window of the rule on a unit's returns.
RETURNS_WINDOW = timedelta(days=30)

VERDICT_LABELS: dict[str, str] = {"qualified": "合格", "unqualified": "不合格", "rectify": "需整改"}


def share_of(case_id: int, event: str, occurrence: int) -> int:
    """A stable number 0-99 for one candidate: the same on every retry and replica."""
    digest = hashlib.sha256(f"{case_id}:{event}:{occurrence}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100


def drawn_by(
    rule: SamplingRule, *, case_id: int, source: str, event: str, occurrence: int, unit_returns: int
) -> str | None:
    """Why the candidate is drawn (all / random / source / unit_returns), or None when it is not."""
    if rule.mode == "all":
        return "all"
    if rule.mode == "random":
        return "random" if share_of(case_id, event, occurrence) < rule.rate else None
    if rule.source != ANY_SOURCE and source == rule.source:
        return "source"
    if event == QualityEvent.RETURNED and unit_returns > rule.unit_returns:
        return "unit_returns"
    return None


async def _unit_returns(session: AsyncSession, *, unit_id: int | None, now: datetime) -> int:
    """The unit's returns in the window, counting the one being recorded."""
    if unit_id is None:
        return 1
    earlier = await session.scalar(
        select(func.count()).where(
            QualitySample.event == QualityEvent.RETURNED.value,
            QualitySample.unit_id == unit_id,
            QualitySample.event_at >= now - RETURNS_WINDOW,
        )
    )
    return int(earlier or 0) + 1


async def _occurrence(session: AsyncSession, *, item: Case, action: str, event: CaseEvent, kind: QualityEvent) -> int:
    """Which time this is the case's event of the kind, counted on the case's timeline up to this event, so the
    same event always has the same number (a replay of it conflicts instead of becoming a new candidate)."""
    if event.id is not None:
        upto = await session.scalar(
            select(func.count()).where(
                CaseEvent.case_id == item.id, CaseEvent.action == action, CaseEvent.id <= event.id
            )
        )
        return max(int(upto or 0), 1)
    earlier = await session.scalar(
        select(func.count()).where(QualitySample.case_id == item.id, QualitySample.event == kind.value)
    )
    return int(earlier or 0) + 1


async def record_candidate(
    session: AsyncSession,
    *,
    item: Case,
    action: str,
    event: CaseEvent,
    principal: Principal,
    unit_id: int | None,
    unit_name: str | None,
    now: datetime,
) -> QualitySample | None:
    """Register the case as a candidate when the action is one of 撤单 and draw it by the parameters in force;
    the existing row when this event was already registered; None for other actions."""
    kind = EVENT_OF_ACTION.get(action)
    if kind is None:
        return None
    occurrence = await _occurrence(session, item=item, action=action, event=event, kind=kind)
    rule = await current_rule(session)
    returns = await _unit_returns(session, unit_id=unit_id, now=now) if kind is QualityEvent.RETURNED else 0
    why = drawn_by(
        rule, case_id=item.id, source=item.source, event=kind.value, occurrence=occurrence, unit_returns=returns
    )
    values = {
        "case_id": item.id,
        "event": kind.value,
        "occurrence": occurrence,
        "event_id": event.id,
        "event_at": now,
        "event_reason": event.comment,
        "actor_name": principal.name,
        "region_code": item.region_code,
        "unit_id": unit_id,
        "unit_name": unit_name,
        "status": (SampleStatus.PENDING if why else SampleStatus.SKIPPED).value,
        "sampled_by": why,
        "version": 1,
        "created_at": utcnow(),
    }
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    result = await session.execute(insert(QualitySample).values(values).on_conflict_do_nothing())
    row = await session.scalar(
        select(QualitySample).where(
            QualitySample.case_id == item.id, QualitySample.event == kind.value, QualitySample.occurrence == occurrence
        )
    )
    if getattr(result, "rowcount", 0) and row is not None and why:
        await audit.record(
            session,
            principal=principal,
            action="quality_sample.draw",
            entity_type="quality_sample",
            entity_id=row.id,
            region_code=item.region_code,
            after={"case_id": item.id, "event": kind.value, "occurrence": occurrence, "sampled_by": why},
        )
    return row


async def review(
    session: AsyncSession, *, sample: QualitySample, item: Case, body: VerdictIn, principal: Principal, now: datetime
) -> QualitySample:
    """Record the verdict once; 不合格 and 需整改 notify the unit that returned the case, or the officer who rejected
    or merged it."""
    if sample.status != SampleStatus.PENDING.value:
        raise ProblemError(
            409, "quality.already_reviewed", "该样本已质检，不能重复质检", extra={"sample_status": sample.status}
        )
    if body.verdict is not Verdict.QUALIFIED and not body.remarks:
        raise field_error("remarks", "不合格或需整改时须填写质检意见", code="missing")
    before = {"status": sample.status, "verdict": sample.verdict}
    sample.status = SampleStatus.REVIEWED.value
    sample.verdict, sample.remarks = body.verdict.value, body.remarks
    sample.reviewed_at, sample.reviewed_by, sample.reviewer_name = now, principal.subject, principal.name
    await session.flush()
    label = VERDICT_LABELS[body.verdict.value]
    await audit.record(
        session,
        principal=principal,
        action="quality_sample.review",
        entity_type="quality_sample",
        entity_id=sample.id,
        region_code=sample.region_code,
        before=before,
        after={"status": sample.status, "verdict": sample.verdict},
        detail=f"{label}：{body.remarks}"[:500] if body.remarks else label,
    )
    if body.verdict is not Verdict.QUALIFIED:
        actor = await session.scalar(select(CaseEvent.actor).where(CaseEvent.id == sample.event_id))
        recipient = notices.unit_recipient(sample.unit_id) if sample.unit_id is not None else actor
        await notices.notify(
            session,
            recipients=[recipient],
            kind=NotificationKind.QUALITY,
            due_at=utcnow(),
            case_id=item.id,
            title=f"撤单质检{label}：{item.title}",
            body=f"诉求 {item.case_no}：{body.remarks}",
        )
    return sample
