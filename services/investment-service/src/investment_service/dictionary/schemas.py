"""Request and response shapes of the industry-chain dictionary."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from investment_service.levels import LevelOut


class ChainCreate(BaseModel):
    """A new industry chain, kept at the caller's own level (the province's default or its city's addition)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$", description="编码（小写字母、数字、下划线）")
    name: str = Field(min_length=1, max_length=64, description="名称", examples=["绿色食品"])
    industry: str | None = Field(default=None, max_length=64, description="所属产业")
    is_leading: bool = Field(default=False, description="是否主导产业")
    sort_order: int = Field(default=0, ge=0, le=9999, description="排序号")


class ChainUpdate(BaseModel):
    """A partial update; the code is referenced by projects and cannot change."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=64, description="名称")
    industry: str | None = Field(default=None, max_length=64, description="所属产业")
    is_leading: bool | None = Field(default=None, description="是否主导产业")
    sort_order: int | None = Field(default=None, ge=0, le=9999, description="排序号")
    is_active: bool | None = Field(default=None, description="是否启用")


class ChainOut(LevelOut):
    """An industry chain with the level that keeps it (省级 default or 市级 addition)."""

    id: int
    code: str
    name: str
    industry: str | None
    is_leading: bool = Field(description="是否主导产业")
    sort_order: int
    is_active: bool
    version: int = Field(description="版本号，与 ETag 一致")
    updated_at: datetime


class ChainList(BaseModel):
    """The dictionary in display order: the province's defaults, then the city's additions."""

    items: list[ChainOut]
