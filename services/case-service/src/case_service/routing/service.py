"""Data access of the routing catalogue: rules as a kit resource, the ranked proposals for a case, the statistics.

A rule applies to a case when it is active, its region is the case's region or above it, its category (if any) is
the case's, and one of its keywords (if any) occurs in the case's title or text. Proposals are ranked by score:
40 for the category, 10 per keyword found, 5 for a county rule over a city one, plus the rule's priority.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.models import Case
from case_service.case.service import scoped as scoped_cases
from case_service.core import kit
from case_service.dictionary import service as dictionary
from case_service.indicators.service import period_out, rate
from case_service.routing.models import CaseRouting, RoutingRule
from case_service.routing.schemas import (
    Proposal,
    ProposalReason,
    RoutingStats,
    RuleCreate,
    RuleOut,
    RuleStats,
    RuleUnit,
    RuleUpdate,
)
from platform_core.auth import Principal
from platform_core.periods import Period
from platform_core.problems import field_error
from platform_core.records import Resource, live, region_condition
from platform_core.regions import RegionDirectory


def check_units(row: RoutingRule) -> None:
    """The lead unit is not also a co-unit, and no co-unit twice (422 naming `co_units`)."""
    ids = [row.lead_unit_id, *(int(u["unit_id"]) for u in row.co_units or [])]
    if len(ids) != len(set(ids)):
        raise field_error("co_units", "牵头单位与配合单位不能重复")


RULES = Resource(
    name="routing_rule",
    label="交办规则",
    model=RoutingRule,
    sorts={
        "priority": RoutingRule.priority,
        "name": RoutingRule.name,
        "category_code": RoutingRule.category_code,
        "updated_at": RoutingRule.updated_at,
        "id": RoutingRule.id,
    },
    default_sort=(RoutingRule.priority.desc(), RoutingRule.name.asc()),
    # The city's rules are read by the counties below it; a rule may also target one county.
    visible_from_below=True,
    check=check_units,
)

CATEGORY_POINTS, KEYWORD_POINTS, COUNTY_POINTS = 40, 10, 5
MAX_PROPOSALS = 5
COUNTY_LEVEL = 3


def unit_values(data: RuleCreate | RuleUpdate) -> dict[str, Any]:
    """A body's units as the rule's columns (names from the directory, set by the router's check)."""
    values = data.model_dump(exclude_unset=True, exclude={"lead_unit", "co_units"})
    if data.lead_unit is not None:
        values["lead_unit_id"], values["lead_unit_name"] = data.lead_unit.unit_id, data.lead_unit.unit_name
    if data.co_units is not None:
        values["co_units"] = [{"unit_id": u.unit_id, "unit_name": u.unit_name} for u in data.co_units]
    return values


async def _category(session: AsyncSession, principal: Principal, code: str | None) -> None:
    if code is not None:
        # A category of the caller's levels (the province's, its city's), never another city's.
        await dictionary.usable_category(session, code=code, principal=principal)


async def create_rule(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, data: RuleCreate
) -> RoutingRule:
    """Add a rule in a region the caller may write (the city or one of its counties)."""
    await _category(session, principal, data.category_code)
    values = {"keywords": [], "co_units": [], **unit_values(data)}
    return await kit.create(session, res=RULES, principal=principal, regions=regions, values=values)


async def update_rule(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, row: RoutingRule, data: RuleUpdate
) -> RoutingRule:
    """Apply a partial update."""
    if "category_code" in data.model_fields_set:
        await _category(session, principal, data.category_code)
    return await kit.update(
        session, res=RULES, principal=principal, regions=regions, row=row, changes=unit_values(data)
    )


async def delete_rule(session: AsyncSession, principal: Principal, regions: RegionDirectory, row: RoutingRule) -> None:
    """Delete a rule (kept as a tombstone; the assignments it proposed keep pointing at it)."""
    await kit.delete(session, res=RULES, principal=principal, regions=regions, row=row)


async def get_rule(session: AsyncSession, *, principal: Principal, rule_id: int) -> RoutingRule | None:
    """A live rule the caller may read, or None."""
    return await session.scalar(live(RULES, principal).where(RoutingRule.id == rule_id))


def rule_filters(
    regions: RegionDirectory, *, region_code: str | None, category: str | None, active: bool | None
) -> list[ColumnElement[bool]]:
    """The list's filters."""
    where = region_condition(RoutingRule, regions, region_code)
    if category is not None:
        where.append(RoutingRule.category_code == category)
    if active is not None:
        where.append(RoutingRule.is_active.is_(active))
    return where


async def render_rules(session: AsyncSession, rows: list[RoutingRule], regions: RegionDirectory) -> list[RuleOut]:
    """Rules as the API shows them (category and region names)."""
    categories = await dictionary.category_names(session)
    return [
        RuleOut(
            id=r.id,
            name=r.name,
            category_code=r.category_code,
            category_name=categories.get(r.category_code) if r.category_code else None,
            keywords=list(r.keywords or []),
            region_code=r.region_code,
            region_name=regions.name_of(r.region_code),
            lead_unit=RuleUnit(unit_id=r.lead_unit_id, unit_name=r.lead_unit_name),
            co_units=[RuleUnit(unit_id=int(u["unit_id"]), unit_name=u.get("unit_name")) for u in r.co_units or []],
            duty_basis=r.duty_basis,
            priority=r.priority,
            is_active=r.is_active,
            version=r.version,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in rows
    ]


# --- proposals ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """How one rule matches one case."""

    rule: RoutingRule
    category: bool
    keywords: list[str]
    county: bool

    @property
    def score(self) -> int:
        """The ranking score (see the module docstring)."""
        points = CATEGORY_POINTS if self.category else 0
        return points + KEYWORD_POINTS * len(self.keywords) + (COUNTY_POINTS if self.county else 0) + self.rule.priority


def match(rule: RoutingRule, item: Case, regions: RegionDirectory) -> Match | None:
    """How the rule matches the case, or None when it does not apply."""
    if rule.category_code is not None and rule.category_code != item.category_code:
        return None
    text = f"{item.title}\n{item.description}".casefold()
    found = [k for k in rule.keywords or [] if k.casefold() in text]
    if rule.keywords and not found:
        return None
    region = regions.get(rule.region_code)
    return Match(rule, rule.category_code is not None, found, region is not None and region.level >= COUNTY_LEVEL)


async def proposals(
    session: AsyncSession, *, principal: Principal, item: Case, regions: RegionDirectory
) -> list[Proposal]:
    """The rules applying to the case, best first (at most five), each with its reason."""
    stmt = live(RULES, principal).where(
        RoutingRule.is_active.is_(True),
        or_(RoutingRule.category_code.is_(None), RoutingRule.category_code == item.category_code),
        # The rule's region is the case's region or one above it: its path prefixes the case's.
        literal(item.region_path).startswith(RoutingRule.region_path),
    )
    matches = [m for m in (match(r, item, regions) for r in await session.scalars(stmt)) if m is not None]
    matches.sort(key=lambda m: (-m.score, -m.rule.priority, m.rule.id))
    categories = await dictionary.category_names(session)
    out: list[Proposal] = []
    for rank, m in enumerate(matches[:MAX_PROPOSALS], start=1):
        r = m.rule
        category_name = categories.get(r.category_code) if r.category_code else None
        region_name = regions.name_of(r.region_code)
        parts = [f"诉求分类为“{category_name}”"] if m.category else []
        if m.keywords:
            parts.append("命中关键词“" + "、".join(m.keywords) + "”")
        parts.append(f"适用区域为{region_name or r.region_code}")
        parts.append(f"依据{r.lead_unit_name or '牵头单位'}职责：{r.duty_basis}")
        out.append(
            Proposal(
                rank=rank,
                score=m.score,
                rule_id=r.id,
                rule_name=r.name,
                lead_unit=RuleUnit(unit_id=r.lead_unit_id, unit_name=r.lead_unit_name),
                co_units=[RuleUnit(unit_id=int(u["unit_id"]), unit_name=u.get("unit_name")) for u in r.co_units or []],
                reason=ProposalReason(
                    category_matched=m.category,
                    category_name=category_name,
                    matched_keywords=m.keywords,
                    region_code=r.region_code,
                    region_name=region_name,
                    duty_basis=r.duty_basis,
                    text="；".join(parts),
                ),
            )
        )
    return out


# --- statistics -----------------------------------------------------------------------------------------

ACCEPT_NUM, ACCEPT_DEN = "采纳建议交办的件数", "按规则建议交办的件数(含改派)"
RETURN_NUM, RETURN_DEN = "采纳建议后被退回(退单)的件数", "采纳建议交办的件数"


async def stats(
    session: AsyncSession, *, principal: Principal, period: Period, where: Sequence[ColumnElement[bool]] = ()
) -> RoutingStats:
    """Assignments made from proposals in the period (cases in the caller's scope), in total and per rule."""
    cases = scoped_cases(principal).with_only_columns(Case.id).where(*where)
    accepted = func.count().filter(CaseRouting.accepted.is_(True))
    returned = func.count().filter(and_(CaseRouting.accepted.is_(True), CaseRouting.returned_at.is_not(None)))
    rows = (
        await session.execute(
            select(CaseRouting.rule_id, RoutingRule.name, func.count(), accepted, returned)
            .join(RoutingRule, RoutingRule.id == CaseRouting.rule_id)
            .where(
                CaseRouting.assigned_at >= period.start,
                CaseRouting.assigned_at < period.end,
                CaseRouting.case_id.in_(cases.scalar_subquery()),
            )
            .group_by(CaseRouting.rule_id, RoutingRule.name)
            .order_by(func.count().desc(), CaseRouting.rule_id)
        )
    ).all()
    by_rule = [
        RuleStats(
            rule_id=rule_id,
            rule_name=name,
            proposed=n,
            accepted=int(a or 0),
            overridden=n - int(a or 0),
            returned=int(b or 0),
            acceptance=rate(int(a or 0), n, ACCEPT_NUM, ACCEPT_DEN),
            return_rate=rate(int(b or 0), int(a or 0), RETURN_NUM, RETURN_DEN),
        )
        for rule_id, name, n, a, b in rows
    ]
    total = sum(r.proposed for r in by_rule)
    taken = sum(r.accepted for r in by_rule)
    back = sum(r.returned for r in by_rule)
    return RoutingStats(
        period=period_out(period),
        acceptance=rate(taken, total, ACCEPT_NUM, ACCEPT_DEN),
        return_rate=rate(back, taken, RETURN_NUM, RETURN_DEN),
        by_rule=by_rule,
    )
