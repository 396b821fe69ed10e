"""Export registration and shipment resources, and the first-ever export rule."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core.auth import Principal
from platform_core.problems import field_error
from platform_core.records import Resource
from trade_service.exports.models import ExportRegistration, ExportShipment


def _check_registration(row: Any) -> None:
    if row.recommended_on and row.registered_on and row.registered_on < row.recommended_on:
        raise field_error("registered_on", "注册日期不能早于推荐日期")
    if row.registered_on and row.first_exported_on and row.first_exported_on < row.registered_on:
        raise field_error("first_exported_on", "首次出口日期不能早于注册日期")


REGISTRATIONS = Resource(
    name="export_registration",
    label="出口注册备案",
    model=ExportRegistration,
    sorts={
        "registered_on": ExportRegistration.registered_on,
        "first_exported_on": ExportRegistration.first_exported_on,
        "destination_country": ExportRegistration.destination_country,
        "product": ExportRegistration.product,
        "id": ExportRegistration.id,
    },
    default_sort=(ExportRegistration.id.desc(),),
    unique=("enterprise_uscc", "product", "destination_country"),
    unique_message="该企业该产品对该国家或地区的注册记录已存在",
    check=_check_registration,
)
SHIPMENTS = Resource(
    name="export_shipment",
    label="监管出口批次",
    model=ExportShipment,
    sorts={
        "shipped_on": ExportShipment.shipped_on,
        "goods_value_wan_yuan": ExportShipment.goods_value_wan_yuan,
        "id": ExportShipment.id,
    },
    default_sort=(ExportShipment.shipped_on.desc(),),
)


def first_export_ids_condition() -> ColumnElement[bool]:
    """Registrations that are the earliest export of their product to their market (ties: lowest id).

    The flag compares against every live registration, not only those the reader can see: "first-ever"
    is a fact about the platform's records, and it reveals nothing but a yes or no.
    """
    r = ExportRegistration
    other = ExportRegistration.__table__.alias("other")
    earlier = (
        select(other.c.id)
        .where(
            other.c.deleted_at.is_(None),
            other.c.product == r.product,
            other.c.destination_country == r.destination_country,
            other.c.first_exported_on.is_not(None),
            or_(
                other.c.first_exported_on < r.first_exported_on,
                and_(other.c.first_exported_on == r.first_exported_on, other.c.id < r.id),
            ),
        )
        .exists()
    )
    return and_(r.first_exported_on.is_not(None), ~earlier)


async def first_export_flags(session: AsyncSession, rows: list[Any], principal: Principal) -> dict[int, dict[str, Any]]:
    """`is_first_export` of each registration on a page (one query)."""
    ids = [r.id for r in rows if r.first_exported_on is not None]
    firsts: set[int] = set()
    if ids:
        stmt = select(ExportRegistration.id).where(ExportRegistration.id.in_(ids), first_export_ids_condition())
        firsts = set((await session.scalars(stmt)).all())
    return {r.id: {"is_first_export": r.id in firsts} for r in rows}
