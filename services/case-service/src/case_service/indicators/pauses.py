"""Figures of paused cases (等待企业补充材料) and of 催办 for the case statistics, with their denominators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.models import Case, CaseAction, CaseEvent, CasePause, ResumedBy
from case_service.indicators.schemas import PauseRates, PauseStats
from case_service.indicators.service import rate
from platform_core.periods import Period

DAY_SECONDS = 86400


def _flag(cond: ColumnElement[bool]) -> Any:
    """1 when the condition holds, else 0, summed (every database)."""
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


@dataclass(frozen=True, slots=True)
class PauseCounts:
    """What the pause and 催办 figures count, before the rates that take the statistics' own counts."""

    started: int
    ended: int
    by_enterprise: int
    seconds: int
    open: int
    paused_cases: int
    urged: int


async def pause_counts(
    session: AsyncSession, *, conds: list[ColumnElement[bool]], period: Period, cutoff: datetime
) -> PauseCounts:
    """Pauses started and ended in the period, the paused time they took off the clock, the cases assigned in the
    period and paused by the cut-off, and 催办."""
    start, end = period.start, cutoff
    started = and_(CasePause.paused_at >= start, CasePause.paused_at < end)
    ended = and_(CasePause.resumed_at >= start, CasePause.resumed_at < end)
    open_at_cutoff = and_(CasePause.paused_at < end, or_(CasePause.resumed_at.is_(None), CasePause.resumed_at >= end))
    pauses = (
        await session.execute(
            select(
                _flag(started),
                _flag(ended),
                _flag(and_(ended, CasePause.resumed_kind == ResumedBy.ENTERPRISE.value)),
                func.coalesce(func.sum(case((ended, CasePause.paused_seconds), else_=0)), 0),
                _flag(open_at_cutoff),
            )
            .select_from(CasePause)
            .join(Case, Case.id == CasePause.case_id)
            .where(*conds)
        )
    ).one()
    n_started, n_ended, n_enterprise, seconds, n_open = (int(v or 0) for v in pauses)
    # Read from the pauses, which are few: a test of every case assigned in the period cost a province 130 ms.
    paused_cases = await session.scalar(
        select(func.count(func.distinct(CasePause.case_id)))
        .join(Case, Case.id == CasePause.case_id)
        .where(*conds, Case.assigned_at >= start, Case.assigned_at < end, CasePause.paused_at < end)
    )
    urged = await session.scalar(
        select(func.count())
        .select_from(CaseEvent)
        .join(Case, Case.id == CaseEvent.case_id)
        .where(*conds, CaseEvent.action == CaseAction.URGE.value, CaseEvent.occurred_at >= start)
        .where(CaseEvent.occurred_at < end)
    )
    return PauseCounts(n_started, n_ended, n_enterprise, seconds, n_open, int(paused_cases or 0), int(urged or 0))


def pause_stats(counts: PauseCounts, *, assigned: int) -> PauseStats:
    """The pause and 催办 figures with their two rates; `assigned` is the number of cases assigned in the period
    (the statistics' flow count, the share's side)."""
    return PauseStats(
        started=counts.started,
        ended=counts.ended,
        paused_now=counts.open,
        paused_days=round(counts.seconds / DAY_SECONDS, 1),
        urged=counts.urged,
        rates=PauseRates(
            paused_share=rate(
                counts.paused_cases,
                assigned,
                "其中截至统计时点曾暂停计时(等待企业补充材料)的件数",
                "期内交办的诉求件数",
                "cohort",
            ),
            supplied_by_enterprise=rate(
                counts.by_enterprise, counts.ended, "企业补充材料后恢复计时的次数", "期内结束的暂停次数", "flow"
            ),
        ),
    )
