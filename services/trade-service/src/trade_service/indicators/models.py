"""Daily tallies of the two large tables the indicators sum: departures of workers and supervised shipments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from trade_service.core import Base


class DailyTally(Base):
    """Per day, region and key: how many live rows and their amount (kept in each change's transaction)."""

    __tablename__ = "daily_tally"
    __table_args__ = (
        # A period's rows of one kind are summed from this index alone (index-only scans).
        Index(
            "ix_daily_tally_kind_day",
            "kind",
            "day",
            postgresql_include=["region_path", "region_code", "key", "n", "amount"],
        ),
        {"comment": "指标日汇总：外派出境人数（按项目）与监管出口批次/货值（按产品）"},
    )

    kind: Mapped[str] = mapped_column(String(16), primary_key=True, comment="departure出境人数/shipment监管出口")
    day: Mapped[date] = mapped_column(Date, primary_key=True, comment="出境日期或发运日期")
    region_code: Mapped[str] = mapped_column(String(12), primary_key=True, comment="行政区划代码")
    key: Mapped[str] = mapped_column(String(100), primary_key=True, comment="项目ID(出境)或产品(监管出口)")
    region_path: Mapped[str] = mapped_column(String(80), comment="行政区划物化路径")
    n: Mapped[int] = mapped_column(Integer, default=0, comment="人数或批次数")
    amount: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal(0), comment="货值(万元)；出境为0")
