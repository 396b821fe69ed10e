"""Shapes of 撤单质检: a sample in the list and in the review drawer, the verdict, the figures."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from case_service.indicators.schemas import PeriodOut, Rate
from case_service.quality.models import QualityEvent, SampleStatus, Verdict


class SampleOut(BaseModel):
    """A drawn sample with its case's number, title and state."""

    id: int
    case_id: int = Field(description="诉求ID")
    case_no: str | None = Field(description="诉求编号")
    case_title: str = Field(description="诉求标题")
    enterprise_name: str = Field(description="企业名称")
    case_state: str = Field(description="诉求当前状态")
    case_source: str = Field(description="诉求来源")
    event: QualityEvent = Field(description="事件：rejected 不予受理 / merged 合并 / withdrawn 撤回 / returned 退单")
    occurrence: int = Field(description="该诉求第几次发生此事件")
    event_at: datetime = Field(description="事件发生时间")
    event_reason: str | None = Field(description="事件理由")
    actor_name: str | None = Field(description="事件操作者")
    region_code: str = Field(description="诉求所属行政区划")
    region_name: str | None = Field(default=None, description="行政区划名称")
    unit_id: int | None = Field(description="责任单位ID(退单为退回的承办单位；受理环节的不予受理、合并为空)")
    unit_name: str | None = Field(description="责任单位名称")
    status: SampleStatus = Field(description="状态：pending 待质检 / reviewed 已质检")
    sampled_by: str | None = Field(
        description="抽中依据：all 全部 / random 随机 / source 来源规则 / unit_returns 单位退单规则"
    )
    verdict: Verdict | None = Field(description="质检结论：qualified 合格 / unqualified 不合格 / rectify 需整改")
    remarks: str | None = Field(description="质检意见")
    reviewed_at: datetime | None = Field(description="质检时间")
    reviewer_name: str | None = Field(description="质检人")
    version: int = Field(description="版本号，与 ETag 一致(质检时作为 If-Match)")


class TimelineEntry(BaseModel):
    """One entry of the case's timeline, as the review drawer summarises it."""

    occurred_at: datetime
    action: str = Field(description="动作")
    from_state: str | None
    to_state: str | None
    actor_name: str | None = Field(description="操作者")
    comment: str | None = Field(description="意见/说明")


class SampleDetail(SampleOut):
    """A sample with the summary of its case's timeline."""

    case_description: str = Field(description="诉求内容")
    timeline: list[TimelineEntry] = Field(description="诉求办理时间线(最近30条，按时间先后)")


class VerdictIn(BaseModel):
    """The reviewer's verdict; remarks are required unless the case passes."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    verdict: Verdict = Field(description="质检结论：qualified 合格 / unqualified 不合格 / rectify 需整改")
    remarks: str | None = Field(default=None, max_length=1000, description="质检意见(不合格、需整改时必填)")


class GroupStats(BaseModel):
    """The figures of one group of candidates (all, a region, a unit or an event)."""

    region_code: str | None = Field(default=None, description="行政区划(按县区分组时)")
    region_name: str | None = None
    unit_id: int | None = Field(default=None, description="责任单位ID(按单位分组时；空为受理环节)")
    unit_name: str | None = None
    event: QualityEvent | None = Field(default=None, description="事件(按事件分组时)")
    candidates: int = Field(description="质检候选件数(期内不予受理、合并、撤回、退单)")
    sampled: int = Field(description="抽中件数")
    reviewed: int = Field(description="已质检件数")
    unqualified: int = Field(description="不合格件数")
    rectify: int = Field(description="需整改件数")
    sampling_rate: Rate = Field(description="抽样率")
    review_rate: Rate = Field(description="质检完成率")
    unqualified_rate: Rate = Field(description="不合格率")
    rectify_rate: Rate = Field(description="需整改率")


class QualityStats(BaseModel):
    """`GET /api/v1/quality/stats`: the period's candidates, in total, per county, per unit and per event."""

    period: PeriodOut
    region_code: str | None = Field(description="统计区域")
    region_name: str | None
    total: GroupStats
    by_region: list[GroupStats]
    by_unit: list[GroupStats]
    by_event: list[GroupStats]
