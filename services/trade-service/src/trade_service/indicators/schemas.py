"""Response shape of the indicators."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from platform_core.bulletins import BulletinScope
from platform_core.dates import IsoDate

Number = int | Decimal


class PeriodOut(BaseModel):
    """The period asked for, in Asia/Shanghai days."""

    label: str = Field(description="期间名称，如 2021年")
    kind: str = Field(description="year | quarter | month | ytd | custom")
    first_day: IsoDate
    last_day: IsoDate


class RankOut(BaseModel):
    """The region's place in the newest imported bulletin of this indicator and period."""

    scope: BulletinScope = Field(description="national 全国 / province 全省")
    rank: int | None = Field(description="名次（1起，并列同名次）；通报未列出该地区时为空")
    total: int = Field(description="通报中的地区数")
    bulletin_id: int
    source_document: str = Field(description="来源通报")
    period: str = Field(description="通报的统计期间（本期无通报时为本年最近一期累计通报），如 2026-11-YTD")
    period_label: str = Field(description="通报期间的中文名称，如 2026年1-11月")


class BreakdownItem(BaseModel):
    """One part of a figure (by county, country, kind, fair …)."""

    code: str | None = Field(description="编码（区划代码、类别等）")
    label: str = Field(description="名称")
    value: Number


class Indicator(BaseModel):
    """One figure: value with unit, 同比 (and 环比 where the report uses it), rank, numerator and denominator."""

    key: str = Field(description="指标编码")
    rows: list[int] = Field(description="对应工作报告 domain.md §7 的行号")
    title: str = Field(description="指标名称")
    unit: str = Field(description="单位")
    value: Number = Field(description="本期值（金额为字符串形式的十进制数）")
    last_year_value: Number | None = Field(description="上年同期值")
    yoy_percent: float | None = Field(description="同比增长(%)，上年同期为0时为空")
    previous_period_value: Number | None = Field(default=None, description="上期值（环比基数）")
    mom_percent: float | None = Field(default=None, description="环比增长(%)")
    numerator: int | None = Field(default=None, description="比率的分子")
    denominator: int | None = Field(default=None, description="比率的分母")
    rank: RankOut | None = Field(default=None, description="通报排名（有通报时）")
    breakdown: list[BreakdownItem] = Field(default_factory=list, description="构成")


class Fact(BaseModel):
    """A named fact of the work report: the names it writes (events, honours, streets, brands …)."""

    key: str = Field(description="事项编码")
    title: str = Field(description="事项名称")
    text: str | None = Field(description="写入报告的表述，如 浉河区胜利路步行街；无登记记录时为空")
    record_ids: list[int] = Field(default_factory=list, description="所依据的记录ID")


class IndicatorReport(BaseModel):
    """Every trade figure for one period and region."""

    period: PeriodOut
    region_code: str | None = Field(description="区域代码；为空表示数据范围内全部")
    region_name: str | None
    items: list[Indicator]
    facts: list[Fact] = Field(default_factory=list, description="报告中写明的名称（活动、荣誉、街区、品牌等）")


class MonthlySeries(BaseModel):
    """One trade figure month by month, this year and last (each month on its own, not cumulative)."""

    key: str
    title: str
    unit: str
    values: list[Number] = Field(description="本年1-12月")
    last_year: list[Number] = Field(description="上年1-12月")


class MonthlyReport(BaseModel):
    """`GET /api/v1/trade/indicators/monthly`: exports, imports and workers dispatched by month."""

    year: int
    region_code: str | None = Field(description="区域代码；为空表示数据范围内全部")
    region_name: str | None
    months: list[int]
    series: list[MonthlySeries]
