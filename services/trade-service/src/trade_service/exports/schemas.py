"""Request and response shapes of export registrations and shipments."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from platform_core.dates import IsoDate
from trade_service.fields import EnterpriseName, Notes, RecordOut, RegionCode, Uscc, WanYuan


class Channel(StrEnum):
    """中欧班列 / 海运 / 空运 / 公路 / 其他."""

    CHINA_EUROPE_RAILWAY = "china_europe_railway"
    SEA = "sea"
    AIR = "air"
    ROAD = "road"
    OTHER = "other"


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Product = Field(min_length=1, max_length=100, description="产品", examples=["冻鸭肉"])
Country = Field(min_length=1, max_length=64, description="目的国家或地区", examples=["哈萨克斯坦"])


class RegistrationCreate(_In):
    """A product recommended or registered for a market."""

    enterprise_uscc: Uscc
    enterprise_name: EnterpriseName
    region_code: RegionCode
    product: str = Product
    hs_code: str | None = Field(default=None, pattern=r"^\d{4,10}$", description="HS编码")
    destination_country: str = Country
    recommended_on: IsoDate | None = Field(default=None, description="推荐注册日期")
    registered_on: IsoDate | None = Field(default=None, description="获准注册日期")
    first_exported_on: IsoDate | None = Field(default=None, description="首次出口日期")
    notes: Notes = None


class RegistrationUpdate(_In):
    """A partial update of a registration (typically its dates)."""

    enterprise_name: EnterpriseName | None = None
    region_code: RegionCode | None = None
    product: str | None = Field(default=None, min_length=1, max_length=100, description="产品")
    hs_code: str | None = Field(default=None, pattern=r"^\d{4,10}$", description="HS编码")
    destination_country: str | None = Field(default=None, min_length=1, max_length=64, description="目的国家或地区")
    recommended_on: IsoDate | None = Field(default=None, description="推荐注册日期")
    registered_on: IsoDate | None = Field(default=None, description="获准注册日期")
    first_exported_on: IsoDate | None = Field(default=None, description="首次出口日期")
    notes: Notes = None


class RegistrationOut(RecordOut):
    """A registration with the computed first-ever export flag."""

    enterprise_uscc: str
    enterprise_name: str
    product: str
    hs_code: str | None
    destination_country: str
    recommended_on: IsoDate | None
    registered_on: IsoDate | None
    first_exported_on: IsoDate | None
    notes: str | None
    is_first_export: bool = Field(description="是否为该产品对该国家或地区的首次出口（全部记录中最早的一次）")


class ShipmentCreate(_In):
    """One supervised export batch."""

    enterprise_uscc: Uscc | None = None
    enterprise_name: EnterpriseName | None = None
    region_code: RegionCode
    product: str = Field(min_length=1, max_length=100, description="产品", examples=["茶叶"])
    channel: Channel = Field(description="运输方式")
    train_name: str | None = Field(
        default=None, max_length=100, description="班列名称", examples=["中欧班列—信阳绿茶专列"]
    )
    train_no: str | None = Field(default=None, max_length=64, description="车次或班列编号", examples=["X8024-20210415"])
    batch_no: str | None = Field(default=None, max_length=64, description="监管批次号/报关单号")
    shipped_on: IsoDate = Field(description="发运日期")
    destination_country: str | None = Field(default=None, max_length=64, description="目的国家或地区")
    goods_value_wan_yuan: WanYuan
    notes: Notes = None


class ShipmentUpdate(_In):
    """A partial update of a shipment."""

    enterprise_uscc: Uscc | None = None
    enterprise_name: EnterpriseName | None = None
    region_code: RegionCode | None = None
    product: str | None = Field(default=None, min_length=1, max_length=100, description="产品")
    channel: Channel | None = Field(default=None, description="运输方式")
    train_name: str | None = Field(default=None, max_length=100, description="班列名称")
    train_no: str | None = Field(default=None, max_length=64, description="车次或班列编号")
    batch_no: str | None = Field(default=None, max_length=64, description="监管批次号/报关单号")
    shipped_on: IsoDate | None = Field(default=None, description="发运日期")
    destination_country: str | None = Field(default=None, max_length=64, description="目的国家或地区")
    goods_value_wan_yuan: WanYuan | None = None
    notes: Notes = None


class ShipmentOut(RecordOut):
    """A supervised export batch."""

    enterprise_uscc: str | None
    enterprise_name: str | None
    product: str
    channel: Channel
    train_name: str | None
    train_no: str | None
    batch_no: str | None
    shipped_on: IsoDate
    destination_country: str | None
    goods_value_wan_yuan: Decimal = Field(description="货值(万元)")
    notes: str | None
