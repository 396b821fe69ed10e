"""Shapes of the work-rhythm reports: 双周调度, 月度总结, 季度讲评, 年度考核."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

from case_service.case.schemas import MissedDeadlineOut
from case_service.indicators.schemas import PeriodOut, StatsBlock
from platform_core.enumerations import labels


class ReportKind(StrEnum):
    """The four rhythm reports of the campaign."""

    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


KIND_LABELS: dict[str, str] = labels("case_report_kind")


class ReportFormat(StrEnum):
    """JSON for the SPA, XLSX for download."""

    JSON = "json"
    XLSX = "xlsx"


class Column(BaseModel):
    """A column of a report table."""

    key: str
    label: str = Field(description="中文表头")
    kind: Literal["text", "int", "percent", "number", "date", "datetime"] = "text"


class Table(BaseModel):
    """A table of a report (one worksheet in the XLSX)."""

    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]


class Comparison(BaseModel):
    """A count against the previous period (环比) or the same period a year earlier (同比)."""

    metric: str = Field(description="指标")
    basis: Literal["环比", "同比"]
    current: int
    previous: int
    change_percent: float | None = Field(description="增减百分比，保留1位小数；上期为0时为空")


class RankingWeights(BaseModel):
    """Weights of the score (they add up to 1 over the rates that have data)."""

    on_time: float = Field(description="按期办结率权重")
    resolution: float = Field(description="办结率权重")
    satisfaction: float = Field(description="满意率权重")
    overdue_penalty: float = Field(description="每件超期未办结诉求扣分")
    red_penalty: float = Field(description="每件红色预警诉求扣分")
    rule: str = Field(description="得分规则说明")


class RankRow(BaseModel):
    """One ranked county or unit."""

    rank: int | None = Field(description="名次(并列同名次；无数据不排名)")
    code: str = Field(description="区划代码或单位ID")
    name: str | None
    score: float | None = Field(description="得分：加权得分(0-100)减超期、红色预警扣分，保留2位小数，可为负")
    on_time: float | None = Field(description="按期办结率(%)")
    resolution: float | None = Field(description="办结率(%)")
    satisfaction: float | None = Field(description="满意率(%)")
    received: int
    resolved: int
    overdue: int
    red: int = Field(description="红色预警数")
    penalty: float = Field(description="超期、红色预警扣分")


class OverdueItem(BaseModel):
    """An overdue case in the dispatch list."""

    case_id: int
    case_no: str | None
    title: str
    enterprise_name: str
    region_code: str
    region_name: str | None
    unit_id: int | None
    unit_name: str | None
    resolve_due: datetime | None
    days_overdue: int
    level: str
    superior: bool
    missed_deadlines: list[MissedDeadlineOut] = Field(description="已超过的13710期限(按期限先后)")


class CaseReport(BaseModel):
    """A rhythm report: headline blocks, comparisons, rankings and the tables the XLSX holds."""

    kind: ReportKind
    kind_label: str
    title: str
    period: PeriodOut
    as_of: datetime = Field(description="快照时点")
    region_code: str | None
    region_name: str | None
    generated_at: datetime
    summary: StatsBlock = Field(description="全部诉求")
    superior: StatsBlock = Field(description="其中上级交办件")
    comparisons: list[Comparison] = Field(default_factory=list)
    weights: RankingWeights | None = None
    county_ranking: list[RankRow] = Field(default_factory=list)
    unit_ranking: list[RankRow] = Field(default_factory=list)
    overdue: list[OverdueItem] = Field(default_factory=list, description="超期诉求清单(按单位、超期天数)")
    tables: list[Table]
    notes: list[str] = Field(default_factory=list)
