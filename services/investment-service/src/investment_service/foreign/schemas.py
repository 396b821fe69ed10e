"""Request and response shapes of foreign-invested enterprises, visits and foreign capital."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from investment_service.core import cents
from platform_core.dates import IsoDate
from platform_core.uscc import normalise_uscc

#: The visit campaign over foreign-invested enterprises the report names.
DEFAULT_CAMPAIGN = "千家外企大走访"


class Caliber(StrEnum):
    """统计口径: the province's local caliber or MOFCOM's 实际使用外资; never added together."""

    LOCAL = "local"
    MOFCOM = "mofcom"


CALIBER_LABELS = {Caliber.LOCAL: "省定口径", Caliber.MOFCOM: "商务部口径"}


def _uscc(value: str) -> str:
    return normalise_uscc(value)


class ForeignEnterpriseFields(BaseModel):
    """Fields an officer sets on a foreign-invested enterprise."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=2, max_length=200, description="企业名称", examples=["信阳某某电子（香港）有限公司"])
    investor_country_region: str = Field(
        min_length=2, max_length=64, description="投资方国别或地区（港澳台计入外资）", examples=["香港"]
    )
    region_code: str = Field(pattern=r"^\d{6}$", description="所在行政区划代码", examples=["411522"])
    established_on: IsoDate = Field(description="设立日期（新设外资企业按此统计）", examples=["2021-03-18"])
    registered_capital_wan_usd: Decimal | None = Field(
        default=None, ge=0, max_digits=16, decimal_places=2, description="注册资本（万美元）", examples=["500"]
    )
    industry: str | None = Field(default=None, max_length=64, description="所属行业")
    is_white_listed: bool = Field(default=False, description="是否列入白名单")
    white_listed_on: IsoDate | None = Field(default=None, description="列入白名单日期")
    chief_service_officer: str | None = Field(default=None, max_length=64, description="首席服务官")

    _cents = field_validator("registered_capital_wan_usd")(cents)


class ForeignEnterpriseCreate(ForeignEnterpriseFields):
    """A new foreign-invested enterprise."""

    uscc: str = Field(description="统一社会信用代码(18位)", examples=["91411522MA45R7K376"])

    _valid_uscc = field_validator("uscc")(_uscc)


class ForeignEnterpriseUpdate(BaseModel):
    """A partial update; the USCC is the cross-service key and cannot change."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=2, max_length=200, description="企业名称")
    investor_country_region: str | None = Field(
        default=None, min_length=2, max_length=64, description="投资方国别或地区"
    )
    region_code: str | None = Field(default=None, pattern=r"^\d{6}$", description="所在行政区划代码")
    established_on: IsoDate | None = Field(default=None, description="设立日期")
    registered_capital_wan_usd: Decimal | None = Field(
        default=None, ge=0, max_digits=16, decimal_places=2, description="注册资本（万美元）"
    )
    industry: str | None = Field(default=None, max_length=64, description="所属行业")
    is_white_listed: bool | None = Field(default=None, description="是否列入白名单")
    white_listed_on: IsoDate | None = Field(default=None, description="列入白名单日期")
    chief_service_officer: str | None = Field(default=None, max_length=64, description="首席服务官")

    _cents = field_validator("registered_capital_wan_usd")(cents)


class ForeignEnterpriseOut(BaseModel):
    """A foreign-invested enterprise."""

    id: int
    uscc: str
    name: str
    investor_country_region: str
    region_code: str
    region_name: str | None
    established_on: IsoDate
    registered_capital_wan_usd: Decimal | None = Field(description="注册资本（万美元，字符串）")
    industry: str | None
    is_white_listed: bool
    white_listed_on: IsoDate | None
    chief_service_officer: str | None
    visit_count: int = Field(description="走访次数")
    last_visited_on: IsoDate | None = Field(description="最近走访日期")
    version: int = Field(description="版本号，与 ETag 一致")
    created_at: datetime
    updated_at: datetime


class ForeignEnterpriseCreated(ForeignEnterpriseOut):
    """The created enterprise with non-blocking warnings."""

    warnings: list[str] = Field(default_factory=list, description="提示（不阻止保存）")


class ForeignVisitIn(BaseModel):
    """A visit to a foreign-invested enterprise."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    visited_on: IsoDate = Field(description="走访日期")
    visitors: list[str] = Field(min_length=1, max_length=20, description="走访人员", examples=[["王建国", "李海燕"]])
    notes: str | None = Field(default=None, max_length=4000, description="走访情况")
    campaign: str | None = Field(default=DEFAULT_CAMPAIGN, max_length=64, description="所属走访活动")

    @field_validator("visitors")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        names = [v.strip() for v in value]
        if any(not n or len(n) > 64 for n in names):
            raise ValueError("走访人员姓名应为1-64个字符")
        return names


class ForeignVisitOut(BaseModel):
    """A stored visit."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    enterprise_id: int
    visited_on: IsoDate
    visitors: list[str]
    notes: str | None
    campaign: str | None
    recorded_by: str
    created_at: datetime


class ForeignVisitList(BaseModel):
    """An enterprise's visits, newest first."""

    items: list[ForeignVisitOut]


class ForeignEnterpriseSyncItem(BaseModel):
    """One foreign-invested enterprise change in the sync stream; deletions as tombstones."""

    id: int
    uscc: str
    deleted: bool
    updated_at: datetime
    name: str | None = None
    investor_country_region: str | None = None
    region_code: str | None = None
    established_on: IsoDate | None = None
    registered_capital_wan_usd: Decimal | None = None
    industry: str | None = None
    is_white_listed: bool | None = None
    chief_service_officer: str | None = None


class CapitalCreate(BaseModel):
    """A month's actual foreign capital in one caliber, for a region (or an enterprise, whose region it takes)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    month: str = Field(pattern=r"^\d{4}-\d{2}$", description="月份 YYYY-MM", examples=["2021-06"])
    caliber: Caliber = Field(description="统计口径：local 省定口径 / mofcom 商务部口径")
    amount_wan_usd: Decimal = Field(
        ge=0, max_digits=16, decimal_places=2, description="实际吸收外资（万美元）", examples=["5500"]
    )
    region_code: str | None = Field(default=None, pattern=r"^\d{6}$", description="行政区划代码（未填企业时必填）")
    enterprise_id: int | None = Field(default=None, ge=1, description="外资企业ID（可空）")
    note: str | None = Field(default=None, max_length=500, description="备注")

    _cents = field_validator("amount_wan_usd")(cents)


class CapitalUpdate(BaseModel):
    """A partial update of a figure."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    month: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}$", description="月份 YYYY-MM")
    caliber: Caliber | None = Field(default=None, description="统计口径")
    amount_wan_usd: Decimal | None = Field(default=None, ge=0, max_digits=16, decimal_places=2, description="万美元")
    note: str | None = Field(default=None, max_length=500, description="备注")

    _cents = field_validator("amount_wan_usd")(cents)


class CapitalOut(BaseModel):
    """A stored figure."""

    id: int
    month: str
    caliber: Caliber
    caliber_label: str
    amount_wan_usd: Decimal = Field(description="实际吸收外资（万美元，字符串）")
    region_code: str
    region_name: str | None
    enterprise_id: int | None
    enterprise_name: str | None
    note: str | None
    version: int
    created_at: datetime
    updated_at: datetime


class MonthAmount(BaseModel):
    """One month's total."""

    month: str
    amount_wan_usd: Decimal


class RegionAmount(BaseModel):
    """One region's total (a child of the asked region)."""

    region_code: str
    region_name: str | None
    amount_wan_usd: Decimal


class CapitalTotals(BaseModel):
    """Totals of one caliber (two calibers are never added)."""

    caliber: Caliber
    caliber_label: str
    period: str
    region_code: str
    total_wan_usd: Decimal
    by_month: list[MonthAmount]
    by_region: list[RegionAmount]
