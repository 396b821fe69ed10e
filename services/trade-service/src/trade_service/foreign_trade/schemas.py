"""Request and response shapes of foreign trade statistics."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from trade_service.fields import RecordOut, RegionCode, WanUsd, Year


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class StatCreate(_In):
    """One region's imports and exports in one month; also the row of the XLSX import."""

    region_code: RegionCode
    year: Year
    month: int = Field(ge=1, le=12, description="月")
    import_wan_usd: WanUsd = Field(description="进口额(万美元)")
    export_wan_usd: WanUsd = Field(description="出口额(万美元)")


class StatUpdate(_In):
    """A correction of a month's values."""

    import_wan_usd: WanUsd | None = Field(default=None, description="进口额(万美元)")
    export_wan_usd: WanUsd | None = Field(default=None, description="出口额(万美元)")


class StatOut(RecordOut):
    """One region's imports and exports in one month."""

    year: int
    month: int
    import_wan_usd: Decimal = Field(description="进口额(万美元)")
    export_wan_usd: Decimal = Field(description="出口额(万美元)")


class ImportResult(BaseModel):
    """What an all-or-nothing import stored."""

    row_count: int = Field(description="导入行数")
    created: int = Field(description="新增记录数")
    updated: int = Field(description="更新已有记录数")
