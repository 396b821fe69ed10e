"""HTTP endpoints of the case category dictionary."""

from __future__ import annotations

from case_service.core import kit
from case_service.dictionary.schemas import CategoryCreate, CategoryList, CategoryOut, CategoryUpdate
from case_service.dictionary.service import CATEGORIES
from platform_core.dictionaries import dictionary_router

router = dictionary_router(
    CATEGORIES,
    kit=kit,
    prefix="/api/v1/case-categories",
    tag="诉求分类",
    read_perm="case:case:list",
    manage_perm="case:category:manage",
    create_schema=CategoryCreate,
    update_schema=CategoryUpdate,
    out_schema=CategoryOut,
    list_schema=CategoryList,
)
