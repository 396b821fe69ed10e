"""Request and response shapes of provincial bulletins."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from investment_service.indicators.catalogue import INDICATOR_NAMES
from platform_core.bulletins import BulletinScope, period_key
from platform_core.problems import ProblemError


class BulletinMeta(BaseModel):
    """What a bulletin ranks: indicator, period, scope and the document it comes from."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    indicator_code: str = Field(description="指标编码（见 GET /api/v1/investment/indicators 的 code）")
    period: str = Field(max_length=32, description="统计期间，如 2021、2021-Q3、2021-06-YTD", examples=["2021"])
    scope: BulletinScope = Field(default=BulletinScope.PROVINCE, description="排名范围")
    source_document: str = Field(
        min_length=2, max_length=200, description="来源（通报名称或文号）", examples=["2021年全省商务运行情况通报"]
    )

    @field_validator("indicator_code")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in INDICATOR_NAMES:
            raise ValueError("指标编码不存在")
        return value

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        try:
            return period_key(value)
        except ProblemError as exc:  # reported as this field's message, with the other fields' errors
            raise ValueError("统计期间格式应为 2021、2021-Q3、2021-07 或 2021-07-YTD") from exc


class CityRank(BaseModel):
    """The caller's city's place in a bulletin."""

    entity_code: str
    entity_name: str
    value: Decimal
    rank: int
    of: int


class InvestmentBulletinRow(BaseModel):
    """One row with its computed rank."""

    seq: int
    entity_name: str
    entity_code: str
    value: Decimal
    unit: str | None
    rank: int


class InvestmentBulletin(BaseModel):
    """A stored bulletin and the city's rank in it."""

    id: int
    indicator_code: str
    indicator_name: str
    period: str
    scope: BulletinScope
    source_document: str
    imported_at: datetime
    imported_by: str
    row_count: int
    city: CityRank | None = Field(
        description="本市位次（本市为当前用户所在市）；通报未列本市、或省级用户查看时为空（各市位次见通报详情）"
    )


class InvestmentBulletinDetail(InvestmentBulletin):
    """A bulletin with every row, in its original order."""

    rows: list[InvestmentBulletinRow]
    warnings: list[str] = Field(default_factory=list, description="提示（不阻止导入）")
