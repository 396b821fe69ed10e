"""Bulletins: which indicators may carry one, who may import them, listing and detail."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core.auth import Principal
from platform_core.bulletins import bulletin_rows, ranks
from platform_core.pagination import PageParams, paginate
from platform_core.problems import ProblemError
from platform_core.regions import RegionDirectory
from platform_core.scope import DataScope
from trade_service.bulletins.models import Bulletin, BulletinRow

#: Indicators of /api/v1/trade/indicators a bulletin may rank; `labour_dispatched` is the Korea labour figure.
RANKED_INDICATORS: dict[str, str] = {
    "labour_dispatched": "对外劳务派出人数",
    "labour_exchange_events": "劳务合作交流活动",
    "fund_disbursed_wan_yuan": "政策资金拨付金额",
    "shipment_goods_value_wan_yuan": "监管出口货值",
    "foreign_trade_export_wan_usd": "出口额",
    "foreign_trade_import_wan_usd": "进口额",
    "promotion_consumption_yi_yuan": "促销活动带动消费",
    "ecommerce_training_person_times": "电商培训人次",
}


def ensure_may_import(principal: Principal, regions: RegionDirectory) -> None:
    """Bulletins rank whole cities: only callers scoped to a city or above import them (403 otherwise)."""
    if DataScope.ALL in principal.data_scopes:
        return
    region = regions.get(principal.region_code or "")
    if region is None or region.level > 2:
        raise ProblemError(403, "forbidden", "只有市级及以上用户可以导入通报")


async def list_bulletins(
    session: AsyncSession, *, page: PageParams, indicator_code: str | None, period_label: str | None
) -> tuple[list[Bulletin], int]:
    """Bulletins newest first."""
    stmt = select(Bulletin)
    if indicator_code:
        stmt = stmt.where(Bulletin.indicator_code == indicator_code)
    if period_label:
        stmt = stmt.where(Bulletin.period_label == period_label)
    return await paginate(session, stmt.order_by(Bulletin.id.desc()), page)


async def bulletin_detail(session: AsyncSession, bulletin: Bulletin) -> dict[str, Any]:
    """A bulletin with its rows and their ranks."""
    rows = await bulletin_rows(session, BulletinRow, bulletin.id)
    ranked = ranks(rows)
    return {
        **{c.key: getattr(bulletin, c.key) for c in Bulletin.__table__.columns},
        "rows": [
            {
                "seq": r.seq,
                "entity_name": r.entity_name,
                "entity_code": r.entity_code,
                "value": r.value,
                "unit": r.unit,
                "rank": ranked[r.entity_code],
            }
            for r in rows
        ],
    }
