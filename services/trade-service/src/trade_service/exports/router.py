"""HTTP endpoints of export registrations and supervised export shipments."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from sqlalchemy import ColumnElement

from platform_core import records
from platform_core.dates import IsoDate
from platform_core.regions import RegionsDep
from trade_service.core import kit
from trade_service.exports import service
from trade_service.exports.models import ExportRegistration, ExportShipment
from trade_service.exports.schemas import (
    Channel,
    RegistrationCreate,
    RegistrationOut,
    RegistrationUpdate,
    ShipmentCreate,
    ShipmentOut,
    ShipmentUpdate,
)

LIST = "trade:export:list"
MANAGE = "trade:export:manage"
TAG = "出口备案与监管出口"


def registration_filters(
    regions: RegionsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="企业所在区域（含下级）")] = None,
    destination_country: Annotated[str | None, Query(max_length=64, description="目的国家或地区")] = None,
    product: Annotated[str | None, Query(max_length=100, description="产品")] = None,
    first_export: Annotated[bool | None, Query(description="只看首次出口")] = None,
    registered_from: Annotated[IsoDate | None, Query(description="注册日期起")] = None,
    registered_to: Annotated[IsoDate | None, Query(description="注册日期止")] = None,
    enterprise_uscc: Annotated[str | None, Query(min_length=18, max_length=18, description="企业信用代码")] = None,
) -> list[ColumnElement[bool]]:
    """Registration filters as SQL conditions."""
    r = ExportRegistration
    where = records.region_condition(r, regions, region_code)
    if destination_country:
        where.append(r.destination_country == destination_country)
    if product:
        where.append(r.product == product)
    if enterprise_uscc:
        where.append(r.enterprise_uscc == enterprise_uscc.upper())
    if first_export is not None:
        cond = service.first_export_ids_condition()
        where.append(cond if first_export else ~cond)
    return where + records.date_range(r.registered_on, registered_from, registered_to)


def shipment_filters(
    regions: RegionsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    product: Annotated[str | None, Query(max_length=100, description="产品")] = None,
    channel: Annotated[Channel | None, Query(description="运输方式")] = None,
    train_no: Annotated[str | None, Query(max_length=64, description="车次或班列编号")] = None,
    shipped_from: Annotated[IsoDate | None, Query(description="发运日期起")] = None,
    shipped_to: Annotated[IsoDate | None, Query(description="发运日期止")] = None,
    enterprise_uscc: Annotated[str | None, Query(min_length=18, max_length=18, description="企业信用代码")] = None,
) -> list[ColumnElement[bool]]:
    """Shipment filters as SQL conditions."""
    s = ExportShipment
    where = records.region_condition(s, regions, region_code)
    if product:
        where.append(s.product == product)
    if channel is not None:
        where.append(s.channel == channel.value)
    if train_no:
        where.append(s.train_no == train_no)
    if enterprise_uscc:
        where.append(s.enterprise_uscc == enterprise_uscc.upper())
    return where + records.date_range(s.shipped_on, shipped_from, shipped_to)


registrations_router = kit.router(
    service.REGISTRATIONS,
    prefix="/api/v1/trade/export-registrations",
    tag=TAG,
    create_schema=RegistrationCreate,
    update_schema=RegistrationUpdate,
    out_schema=RegistrationOut,
    list_perm=LIST,
    manage_perm=MANAGE,
    filters=registration_filters,
    enrich=service.first_export_flags,
)
shipments_router = kit.router(
    service.SHIPMENTS,
    prefix="/api/v1/trade/shipments",
    tag=TAG,
    create_schema=ShipmentCreate,
    update_schema=ShipmentUpdate,
    out_schema=ShipmentOut,
    list_perm=LIST,
    manage_perm=MANAGE,
    filters=shipment_filters,
)
