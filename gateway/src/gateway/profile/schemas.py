"""Shape of the enterprise profile (一企一档)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class ProfilePart(BaseModel):
    """One part of the profile as its service answered it, or why it is missing."""

    key: str = Field(description="部分编码，如 cases / projects / shipments")
    title: str = Field(description="部分名称")
    service: str = Field(description="来源服务 case / investment / trade")
    ok: bool = Field(description="是否取到")
    reason: str | None = Field(default=None, description="未取到的原因（服务不可用、超时、无权查看）")
    total: int | None = Field(default=None, description="记录总数")
    items: list[dict[str, Any]] = Field(default_factory=list, description="记录（最多100条，按服务默认排序）")
    link: str = Field(description="前端列表页面")


class EnterpriseProfile(BaseModel):
    """`GET /api/v1/enterprises/{id}/profile`: the enterprise's directory data and its records in every service."""

    enterprise: dict[str, Any] = Field(description="企业名录信息（诉求办理服务）")
    parts: list[ProfilePart]
    missing: list[str] = Field(description="未取到的部分编码")
    generated_at: datetime
