"""Which rounds a caller reads and which a project may be listed in (the province's and its city's)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.rounds.models import Round
from platform_core.auth import Principal
from platform_core.problems import field_error
from platform_core.scope import level_condition, under_path


def readable(principal: Principal) -> ColumnElement[bool]:
    """Rounds the caller reads: the province's, its city's (a county reads its city's), and below its region."""
    return level_condition(principal, Round.region_path)


def usable_at(region_path: str) -> ColumnElement[bool]:
    """Rounds a record placed at `region_path` may be listed in: those owned at its region or a level above it."""
    # The owner's path is a prefix of the record's: the province's rounds and the record's city's.
    return literal(region_path).like(Round.region_path + "%")


def held_around(region_path: str) -> ColumnElement[bool]:
    """Rounds that count for a region's figures: owned above it, at it, or by a city below it (the province)."""
    return or_(usable_at(region_path), under_path(Round.region_path, region_path))


async def usable_round(session: AsyncSession, *, round_id: int, region_path: str, field: str = "round_id") -> Round:
    """The round a record at `region_path` is listed in: 422 naming the field unless it is the province's or the
    record's city's."""
    found = await session.scalar(select(Round).where(Round.id == round_id, usable_at(region_path)))
    if found is None:
        raise field_error(field, "批次不存在，或不是项目所在市或全省的批次")
    return found


async def rounds_by_number(session: AsyncSession, *, region_path: str, kind: str) -> dict[int, int]:
    """Number → id of the rounds of a kind a record at `region_path` may be listed in; the nearest level wins
    (a city's own record of a round before the province's)."""
    rows = await session.execute(
        select(Round.number, Round.id)
        .where(Round.kind == kind, usable_at(region_path))
        .order_by(func.length(Round.region_path), Round.id)
    )
    return {number: rid for number, rid in rows}
