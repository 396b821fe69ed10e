"""HTTP endpoints of campaign staff (活动抽调人员)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.core import kit
from case_service.staff import service
from case_service.staff.dependencies import StaffDep
from case_service.staff.models import CampaignStaff
from case_service.staff.schemas import (
    GROUP_LABELS,
    GroupCount,
    StaffCreate,
    StaffGroup,
    StaffOut,
    StaffSummary,
    StaffUpdate,
)
from case_service.units import named_unit
from platform_core.auth import Principal, require_perms
from platform_core.dates import IsoDate
from platform_core.db import SessionDep
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.periods import parse_period
from platform_core.records import Endpoints, Write
from platform_core.regions import RegionDirectory, RegionsDep
from platform_core.scope import known_path

router = APIRouter(prefix="/api/v1/campaign-staff", tags=["活动抽调人员"], dependencies=[Depends(forbid_unknown_query)])

LIST, MANAGE = "case:staff:list", "case:staff:manage"


def group_label(row: CampaignStaff) -> str:
    """The group's name; an "other" group shows its own name when given."""
    if row.group == StaffGroup.OTHER and row.group_name:
        return row.group_name
    return GROUP_LABELS[row.group]


def to_out(row: CampaignStaff, regions: RegionDirectory) -> StaffOut:
    """Render a secondment."""
    return StaffOut(
        id=row.id,
        name=row.name,
        position=row.position,
        unit_id=row.unit_id,
        unit_name=row.unit_name,
        group=StaffGroup(row.group),
        group_label=group_label(row),
        from_date=row.from_date,
        to_date=row.to_date,
        region_code=row.region_code,
        region_name=regions.name_of(row.region_code),
        note=row.note,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


@router.get("", summary="抽调人员列表", response_model=Page[StaffOut])
async def list_staff(
    session: SessionDep,
    page: PageDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(LIST))],
    group: Annotated[StaffGroup | None, Query(description="去向")] = None,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="活动所在行政区划（含下级）")] = None,
    active_on: Annotated[IsoDate | None, Query(description="只列出该日在岗的人员")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="姓名或派出单位")] = None,
    sort: Annotated[
        str | None, Query(description="排序：name, from_date, group, updated_at, id；前缀 - 表示倒序")
    ] = None,
) -> Page[StaffOut]:
    """Secondments in the caller's data scope."""
    rows, total = await service.list_staff(
        session,
        principal=principal,
        regions=regions,
        page=page,
        group=group,
        region_code=region_code,
        active_on=active_on,
        q=q,
        sort=sort,
    )
    return Page(items=[to_out(r, regions) for r in rows], total=total, page=page.page, page_size=page.page_size)


@router.get("/summary", summary="抽调人员统计", response_model=StaffSummary)
async def staff_summary(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(LIST))],
    period: Annotated[
        str, Query(description="统计期间：2021、2021-Q3、2021-07、2021-07-YTD 或 2021-03-01..2021-06-30")
    ],
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="活动所在行政区划（含下级）")] = None,
) -> StaffSummary:
    """Staff seconded at any time in the period: total and per group."""
    span = parse_period(period)
    path = None
    if region_code:
        known_path(regions, region_code)
    rows = await service.seconded_in(
        session, principal=principal, first=span.first_day, last=span.last_day, region_path=path
    )
    groups = [
        GroupCount(group=g, group_label=GROUP_LABELS[g], count=sum(1 for r in rows if r.group == g)) for g in StaffGroup
    ]
    return StaffSummary(first_day=span.first_day, last_day=span.last_day, total=len(rows), groups=groups)


async def render(session: AsyncSession, row: CampaignStaff, principal: Principal, regions: RegionDirectory) -> StaffOut:
    """Render one secondment."""
    return to_out(row, regions)


kit.serve(
    router,
    Endpoints(
        label="抽调人员",
        location="/api/v1/campaign-staff",
        item="/{staff_id}",
        row=StaffDep,
        out=StaffOut,
        render=render,
        read=LIST,
        create=Write(MANAGE, service.create_staff, StaffCreate, precheck=named_unit),
        update=Write(MANAGE, service.update_staff, StaffUpdate, precheck=named_unit),
        delete=Write(MANAGE, service.delete_staff, description="Delete a secondment registered by mistake."),
    ),
)
