"""Foreign trade statistics: the resource, and the all-or-nothing XLSX import through the shared mechanism."""

from __future__ import annotations

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core.auth import Principal
from platform_core.db import utcnow
from platform_core.imports import Column, ImportedRows, ImportSpec
from platform_core.records import Resource
from platform_core.regions import RegionDirectory
from platform_core.scope import can_write_region
from trade_service.core import audit
from trade_service.foreign_trade.models import ForeignTradeStat
from trade_service.foreign_trade.schemas import ImportResult, StatCreate

STATS = Resource(
    name="foreign_trade_stat",
    label="外贸进出口月度统计",
    model=ForeignTradeStat,
    sorts={
        "year": ForeignTradeStat.year,
        "month": ForeignTradeStat.month,
        "region_code": ForeignTradeStat.region_code,
        "export_wan_usd": ForeignTradeStat.export_wan_usd,
        "id": ForeignTradeStat.id,
    },
    default_sort=(ForeignTradeStat.year.desc(), ForeignTradeStat.month.desc(), ForeignTradeStat.region_code.asc()),
    unique=("region_code", "year", "month"),
    unique_message="该区域该月的统计已登记",
)

IMPORT_SPEC: ImportSpec[StatCreate] = ImportSpec(
    StatCreate,
    (
        Column("region_code", "区划代码", "GB/T 2260 县区或城市代码", "411522", width=12),
        Column("year", "年份", "四位年份", "2021", width=8),
        Column("month", "月份", "1-12", "6", width=8),
        Column("import_wan_usd", "进口额(万美元)", "当月进口额，单位万美元", "1234.56", width=16),
        Column("export_wan_usd", "出口额(万美元)", "当月出口额，单位万美元", "2345.67", width=16),
    ),
    title="外贸进出口月度统计",
    max_rows=5000,
)


def check_rows(result: ImportedRows[StatCreate], *, principal: Principal, regions: RegionDirectory) -> None:
    """Row errors that need the region directory or the whole file: unknown or out-of-scope regions, repeats."""
    first: dict[tuple[str, int, int], int] = {}
    for row_number, row in result.rows:
        path = regions.path_of(row.region_code)
        if path is None:
            result.add_error(row_number, "region_code", "行政区划代码不存在", "not_found")
        elif not can_write_region(principal, path, row.region_code):
            result.add_error(row_number, "region_code", "所选区域超出数据权限范围", "out_of_scope")
        key = (row.region_code, row.year, row.month)
        seen = first.setdefault(key, row_number)
        if seen != row_number:
            result.add_error(row_number, "month", f"与第{seen}行的区域和月份重复", "duplicate")


async def import_rows(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    result: ImportedRows[StatCreate],
) -> ImportResult:
    """Validate every row, then store all of them or none: an existing region-month is updated in place."""
    check_rows(result, principal=principal, regions=regions)
    result.raise_if_invalid()
    rows = result.models
    m = ForeignTradeStat
    keys = [(r.region_code, r.year, r.month) for r in rows]
    existing = {
        (s.region_code, s.year, s.month): s
        for s in (
            await session.scalars(
                select(m).where(m.deleted_at.is_(None), tuple_(m.region_code, m.year, m.month).in_(keys))
            )
        ).all()
    }
    created = updated = 0
    now = utcnow()
    for row in rows:
        current = existing.get((row.region_code, row.year, row.month))
        if current is None:
            session.add(
                m(
                    **row.model_dump(),
                    region_path=regions.path_of(row.region_code),
                    created_by=principal.subject,
                    version=1,
                )
            )
            created += 1
        elif (current.import_wan_usd, current.export_wan_usd) != (row.import_wan_usd, row.export_wan_usd):
            current.import_wan_usd, current.export_wan_usd = row.import_wan_usd, row.export_wan_usd
            current.updated_at = now
            updated += 1
    await session.flush()
    out = ImportResult(row_count=len(rows), created=created, updated=updated)
    await audit.record(
        session,
        principal=principal,
        action="foreign_trade_stat.import",
        entity_type=STATS.name,
        entity_id=None,
        region_code=principal.region_code,
        after=out.model_dump(),
        detail=f"导入外贸统计{len(rows)}行：新增{created}，更新{updated}",
    )
    return out
