"""Request and response shapes of policy funds."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from platform_core.dates import IsoDate
from trade_service.fields import EnterpriseName, Notes, RecordOut, RegionCode, Uscc, WanYuan


class FundKind(StrEnum):
    """中小开 / 出口信用保险保费补贴 / 其他."""

    SME_MARKET_DEVELOPMENT = "sme_market_development"
    EXPORT_CREDIT_INSURANCE = "export_credit_insurance"
    OTHER = "other"


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FundProgramCreate(_In):
    """A new policy fund program."""

    code: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$", description="项目编码", examples=["ZXK-2021"])
    name: str = Field(min_length=2, max_length=100, description="项目名称", examples=["中小企业国际市场开拓资金"])
    kind: FundKind = Field(description="类别")
    region_code: RegionCode
    description: str | None = Field(default=None, max_length=2000, description="说明")
    is_active: bool = Field(default=True, description="是否在办")


class FundProgramUpdate(_In):
    """A partial update of a program."""

    code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{1,32}$", description="项目编码")
    name: str | None = Field(default=None, min_length=2, max_length=100, description="项目名称")
    kind: FundKind | None = Field(default=None, description="类别")
    region_code: RegionCode | None = None
    description: str | None = Field(default=None, max_length=2000, description="说明")
    is_active: bool | None = Field(default=None, description="是否在办")


class FundProgramOut(RecordOut):
    """A policy fund program."""

    code: str
    name: str
    kind: FundKind
    description: str | None
    is_active: bool


class FundGrantCreate(_In):
    """An amount approved for an enterprise (and, when known, disbursed)."""

    program_id: int = Field(ge=1, description="政策资金项目ID")
    enterprise_uscc: Uscc
    enterprise_name: EnterpriseName
    region_code: RegionCode
    amount_wan_yuan: WanYuan
    approved_on: IsoDate = Field(description="批准日期")
    disbursed_on: IsoDate | None = Field(default=None, description="拨付到企业日期")
    notes: Notes = None


class FundGrantUpdate(_In):
    """A partial update of a grant (typically the disbursement date)."""

    program_id: int | None = Field(default=None, ge=1, description="政策资金项目ID")
    enterprise_uscc: Uscc | None = None
    enterprise_name: EnterpriseName | None = None
    region_code: RegionCode | None = None
    amount_wan_yuan: WanYuan | None = None
    approved_on: IsoDate | None = Field(default=None, description="批准日期")
    disbursed_on: IsoDate | None = Field(default=None, description="拨付到企业日期")
    notes: Notes = None


class FundGrantOut(RecordOut):
    """A grant to an enterprise."""

    program_id: int
    enterprise_uscc: str
    enterprise_name: str
    amount_wan_yuan: Decimal = Field(description="金额(万元)")
    approved_on: IsoDate
    disbursed_on: IsoDate | None
    notes: str | None
