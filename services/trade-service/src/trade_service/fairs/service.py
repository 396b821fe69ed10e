"""Trade fair and training resources and their rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core import records
from platform_core.auth import Principal
from platform_core.problems import field_error
from platform_core.records import Resource
from trade_service.fairs.models import FairParticipant, TradeFair, Training


def _check_fair(row: Any) -> None:
    if row.ends_on < row.starts_on:
        raise field_error("ends_on", "结束日期不能早于开始日期")


FAIRS = Resource(
    name="trade_fair",
    label="展会",
    model=TradeFair,
    sorts={"starts_on": TradeFair.starts_on, "name": TradeFair.name, "id": TradeFair.id},
    default_sort=(TradeFair.starts_on.desc(),),
    visible_from_below=True,
    check=_check_fair,
)
PARTICIPANTS = Resource(
    name="trade_fair_participant",
    label="参展企业",
    model=FairParticipant,
    sorts={
        "enterprise_name": FairParticipant.enterprise_name,
        "intended_deal_wan_usd": FairParticipant.intended_deal_wan_usd,
        "id": FairParticipant.id,
    },
    default_sort=(FairParticipant.enterprise_name.asc(),),
    unique=("fair_id", "enterprise_uscc"),
    unique_message="该企业已登记参加此展会",
)
TRAININGS = Resource(
    name="trade_training",
    label="外贸培训",
    model=Training,
    sorts={"held_on": Training.held_on, "topic": Training.topic, "id": Training.id},
    default_sort=(Training.held_on.desc(),),
    visible_from_below=True,
)


async def fair_totals(session: AsyncSession, rows: list[Any], principal: Principal) -> dict[int, dict[str, Any]]:
    """Participants and intended deals per fair on a page, counting participants in the caller's scope."""
    ids = [r.id for r in rows]
    totals: dict[int, dict[str, Any]] = {
        i: {"participant_count": 0, "intended_deal_wan_usd": Decimal("0.00")} for i in ids
    }
    if not ids:
        return totals
    p = FairParticipant
    stmt = (
        select(p.fair_id, func.count(), func.coalesce(func.sum(p.intended_deal_wan_usd), 0))
        .where(p.fair_id.in_(ids), p.deleted_at.is_(None), records.visible(PARTICIPANTS, principal))
        .group_by(p.fair_id)
    )
    for fair_id, n, deals in await session.execute(stmt):
        totals[int(fair_id)] = {
            "participant_count": int(n),
            "intended_deal_wan_usd": Decimal(deals).quantize(Decimal("0.01")),
        }
    return totals
