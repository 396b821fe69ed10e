"""Request and response shapes of the enterprise directory."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from platform_core.uscc import normalise_uscc

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


class EnterpriseSize(StrEnum):
    """规模: 大型 / 中型 / 小型 / 微型."""

    LARGE = "large"
    MEDIUM = "medium"
    SMALL = "small"
    MICRO = "micro"


class EnterpriseType(StrEnum):
    """企业类型 (by ownership, as the registration names it)."""

    STATE_OWNED = "state_owned"
    COLLECTIVE = "collective"
    PRIVATE = "private"
    FOREIGN = "foreign"
    HK_MO_TW = "hk_mo_tw"
    INDIVIDUAL = "individual"
    OTHER = "other"


def _check_phone(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    value = value.replace(" ", "")
    if not PHONE_RE.match(value):
        raise ValueError("联系电话格式不正确（手机号或带区号的固定电话）")
    return value


class EnterpriseFields(BaseModel):
    """Fields an officer may set."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=2, max_length=200, description="企业名称", examples=["光山县大别山茶业有限公司"])
    region_code: str = Field(pattern=r"^\d{6}$", description="所属行政区划代码(GB/T 2260)", examples=["411522"])
    industry: str | None = Field(default=None, max_length=64, description="所属行业", examples=["茶叶加工"])
    size: EnterpriseSize | None = Field(default=None, description="企业规模")
    enterprise_type: EnterpriseType | None = Field(default=None, description="企业类型")
    is_key: bool = Field(default=False, description="是否重点企业")
    contact_person: str | None = Field(default=None, max_length=64, description="联系人")
    contact_phone: str | None = Field(default=None, max_length=32, description="联系电话", examples=["13837612345"])
    address: str | None = Field(default=None, max_length=255, description="地址")

    _phone = field_validator("contact_phone")(_check_phone)


class EnterpriseCreate(EnterpriseFields):
    """A new enterprise."""

    uscc: str = Field(description="统一社会信用代码(18位)", examples=["91411522MA45R7K376"])

    @field_validator("uscc")
    @classmethod
    def _valid_uscc(cls, value: str) -> str:
        return normalise_uscc(value)


class EnterpriseUpdate(BaseModel):
    """A partial update; the USCC is the cross-service key and cannot change."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=2, max_length=200, description="企业名称")
    region_code: str | None = Field(default=None, pattern=r"^\d{6}$", description="所属行政区划代码")
    industry: str | None = Field(default=None, max_length=64, description="所属行业")
    size: EnterpriseSize | None = Field(default=None, description="企业规模")
    enterprise_type: EnterpriseType | None = Field(default=None, description="企业类型")
    is_key: bool | None = Field(default=None, description="是否重点企业")
    contact_person: str | None = Field(default=None, max_length=64, description="联系人")
    contact_phone: str | None = Field(default=None, max_length=32, description="联系电话")
    address: str | None = Field(default=None, max_length=255, description="地址")

    _phone = field_validator("contact_phone")(_check_phone)


class EnterpriseOut(BaseModel):
    """An enterprise as the caller may see it (phone masked without `enterprise:contact:read`)."""

    id: int
    uscc: str = Field(description="统一社会信用代码")
    name: str = Field(description="企业名称")
    region_code: str = Field(description="行政区划代码")
    region_name: str | None = Field(description="行政区划名称")
    industry: str | None = Field(description="所属行业")
    size: EnterpriseSize | None = Field(description="企业规模")
    enterprise_type: EnterpriseType | None = Field(default=None, description="企业类型")
    is_key: bool = Field(description="是否重点企业")
    contact_person: str | None = Field(description="联系人")
    contact_phone: str | None = Field(description="联系电话（无权限时脱敏）")
    address: str | None = Field(description="地址")
    version: int = Field(description="版本号，与 ETag 一致")
    created_at: datetime
    updated_at: datetime


class EnterpriseCreated(EnterpriseOut):
    """The created enterprise, with non-blocking warnings about its data."""

    warnings: list[str] = Field(default_factory=list, description="提示（不阻止保存），如组织机构代码校验位不符")


class EnterpriseSyncItem(BaseModel):
    """One change in the sync stream; deleted records come as tombstones."""

    id: int
    uscc: str
    deleted: bool = Field(description="是否已删除（墓碑）")
    updated_at: datetime
    name: str | None = None
    region_code: str | None = None
    industry: str | None = None
    size: EnterpriseSize | None = None
    enterprise_type: EnterpriseType | None = None
    is_key: bool | None = None
    contact_person: str | None = None
    contact_phone: str | None = None
    address: str | None = None


class RegionCount(BaseModel):
    """Enterprises counted in one region."""

    region_code: str
    region_name: str | None
    count: int
    key_count: int = Field(description="其中重点企业数")


class IndustryCount(BaseModel):
    """Enterprises counted in one industry."""

    industry: str
    count: int


class CountsByRegion(BaseModel):
    """Counts per region within the caller's scope."""

    items: list[RegionCount]
    total: int


class CountsByIndustry(BaseModel):
    """Counts per industry within the caller's scope."""

    items: list[IndustryCount]
    total: int
