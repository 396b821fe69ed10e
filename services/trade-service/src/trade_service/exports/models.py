"""Export registrations of an enterprise's product for a market, and supervised export shipments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from platform_core.records import RegionRecord, record_indexes
from trade_service.core import Base


class ExportRegistration(RegionRecord, Base):
    """An enterprise's product recommended and registered for a destination market (e.g. meat for Kazakhstan)."""

    __tablename__ = "export_registration"
    __table_args__ = (
        *record_indexes("export_registration"),
        Index("ix_export_registration_product_country", "product", "destination_country", "first_exported_on"),
        Index("ix_export_registration_registered_on", "registered_on"),
        {"comment": "出口注册备案"},
    )

    enterprise_uscc: Mapped[str] = mapped_column(String(18), index=True, comment="企业统一社会信用代码")
    enterprise_name: Mapped[str] = mapped_column(String(200), comment="企业名称")
    product: Mapped[str] = mapped_column(String(100), comment="产品，如 冻鸭肉")
    hs_code: Mapped[str | None] = mapped_column(String(10), comment="HS编码")
    destination_country: Mapped[str] = mapped_column(String(64), comment="目的国家或地区，如 哈萨克斯坦")
    recommended_on: Mapped[date | None] = mapped_column(Date, comment="推荐注册日期")
    registered_on: Mapped[date | None] = mapped_column(Date, comment="获准注册日期")
    first_exported_on: Mapped[date | None] = mapped_column(Date, comment="首次出口日期")
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")


class ExportShipment(RegionRecord, Base):
    """One supervised export batch (监管批次), e.g. tea on a 中欧班列 special train."""

    __tablename__ = "export_shipment"
    __table_args__ = (
        *record_indexes("export_shipment"),
        # Live batches by shipping day (the list's date filter), carrying what a grouped read needs.
        Index(
            "ix_export_shipment_live_shipped_on",
            "shipped_on",
            postgresql_include=["region_path", "region_code", "product", "goods_value_wan_yuan"],
            postgresql_where=text("deleted_at IS NULL"),
            sqlite_where=text("deleted_at IS NULL"),
        ),
        {"comment": "监管出口批次"},
    )

    enterprise_uscc: Mapped[str | None] = mapped_column(String(18), index=True, comment="企业统一社会信用代码")
    enterprise_name: Mapped[str | None] = mapped_column(String(200), comment="企业名称")
    product: Mapped[str] = mapped_column(String(100), comment="产品，如 茶叶")
    channel: Mapped[str] = mapped_column(
        String(32), comment="运输方式 china_europe_railway中欧班列/sea海运/air空运/road公路/other其他"
    )
    train_name: Mapped[str | None] = mapped_column(String(100), comment="班列名称，如 中欧班列—信阳绿茶专列")
    train_no: Mapped[str | None] = mapped_column(String(64), comment="车次或班列编号(同一趟班列相同)")
    batch_no: Mapped[str | None] = mapped_column(String(64), comment="监管批次号/报关单号")
    shipped_on: Mapped[date] = mapped_column(Date, comment="发运日期")
    destination_country: Mapped[str | None] = mapped_column(String(64), comment="目的国家或地区")
    goods_value_wan_yuan: Mapped[Decimal] = mapped_column(Numeric(14, 2), comment="货值(万元)")
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")
