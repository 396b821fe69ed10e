"""HTTP endpoints of rural e-commerce."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from sqlalchemy import ColumnElement

from platform_core import records
from platform_core.dates import IsoDate
from platform_core.regions import RegionsDep
from trade_service.core import kit
from trade_service.ecommerce import service
from trade_service.ecommerce.models import EcommerceTraining, VillageCoverage
from trade_service.ecommerce.schemas import (
    BrandCreate,
    BrandOut,
    BrandUpdate,
    CoverageCreate,
    CoverageOut,
    CoverageUpdate,
    DemoCountyCreate,
    DemoCountyOut,
    DemoCountyUpdate,
    EcTrainingCreate,
    EcTrainingOut,
    EcTrainingUpdate,
)

LIST = "trade:ecommerce:list"
MANAGE = "trade:ecommerce:manage"
TAG = "电子商务进农村"
PREFIX = "/api/v1/trade/ecommerce"


def coverage_filters(
    regions: RegionsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    as_of_from: Annotated[IsoDate | None, Query(description="截至日期起")] = None,
    as_of_to: Annotated[IsoDate | None, Query(description="截至日期止")] = None,
) -> list[ColumnElement[bool]]:
    """Coverage filters as SQL conditions."""
    where = records.region_condition(VillageCoverage, regions, region_code)
    return where + records.date_range(VillageCoverage.as_of, as_of_from, as_of_to)


def training_filters(
    regions: RegionsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    held_from: Annotated[IsoDate | None, Query(description="举办日期起")] = None,
    held_to: Annotated[IsoDate | None, Query(description="举办日期止")] = None,
) -> list[ColumnElement[bool]]:
    """Training filters as SQL conditions."""
    where = records.region_condition(EcommerceTraining, regions, region_code)
    return where + records.date_range(EcommerceTraining.held_on, held_from, held_to)


demo_counties_router = kit.router(
    service.DEMO_COUNTIES,
    prefix=f"{PREFIX}/demo-counties",
    tag=TAG,
    create_schema=DemoCountyCreate,
    update_schema=DemoCountyUpdate,
    out_schema=DemoCountyOut,
    list_perm=LIST,
    manage_perm=MANAGE,
    enrich=service.demo_county_levels,
)
coverage_router = kit.router(
    service.COVERAGE,
    prefix=f"{PREFIX}/village-coverage",
    tag=TAG,
    create_schema=CoverageCreate,
    update_schema=CoverageUpdate,
    out_schema=CoverageOut,
    list_perm=LIST,
    manage_perm=MANAGE,
    filters=coverage_filters,
)
brands_router = kit.router(
    service.BRANDS,
    prefix=f"{PREFIX}/brands",
    tag=TAG,
    create_schema=BrandCreate,
    update_schema=BrandUpdate,
    out_schema=BrandOut,
    list_perm=LIST,
    manage_perm=MANAGE,
)
trainings_router = kit.router(
    service.TRAININGS,
    prefix=f"{PREFIX}/trainings",
    tag=TAG,
    create_schema=EcTrainingCreate,
    update_schema=EcTrainingUpdate,
    out_schema=EcTrainingOut,
    list_perm=LIST,
    manage_perm=MANAGE,
    filters=training_filters,
)
