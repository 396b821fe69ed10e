"""Data access for the case category dictionary (not scoped: the dictionary is shared reference data)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.dictionary.models import CaseCategory
from platform_core.dictionaries import Dictionary
from platform_core.problems import field_error

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


CATEGORIES = Dictionary(
    name="case_category",
    label="诉求分类",
    model=CaseCategory,
    fields=("code", "name", "sort_order", "is_active"),
    id_param="category_id",
    duplicate_message="分类编码已存在",
)


async def category_names(session: AsyncSession) -> dict[str, str]:
    """Code → name of every category, inactive ones included (old cases keep their category)."""
    rows = await session.execute(select(CaseCategory.code, CaseCategory.name))
    return {code: name for code, name in rows}


async def usable_category(session: AsyncSession, *, code: str, field: str = "category_code") -> CaseCategory:
    """An active category by code, or a 422 naming the field."""
    cat = await session.scalar(select(CaseCategory).where(CaseCategory.code == code))
    if cat is None or not cat.is_active:
        raise field_error(field, "诉求分类不存在或已停用")
    return cat
