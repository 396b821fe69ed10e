"""Request and response shapes of bulletins."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from platform_core.bulletins import BulletinScope


class BulletinOut(BaseModel):
    """An imported bulletin."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    indicator_code: str = Field(description="指标编码，与 /api/v1/trade/indicators 的 key 一致")
    period_label: str = Field(description="统计期间")
    scope: BulletinScope = Field(description="排名范围")
    source_document: str = Field(description="来源文件")
    imported_at: datetime
    imported_by: str


class BulletinRowOut(BaseModel):
    """One entity's value and its rank in the bulletin."""

    model_config = ConfigDict(from_attributes=True)

    seq: int
    entity_name: str
    entity_code: str
    value: Decimal
    unit: str | None
    rank: int = Field(description="名次（并列同名次）")


class BulletinDetail(BulletinOut):
    """A bulletin with its rows."""

    rows: list[BulletinRowOut]
