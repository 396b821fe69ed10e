"""Enumerations as the SPA reads them and as an administrator edits one item."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from gateway.iam.schemas import StrictModel


class EnumerationItemOut(BaseModel):
    """One code with how it reads now and its default label."""

    code: str = Field(description="代码（由程序确定，不可修改）")
    label: str = Field(description="名称")
    default_label: str = Field(description="默认名称")
    sort_order: int = Field(description="排序（小的在前）")
    colour: str = Field(description="颜色：标签类型 primary/success/info/warning/danger 或 #rrggbb")
    enabled: bool = Field(description="是否启用（停用的项不再出现在新增、修改的选项中，已有记录照常显示）")
    version: int = Field(description="版本号（未修改过为 0），作为 If-Match")
    updated_at: datetime | None = Field(default=None, description="修改时间")
    updated_by: str | None = Field(default=None, description="修改人")


class EnumerationOut(BaseModel):
    """An enumeration with its items in display order."""

    key: str = Field(description="字典键")
    name: str = Field(description="字典名称")
    app: str = Field(description="所属服务")
    items: list[EnumerationItemOut]


class EnumerationItemIn(StrictModel):
    """The editable part of an item."""

    label: str = Field(min_length=1, max_length=32, description="名称")
    sort_order: int = Field(ge=0, le=999, description="排序（小的在前）")
    colour: str = Field(
        pattern=r"^(primary|success|info|warning|danger|#[0-9a-fA-F]{6})$",
        description="颜色：标签类型 primary/success/info/warning/danger 或 #rrggbb",
    )
    enabled: bool = Field(description="是否启用")
