"""Data access of 撤单质检: samples in the caller's scope, one sample, the figures per county and unit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.models import Case, CaseEvent
from case_service.case.service import SCOPE
from case_service.indicators.schemas import Rate
from case_service.indicators.service import child_region, period_out, rate, report_region
from case_service.quality.models import QualitySample, SampleStatus, Verdict
from case_service.quality.schemas import GroupStats, QualityStats
from platform_core.auth import Principal
from platform_core.pagination import PageParams, paginate
from platform_core.periods import Period
from platform_core.regions import RegionDirectory
from platform_core.scope import scope_condition

#: Drawn samples: what the reviewers' list shows (candidates not drawn are only counted).
DRAWN = (SampleStatus.PENDING.value, SampleStatus.REVIEWED.value)

SAMPLED_NUM, SAMPLED_DEN = "抽中质检的件数", "期内不予受理、合并、撤回、退单的件数(质检候选)"
REVIEWED_NUM, REVIEWED_DEN = "已完成质检的件数", "期内抽中质检的件数"
UNQUALIFIED_NUM, UNQUALIFIED_DEN = "质检结论为不合格的件数", "期内完成质检的件数"
RECTIFY_NUM = "质检结论为需整改的件数"


def scoped_samples(principal: Principal) -> Select[tuple[QualitySample, Case]]:
    """Samples joined to their case, limited by the one data-scope function applied to the case."""
    return (
        select(QualitySample, Case)
        .join(Case, Case.id == QualitySample.case_id)
        .where(scope_condition(principal, SCOPE))
    )


async def list_samples(
    session: AsyncSession,
    *,
    principal: Principal,
    page: PageParams,
    where: Sequence[ColumnElement[bool]] = (),
) -> tuple[list[Any], int]:
    """Drawn samples in scope, newest event first."""
    stmt = (
        scoped_samples(principal)
        .where(QualitySample.status.in_(DRAWN), *where)
        .order_by(QualitySample.event_at.desc(), QualitySample.id.desc())
    )
    return await paginate(session, stmt, page, rows=True)


async def get_sample(
    session: AsyncSession, *, principal: Principal, sample_id: int, for_update: bool = False
) -> tuple[QualitySample, Case] | None:
    """A drawn sample in scope with its case, or None (out of scope, not drawn or missing alike)."""
    stmt = scoped_samples(principal).where(QualitySample.id == sample_id, QualitySample.status.in_(DRAWN))
    if for_update:
        stmt = stmt.with_for_update(of=QualitySample)
    row = (await session.execute(stmt)).first()
    return (row[0], row[1]) if row else None


async def timeline(session: AsyncSession, *, case_id: int, limit: int = 30) -> list[CaseEvent]:
    """The case's timeline, oldest first (the latest `limit` entries)."""
    rows = list(
        await session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id.desc()).limit(limit)
        )
    )
    return rows[::-1]


@dataclass(slots=True)
class Counts:
    """The four counts of one group of candidates."""

    candidates: int = 0
    sampled: int = 0
    reviewed: int = 0
    unqualified: int = 0
    rectify: int = 0

    def add(self, other: Counts) -> None:
        """Add another group's counts to this one."""
        self.candidates += other.candidates
        self.sampled += other.sampled
        self.reviewed += other.reviewed
        self.unqualified += other.unqualified
        self.rectify += other.rectify


def _rates(c: Counts) -> dict[str, Rate]:
    return {
        "sampling_rate": rate(c.sampled, c.candidates, SAMPLED_NUM, SAMPLED_DEN),
        "review_rate": rate(c.reviewed, c.sampled, REVIEWED_NUM, REVIEWED_DEN),
        "unqualified_rate": rate(c.unqualified, c.reviewed, UNQUALIFIED_NUM, UNQUALIFIED_DEN),
        "rectify_rate": rate(c.rectify, c.reviewed, RECTIFY_NUM, UNQUALIFIED_DEN),
    }


def _group(c: Counts, **key: Any) -> GroupStats:
    return GroupStats(
        **key,
        candidates=c.candidates,
        sampled=c.sampled,
        reviewed=c.reviewed,
        unqualified=c.unqualified,
        rectify=c.rectify,
        **_rates(c),
    )


async def stats(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    period: Period,
    where: Sequence[ColumnElement[bool]] = (),
    region_code: str | None = None,
) -> QualityStats:
    """Candidates of the period (by the event's time, Asia/Shanghai days) in scope: drawn, reviewed, verdicts,
    in total, per child region of the report's region, per responsible unit and per event."""
    s = QualitySample
    drawn = func.count().filter(s.status.in_(DRAWN))
    reviewed = func.count().filter(s.status == SampleStatus.REVIEWED.value)
    bad = func.count().filter(and_(s.status == SampleStatus.REVIEWED.value, s.verdict == Verdict.UNQUALIFIED.value))
    fix = func.count().filter(and_(s.status == SampleStatus.REVIEWED.value, s.verdict == Verdict.RECTIFY.value))
    rows = (
        await session.execute(
            select(s.region_code, s.unit_id, s.unit_name, s.event, func.count(), drawn, reviewed, bad, fix)
            .join(Case, Case.id == s.case_id)
            .where(scope_condition(principal, SCOPE), *where, s.event_at >= period.start, s.event_at < period.end)
            .group_by(s.region_code, s.unit_id, s.unit_name, s.event)
        )
    ).all()
    base = report_region(principal, region_code)
    total = Counts()
    by_region: dict[str, Counts] = {}
    by_unit: dict[int | None, Counts] = {}
    unit_names: dict[int, str] = {}
    by_event: dict[str, Counts] = {}
    for code, unit_id, unit_name, event, *numbers in rows:
        c = Counts(*(int(n or 0) for n in numbers))
        total.add(c)
        by_region.setdefault(child_region(regions, base, code), Counts()).add(c)
        by_unit.setdefault(unit_id, Counts()).add(c)
        if unit_id is not None and unit_name:
            unit_names[unit_id] = unit_name
        by_event.setdefault(event, Counts()).add(c)
    return QualityStats(
        period=period_out(period),
        region_code=base,
        region_name=regions.name_of(base),
        total=_group(total),
        by_region=[
            _group(c, region_code=code, region_name=regions.name_of(code)) for code, c in sorted(by_region.items())
        ],
        by_unit=[
            _group(by_unit[u], unit_id=u, unit_name=unit_names.get(u) if u is not None else None)
            for u in sorted(by_unit, key=lambda u: (u is None, u or 0))
        ],
        by_event=[_group(c, event=e) for e, c in sorted(by_event.items())],
    )
