"""Request and response shapes of rural e-commerce."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from platform_core.dates import IsoDate
from trade_service.fields import Count, Notes, RecordOut, RegionCode, Year


class DemoLevel(StrEnum):
    """国家级 / 省级."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DemoCountyCreate(_In):
    """A county approved as a demonstration county."""

    region_code: RegionCode = Field(description="示范县(县级行政区划代码)")
    approved_level: DemoLevel = Field(description="获批时级别")
    approved_year: Year
    promoted_to_national_on: IsoDate | None = Field(default=None, description="晋级国家级示范日期")
    notes: Notes = None


class DemoCountyUpdate(_In):
    """A partial update (typically the promotion to national level)."""

    approved_level: DemoLevel | None = Field(default=None, description="获批时级别")
    approved_year: Year | None = None
    promoted_to_national_on: IsoDate | None = Field(default=None, description="晋级国家级示范日期")
    notes: Notes = None


class DemoCountyOut(RecordOut):
    """A demonstration county with its current level."""

    approved_level: DemoLevel
    approved_year: int
    promoted_to_national_on: IsoDate | None
    level: DemoLevel = Field(description="当前级别")
    notes: str | None


class CoverageCreate(_In):
    """A county's coverage figures as of a date."""

    region_code: RegionCode = Field(description="县区")
    as_of: IsoDate = Field(description="统计截至日期")
    villages_total: Count = Field(description="行政村总数")
    villages_with_station: Count = Field(description="建有电商服务站点的行政村数")
    villages_with_express: Count = Field(description="快递服务覆盖的行政村数")
    poor_villages_total: Count = Field(description="贫困村总数")
    poor_villages_with_station: Count = Field(description="建有电商服务站点的贫困村数")


class CoverageUpdate(_In):
    """A correction of coverage figures."""

    villages_total: Count | None = None
    villages_with_station: Count | None = None
    villages_with_express: Count | None = None
    poor_villages_total: Count | None = None
    poor_villages_with_station: Count | None = None


class CoverageOut(RecordOut):
    """Coverage figures of a county."""

    as_of: IsoDate
    villages_total: int
    villages_with_station: int
    villages_with_express: int
    poor_villages_total: int
    poor_villages_with_station: int


class BrandCreate(_In):
    """A county public brand."""

    name: str = Field(min_length=2, max_length=100, description="品牌名称", examples=["光山十宝"])
    region_code: RegionCode
    launched_on: IsoDate | None = Field(default=None, description="发布日期")
    owner: str | None = Field(default=None, max_length=200, description="品牌运营主体")
    products: str | None = Field(default=None, max_length=2000, description="主要产品")


class BrandUpdate(_In):
    """A partial update of a brand."""

    name: str | None = Field(default=None, min_length=2, max_length=100, description="品牌名称")
    region_code: RegionCode | None = None
    launched_on: IsoDate | None = Field(default=None, description="发布日期")
    owner: str | None = Field(default=None, max_length=200, description="品牌运营主体")
    products: str | None = Field(default=None, max_length=2000, description="主要产品")


class BrandOut(RecordOut):
    """A county public brand."""

    name: str
    launched_on: IsoDate | None
    owner: str | None
    products: str | None


class EcTrainingCreate(_In):
    """E-commerce training held."""

    title: str = Field(min_length=2, max_length=200, description="培训名称", examples=["光山县电商人才免费培训"])
    region_code: RegionCode
    held_on: IsoDate = Field(description="举办日期")
    sessions: int = Field(ge=1, le=10_000, description="期数/场次")
    person_times: Count = Field(description="培训人次")
    notes: Notes = None


class EcTrainingUpdate(_In):
    """A partial update of a training."""

    title: str | None = Field(default=None, min_length=2, max_length=200, description="培训名称")
    region_code: RegionCode | None = None
    held_on: IsoDate | None = Field(default=None, description="举办日期")
    sessions: int | None = Field(default=None, ge=1, le=10_000, description="期数/场次")
    person_times: Count | None = Field(default=None, description="培训人次")
    notes: Notes = None


class EcTrainingOut(RecordOut):
    """E-commerce training held."""

    title: str
    held_on: IsoDate
    sessions: int
    person_times: int
    notes: str | None
