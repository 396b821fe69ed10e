"""Domestic trade records: promotion events, honours (老字号, 平安商场 …) and street renovations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from platform_core.records import RegionRecord, record_indexes
from trade_service.core import Base


class PromotionEvent(RegionRecord, Base):
    """A promotion event (美食节, 购物节 …) and the consumption it drove."""

    __tablename__ = "promotion_event"
    __table_args__ = (
        *record_indexes("promotion_event"),
        Index("ix_promotion_event_starts_on", "starts_on"),
        {"comment": "促销活动"},
    )

    name: Mapped[str] = mapped_column(String(200), comment="活动名称")
    kind: Mapped[str] = mapped_column(
        String(32),
        comment=(
            "类别 food_festival美食节/shopping_festival购物节/consumption_season消费季/"
            "cuisine_contest美食推广大赛/food_season美食季(系列活动)/other其他"
        ),
    )
    starts_on: Mapped[date] = mapped_column(Date, comment="开始日期")
    ends_on: Mapped[date] = mapped_column(Date, comment="结束日期")
    organizer: Mapped[str | None] = mapped_column(String(200), comment="主办单位")
    consumption_driven_yi_yuan: Mapped[Decimal | None] = mapped_column(Numeric(12, 4), comment="带动消费(亿元)")
    featured_brand: Mapped[str | None] = mapped_column(String(100), comment="推介的餐饮品牌，如 信阳菜")
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")


class CommerceHonour(RegionRecord, Base):
    """An honour created: a time-honoured brand, a brand-consumption cluster, a safe or green mall …"""

    __tablename__ = "commerce_honour"
    __table_args__ = (
        *record_indexes("commerce_honour"),
        Index("ix_commerce_honour_awarded_on", "awarded_on"),
        {"comment": "内贸荣誉创建"},
    )

    kind: Mapped[str] = mapped_column(
        String(40),
        comment=(
            "类别 time_honoured_brand老字号/brand_consumption_cluster品牌消费集聚区/safe_mall平安商场/"
            "green_mall绿色商场/express_logistics_park快递物流示范园区/pedestrian_street步行街/food_town美食之乡"
        ),
    )
    level: Mapped[str] = mapped_column(String(16), comment="级别 national国家级/provincial省级/city市级")
    holder_name: Mapped[str] = mapped_column(String(200), comment="获得者名称")
    title: Mapped[str | None] = mapped_column(String(100), comment="称号全称，如 中国茶筵之乡、河南老字号")
    holder_uscc: Mapped[str | None] = mapped_column(String(18), comment="获得者统一社会信用代码")
    awarded_on: Mapped[date] = mapped_column(Date, comment="认定日期")
    document_no: Mapped[str | None] = mapped_column(String(100), comment="认定文号")
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")


class StreetRenovation(RegionRecord, Base):
    """A pedestrian or commercial street renovated (步行街改造)."""

    __tablename__ = "street_renovation"
    __table_args__ = (
        *record_indexes("street_renovation"),
        Index("ix_street_renovation_completed_on", "completed_on"),
        {"comment": "步行街改造提升"},
    )

    name: Mapped[str] = mapped_column(String(200), comment="街区名称，如 胜利路步行街")
    kind: Mapped[str] = mapped_column(
        String(32), comment="类别 pedestrian_street步行街/cultural_tourism_street文旅商业街/commercial_street商业街"
    )
    started_on: Mapped[date | None] = mapped_column(Date, comment="改造开始日期")
    completed_on: Mapped[date | None] = mapped_column(Date, comment="改造完成日期")
    investment_wan_yuan: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), comment="投资额(万元)")
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")
