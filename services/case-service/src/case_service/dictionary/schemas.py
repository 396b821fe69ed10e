"""Request and response shapes of the case category dictionary."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class CategoryCreate(BaseModel):
    """A new category, kept at the caller's own level (a city's addition, the province's default)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$", description="分类编码（小写字母、数字、下划线）")
    name: str = Field(min_length=1, max_length=64, description="分类名称", examples=["用地规划"])
    sort_order: int = Field(default=0, ge=0, le=9999, description="排序号")


class CategoryUpdate(BaseModel):
    """A partial update; the code is referenced by cases and cannot change, nor can the level."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=64, description="分类名称")
    sort_order: int | None = Field(default=None, ge=0, le=9999, description="排序号")
    is_active: bool | None = Field(default=None, description="是否启用")


class CategoryOut(BaseModel):
    """A category with the level that keeps it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str = Field(description="分类编码")
    name: str = Field(description="分类名称")
    sort_order: int = Field(description="排序号")
    is_active: bool = Field(description="是否启用")
    region_code: str = Field(description="所属层级的行政区划代码")
    region_name: str | None = Field(default=None, description="所属层级名称，如 河南省、南阳市")
    level: Literal["province", "city", "county"] = Field(description="层级 province省级/city市级/county县级")
    editable: bool = Field(description="调用者能否修改（只能修改本级的条目）")
    version: int = Field(description="版本号，与 ETag 一致")
    updated_at: datetime


class CategoryList(BaseModel):
    """The categories the caller's level reads (the province's, its city's, its own), in display order."""

    items: list[CategoryOut]
