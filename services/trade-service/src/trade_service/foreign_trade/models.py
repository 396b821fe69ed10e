"""Monthly import and export value of a region."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Index, Integer, Numeric, text
from sqlalchemy.orm import Mapped, mapped_column

from platform_core.records import RegionRecord, record_indexes
from trade_service.core import Base


class ForeignTradeStat(RegionRecord, Base):
    """One region's imports and exports in one month (万美元)."""

    __tablename__ = "foreign_trade_stat"
    __table_args__ = (
        *record_indexes("foreign_trade_stat"),
        Index(
            "uq_foreign_trade_stat_region_code_year_month",
            "region_code",
            "year",
            "month",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
            sqlite_where=text("deleted_at IS NULL"),
        ),
        Index("ix_foreign_trade_stat_year_month", "year", "month"),
        {"comment": "外贸进出口月度统计"},
    )

    year: Mapped[int] = mapped_column(Integer, comment="年")
    month: Mapped[int] = mapped_column(Integer, comment="月")
    import_wan_usd: Mapped[Decimal] = mapped_column(Numeric(16, 2), comment="进口额(万美元)")
    export_wan_usd: Mapped[Decimal] = mapped_column(Numeric(16, 2), comment="出口额(万美元)")
