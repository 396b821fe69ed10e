"""Request and response shapes of 三个一批 rounds."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from investment_service.levels import LevelOut
from investment_service.project.codes import check_pattern
from platform_core.dates import IsoDate

PATTERN_HELP = "项目编号规则：{year} 年度、{round} 期数、{region} 县区代码、{seq} 序号，可写 {round:02}、{seq:03} 补零"
EXAMPLE = "XY{year}-{round:02}-{seq:03}"


def valid_pattern(value: str | None) -> str | None:
    """An empty pattern means the default one; any other must give valid codes."""
    if value is None or not value.strip():
        return None
    return check_pattern(value.strip())


class RoundKind(StrEnum):
    """批次类型: the province's集中活动 or the city's own."""

    PROVINCIAL = "provincial"
    CITY = "city"


class RoundCreate(BaseModel):
    """A new round, kept at the caller's own level (the province or the caller's city)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    number: int = Field(ge=1, le=999, description="期数（第N期）", examples=[1])
    held_on: IsoDate = Field(description="举办日期", examples=["2021-07-10"])
    venue: str = Field(min_length=1, max_length=200, description="举办地点（主会场/分会场）", examples=["信阳市分会场"])
    kind: RoundKind = Field(
        default=RoundKind.PROVINCIAL, description="类型：provincial 全省集中 / city 全市集中（省级批次只能为全省集中）"
    )
    title: str | None = Field(default=None, max_length=200, description="活动名称")
    notes: str | None = Field(default=None, max_length=2000, description="备注")
    code_pattern: str | None = Field(default=None, max_length=64, description=PATTERN_HELP, examples=[EXAMPLE])

    _pattern = field_validator("code_pattern")(valid_pattern)


class RoundUpdate(BaseModel):
    """A partial update."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    number: int | None = Field(default=None, ge=1, le=999, description="期数")
    held_on: IsoDate | None = Field(default=None, description="举办日期")
    venue: str | None = Field(default=None, min_length=1, max_length=200, description="举办地点")
    kind: RoundKind | None = Field(default=None, description="类型")
    title: str | None = Field(default=None, max_length=200, description="活动名称")
    notes: str | None = Field(default=None, max_length=2000, description="备注")
    code_pattern: str | None = Field(default=None, max_length=64, description=PATTERN_HELP)

    _pattern = field_validator("code_pattern")(valid_pattern)


class StageListing(BaseModel):
    """Projects a round listed at one step (in the caller's scope)."""

    count: int
    contracted_investment_wan_yuan: Decimal = Field(description="签约投资额合计（万元）")


class RoundOut(LevelOut):
    """A round with who keeps it and what it listed in the caller's scope."""

    id: int
    number: int
    held_on: IsoDate
    venue: str
    kind: RoundKind
    title: str | None
    notes: str | None
    code_pattern: str | None = Field(description="项目编号规则")
    signed: StageListing = Field(description="签约一批")
    started: StageListing = Field(description="开工一批")
    in_production: StageListing = Field(description="投产一批")
    version: int = Field(description="版本号，与 ETag 一致")
    created_at: datetime
    updated_at: datetime


class RoundList(BaseModel):
    """Rounds, newest first."""

    items: list[RoundOut]
