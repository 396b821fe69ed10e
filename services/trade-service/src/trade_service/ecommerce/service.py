"""Rural e-commerce resources and their rules."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from platform_core.auth import Principal
from platform_core.problems import field_error
from platform_core.records import Resource
from trade_service.ecommerce.models import DemoCounty, EcommerceTraining, PublicBrand, VillageCoverage
from trade_service.ecommerce.schemas import DemoLevel


def _check_demo_county(row: Any) -> None:
    if row.promoted_to_national_on is not None:
        if row.approved_level == DemoLevel.NATIONAL.value:
            raise field_error("promoted_to_national_on", "获批即为国家级的示范县无需晋级")
        if row.promoted_to_national_on.year < row.approved_year:
            raise field_error("promoted_to_national_on", "晋级日期不能早于获批年份")


def _check_coverage(row: Any) -> None:
    for part, whole in (
        ("villages_with_station", "villages_total"),
        ("villages_with_express", "villages_total"),
        ("poor_villages_with_station", "poor_villages_total"),
        ("poor_villages_total", "villages_total"),
    ):
        if getattr(row, part) > getattr(row, whole):
            raise field_error(part, "覆盖数不能超过总数")


DEMO_COUNTIES = Resource(
    name="ecommerce_demo_county",
    label="电子商务进农村综合示范县",
    model=DemoCounty,
    sorts={"region_code": DemoCounty.region_code, "approved_year": DemoCounty.approved_year, "id": DemoCounty.id},
    default_sort=(DemoCounty.region_code.asc(),),
    unique=("region_code",),
    unique_message="该县已是示范县",
    check=_check_demo_county,
)
COVERAGE = Resource(
    name="ecommerce_village_coverage",
    label="电商服务站点与快递覆盖情况",
    model=VillageCoverage,
    sorts={"as_of": VillageCoverage.as_of, "region_code": VillageCoverage.region_code, "id": VillageCoverage.id},
    default_sort=(VillageCoverage.as_of.desc(), VillageCoverage.region_code.asc()),
    unique=("region_code", "as_of"),
    unique_message="该县区该日期的覆盖情况已登记",
    check=_check_coverage,
)
BRANDS = Resource(
    name="ecommerce_public_brand",
    label="农产品电商公共品牌",
    model=PublicBrand,
    sorts={"name": PublicBrand.name, "launched_on": PublicBrand.launched_on, "id": PublicBrand.id},
    default_sort=(PublicBrand.id.asc(),),
    unique=("region_code", "name"),
    unique_message="该县区已有同名品牌",
)
TRAININGS = Resource(
    name="ecommerce_training",
    label="电商培训",
    model=EcommerceTraining,
    sorts={
        "held_on": EcommerceTraining.held_on,
        "person_times": EcommerceTraining.person_times,
        "id": EcommerceTraining.id,
    },
    default_sort=(EcommerceTraining.held_on.desc(),),
)


def current_level(row: Any) -> str:
    """National once promoted, else the level approved."""
    return DemoLevel.NATIONAL.value if row.promoted_to_national_on is not None else row.approved_level


async def demo_county_levels(session: AsyncSession, rows: list[Any], principal: Principal) -> dict[int, dict[str, Any]]:
    """`level` of each demonstration county on a page."""
    return {r.id: {"level": current_level(r)} for r in rows}
