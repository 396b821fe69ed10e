"""Request and response shapes of projects, their steps and progress reports."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from investment_service.core import cents
from investment_service.project.flows import Stage
from platform_core.dates import IsoDate
from platform_core.enumerations import labels
from platform_core.uscc import normalise_uscc

#: GB/T 2260 codes of Taiwan, Hong Kong and Macao: investors from there count as foreign, not out-of-province.
HMT_PROVINCE_CODES = frozenset({"710000", "810000", "820000"})


class InvestorOrigin(StrEnum):
    """投资方来源."""

    LOCAL = "local"
    OUT_OF_PROVINCE = "out_of_province"
    FOREIGN = "foreign"


ORIGIN_LABELS = {InvestorOrigin.LOCAL: "省内", InvestorOrigin.OUT_OF_PROVINCE: "省外", InvestorOrigin.FOREIGN: "境外"}


class Category(StrEnum):
    """项目类别."""

    MANUFACTURING = "manufacturing"
    INVESTMENT_ATTRACTION = "investment_attraction"
    STRATEGIC_EMERGING = "strategic_emerging"
    INFRASTRUCTURE = "infrastructure"
    MODERN_SERVICES = "modern_services"
    SOCIAL = "social"


CATEGORY_LABELS: dict[str, str] = labels("investment_category")

#: The usual minimum contracted investment of a 三个一批 project by category (万元): a warning, never a rule.
CATEGORY_THRESHOLDS_WAN_YUAN: dict[Category, Decimal] = {
    Category.MANUFACTURING: Decimal(30000),
    Category.INVESTMENT_ATTRACTION: Decimal(10000),
    Category.STRATEGIC_EMERGING: Decimal(10000),
    Category.INFRASTRUCTURE: Decimal(100000),
    Category.MODERN_SERVICES: Decimal(50000),
    Category.SOCIAL: Decimal(20000),
}


class Investor(BaseModel):
    """Who invests: name, credit code when registered, and where from."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=2, max_length=200, description="投资方名称", examples=["深圳某电子科技有限公司"])
    uscc: str | None = Field(default=None, description="统一社会信用代码（已登记时）")
    origin: InvestorOrigin = Field(description="来源：local 省内 / out_of_province 省外 / foreign 境外（含港澳台）")
    province_code: str | None = Field(
        default=None, pattern=r"^\d{2}0000$", description="省外投资方所在省份代码（origin=out_of_province 时必填）"
    )
    country_region: str | None = Field(
        default=None, max_length=64, description="境外投资方国别或地区（origin=foreign 时必填，如 香港、韩国）"
    )

    @field_validator("uscc")
    @classmethod
    def _valid_uscc(cls, value: str | None) -> str | None:
        return normalise_uscc(value) if value else None

    @model_validator(mode="after")
    def _origin_details(self) -> Self:
        if self.origin is InvestorOrigin.OUT_OF_PROVINCE:
            if not self.province_code:
                raise ValueError("省外投资方须填写所在省份")
            if self.province_code in HMT_PROVINCE_CODES:
                raise ValueError("港澳台投资方按境外（外资）统计，来源应选 foreign")
            if self.country_region:
                raise ValueError("省外投资方不填写国别或地区")
        elif self.origin is InvestorOrigin.FOREIGN:
            if not self.country_region:
                raise ValueError("境外投资方须填写国别或地区")
            if self.province_code:
                raise ValueError("境外投资方不填写省份")
        elif self.province_code or self.country_region:
            raise ValueError("省内投资方不填写省份或国别地区")
        return self


class StepIn(BaseModel):
    """One step of the stage machine."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    stage: Stage = Field(description="目标阶段")
    date: IsoDate = Field(description="发生日期（不得早于上一步，不得晚于今天）", examples=["2021-07-10"])
    evidence: str | None = Field(
        default=None, max_length=2000, description="佐证材料说明（合同、营业执照、开工照片等）"
    )
    round_id: int | None = Field(default=None, ge=1, description="列入的“三个一批”批次ID（签约、开工、投产）")


class SignedIn(BaseModel):
    """The signing of a project entered as already signed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    date: IsoDate = Field(description="签约日期")
    evidence: str | None = Field(default=None, max_length=2000, description="佐证材料说明")
    round_id: int | None = Field(default=None, ge=1, description="签约所在“三个一批”批次ID")


class ProjectFields(BaseModel):
    """Fields an officer sets on a project."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$", description="项目编号", examples=["GS2021-001"])
    name: str = Field(min_length=2, max_length=200, description="项目名称", examples=["年产5000吨茶饮料生产线项目"])
    investor: Investor
    industry: str | None = Field(default=None, max_length=64, description="所属行业", examples=["食品制造"])
    industry_chain_code: str | None = Field(default=None, max_length=32, description="所属产业链编码（字典）")
    category: Category = Field(description="项目类别")
    region_code: str = Field(pattern=r"^\d{6}$", description="项目所在行政区划代码", examples=["411522"])
    contracted_investment_wan_yuan: Decimal = Field(
        ge=0, max_digits=16, decimal_places=2, description="签约投资额（万元）", examples=["35000"]
    )
    chief_service_officer: str | None = Field(default=None, max_length=64, description="首席服务官")
    linked_case_ids: list[int] = Field(default_factory=list, max_length=100, description="关联诉求ID")
    description: str | None = Field(default=None, max_length=4000, description="项目简介")

    _cents = field_validator("contracted_investment_wan_yuan")(cents)


class ProjectCreate(ProjectFields):
    """A new project, in negotiation or (with `signed`) already signed."""

    code: str | None = Field(  # type: ignore[assignment]
        default=None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$",
        description="项目编号；不填时按签约批次的编号规则（或默认规则）生成",
        examples=["GS2021-001"],
    )

    signed: SignedIn | None = Field(default=None, description="已签约时填写：签约日期、佐证、批次")


class NextCode(BaseModel):
    """The code a new project would get now (the officer may change it)."""

    code: str = Field(description="建议的项目编号")
    pattern: str = Field(description="所用编号规则")


class ProjectUpdate(BaseModel):
    """A partial update; the stage changes only through `POST /projects/{id}/stage`."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$", description="项目编号")
    name: str | None = Field(default=None, min_length=2, max_length=200, description="项目名称")
    investor: Investor | None = None
    industry: str | None = Field(default=None, max_length=64, description="所属行业")
    industry_chain_code: str | None = Field(default=None, max_length=32, description="所属产业链编码")
    category: Category | None = Field(default=None, description="项目类别")
    region_code: str | None = Field(default=None, pattern=r"^\d{6}$", description="项目所在行政区划代码")
    contracted_investment_wan_yuan: Decimal | None = Field(
        default=None, ge=0, max_digits=16, decimal_places=2, description="签约投资额（万元）"
    )
    chief_service_officer: str | None = Field(default=None, max_length=64, description="首席服务官")
    linked_case_ids: list[int] | None = Field(default=None, max_length=100, description="关联诉求ID")
    description: str | None = Field(default=None, max_length=4000, description="项目简介")

    _cents = field_validator("contracted_investment_wan_yuan")(cents)


class InvestorOut(BaseModel):
    """The investor as stored, with display names."""

    name: str
    uscc: str | None
    origin: InvestorOrigin
    origin_label: str = Field(description="来源名称")
    province_code: str | None
    province_name: str | None
    country_region: str | None


class RoundBrief(BaseModel):
    """A round as shown next to a step."""

    id: int
    number: int = Field(description="期数")
    kind: str = Field(description="类型")
    held_on: IsoDate = Field(description="举办日期")


class ProjectOut(BaseModel):
    """A project as listed."""

    id: int
    code: str = Field(description="项目编号")
    name: str = Field(description="项目名称")
    investor: InvestorOut
    industry: str | None
    industry_chain_code: str | None
    industry_chain_name: str | None
    category: Category
    category_label: str
    region_code: str
    region_name: str | None
    contracted_investment_wan_yuan: Decimal = Field(description="签约投资额（万元，字符串）")
    stage: Stage
    stage_label: str
    stage_before_stall: Stage | None = Field(description="停滞前所处阶段")
    next_stages: list[Stage] = Field(description="当前可变更到的阶段")
    signed_on: IsoDate | None
    landed_on: IsoDate | None
    started_on: IsoDate | None
    in_production_on: IsoDate | None
    at_capacity_on: IsoDate | None
    signed_round_id: int | None
    started_round_id: int | None
    in_production_round_id: int | None
    chief_service_officer: str | None
    linked_case_ids: list[int]
    description: str | None
    warnings: list[str] = Field(description="提示（不阻止保存），如投资额低于该类别的一般门槛")
    version: int = Field(description="版本号，与 ETag 一致")
    created_at: datetime
    updated_at: datetime


class StageEventOut(BaseModel):
    """One step in a project's timeline."""

    id: int
    seq: int
    from_stage: Stage | None
    to_stage: Stage
    to_stage_label: str
    date: IsoDate
    evidence: str | None
    round: RoundBrief | None
    recorded_by: str
    recorded_by_name: str | None
    created_at: datetime


class ProjectDetail(ProjectOut):
    """A project with its stage timeline."""

    stages: list[StageEventOut] = Field(description="阶段时间线（按发生顺序）")


class ProgressIn(BaseModel):
    """A progress report."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reported_on: IsoDate = Field(description="报告日期")
    content: str = Field(min_length=1, max_length=4000, description="推进情况")
    problems: str | None = Field(default=None, max_length=4000, description="存在问题")


class ProgressOut(BaseModel):
    """A stored progress report."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    project_id: int
    reported_on: IsoDate
    content: str
    problems: str | None
    reported_by: str
    reported_by_name: str | None
    created_at: datetime


class ProgressList(BaseModel):
    """A project's progress reports, newest first."""

    items: list[ProgressOut]


class StageCount(BaseModel):
    """Projects currently at one stage."""

    stage: Stage
    stage_label: str
    count: int
    contracted_investment_wan_yuan: Decimal


class StageCounts(BaseModel):
    """The pipeline funnel in scope."""

    items: list[StageCount]
    total: int


class ImportOutcome(BaseModel):
    """What an all-or-nothing project import stored."""

    imported: int = Field(description="导入的项目数")
    ids: list[int] = Field(description="新项目ID（按行序）")
    warnings: list[dict[str, object]] = Field(description="提示（不阻止导入）：[{row, message}]")


class ProjectSyncItem(BaseModel):
    """One project change in the sync stream; deleted projects come as tombstones."""

    id: int
    code: str
    deleted: bool
    updated_at: datetime
    name: str | None = None
    investor_name: str | None = None
    investor_origin: InvestorOrigin | None = None
    investor_province_code: str | None = None
    investor_country_region: str | None = None
    industry: str | None = None
    industry_chain_code: str | None = None
    category: Category | None = None
    region_code: str | None = None
    contracted_investment_wan_yuan: Decimal | None = None
    stage: Stage | None = None
    signed_on: IsoDate | None = None
    landed_on: IsoDate | None = None
    started_on: IsoDate | None = None
    in_production_on: IsoDate | None = None
    at_capacity_on: IsoDate | None = None
    signed_round_id: int | None = None
    started_round_id: int | None = None
    in_production_round_id: int | None = None
