"""What an assignment and a return leave in the routing record: which rule proposed the units, whether the
officer took the proposal, and whether the lead unit then returned the case (退单)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.models import Case
from case_service.routing.models import CaseRouting
from case_service.routing.service import get_rule
from platform_core.auth import Principal
from platform_core.problems import field_error


async def record_assignment(
    session: AsyncSession,
    *,
    item: Case,
    rule_id: int | None,
    lead_unit_id: int,
    co_unit_ids: list[int],
    principal: Principal,
    now: datetime,
) -> dict[str, object] | None:
    """Record the assignment against the rule that proposed it (None when the officer used no proposal).

    Accepted means the lead unit and the co-units are the rule's; anything else is an override. Answers what the
    timeline keeps of it.
    """
    if rule_id is None:
        return None
    rule = await get_rule(session, principal=principal, rule_id=rule_id)
    if rule is None:
        raise field_error("routing_rule_id", "交办规则不存在或不在数据权限范围内")
    proposed_co = {int(u["unit_id"]) for u in rule.co_units or []}
    accepted = lead_unit_id == rule.lead_unit_id and set(co_unit_ids) == proposed_co
    session.add(
        CaseRouting(
            case_id=item.id,
            rule_id=rule.id,
            proposed_lead_unit_id=rule.lead_unit_id,
            lead_unit_id=lead_unit_id,
            accepted=accepted,
            assigned_at=now,
            assigned_by=principal.subject,
        )
    )
    return {"rule_id": rule.id, "rule_name": rule.name, "accepted": accepted}


async def record_return(session: AsyncSession, *, item: Case, now: datetime) -> None:
    """The approved return of a case marks the assignment it undoes (the latest one not yet returned)."""
    row = await session.scalar(
        select(CaseRouting)
        .where(CaseRouting.case_id == item.id, CaseRouting.returned_at.is_(None))
        .order_by(CaseRouting.id.desc())
        .limit(1)
    )
    if row is not None:
        row.returned_at = now
