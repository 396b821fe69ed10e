"""E-commerce into rural areas: demonstration counties, village station and express coverage, county public
brands, training sessions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from platform_core.records import RegionRecord, record_indexes
from trade_service.core import Base


class DemoCounty(RegionRecord, Base):
    """A county approved as an e-commerce-into-rural-areas demonstration county (电子商务进农村综合示范县)."""

    __tablename__ = "ecommerce_demo_county"
    __table_args__ = (
        *record_indexes("ecommerce_demo_county"),
        Index(
            "uq_ecommerce_demo_county_region_code",
            "region_code",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
            sqlite_where=text("deleted_at IS NULL"),
        ),
        {"comment": "电子商务进农村综合示范县"},
    )

    approved_level: Mapped[str] = mapped_column(String(16), comment="获批时级别 national国家级/provincial省级")
    approved_year: Mapped[int] = mapped_column(Integer, comment="获批年份")
    promoted_to_national_on: Mapped[date | None] = mapped_column(Date, comment="晋级国家级示范日期")
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")


class VillageCoverage(RegionRecord, Base):
    """A county's coverage of villages by e-commerce service stations and express delivery, as of a date."""

    __tablename__ = "ecommerce_village_coverage"
    __table_args__ = (
        *record_indexes("ecommerce_village_coverage"),
        Index(
            "uq_ecommerce_village_coverage_region_code_as_of",
            "region_code",
            "as_of",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
            sqlite_where=text("deleted_at IS NULL"),
        ),
        {"comment": "电商服务站点与快递覆盖情况"},
    )

    as_of: Mapped[date] = mapped_column(Date, comment="统计截至日期")
    villages_total: Mapped[int] = mapped_column(Integer, comment="行政村总数")
    villages_with_station: Mapped[int] = mapped_column(Integer, comment="建有电商服务站点的行政村数")
    villages_with_express: Mapped[int] = mapped_column(Integer, comment="快递服务覆盖的行政村数")
    poor_villages_total: Mapped[int] = mapped_column(Integer, comment="贫困村总数")
    poor_villages_with_station: Mapped[int] = mapped_column(Integer, comment="建有电商服务站点的贫困村数")


class PublicBrand(RegionRecord, Base):
    """A county public brand of agricultural products sold online, e.g. 光山十宝, 新县味."""

    __tablename__ = "ecommerce_public_brand"
    __table_args__ = (*record_indexes("ecommerce_public_brand"), {"comment": "农产品电商公共品牌"})

    name: Mapped[str] = mapped_column(String(100), comment="品牌名称")
    launched_on: Mapped[date | None] = mapped_column(Date, comment="发布日期")
    owner: Mapped[str | None] = mapped_column(String(200), comment="品牌运营主体")
    products: Mapped[str | None] = mapped_column(Text, comment="主要产品")


class EcommerceTraining(RegionRecord, Base):
    """E-commerce training held in a county: sessions and person-times."""

    __tablename__ = "ecommerce_training"
    __table_args__ = (
        *record_indexes("ecommerce_training"),
        Index("ix_ecommerce_training_held_on", "held_on"),
        {"comment": "电商培训"},
    )

    title: Mapped[str] = mapped_column(String(200), comment="培训名称")
    held_on: Mapped[date] = mapped_column(Date, comment="举办日期(多期时为首期)")
    sessions: Mapped[int] = mapped_column(Integer, comment="期数/场次")
    person_times: Mapped[int] = mapped_column(Integer, comment="培训人次")
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")
