"""Request and response shapes of funds in place."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from investment_service.core import cents


class FundCreate(BaseModel):
    """The first figure of a month."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    month: str = Field(pattern=r"^\d{4}-\d{2}$", description="月份 YYYY-MM", examples=["2021-06"])
    amount_wan_yuan: Decimal = Field(
        ge=0, max_digits=16, decimal_places=2, description="当月实际到位省外资金（万元）", examples=["1200.50"]
    )
    note: str | None = Field(default=None, max_length=500, description="说明")

    _cents = field_validator("amount_wan_yuan")(cents)


class FundCorrection(BaseModel):
    """A corrected figure for a month: a new revision, the previous one kept."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    amount_wan_yuan: Decimal = Field(ge=0, max_digits=16, decimal_places=2, description="更正后的金额（万元）")
    reason: str = Field(min_length=2, max_length=500, description="更正原因", examples=["按到账凭证更正"])

    _cents = field_validator("amount_wan_yuan")(cents)


class FundOut(BaseModel):
    """One revision of a month's figure."""

    id: int
    project_id: int
    month: str = Field(description="月份 YYYY-MM")
    amount_wan_yuan: Decimal = Field(description="实际到位省外资金（万元，字符串）")
    revision: int = Field(description="版本（更正一次加1），与该月的 ETag 一致")
    is_current: bool = Field(description="是否当前有效版本")
    note: str | None = Field(description="说明或更正原因")
    recorded_by: str
    recorded_by_name: str | None
    created_at: datetime
    superseded_at: datetime | None = Field(description="被更正的时间")


class FundList(BaseModel):
    """A project's monthly figures (current ones, or every revision with `include_history`)."""

    items: list[FundOut]
    total_wan_yuan: Decimal = Field(description="当前有效版本合计（万元）")


class FundRow(FundOut):
    """A month's current figure with its project, for the cross-project list."""

    project_code: str
    project_name: str
    region_code: str
    region_name: str | None


class FundSyncItem(BaseModel):
    """One fund revision in the sync stream (a superseded revision comes again with `is_current: false`)."""

    id: int
    project_id: int
    month: str
    amount_wan_yuan: Decimal
    revision: int
    is_current: bool
    note: str | None
    updated_at: datetime
