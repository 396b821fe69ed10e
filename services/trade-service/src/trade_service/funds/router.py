"""HTTP endpoints of policy funds."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from sqlalchemy import ColumnElement

from platform_core import records
from platform_core.dates import IsoDate
from platform_core.regions import RegionsDep
from trade_service.core import kit
from trade_service.funds import service
from trade_service.funds.models import FundGrant
from trade_service.funds.schemas import (
    FundGrantCreate,
    FundGrantOut,
    FundGrantUpdate,
    FundProgramCreate,
    FundProgramOut,
    FundProgramUpdate,
)

LIST = "trade:fund:list"
MANAGE = "trade:fund:manage"
TAG = "外贸政策资金"


def grant_filters(
    regions: RegionsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    program_id: Annotated[int | None, Query(ge=1, description="政策资金项目ID")] = None,
    enterprise_uscc: Annotated[str | None, Query(min_length=18, max_length=18, description="企业信用代码")] = None,
    disbursed: Annotated[bool | None, Query(description="是否已拨付")] = None,
    disbursed_from: Annotated[IsoDate | None, Query(description="拨付日期起")] = None,
    disbursed_to: Annotated[IsoDate | None, Query(description="拨付日期止")] = None,
) -> list[ColumnElement[bool]]:
    """Grant filters as SQL conditions."""
    where = records.region_condition(FundGrant, regions, region_code)
    if program_id is not None:
        where.append(FundGrant.program_id == program_id)
    if enterprise_uscc:
        where.append(FundGrant.enterprise_uscc == enterprise_uscc.upper())
    if disbursed is not None:
        where.append(FundGrant.disbursed_on.is_not(None) if disbursed else FundGrant.disbursed_on.is_(None))
    return where + records.date_range(FundGrant.disbursed_on, disbursed_from, disbursed_to)


programs_router = kit.router(
    service.PROGRAMS,
    prefix="/api/v1/trade/funds/programs",
    tag=TAG,
    create_schema=FundProgramCreate,
    update_schema=FundProgramUpdate,
    out_schema=FundProgramOut,
    list_perm=LIST,
    manage_perm=MANAGE,
)
grants_router = kit.router(
    service.GRANTS,
    prefix="/api/v1/trade/funds/grants",
    tag=TAG,
    create_schema=FundGrantCreate,
    update_schema=FundGrantUpdate,
    out_schema=FundGrantOut,
    list_perm=LIST,
    manage_perm=MANAGE,
    filters=grant_filters,
)
