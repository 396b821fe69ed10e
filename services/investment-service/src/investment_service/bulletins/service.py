"""Bulletins of investment indicators: stored through the shared mechanism, ranks for the indicators page."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.bulletins.models import Bulletin, BulletinRow
from investment_service.bulletins.schemas import BulletinMeta
from investment_service.core import audit
from platform_core.auth import Principal
from platform_core.bulletins import BulletinRowIn, BulletinScope, bulletin_rows, rank_of, rank_periods, save_bulletin
from platform_core.pagination import PageParams, paginate
from platform_core.periods import parse_period


async def import_bulletin(
    session: AsyncSession,
    *,
    principal: Principal,
    meta: BulletinMeta,
    rows: Sequence[BulletinRowIn],
    city_code: str | None,
) -> Bulletin:
    """Store a validated bulletin (a newer one of the same indicator and period supersedes it for ranks)."""
    bulletin = await save_bulletin(
        session,
        Bulletin,
        BulletinRow,
        indicator_code=meta.indicator_code,
        period=meta.period,
        scope=meta.scope,
        source_document=meta.source_document,
        rows=rows,
        imported_by=principal.subject,
    )
    await audit.record(
        session,
        principal=principal,
        action="bulletin.import",
        entity_type="bulletin",
        entity_id=bulletin.id,
        after={
            "indicator_code": meta.indicator_code,
            "period": meta.period,
            "scope": meta.scope.value,
            "source_document": meta.source_document,
            "rows": len(rows),
            "city_rank": rank_of(rows, city_code) if city_code else None,
        },
    )
    return bulletin


async def list_bulletins(
    session: AsyncSession, *, page: PageParams, indicator_code: str | None, period: str | None
) -> tuple[list[Bulletin], int]:
    """Bulletins, newest first."""
    stmt = select(Bulletin)
    if indicator_code:
        stmt = stmt.where(Bulletin.indicator_code == indicator_code)
    if period:
        stmt = stmt.where(Bulletin.period_label == period)
    return await paginate(session, stmt.order_by(Bulletin.id.desc()), page)


async def rows_of(session: AsyncSession, ids: list[int]) -> dict[int, list[BulletinRow]]:
    """The rows of several bulletins."""
    out: dict[int, list[BulletinRow]] = {i: [] for i in ids}
    if ids:
        stmt = select(BulletinRow).where(BulletinRow.bulletin_id.in_(ids)).order_by(BulletinRow.seq)
        for row in (await session.scalars(stmt)).all():
            out[row.bulletin_id].append(row)
    return out


async def get_bulletin(session: AsyncSession, bulletin_id: int) -> tuple[Bulletin, list[BulletinRow]] | None:
    """One bulletin and its rows."""
    bulletin = await session.get(Bulletin, bulletin_id)
    if bulletin is None:
        return None
    return bulletin, await bulletin_rows(session, BulletinRow, bulletin.id)


async def ranks_for(
    session: AsyncSession, *, period: str, entity_code: str, scope: BulletinScope = BulletinScope.PROVINCE
) -> dict[str, tuple[int, int, Bulletin]]:
    """Indicator → (rank, entities, bulletin) of an entity in the newest bulletin of each indicator for a period
    (for a year or a year to date without its own bulletin: the newest cumulative one of that year)."""
    candidates = rank_periods(parse_period(period))
    newest = (
        select(func.max(Bulletin.id))
        .where(Bulletin.period_label.in_(candidates), Bulletin.scope == scope.value)
        .group_by(Bulletin.indicator_code, Bulletin.period_label)
    )
    found = list((await session.scalars(select(Bulletin).where(Bulletin.id.in_(newest)))).all())
    best: dict[str, Bulletin] = {}
    for b in sorted(found, key=lambda b: candidates.index(b.period_label)):
        best.setdefault(b.indicator_code, b)
    bulletins = list(best.values())
    rows = await rows_of(session, [b.id for b in bulletins])
    out: dict[str, tuple[int, int, Bulletin]] = {}
    for b in bulletins:
        table = rows[b.id]
        rank = rank_of(table, entity_code)
        if rank is not None:
            out[b.indicator_code] = (rank, len(table), b)
    return out
