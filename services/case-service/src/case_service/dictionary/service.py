"""Data access for the case category dictionary (not scoped: the dictionary is shared reference data)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.core import audit
from case_service.dictionary.models import CaseCategory
from case_service.dictionary.schemas import CategoryCreate, CategoryUpdate
from platform_core.auth import Principal
from platform_core.db import utcnow
from platform_core.problems import ProblemError, field_error

#: The categories a new database starts with (the migration inserts the same rows).
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


def _snapshot(cat: CaseCategory) -> dict[str, Any]:
    return {"code": cat.code, "name": cat.name, "sort_order": cat.sort_order, "is_active": cat.is_active}


async def list_categories(session: AsyncSession, *, include_inactive: bool = False) -> list[CaseCategory]:
    """Categories in display order."""
    stmt = select(CaseCategory).order_by(CaseCategory.sort_order, CaseCategory.id)
    if not include_inactive:
        stmt = stmt.where(CaseCategory.is_active.is_(True))
    return list((await session.scalars(stmt)).all())


async def category_names(session: AsyncSession) -> dict[str, str]:
    """Code → name of every category, inactive ones included (old cases keep their category)."""
    rows = await session.execute(select(CaseCategory.code, CaseCategory.name))
    return {code: name for code, name in rows}


async def get_category(session: AsyncSession, *, category_id: int) -> CaseCategory | None:
    """One category by id."""
    return await session.get(CaseCategory, category_id)


async def usable_category(session: AsyncSession, *, code: str, field: str = "category_code") -> CaseCategory:
    """An active category by code, or a 422 naming the field."""
    cat = await session.scalar(select(CaseCategory).where(CaseCategory.code == code))
    if cat is None or not cat.is_active:
        raise field_error(field, "诉求分类不存在或已停用")
    return cat


async def create_category(session: AsyncSession, *, principal: Principal, data: CategoryCreate) -> CaseCategory:
    """Add a category (409 naming `code` when it exists)."""
    if await session.scalar(select(CaseCategory.id).where(CaseCategory.code == data.code)) is not None:
        raise ProblemError(
            409,
            "conflict",
            "分类编码已存在",
            errors=[{"field": "code", "location": "body", "message": "分类编码已存在", "code": "duplicate"}],
        )
    cat = CaseCategory(code=data.code, name=data.name, sort_order=data.sort_order, is_active=True)
    session.add(cat)
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action="case_category.create",
        entity_type="case_category",
        entity_id=cat.id,
        after=_snapshot(cat),
    )
    return cat


async def update_category(
    session: AsyncSession, *, principal: Principal, cat: CaseCategory, data: CategoryUpdate
) -> CaseCategory:
    """Rename, reorder, enable or disable a category."""
    before = _snapshot(cat)
    changes = data.model_dump(exclude_unset=True)
    for key, value in changes.items():
        if value is None:
            raise field_error(key, "不能为空")
        setattr(cat, key, value)
    cat.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action="case_category.update",
        entity_type="case_category",
        entity_id=cat.id,
        before=before,
        after=_snapshot(cat),
    )
    return cat
