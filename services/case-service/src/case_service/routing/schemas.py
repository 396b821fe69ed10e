"""Shapes of the routing catalogue: a rule in and out, a ranked proposal with its reason, the statistics per rule."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from case_service.case.schemas import UnitRef
from case_service.indicators.schemas import PeriodOut, Rate

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)
RegionField = Field(pattern=r"^\d{6}$", description="适用区域(市或县区)行政区划代码", examples=["411500"])


def _keywords(value: list[str] | None) -> list[str] | None:
    """Keywords trimmed, blanks dropped, each once in the order given."""
    if value is None:
        return None
    seen: list[str] = []
    for word in (w.strip() for w in value):
        if word and word not in seen:
            seen.append(word)
    return seen


class RuleCreate(BaseModel):
    """A new rule of the routing catalogue (city officers only)."""

    model_config = _STRICT

    name: str = Field(min_length=2, max_length=100, description="规则名称", examples=["工业用地指标"])
    category_code: str | None = Field(default=None, max_length=32, description="诉求分类编码(不填为不限)")
    keywords: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="关键词(命中任一即适用；不填为不限)",
        examples=[["用地", "指标"]],
    )
    region_code: str = RegionField
    lead_unit: UnitRef = Field(description="建议牵头单位")
    co_units: list[UnitRef] = Field(default_factory=list, max_length=10, description="建议配合单位")
    duty_basis: str = Field(min_length=2, max_length=2000, description="单位职责依据(三定方案等职责条文)")
    priority: int = Field(default=0, ge=0, le=100, description="优先级(0-100，同分时高者在前)")
    is_active: bool = Field(default=True, description="是否启用")

    _words = field_validator("keywords")(_keywords)


class RuleUpdate(BaseModel):
    """A partial update of a rule."""

    model_config = _STRICT

    name: str | None = Field(default=None, min_length=2, max_length=100, description="规则名称")
    category_code: str | None = Field(default=None, max_length=32, description="诉求分类编码(空为不限)")
    keywords: list[str] | None = Field(default=None, max_length=20, description="关键词")
    region_code: str | None = Field(default=None, pattern=r"^\d{6}$", description="适用区域行政区划代码")
    lead_unit: UnitRef | None = Field(default=None, description="建议牵头单位")
    co_units: list[UnitRef] | None = Field(default=None, max_length=10, description="建议配合单位")
    duty_basis: str | None = Field(default=None, min_length=2, max_length=2000, description="单位职责依据")
    priority: int | None = Field(default=None, ge=0, le=100, description="优先级")
    is_active: bool | None = Field(default=None, description="是否启用")

    _words = field_validator("keywords")(_keywords)


class RuleUnit(BaseModel):
    """A unit a rule names."""

    unit_id: int
    unit_name: str | None


class RuleOut(BaseModel):
    """A rule of the routing catalogue."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    category_code: str | None
    category_name: str | None = Field(description="诉求分类名称")
    keywords: list[str]
    region_code: str
    region_name: str | None
    lead_unit: RuleUnit
    co_units: list[RuleUnit]
    duty_basis: str
    priority: int
    is_active: bool
    version: int = Field(description="版本号，与 ETag 一致")
    created_at: datetime
    updated_at: datetime


class ProposalReason(BaseModel):
    """Why a rule applies to the case: what matched, and the unit duty it rests on."""

    category_matched: bool = Field(description="诉求分类是否与规则一致(规则不限分类时为否)")
    category_name: str | None = Field(description="规则的诉求分类名称")
    matched_keywords: list[str] = Field(description="诉求标题或内容中命中的关键词")
    region_code: str = Field(description="规则适用区域")
    region_name: str | None
    duty_basis: str = Field(description="单位职责依据")
    text: str = Field(description="建议理由(一句话)")


class Proposal(BaseModel):
    """One ranked proposal for the 交办 of a case."""

    rank: int = Field(description="名次(1 为最优)")
    score: int = Field(description="匹配得分：分类 40 + 每个关键词 10 + 县区规则 5 + 优先级")
    rule_id: int
    rule_name: str
    lead_unit: RuleUnit
    co_units: list[RuleUnit]
    reason: ProposalReason


class ProposalList(BaseModel):
    """The proposals for a case, best first (empty when no rule applies)."""

    case_id: int
    items: list[Proposal]


class RuleStats(BaseModel):
    """One rule's proposals in the period: how often they were taken, and how often the unit returned the case."""

    rule_id: int
    rule_name: str
    proposed: int = Field(description="按该规则建议交办的件数(含改派)")
    accepted: int = Field(description="采纳建议交办的件数")
    overridden: int = Field(description="改派(未按建议)交办的件数")
    returned: int = Field(description="采纳建议后被退回(退单)的件数")
    acceptance: Rate = Field(description="建议采纳率")
    return_rate: Rate = Field(description="退单率")


class RoutingStats(BaseModel):
    """`GET /api/v1/routing-rules/stats`: the catalogue's proposals in a period, in total and per rule."""

    period: PeriodOut
    acceptance: Rate = Field(description="建议采纳率(全部规则)")
    return_rate: Rate = Field(description="退单率(全部规则)")
    by_rule: list[RuleStats]
