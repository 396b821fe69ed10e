"""Request and response shapes of trade fairs and trainings."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from platform_core.dates import IsoDate
from trade_service.fields import Count, EnterpriseName, Mode, Notes, RecordOut, RegionCode, Uscc, WanUsd


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FairCreate(_In):
    """A new trade fair."""

    name: str = Field(min_length=2, max_length=200, description="展会名称", examples=["第129届中国进出口商品交易会"])
    mode: Mode = Field(description="形式")
    starts_on: IsoDate = Field(description="开始日期")
    ends_on: IsoDate = Field(description="结束日期")
    organizer: str | None = Field(default=None, max_length=200, description="主办单位")
    location: str | None = Field(default=None, max_length=200, description="举办地点")
    region_code: RegionCode
    notes: Notes = None


class FairUpdate(_In):
    """A partial update of a fair."""

    name: str | None = Field(default=None, min_length=2, max_length=200, description="展会名称")
    mode: Mode | None = Field(default=None, description="形式")
    starts_on: IsoDate | None = Field(default=None, description="开始日期")
    ends_on: IsoDate | None = Field(default=None, description="结束日期")
    organizer: str | None = Field(default=None, max_length=200, description="主办单位")
    location: str | None = Field(default=None, max_length=200, description="举办地点")
    region_code: RegionCode | None = None
    notes: Notes = None


class FairOut(RecordOut):
    """A trade fair with its participant count and intended deals (participants in the caller's scope)."""

    name: str
    mode: Mode
    starts_on: IsoDate
    ends_on: IsoDate
    organizer: str | None
    location: str | None
    notes: str | None
    participant_count: int = Field(description="参展企业数（数据范围内）")
    intended_deal_wan_usd: Decimal = Field(description="意向成交额合计(万美元，数据范围内)")


class ParticipantCreate(_In):
    """An enterprise registered for a fair."""

    enterprise_uscc: Uscc
    enterprise_name: EnterpriseName
    region_code: RegionCode = Field(description="企业所在县区")
    mode: Mode | None = Field(default=None, description="参展形式")
    intended_deal_wan_usd: WanUsd | None = Field(default=None, description="意向成交额(万美元)")
    notes: Notes = None


class ParticipantUpdate(_In):
    """A partial update of a participation."""

    enterprise_name: EnterpriseName | None = None
    region_code: RegionCode | None = None
    mode: Mode | None = Field(default=None, description="参展形式")
    intended_deal_wan_usd: WanUsd | None = Field(default=None, description="意向成交额(万美元)")
    notes: Notes = None


class ParticipantOut(RecordOut):
    """An enterprise at a fair."""

    fair_id: int
    enterprise_uscc: str
    enterprise_name: str
    mode: Mode | None
    intended_deal_wan_usd: Decimal | None = Field(description="意向成交额(万美元)")
    notes: str | None


class TrainingCreate(_In):
    """A new training."""

    topic: str = Field(min_length=2, max_length=200, description="培训主题", examples=["RCEP 线上培训班"])
    held_on: IsoDate = Field(description="举办日期")
    mode: Mode = Field(description="形式")
    organizer: str | None = Field(default=None, max_length=200, description="主办单位")
    attendee_count: Count = Field(default=0, description="参训人数")
    enterprise_count: Count = Field(default=0, description="参训企业数")
    region_code: RegionCode
    notes: Notes = None


class TrainingUpdate(_In):
    """A partial update of a training."""

    topic: str | None = Field(default=None, min_length=2, max_length=200, description="培训主题")
    held_on: IsoDate | None = Field(default=None, description="举办日期")
    mode: Mode | None = Field(default=None, description="形式")
    organizer: str | None = Field(default=None, max_length=200, description="主办单位")
    attendee_count: Count | None = Field(default=None, description="参训人数")
    enterprise_count: Count | None = Field(default=None, description="参训企业数")
    region_code: RegionCode | None = None
    notes: Notes = None


class TrainingOut(RecordOut):
    """A training."""

    topic: str
    held_on: IsoDate
    mode: Mode
    organizer: str | None
    attendee_count: int
    enterprise_count: int
    notes: str | None
