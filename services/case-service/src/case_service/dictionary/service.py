"""Data access for the case category dictionary, kept per level.

The province keeps the default categories (existing ones became the province's); a city adds its own, which its
counties read too. Every level reads the levels above it and those below (the province everything), never another
city's; an entry is changed only at the level that keeps it (`platform_core.scope.ensure_level_editable`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.core import kit
from case_service.dictionary.models import CaseCategory
from case_service.dictionary.schemas import CategoryCreate, CategoryOut, CategoryUpdate
from platform_core.auth import Principal
from platform_core.dictionaries import Dictionary
from platform_core.problems import ProblemError, duplicate, field_error, not_found
from platform_core.regions import RegionDirectory
from platform_core.scope import ensure_level_editable, level_condition, level_fields

#: The categories a new database starts with (the migration inserts the same rows, at the province).
DEFAULT_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("land_planning", "用地规划"),
    ("financing", "融资信贷"),
    ("employment", "用工招聘"),
    ("approval", "审批服务"),
    ("utilities", "水电气暖"),
    ("logistics", "物流运输"),
    ("policy", "政策兑现"),
    ("other", "其他"),
)

CATEGORIES = Dictionary(
    name="case_category",
    label="诉求分类",
    model=CaseCategory,
    fields=("code", "name", "sort_order", "is_active", "region_code"),
    id_param="category_id",
    duplicate_message="分类编码已存在",
)


def readable(principal: Principal) -> ColumnElement[bool]:
    """Categories kept at a level the caller works under: the levels above its region, its own and those below."""
    return level_condition(principal, CaseCategory.region_path)


async def list_categories(
    session: AsyncSession, principal: Principal, *, include_inactive: bool = False
) -> list[CaseCategory]:
    """The categories the caller reads, in display order (enabled ones unless asked otherwise)."""
    stmt = select(CaseCategory).where(readable(principal)).order_by(CaseCategory.sort_order, CaseCategory.id)
    if not include_inactive:
        stmt = stmt.where(CaseCategory.is_active.is_(True))
    return list((await session.scalars(stmt)).all())


async def readable_category(session: AsyncSession, principal: Principal, category_id: int) -> CaseCategory:
    """A category the caller reads, or 404 (another city's entries do not exist for it)."""
    row = await session.scalar(select(CaseCategory).where(CaseCategory.id == category_id, readable(principal)))
    if row is None:
        raise not_found("诉求分类不存在")
    return row


def render_category(row: CaseCategory, principal: Principal, regions: RegionDirectory) -> CategoryOut:
    """A category with its level's name and whether the caller may change it."""
    return CategoryOut(
        id=row.id,
        code=row.code,
        name=row.name,
        sort_order=row.sort_order,
        is_active=row.is_active,
        **level_fields(principal, regions, row.region_code),
        version=row.version,
        updated_at=row.updated_at,
    )


async def _check_name(session: AsyncSession, *, name: str, region_path: str, exclude_id: int | None = None) -> None:
    """A name is used once along a branch of the tree: a city may not add a name the province (or one of its
    counties) already has, the province not one a city has; two cities may each have their own."""
    same_branch = or_(
        literal(region_path).startswith(CaseCategory.region_path),
        CaseCategory.region_path.startswith(region_path),
    )
    stmt = select(CaseCategory.id).where(CaseCategory.name == name, same_branch)
    if exclude_id is not None:
        stmt = stmt.where(CaseCategory.id != exclude_id)
    if await session.scalar(stmt.limit(1)) is not None:
        raise duplicate("name", "分类名称已存在（本级或上下级已有同名分类）")


async def create_category(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, data: CategoryCreate
) -> CaseCategory:
    """Add a category at the caller's own level (a city officer's is the city's addition)."""
    region_path = regions.path_of(principal.region_code) if principal.region_code else None
    if principal.region_code is None or region_path is None:
        raise ProblemError(
            403,
            "other_level",
            errors=[{"field": "region_code", "message": "调用者没有所属行政区划，不能新增分类", "code": "no_level"}],
        )
    if await session.scalar(select(CaseCategory.id).where(CaseCategory.code == data.code)) is not None:
        raise duplicate("code", CATEGORIES.duplicate_message)
    await _check_name(session, name=data.name, region_path=region_path)
    row = CaseCategory(**data.model_dump(), region_code=principal.region_code, region_path=region_path)
    return await kit.insert(
        session, principal=principal, row=row, name=CATEGORIES.name, snapshot_of=CATEGORIES.snapshot
    )


async def update_category(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, row: CaseCategory, data: CategoryUpdate
) -> CaseCategory:
    """Rename, reorder, enable or disable a category kept at the caller's own level (403 otherwise)."""
    ensure_level_editable(principal, row.region_code, "region_code")
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    for name in ("name", "sort_order", "is_active"):
        if name in changes and changes[name] is None:
            raise field_error(name, "不能为空")
    if "name" in changes and changes["name"] != row.name:
        await _check_name(session, name=changes["name"], region_path=row.region_path, exclude_id=row.id)
    return await kit.change(
        session, principal=principal, row=row, changes=changes, name=CATEGORIES.name, snapshot_of=CATEGORIES.snapshot
    )


async def category_names(session: AsyncSession) -> dict[str, str]:
    """Code → name of every category, inactive ones included (old cases keep their category; codes are unique)."""
    rows = await session.execute(select(CaseCategory.code, CaseCategory.name))
    return {code: name for code, name in rows}


async def usable_category(
    session: AsyncSession,
    *,
    code: str,
    field: str = "category_code",
    region_path: str | None = None,
    principal: Principal | None = None,
) -> CaseCategory:
    """An active category by code that applies where it is used, or a 422 naming the field.

    `region_path`: the record's region — the category is kept there or above (a 信阳 case takes the province's
    and 信阳's, never 南阳's); `principal`: the category is one the caller reads.
    """
    stmt = select(CaseCategory).where(CaseCategory.code == code)
    if region_path is not None:
        stmt = stmt.where(literal(region_path).startswith(CaseCategory.region_path))
    if principal is not None:
        stmt = stmt.where(readable(principal))
    cat = await session.scalar(stmt)
    if cat is None or not cat.is_active:
        raise field_error(field, "诉求分类不存在或已停用")
    return cat
