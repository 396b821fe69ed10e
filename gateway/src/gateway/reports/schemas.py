"""Shapes of the report's figures, the report document and its editable text."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

FigureValue = int | Decimal | str


class ReportPeriod(BaseModel):
    """The period a report covers, in Asia/Shanghai days."""

    key: str = Field(description="期间（规范写法），如 2021、2021-Q3、2021-07")
    kind: str = Field(description="year | quarter | month | ytd | custom")
    label: str = Field(description="期间名称，如 2021年")
    first_day: date
    last_day: date = Field(description="最后一天（含）")


class ReportRank(BaseModel):
    """The region's place in an imported bulletin (全省/全国通报)."""

    rank: int = Field(description="位次（从1开始，并列同位次）")
    of: int | None = Field(description="参与排名的地区数")
    scope: str = Field(description="province 全省 / national 全国")
    source_document: str | None = Field(description="来源通报")


class FigureComparison(BaseModel):
    """同比, 环比 and rank of a figure; each null when the data to compute it is missing."""

    last_year_value: FigureValue | None = Field(default=None, description="上年同期值")
    yoy_percent: float | None = Field(default=None, description="同比增长（%）")
    previous_period_value: FigureValue | None = Field(default=None, description="上期值（环比基数）")
    mom_percent: float | None = Field(default=None, description="环比增长（%）")
    rank: ReportRank | None = Field(default=None, description="通报位次")


class RecordsLink(BaseModel):
    """Where the SPA lists the records behind a figure."""

    path: str = Field(description="前端页面路径")
    query: dict[str, str] = Field(default_factory=dict, description="页面查询参数")


class FigureProvenance(BaseModel):
    """Where a figure comes from: the query asked, the service's wording, numerator and denominator, records."""

    service: str = Field(description="来源服务 case / investment / trade")
    query: str = Field(description="取数请求，如 GET /api/v1/investment/indicators?period=2021&region_code=411500")
    indicator: str = Field(description="来源指标（服务内的编码或图号）")
    criteria: str | None = Field(default=None, description="取数口径")
    numerator: int | None = Field(default=None, description="比率的分子")
    denominator: int | None = Field(default=None, description="比率的分母")
    record_ids: list[int] = Field(default_factory=list, description="参与计算的记录ID（服务提供时）")
    link: RecordsLink = Field(description="记录所在的前端页面")


class ReportFigure(BaseModel):
    """One figure of the work report (domain.md §7); `value` is null and `missing` true when there is no data."""

    key: str = Field(description="图表键，报告模板中写作 {{key}}")
    rows: list[int] = Field(description="对应 domain.md §7 的行号")
    name: str = Field(description="指标名称")
    value: FigureValue | None = Field(description="数值（金额为十进制字符串）；无数据时为空，绝不以0代替")
    display: str | None = Field(description="写入报告的表述，如 70.01")
    unit: str | None = Field(description="单位")
    missing: bool = Field(description="是否缺数")
    reason: str | None = Field(default=None, description="缺数原因")
    comparison: FigureComparison
    provenance: FigureProvenance


class MissingFigure(BaseModel):
    """A figure (or a figure's comparison) the report cannot fill."""

    key: str = Field(description="占位符，如 out_of_province_funds 或 out_of_province_funds.rank")
    name: str = Field(description="名称")
    reason: str = Field(description="缺数原因")
    place: str | None = Field(default=None, description="在报告中的位置（所在部分的标题，或 开头/结尾）")
    excerpt: str | None = Field(default=None, description="缺数处前文，□ 为缺数位置")


class ReportServiceState(BaseModel):
    """Whether a service answered the report's query."""

    service: str
    label: str
    ok: bool
    reason: str | None = None


class ReportFigures(BaseModel):
    """`GET /api/v1/reports/figures`: every figure of the report for a period and region."""

    period: ReportPeriod
    region_code: str | None = Field(description="报告区域；为空表示本人数据范围")
    region_name: str | None
    generated_at: datetime = Field(description="生成时间")
    figures: list[ReportFigure]
    missing: list[MissingFigure] = Field(description="缺数的图表（值缺失）")
    services: list[ReportServiceState] = Field(description="各服务取数情况")


class ReportTextOut(BaseModel):
    """The report's editable text for a period and region: the template with `{{figure}}` placeholders."""

    period: str
    region_code: str
    template: Literal["annual", "short"] = Field(description="annual 年度报告 / short 季度、月度报告")
    text: str = Field(description="报告正文模板，{{键}} 为图表占位符")
    is_default: bool = Field(description="是否为默认模板（尚未编辑）")
    version: int = Field(description="版本号（编辑时以 If-Match 提交）")
    updated_at: datetime | None = None
    updated_by: str | None = None


class ReportTextIn(BaseModel):
    """An edited report text."""

    text: str = Field(min_length=1, max_length=50_000, description="报告正文模板，{{键}} 为图表占位符")


class ReportDocument(BaseModel):
    """`GET /api/v1/reports/document`: the report rendered as HTML with its missing figures."""

    period: ReportPeriod
    region_code: str | None
    region_name: str | None
    title: str = Field(description="报告标题")
    html: str = Field(description="预览用 HTML（图表处带 data-figure 属性）")
    missing: list[MissingFigure] = Field(description="报告中缺数的占位符")
    figures: list[ReportFigure] = Field(description="全部图表（点击预览中的图表时据此打开记录页面）")
    text: ReportTextOut
    services: list[ReportServiceState]
