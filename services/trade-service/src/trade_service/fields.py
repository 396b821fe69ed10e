"""Field types shared by the trade records: region codes, credit codes, money with its unit, counts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from platform_core.uscc import normalise_uscc

RegionCode = Annotated[str, Field(pattern=r"^\d{6}$", description="所属行政区划代码(GB/T 2260)", examples=["411522"])]
Uscc = Annotated[
    str,
    Field(description="统一社会信用代码(18位)", examples=["91411522MA45R7K376"]),
    AfterValidator(normalise_uscc),
]
EnterpriseName = Annotated[str, Field(min_length=2, max_length=200, description="企业名称")]
Count = Annotated[int, Field(ge=0, le=100_000_000)]
WanYuan = Annotated[
    Decimal, Field(ge=0, max_digits=14, decimal_places=2, description="金额（万元）", examples=["120.50"])
]
WanUsd = Annotated[
    Decimal, Field(ge=0, max_digits=16, decimal_places=2, description="金额（万美元）", examples=["35.00"])
]
YiYuan = Annotated[
    Decimal, Field(ge=0, max_digits=12, decimal_places=4, description="金额（亿元）", examples=["1.2500"])
]
Year = Annotated[int, Field(ge=1949, le=2100, description="年份")]
Notes = Annotated[str | None, Field(default=None, max_length=1000, description="备注")]


class Mode(StrEnum):
    """线上 online / 线下 offline / 线上线下结合 hybrid."""

    ONLINE = "online"
    OFFLINE = "offline"
    HYBRID = "hybrid"


class Level(StrEnum):
    """Honour or designation level: 国家级 / 省级 / 市级."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"


class RecordOut(BaseModel):
    """Bookkeeping fields of every record."""

    id: int
    region_code: str = Field(description="行政区划代码")
    region_name: str | None = Field(description="行政区划名称")
    version: int = Field(description="版本号，与 ETag 一致")
    created_at: datetime
    updated_at: datetime
