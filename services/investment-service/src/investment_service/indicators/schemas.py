"""Response shapes of the investment indicators."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from investment_service.foreign.schemas import Caliber
from platform_core.dates import IsoDate


class IndicatorRank(BaseModel):
    """The asked region's place in the newest bulletin of the indicator and period."""

    rank: int = Field(description="位次（从1开始，并列同位次）")
    of: int = Field(description="参与排名的地区数")
    scope: str = Field(description="排名范围 province 全省 / national 全国")
    bulletin_id: int
    source_document: str = Field(description="通报来源")
    period: str = Field(description="通报的统计期间（本期无通报时为本年最近一期累计通报），如 2026-11-YTD")
    period_label: str = Field(description="通报期间的中文名称，如 2026年1-11月")


class FigureOut(BaseModel):
    """One figure: this period, the same period last year, YoY and rank. Values are decimal strings."""

    code: str = Field(description="指标编码")
    name: str = Field(description="指标名称")
    unit: str = Field(description="单位")
    caliber: Caliber | None = Field(description="外资统计口径（仅实际吸收外资）")
    value: Decimal = Field(description="本期值")
    last_year: Decimal = Field(description="上年同期值")
    yoy_percent: float | None = Field(description="同比增长（%），上年同期为0时为空")
    rank: IndicatorRank | None = Field(description="全省位次（有该指标该期间的通报时）")


class RateValue(BaseModel):
    """A rate with its parts."""

    value: Decimal | None = Field(description="比率（%，一位小数）；分母为0时为空")
    numerator: int
    denominator: int


class RateOut(RateValue):
    """履约率 / 开工率 / 投产率 of the projects signed in the period, by the period's end."""

    code: str
    name: str
    unit: str = "%"
    last_year: RateValue
    yoy_percent: float | None = Field(description="比率的同比增长（%）")
    rank: IndicatorRank | None


class Indicators(BaseModel):
    """The investment figures of a period and region."""

    period: str = Field(description="统计期间（规范写法）")
    period_label: str
    first_day: IsoDate
    last_day: IsoDate
    last_year_label: str
    region_code: str
    region_name: str | None
    figures: list[FigureOut]
    rates: list[RateOut]


class RegionFigures(BaseModel):
    """One child region's figures (this period)."""

    region_code: str
    region_name: str | None
    values: dict[str, Decimal] = Field(description="指标编码 → 数值（字符串）")
    rates: dict[str, RateValue]


class IndicatorsByRegion(BaseModel):
    """The figures of each county (child region) of the asked region."""

    period: str
    period_label: str
    region_code: str
    units: dict[str, str] = Field(description="指标编码 → 单位")
    names: dict[str, str] = Field(description="指标编码 → 名称")
    items: list[RegionFigures]


class MonthlySeries(BaseModel):
    """One figure month by month, this year and last (monthly, not cumulative)."""

    code: str
    name: str
    unit: str
    caliber: Caliber | None
    values: list[Decimal] = Field(description="本年1-12月")
    last_year: list[Decimal] = Field(description="上年1-12月")


class MonthlyIndicators(BaseModel):
    """Month-by-month figures of a year against the year before."""

    year: int
    region_code: str
    region_name: str | None
    months: list[int]
    series: list[MonthlySeries]
