"""Request and response shapes of bulletins."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

from platform_core.bulletins import BulletinScope, period_key
from platform_core.problems import ProblemError
from trade_service.bulletins.service import RANKED_INDICATORS


class BulletinMeta(BaseModel):
    """The form fields beside a bulletin's file: indicator, period, scope and the document it comes from."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    indicator_code: str = Field(description="指标编码，如 labour_dispatched")
    period: str = Field(max_length=32, description="统计期间，如 2021")
    scope: BulletinScope = Field(description="排名范围 national 全国 / province 全省")
    source_document: str = Field(min_length=2, max_length=200, description="来源文件(通报名称或文号)")

    @field_validator("indicator_code")
    @classmethod
    def _ranked(cls, value: str) -> str:
        if value not in RANKED_INDICATORS:
            raise ValueError(f"应为：{'、'.join(RANKED_INDICATORS)}")
        return value

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        try:
            period_key(value)
        except ProblemError as exc:  # reported as this field's message, with the other fields' errors
            raise ValueError(exc.detail or "统计期间格式不正确") from exc
        return value


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

    @computed_field(description="指标名称")
    @property
    def indicator_name(self) -> str:
        """The ranked indicator as the bureau names it."""
        return RANKED_INDICATORS.get(self.indicator_code, self.indicator_code)


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
