"""Request and response shapes of domestic trade."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from platform_core.dates import IsoDate
from trade_service.fields import Level, Notes, RecordOut, RegionCode, Uscc, WanYuan, YiYuan


class PromotionKind(StrEnum):
    """美食节 / 购物节 / 消费季 / 美食推广大赛 / 美食季 / 其他."""

    FOOD_FESTIVAL = "food_festival"
    SHOPPING_FESTIVAL = "shopping_festival"
    CONSUMPTION_SEASON = "consumption_season"
    CUISINE_CONTEST = "cuisine_contest"
    FOOD_SEASON = "food_season"
    OTHER = "other"


class HonourKind(StrEnum):
    """老字号 / 品牌消费集聚区 / 平安商场 / 绿色商场 / 快递物流示范园区 / 步行街 / 美食之乡."""

    TIME_HONOURED_BRAND = "time_honoured_brand"
    BRAND_CONSUMPTION_CLUSTER = "brand_consumption_cluster"
    SAFE_MALL = "safe_mall"
    GREEN_MALL = "green_mall"
    EXPRESS_LOGISTICS_PARK = "express_logistics_park"
    PEDESTRIAN_STREET = "pedestrian_street"
    FOOD_TOWN = "food_town"


class StreetKind(StrEnum):
    """步行街 / 文旅商业特色街 / 商业街."""

    PEDESTRIAN_STREET = "pedestrian_street"
    CULTURAL_TOURISM_STREET = "cultural_tourism_street"
    COMMERCIAL_STREET = "commercial_street"


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PromotionCreate(_In):
    """A new promotion event."""

    name: str = Field(min_length=2, max_length=200, description="活动名称", examples=["信阳美食节"])
    kind: PromotionKind = Field(description="类别")
    starts_on: IsoDate = Field(description="开始日期")
    ends_on: IsoDate = Field(description="结束日期")
    organizer: str | None = Field(default=None, max_length=200, description="主办单位")
    region_code: RegionCode
    consumption_driven_yi_yuan: YiYuan | None = Field(default=None, description="带动消费(亿元)")
    featured_brand: str | None = Field(default=None, max_length=100, description="推介的餐饮品牌", examples=["信阳菜"])
    notes: Notes = None


class PromotionUpdate(_In):
    """A partial update of a promotion event."""

    name: str | None = Field(default=None, min_length=2, max_length=200, description="活动名称")
    kind: PromotionKind | None = Field(default=None, description="类别")
    starts_on: IsoDate | None = Field(default=None, description="开始日期")
    ends_on: IsoDate | None = Field(default=None, description="结束日期")
    organizer: str | None = Field(default=None, max_length=200, description="主办单位")
    region_code: RegionCode | None = None
    consumption_driven_yi_yuan: YiYuan | None = Field(default=None, description="带动消费(亿元)")
    featured_brand: str | None = Field(default=None, max_length=100, description="推介的餐饮品牌", examples=["信阳菜"])
    notes: Notes = None


class PromotionOut(RecordOut):
    """A promotion event."""

    name: str
    kind: PromotionKind
    starts_on: IsoDate
    ends_on: IsoDate
    organizer: str | None
    consumption_driven_yi_yuan: Decimal | None = Field(description="带动消费(亿元)")
    featured_brand: str | None = Field(default=None, description="推介的餐饮品牌")
    notes: str | None


class HonourCreate(_In):
    """A new honour."""

    kind: HonourKind = Field(description="类别")
    level: Level = Field(description="级别")
    holder_name: str = Field(min_length=2, max_length=200, description="获得者名称", examples=["信阳百货大楼"])
    title: str | None = Field(default=None, max_length=100, description="称号全称", examples=["中国茶筵之乡"])
    holder_uscc: Uscc | None = None
    awarded_on: IsoDate = Field(description="认定日期")
    document_no: str | None = Field(default=None, max_length=100, description="认定文号")
    region_code: RegionCode
    notes: Notes = None


class HonourUpdate(_In):
    """A partial update of an honour."""

    kind: HonourKind | None = Field(default=None, description="类别")
    level: Level | None = Field(default=None, description="级别")
    holder_name: str | None = Field(default=None, min_length=2, max_length=200, description="获得者名称")
    title: str | None = Field(default=None, max_length=100, description="称号全称")
    holder_uscc: Uscc | None = None
    awarded_on: IsoDate | None = Field(default=None, description="认定日期")
    document_no: str | None = Field(default=None, max_length=100, description="认定文号")
    region_code: RegionCode | None = None
    notes: Notes = None


class HonourOut(RecordOut):
    """An honour."""

    kind: HonourKind
    level: Level
    holder_name: str
    title: str | None = Field(default=None, description="称号全称")
    holder_uscc: str | None
    awarded_on: IsoDate
    document_no: str | None
    notes: str | None


class StreetCreate(_In):
    """A street renovation."""

    name: str = Field(min_length=2, max_length=200, description="街区名称", examples=["胜利路步行街"])
    kind: StreetKind = Field(description="类别")
    started_on: IsoDate | None = Field(default=None, description="改造开始日期")
    completed_on: IsoDate | None = Field(default=None, description="改造完成日期")
    investment_wan_yuan: WanYuan | None = Field(default=None, description="投资额(万元)")
    region_code: RegionCode
    notes: Notes = None


class StreetUpdate(_In):
    """A partial update of a street renovation."""

    name: str | None = Field(default=None, min_length=2, max_length=200, description="街区名称")
    kind: StreetKind | None = Field(default=None, description="类别")
    started_on: IsoDate | None = Field(default=None, description="改造开始日期")
    completed_on: IsoDate | None = Field(default=None, description="改造完成日期")
    investment_wan_yuan: WanYuan | None = Field(default=None, description="投资额(万元)")
    region_code: RegionCode | None = None
    notes: Notes = None


class StreetOut(RecordOut):
    """A street renovation."""

    name: str
    kind: StreetKind
    started_on: IsoDate | None
    completed_on: IsoDate | None
    investment_wan_yuan: Decimal | None = Field(description="投资额(万元)")
    notes: str | None
