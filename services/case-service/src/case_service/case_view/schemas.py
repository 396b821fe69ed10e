"""Request and response shapes of saved case-list views (我的视图)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from case_service.case.models import CaseSource, CaseState, WarningLevel
from platform_core.periods import parse_period

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ViewFilters(BaseModel):
    """The case list's filters, named as its query parameters; applied to the list and its export alike."""

    model_config = _STRICT

    state: list[CaseState] = Field(default_factory=list, max_length=len(CaseState), description="状态（可多选）")
    warning_level: WarningLevel | None = Field(default=None, description="预警等级")
    source: CaseSource | None = Field(default=None, description="来源")
    category: str | None = Field(default=None, max_length=32, description="诉求分类编码")
    region_code: str | None = Field(default=None, pattern=r"^\d{6}$", description="行政区划（含下级）")
    unit_id: int | None = Field(default=None, ge=1, le=2**31 - 1, description="承办单位ID")
    enterprise_uscc: str | None = Field(default=None, max_length=18, description="企业统一社会信用代码")
    q: str | None = Field(default=None, min_length=1, max_length=100, description="标题、企业名称或诉求编号")
    assigned_period: str | None = Field(default=None, max_length=32, description="交办期间，如 2021-Q3")
    mine: Literal["unit", "created"] | None = Field(default=None, description="unit 本单位承办；created 我登记的")
    sort: str | None = Field(default=None, max_length=64, description="排序，如 -created_at")

    @field_validator("assigned_period")
    @classmethod
    def _period(cls, value: str | None) -> str | None:
        if value:
            parse_period(value, "filters.assigned_period")
        return value or None


class CaseViewCreate(BaseModel):
    """A new saved view."""

    model_config = _STRICT

    name: str = Field(min_length=1, max_length=50, description="视图名称", examples=["本月红色预警"])
    filters: ViewFilters = Field(description="筛选条件")
    shared_role: str | None = Field(
        default=None, pattern=r"^[a-z][a-z0-9_]{1,31}$", description="共享给的角色编码（不填则仅自己可见）"
    )


class CaseViewUpdate(BaseModel):
    """A partial change of a saved view (its owner only)."""

    model_config = _STRICT

    name: str | None = Field(default=None, min_length=1, max_length=50, description="视图名称")
    filters: ViewFilters | None = Field(default=None, description="筛选条件")
    shared_role: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]{1,31}$", description="共享给的角色编码")


class CaseViewOut(BaseModel):
    """A saved view as its reader sees it."""

    id: int
    name: str
    filters: ViewFilters
    shared_role: str | None
    shared_role_name: str | None = Field(description="共享角色名称")
    owner_name: str | None = Field(description="创建人")
    mine: bool = Field(description="是否本人创建（仅创建人可修改、删除）")
    version: int = Field(description="版本号，与 ETag 一致")
    created_at: datetime
    updated_at: datetime
