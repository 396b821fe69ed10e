"""Shapes of the case statistics (13710 KPIs with their denominators) and of the campaign figures 1-9."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from platform_core.dates import IsoDate
from platform_core.figures import Basis


class Rate(BaseModel):
    """A rate with the counts it comes from; `value` is a percentage (1 decimal), null when nothing to divide by."""

    value: float | None = Field(description="百分比，保留1位小数；分母为0时为空")
    numerator: int = Field(description="分子")
    denominator: int = Field(description="分母")
    numerator_label: str = Field(description="分子口径")
    denominator_label: str = Field(description="分母口径")
    basis: Basis = Field(description="flow 期内发生(流量) | cohort 期内登记(批次) | snapshot 统计时点")
    basis_label: str = Field(description="统计口径说明")


class PeriodOut(BaseModel):
    """The period a figure covers, in Asia/Shanghai days."""

    kind: str = Field(description="year | quarter | month | ytd | custom")
    label: str = Field(description="期间名称，如 2021年第3季度")
    first_day: IsoDate
    last_day: IsoDate = Field(description="最后一天(含)")


class FlowCounts(BaseModel):
    """What happened in the period (flow: events in the period, whenever the case was registered)."""

    received: int = Field(description="受理登记数：期内登记(提交)的诉求")
    assigned: int = Field(description="交办数：期内交办的诉求")
    resolved: int = Field(description="办结数：期内办结(审核通过或即时答复)的诉求")
    closed: int = Field(description="销号数：期内关闭的诉求(含不予受理、合并)")
    rated: int = Field(description="回访评价数：期内完成回访评价的诉求")


class CohortCounts(BaseModel):
    """The cases registered in the period, in whatever state they were at the cut-off (the 办结率's sides)."""

    registered: int = Field(description="期内登记的诉求件数")
    rejected: int = Field(description="其中不予受理件数(不计入办结率分子分母)")
    merged: int = Field(description="其中合并办理件数(重复诉求，不计入办结率分子分母)")
    accepted: int = Field(description="受理件数：登记数 - 不予受理 - 合并(办结率分母)")
    resolved: int = Field(description="其中截至统计时点已办结件数(办结率分子)")


class SnapshotCounts(BaseModel):
    """Where open cases stood at the end of the period (or now, for a period not yet over)."""

    open: int = Field(description="在办数：已登记、尚未办结或关闭")
    open_without_plan: int = Field(description="未办结且无长期跟踪计划数(13710 的“0”，应为0)")
    yellow: int = Field(description="黄色预警数")
    red: int = Field(description="红色预警数(超期)")
    escalated: int = Field(description="升级预警数(超1个月、会商中或被督办)")
    overdue: int = Field(description="超期数：已过办结期限仍未办结")


class Rates(BaseModel):
    """The 13710 rates, each with its numerator and denominator."""

    resolution: Rate = Field(description="办结率")
    on_time: Rate = Field(description="按期办结率")
    sign_timely: Rate = Field(description="签收及时率")
    feedback_timely: Rate = Field(description="反馈及时率")
    satisfaction: Rate = Field(description="满意率")


class StatsBlock(BaseModel):
    """Counts and rates of one group of cases."""

    flow: FlowCounts
    cohort: CohortCounts
    snapshot: SnapshotCounts
    rates: Rates


class RegionStats(StatsBlock):
    """One region's block (a child region of the report's region, or the region itself for its own cases)."""

    region_code: str
    region_name: str | None


class UnitStats(StatsBlock):
    """One lead unit's block."""

    unit_id: int | None = Field(description="牵头单位ID；未交办的诉求为空")
    unit_name: str | None


class MonthStats(BaseModel):
    """One month of the period: flow counts and the rates of that month."""

    month: str = Field(description="YYYY-MM")
    label: str
    flow: FlowCounts
    rates: Rates


class TimerSettings(BaseModel):
    """The 13710 timer settings the figures were computed under (`CASE_TIMER_*`)."""

    calendar: Literal["natural", "workdays"] = Field(description="natural 自然日 | workdays 工作日(含法定节假日、调休)")
    calendar_label: str = Field(description="计时日历")
    sign_days: int = Field(description="签收时限(日)")
    feedback_days: int = Field(description="首次反馈时限(日)")
    ordinary_days: int = Field(description="一般问题办结时限(日)")
    major_limit: Literal["month", "workdays10"] = Field(
        description="复杂问题办结时限：month 1个月 | workdays10 10个工作日"
    )
    major_limit_label: str = Field(description="复杂问题办结时限")
    ranking_rule: str = Field(description="县区、单位排名得分规则")


class PauseRates(BaseModel):
    """The rates of paused cases, each with its numerator and denominator."""

    paused_share: Rate = Field(description="暂停计时占比：期内交办的诉求中曾等待企业补充材料的比例")
    supplied_by_enterprise: Rate = Field(description="企业补充率：期内结束的暂停中由企业补充材料而恢复的比例")


class PauseStats(BaseModel):
    """Pauses of the resolve clock (等待企业补充材料) and 催办 in the period; deadlines move by the paused time."""

    started: int = Field(description="期内开始的暂停次数(期内发生)")
    ended: int = Field(description="期内结束的暂停次数(企业补充材料或承办单位恢复，期内发生)")
    paused_now: int = Field(description="统计时点仍在暂停的诉求数")
    paused_days: float = Field(description="期内结束的暂停共计顺延的天数(按计时日历，保留1位小数)")
    urged: int = Field(description="期内催办次数")
    rates: PauseRates


class CaseStats(BaseModel):
    """`GET /api/v1/cases/stats`: all cases, 上级交办 separately, and breakdowns by region, unit and month."""

    period: PeriodOut
    as_of: datetime = Field(description="快照时点：期间结束或当前时刻(取较早者)")
    region_code: str | None = Field(description="统计区域")
    region_name: str | None
    filters: dict[str, Any] = Field(description="生效的筛选条件")
    all: StatsBlock = Field(description="全部诉求")
    superior: StatsBlock = Field(description="其中上级交办件")
    by_region: list[RegionStats]
    by_unit: list[UnitStats]
    by_month: list[MonthStats]
    settings: TimerSettings = Field(description="计时设置(日历、复杂问题时限)与排名规则")
    pause: PauseStats = Field(description="暂停计时(等待企业补充材料)与催办")


class Provenance(BaseModel):
    """Where a figure comes from: the records behind it, and the numerator/denominator of a rate."""

    source: str = Field(description="数据来源，如 campaign_staff / policy_document / pairing / case_record")
    criteria: str = Field(description="取数口径")
    record_ids: list[int] = Field(default_factory=list, description="参与计算的记录ID")
    records: list[dict[str, Any]] = Field(default_factory=list, description="记录摘要")
    numerator: int | None = None
    denominator: int | None = None


class Figure(BaseModel):
    """One figure of the work report (domain.md §7)."""

    no: int = Field(description="图号 1-9")
    name: str
    value: Any = Field(description="数值(人数、件数、百分比)或文本")
    unit: str | None = Field(description="单位，如 人、件、家、%")
    text: str = Field(description="可直接写入报告的表述")
    provenance: Provenance


class CampaignFigures(BaseModel):
    """`GET /api/v1/campaign/figures`: figures 1-9 for a period and region."""

    period: PeriodOut
    region_code: str | None
    region_name: str | None
    figures: list[Figure]
