"""Request and response shapes of policy conditions, matches, pushes and their read receipts."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from case_service.enterprise.schemas import EnterpriseSize, EnterpriseType
from case_service.policy.schemas import PolicyKind
from platform_core.dates import IsoDate


def _distinct(values: list[str]) -> list[str]:
    """Trimmed, non-empty, without repeats (a repeat is a typing slip the officer should see)."""
    out: list[str] = []
    for v in values:
        item = v.strip()
        if not item:
            raise ValueError("不能为空")
        if item in out:
            raise ValueError(f"重复：{item}")
        out.append(item)
    return out


class PolicyConditions(BaseModel):
    """Who a policy is for; an empty list (or no key flag) means any."""

    model_config = ConfigDict(extra="forbid")

    industries: list[str] = Field(
        default_factory=list, max_length=50, description="所属行业(与企业名录的行业一致)，空为不限"
    )
    sizes: list[EnterpriseSize] = Field(default_factory=list, max_length=4, description="企业规模，空为不限")
    enterprise_types: list[EnterpriseType] = Field(
        default_factory=list, max_length=7, description="企业类型，空为不限(未登记类型的企业只匹配不限类型的政策)"
    )
    region_codes: list[str] = Field(
        default_factory=list, max_length=50, description="适用区域(含下级区划)，空为发文区划全域"
    )
    key_enterprise: bool | None = Field(default=None, description="重点企业：true 仅重点企业，false 仅非重点，空为不限")

    @field_validator("industries")
    @classmethod
    def _industries(cls, values: list[str]) -> list[str]:
        for v in values:
            if len(v.strip()) > 64:
                raise ValueError("行业名称不超过64个字")
        return _distinct(values)

    @field_validator("sizes")
    @classmethod
    def _sizes(cls, values: list[EnterpriseSize]) -> list[EnterpriseSize]:
        if len(set(values)) != len(values):
            raise ValueError("企业规模重复")
        return values

    @field_validator("enterprise_types")
    @classmethod
    def _types(cls, values: list[EnterpriseType]) -> list[EnterpriseType]:
        if len(set(values)) != len(values):
            raise ValueError("企业类型重复")
        return values

    @field_validator("region_codes")
    @classmethod
    def _regions(cls, values: list[str]) -> list[str]:
        for v in values:
            if not (len(v) == 6 and v.isdigit()):
                raise ValueError(f"行政区划代码应为6位数字：{v}")
        return _distinct(values)


class PolicyConditionsOut(PolicyConditions):
    """A policy's conditions as shown, with region names and the policy's version (its ETag)."""

    model_config = ConfigDict(extra="ignore")

    policy_id: int
    targeted: bool = Field(description="是否已设置适用条件(未设置的政策不匹配企业)")
    region_names: list[str | None] = Field(description="适用区域名称，与 region_codes 对应")
    version: int = Field(description="政策文件版本号，与 ETag 一致")


class MatchedEnterprise(BaseModel):
    """One enterprise a policy fits, with the conditions it met and whether it was pushed and read."""

    enterprise_id: int
    uscc: str
    name: str
    region_code: str
    region_name: str | None
    industry: str | None
    size: EnterpriseSize | None
    enterprise_type: EnterpriseType | None = None
    is_key: bool
    reasons: list[str] = Field(description="符合的条件，如 行业：茶叶加工")
    pushed_at: datetime | None = Field(description="推送时间，未推送为空")
    read_at: datetime | None = Field(description="企业阅读时间，未读为空")


class PushRequest(BaseModel):
    """Which matched enterprises to push to: the listed ones, or every match in the caller's scope."""

    model_config = ConfigDict(extra="forbid")

    usccs: list[str] | None = Field(
        default=None, max_length=1000, description="企业统一社会信用代码；为空则推送给数据范围内全部匹配企业"
    )


class PushResult(BaseModel):
    """What one push did: enterprises newly pushed, those pushed before, and notices written."""

    policy_id: int
    pushed: int = Field(description="本次新推送的企业数")
    already_pushed: int = Field(description="此前已推送、本次未重复通知的企业数")
    notices: int = Field(description="本次写入的站内通知数(企业+包联干部)")


class Rate(BaseModel):
    """A rate with its parts."""

    numerator: int = Field(description="分子")
    denominator: int = Field(description="分母")
    percent: float | None = Field(description="百分比(分母为0时为空)")


class RegionPushFigures(BaseModel):
    """One region's matched, pushed and read enterprises."""

    region_code: str
    region_name: str | None
    matched: int
    pushed: int
    read: int
    read_rate: Rate


class PushStatistics(BaseModel):
    """A policy's push figures in the caller's scope: matched, pushed, read, with rates and per region."""

    policy_id: int
    matched: int = Field(description="匹配企业数")
    pushed: int = Field(description="已推送企业数")
    read: int = Field(description="企业已读数")
    push_rate: Rate = Field(description="推送率 = 已推送 / 匹配")
    read_rate: Rate = Field(description="阅读率 = 企业已读 / 已推送")
    cadre_read_rate: Rate = Field(description="包联干部阅读率 = 干部已读回执 / 干部回执")
    by_region: list[RegionPushFigures] = Field(description="按企业所属区划(县区)")


class PolicyForMe(BaseModel):
    """A policy that fits the caller's enterprise, as its home page lists it."""

    policy_id: int
    doc_number: str
    title: str
    issuer: str
    issue_date: IsoDate
    kind: PolicyKind
    kind_label: str
    summary: str | None
    attachment_url: str | None
    reasons: list[str] = Field(description="符合的条件")
    pushed_at: datetime | None
    unread: bool = Field(description="已推送且本企业尚未阅读")


class ReadResult(BaseModel):
    """How many receipts of the caller an opening marked read."""

    policy_id: int
    marked: int = Field(description="本次标记已读的回执数")
