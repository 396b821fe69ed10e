"""The investment figures, counted in SQL through the data scope.

Every source is read once for all the periods asked (this year and last, or 24 months), each period a
filtered aggregate, grouped by region path; totals and per-county figures are sums of those groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.foreign.models import ForeignCapital, ForeignEnterprise
from investment_service.foreign.schemas import Caliber
from investment_service.foreign.service import CAPITAL_SCOPE, ENTERPRISE_SCOPE
from investment_service.funds.models import FundMonthTotal
from investment_service.project.models import Project, ProjectCohortTotal, ProjectMonthTotal
from investment_service.project.schemas import InvestorOrigin
from investment_service.project.service import SCOPE as PROJECT_SCOPE
from investment_service.rounds.models import Round
from investment_service.rounds.schemas import RoundKind
from investment_service.rounds.usable import held_around
from platform_core.auth import Principal
from platform_core.periods import Period
from platform_core.scope import ScopeColumns, scope_condition, under_path

ZERO = Decimal(0)
FUND_TOTAL_SCOPE = ScopeColumns(region_path=FundMonthTotal.region_path, region_code=FundMonthTotal.region_code)
MONTH_TOTAL_SCOPE = ScopeColumns(region_path=ProjectMonthTotal.region_path, region_code=ProjectMonthTotal.region_code)
COHORT_TOTAL_SCOPE = ScopeColumns(
    region_path=ProjectCohortTotal.region_path, region_code=ProjectCohortTotal.region_code
)
CENT = Decimal("0.01")


@dataclass(slots=True)
class Tally:
    """Additive counters of one period in one region."""

    signed: int = 0
    contracted_wan_yuan: Decimal = ZERO
    landed: int = 0
    started: int = 0
    in_production: int = 0
    # Of the projects signed in the period, how many had landed / started / produced by its end.
    cohort_landed: int = 0
    cohort_started: int = 0
    cohort_in_production: int = 0
    out_of_province_projects: int = 0
    funds_wan_yuan: Decimal = ZERO
    new_foreign_enterprises: int = 0
    capital_wan_usd: dict[str, Decimal] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        """Add another region's counters."""
        for f in fields(self):
            if f.name == "capital_wan_usd":
                for caliber, amount in other.capital_wan_usd.items():
                    self.capital_wan_usd[caliber] = self.capital_wan_usd.get(caliber, ZERO) + amount
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def _within(column: Any, period: Period) -> ColumnElement[bool]:
    return and_(column >= period.first_day, column < period.end_day)


def _span(periods: Sequence[Period]) -> tuple[date, date]:
    return min(p.first_day for p in periods), max(p.end_day for p in periods)


def _money(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


Groups = list[dict[str, Tally]]  # per period: region path → counters


def _slot(groups: Groups, index: int, path: str) -> Tally:
    return groups[index].setdefault(path, Tally())


async def _projects_scan(
    session: AsyncSession, principal: Principal, region_path: str, periods: Sequence[Period], groups: Groups
) -> None:
    lo, hi = _span(periods)
    milestones = (Project.signed_on, Project.landed_on, Project.started_on, Project.in_production_on)
    columns: list[Any] = [Project.region_path]
    for p in periods:
        signed = _within(Project.signed_on, p)
        columns += [
            func.count().filter(signed),
            func.sum(Project.contracted_investment_wan_yuan).filter(signed),
            func.count().filter(_within(Project.landed_on, p)),
            func.count().filter(_within(Project.started_on, p)),
            func.count().filter(_within(Project.in_production_on, p)),
            func.count().filter(and_(signed, Project.landed_on < p.end_day)),
            func.count().filter(and_(signed, Project.started_on < p.end_day)),
            func.count().filter(and_(signed, Project.in_production_on < p.end_day)),
            func.count().filter(and_(signed, Project.investor_origin == InvestorOrigin.OUT_OF_PROVINCE.value)),
        ]
    stmt = (
        select(*columns)
        .where(
            Project.deleted_at.is_(None),
            scope_condition(principal, PROJECT_SCOPE),
            under_path(Project.region_path, region_path),
            or_(*(and_(m >= lo, m < hi) for m in milestones)),
        )
        .group_by(Project.region_path)
    )
    for row in await session.execute(stmt):
        path, values = row[0], row[1:]
        for i in range(len(periods)):
            v = values[i * 9 : (i + 1) * 9]
            t = _slot(groups, i, path)
            t.signed += int(v[0])
            t.contracted_wan_yuan += _money(v[1])
            t.landed += int(v[2])
            t.started += int(v[3])
            t.in_production += int(v[4])
            t.cohort_landed += int(v[5])
            t.cohort_started += int(v[6])
            t.cohort_in_production += int(v[7])
            t.out_of_province_projects += int(v[8])


def _month_aligned(periods: Sequence[Period]) -> bool:
    """Whether every period starts on a month's first day and ends before one (years, quarters, months, YTD)."""
    return all(p.first_day.day == 1 and p.end_day.day == 1 for p in periods)


async def _projects_from_totals(
    session: AsyncSession, principal: Principal, region_path: str, periods: Sequence[Period], groups: Groups
) -> None:
    """The project counters of month-aligned periods from the monthly and cohort totals (a few rows a county)."""
    lo, hi = _span(periods)
    m = ProjectMonthTotal
    columns: list[Any] = [m.region_path]
    for p in periods:
        inside = _within(m.month, p)
        columns += [
            func.sum(m.signed).filter(inside),
            func.sum(m.contracted_wan_yuan).filter(inside),
            func.sum(m.landed).filter(inside),
            func.sum(m.started).filter(inside),
            func.sum(m.in_production).filter(inside),
            func.sum(m.signed_out_of_province).filter(inside),
        ]
    stmt = (
        select(*columns)
        .where(
            m.month >= lo,
            m.month < hi,
            scope_condition(principal, MONTH_TOTAL_SCOPE),
            under_path(m.region_path, region_path),
        )
        .group_by(m.region_path)
    )
    for row in await session.execute(stmt):
        path, values = row[0], row[1:]
        for i in range(len(periods)):
            v = [x or 0 for x in values[i * 6 : (i + 1) * 6]]
            t = _slot(groups, i, path)
            t.signed += int(v[0])
            t.contracted_wan_yuan += _money(v[1])
            t.landed += int(v[2])
            t.started += int(v[3])
            t.in_production += int(v[4])
            t.out_of_province_projects += int(v[5])
    c = ProjectCohortTotal
    columns = [c.region_path]
    for p in periods:
        for milestone in ("landed", "started", "in_production"):
            # Signed in the period, reached the milestone before its end.
            reached = and_(_within(c.signed_month, p), c.milestone == milestone, c.milestone_month < p.end_day)
            columns.append(func.sum(c.projects).filter(reached))
    stmt = (
        select(*columns)
        .where(
            c.signed_month >= lo,
            c.signed_month < hi,
            scope_condition(principal, COHORT_TOTAL_SCOPE),
            under_path(c.region_path, region_path),
        )
        .group_by(c.region_path)
    )
    for row in await session.execute(stmt):
        path, values = row[0], row[1:]
        for i in range(len(periods)):
            landed, started, producing = (int(x or 0) for x in values[i * 3 : (i + 1) * 3])
            t = _slot(groups, i, path)
            t.cohort_landed += landed
            t.cohort_started += started
            t.cohort_in_production += producing


async def _projects(
    session: AsyncSession, principal: Principal, region_path: str, periods: Sequence[Period], groups: Groups
) -> None:
    # Years, quarters, months and year-to-date come from the totals; a custom range of days scans the projects.
    if _month_aligned(periods):
        await _projects_from_totals(session, principal, region_path, periods, groups)
    else:
        await _projects_scan(session, principal, region_path, periods, groups)


async def _funds(
    session: AsyncSession, principal: Principal, region_path: str, periods: Sequence[Period], groups: Groups
) -> None:
    # The monthly totals, not the fund records: a year of a city is a few hundred rows instead of every
    # record of every project (funds are monthly, so a period counts the months whose first day it covers).
    lo, hi = _span(periods)
    t = FundMonthTotal
    columns: list[Any] = [t.region_path]
    columns += [func.sum(t.amount_wan_yuan).filter(_within(t.month, p)) for p in periods]
    stmt = (
        select(*columns)
        .where(
            t.month >= lo,
            t.month < hi,
            scope_condition(principal, FUND_TOTAL_SCOPE),
            under_path(t.region_path, region_path),
        )
        .group_by(t.region_path)
    )
    for row in await session.execute(stmt):
        for i, amount in enumerate(row[1:]):
            _slot(groups, i, row[0]).funds_wan_yuan += _money(amount)


async def _foreign_enterprises(
    session: AsyncSession, principal: Principal, region_path: str, periods: Sequence[Period], groups: Groups
) -> None:
    lo, hi = _span(periods)
    e = ForeignEnterprise
    columns: list[Any] = [e.region_path, *(func.count().filter(_within(e.established_on, p)) for p in periods)]
    stmt = (
        select(*columns)
        .where(
            e.deleted_at.is_(None),
            e.established_on >= lo,
            e.established_on < hi,
            scope_condition(principal, ENTERPRISE_SCOPE),
            under_path(e.region_path, region_path),
        )
        .group_by(e.region_path)
    )
    for row in await session.execute(stmt):
        for i, n in enumerate(row[1:]):
            _slot(groups, i, row[0]).new_foreign_enterprises += int(n)


async def _foreign_capital(
    session: AsyncSession, principal: Principal, region_path: str, periods: Sequence[Period], groups: Groups
) -> None:
    lo, hi = _span(periods)
    c = ForeignCapital
    calibers = [k.value for k in Caliber]
    columns: list[Any] = [c.region_path]
    for p in periods:
        # One sum per caliber: figures of different calibers are never added together.
        columns += [func.sum(c.amount_wan_usd).filter(and_(_within(c.month, p), c.caliber == k)) for k in calibers]
    stmt = (
        select(*columns)
        .where(
            c.deleted_at.is_(None),
            c.month >= lo,
            c.month < hi,
            scope_condition(principal, CAPITAL_SCOPE),
            under_path(c.region_path, region_path),
        )
        .group_by(c.region_path)
    )
    for row in await session.execute(stmt):
        values = row[1:]
        for i in range(len(periods)):
            t = _slot(groups, i, row[0])
            for j, k in enumerate(calibers):
                t.capital_wan_usd[k] = t.capital_wan_usd.get(k, ZERO) + _money(values[i * len(calibers) + j])


async def tallies(
    session: AsyncSession, *, principal: Principal, region_path: str, periods: Sequence[Period]
) -> Groups:
    """Per period, the counters of each region path under `region_path` that has any data, in scope."""
    groups: Groups = [{} for _ in periods]
    await _projects(session, principal, region_path, periods, groups)
    await _funds(session, principal, region_path, periods, groups)
    await _foreign_enterprises(session, principal, region_path, periods, groups)
    await _foreign_capital(session, principal, region_path, periods, groups)
    return groups


def total(group: dict[str, Tally]) -> Tally:
    """The counters of all regions of a period added up."""
    out = Tally()
    for t in group.values():
        out.add(t)
    return out


@dataclass(slots=True)
class RoundSignings:
    """Projects signed at the provincial “三个一批” rounds held in a period, and how far they got by its end."""

    signed: int = 0
    contracted_wan_yuan: Decimal = ZERO
    landed: int = 0
    started: int = 0
    in_production: int = 0


async def round_signings(
    session: AsyncSession, *, principal: Principal, region_path: str, periods: Sequence[Period]
) -> list[RoundSignings]:
    """For each period, the projects signed at its provincial rounds (the 三个一批 page's caliber), in scope."""
    out = []
    for p in periods:
        at_round = and_(Round.kind == RoundKind.PROVINCIAL.value, _within(Round.held_on, p))
        row = (
            await session.execute(
                select(
                    func.count(),
                    func.sum(Project.contracted_investment_wan_yuan),
                    func.count().filter(Project.landed_on < p.end_day),
                    func.count().filter(Project.started_on < p.end_day),
                    func.count().filter(Project.in_production_on < p.end_day),
                )
                .join(Round, Round.id == Project.signed_round_id)
                .where(
                    Project.deleted_at.is_(None),
                    scope_condition(principal, PROJECT_SCOPE),
                    under_path(Project.region_path, region_path),
                    at_round,
                )
            )
        ).one()
        out.append(RoundSignings(int(row[0]), _money(row[1]), int(row[2]), int(row[3]), int(row[4])))
    return out


async def rounds_held(session: AsyncSession, periods: Sequence[Period], *, region_path: str) -> list[int]:
    """Provincial rounds held in each period that count for a region: the province's and its city's (for the
    province, every city's too), each round number once — a city's own record of a province round is that round."""
    lo, hi = _span(periods)
    columns = [func.count(func.distinct(case((_within(Round.held_on, p), Round.number)))) for p in periods]
    row = (
        await session.execute(
            select(*columns).where(
                Round.kind == RoundKind.PROVINCIAL.value,
                Round.held_on >= lo,
                Round.held_on < hi,
                held_around(region_path),
            )
        )
    ).one()
    return [int(n) for n in row]
