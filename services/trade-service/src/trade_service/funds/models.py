"""Policy fund programs and the amounts approved and disbursed to enterprises."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from platform_core.db import BigIntPK
from platform_core.records import RegionRecord, record_indexes
from trade_service.core import Base


class FundProgram(RegionRecord, Base):
    """A policy fund program, e.g. 中小企业国际市场开拓资金; placed at the region that runs it."""

    __tablename__ = "fund_program"
    __table_args__ = (
        *record_indexes("fund_program"),
        Index(
            "uq_fund_program_code",
            "code",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
            sqlite_where=text("deleted_at IS NULL"),
        ),
        {"comment": "外贸政策资金项目"},
    )

    code: Mapped[str] = mapped_column(String(32), comment="项目编码")
    name: Mapped[str] = mapped_column(String(100), comment="项目名称")
    kind: Mapped[str] = mapped_column(
        String(32), comment="类别 sme_market_development中小开/export_credit_insurance出口信保保费补贴/other其他"
    )
    description: Mapped[str | None] = mapped_column(Text, comment="说明")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, comment="是否在办")


class FundGrant(RegionRecord, Base):
    """An amount of a program approved for, and disbursed to, one enterprise."""

    __tablename__ = "fund_grant"
    __table_args__ = (
        *record_indexes("fund_grant"),
        Index("ix_fund_grant_disbursed_on", "disbursed_on"),
        {"comment": "政策资金拨付"},
    )

    program_id: Mapped[int] = mapped_column(
        BigIntPK, ForeignKey("fund_program.id"), index=True, comment="政策资金项目ID"
    )
    enterprise_uscc: Mapped[str] = mapped_column(String(18), index=True, comment="企业统一社会信用代码")
    enterprise_name: Mapped[str] = mapped_column(String(200), comment="企业名称")
    amount_wan_yuan: Mapped[Decimal] = mapped_column(Numeric(14, 2), comment="金额(万元)")
    approved_on: Mapped[date] = mapped_column(Date, comment="批准日期")
    disbursed_on: Mapped[date | None] = mapped_column(Date, comment="拨付到企业日期")
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")
