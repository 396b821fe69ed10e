"""Funds in place: one row per project, month and revision; only the newest revision of a month counts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from investment_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, UTCDateTime


class FundRecord(TimestampMixin, Base):
    """Out-of-province funds actually in place for a project in a month (万元), one revision of it.

    A correction adds a revision and marks the previous one superseded; nothing is overwritten.
    """

    __tablename__ = "project_fund"
    __table_args__ = (
        UniqueConstraint("project_id", "month", "revision"),
        # At most one current revision per project and month.
        Index(
            "uq_project_fund_current",
            "project_id",
            "month",
            unique=True,
            postgresql_where=text("is_current"),
            sqlite_where=text("is_current = 1"),
        ),
        Index("ix_project_fund_month_current", "month", postgresql_where=text("is_current")),
        Index("ix_project_fund_updated_at_id", "updated_at", "id"),
        {"comment": "实际到位省外资金(按月)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    project_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("project.id", ondelete="CASCADE"), comment="项目ID")
    month: Mapped[date] = mapped_column(Date, comment="所属月份(当月1日)", active_history=True)
    revision: Mapped[int] = mapped_column(Integer, default=1, comment="版本(更正一次加1)")
    is_current: Mapped[bool] = mapped_column(Boolean, default=True, comment="是否当前有效版本", active_history=True)
    amount_wan_yuan: Mapped[Decimal] = mapped_column(
        Numeric(18, 2), comment="实际到位省外资金(万元)", active_history=True
    )
    note: Mapped[str | None] = mapped_column(String(500), comment="说明(更正时为更正原因)")
    recorded_by: Mapped[str] = mapped_column(String(64), comment="填报人(sub)")
    recorded_by_name: Mapped[str | None] = mapped_column(String(64), comment="填报人姓名")
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="被更正时间")


class FundMonthTotal(Base):
    """Current funds in place of live projects summed per region and month.

    Kept in step with every write of a fund or of a project's region or deletion (`funds/totals.py`, in
    the same transaction), so a year's figure of a city reads a few hundred rows, not every fund record.
    """

    __tablename__ = "project_fund_month_total"
    __table_args__ = (
        UniqueConstraint("region_path", "month"),
        {"comment": "实际到位省外资金按地区、月份汇总(仅当前有效版本、未删除项目)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    region_path: Mapped[str] = mapped_column(String(80), comment="项目所在行政区划物化路径")
    region_code: Mapped[str] = mapped_column(String(12), comment="项目所在行政区划代码")
    month: Mapped[date] = mapped_column(Date, comment="所属月份(当月1日)")
    amount_wan_yuan: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=Decimal(0), comment="合计(万元)")
