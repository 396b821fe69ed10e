"""Request and response shapes of the case category dictionary."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class CategoryCreate(BaseModel):
    """A new category."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$", description="分类编码（小写字母、数字、下划线）")
    name: str = Field(min_length=1, max_length=64, description="分类名称", examples=["用地规划"])
    sort_order: int = Field(default=0, ge=0, le=9999, description="排序号")


class CategoryUpdate(BaseModel):
    """A partial update; the code is referenced by cases and cannot change."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=64, description="分类名称")
    sort_order: int | None = Field(default=None, ge=0, le=9999, description="排序号")
    is_active: bool | None = Field(default=None, description="是否启用")


class CategoryOut(BaseModel):
    """A category."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str = Field(description="分类编码")
    name: str = Field(description="分类名称")
    sort_order: int = Field(description="排序号")
    is_active: bool = Field(description="是否启用")
    version: int = Field(description="版本号，与 ETag 一致")
    updated_at: datetime


class CategoryList(BaseModel):
    """Every category, in display order."""

    items: list[CategoryOut]
