"""Trade fairs (广交会 and others), their participating enterprises, and foreign-trade trainings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from platform_core.db import BigIntPK
from platform_core.records import RegionRecord, record_indexes
from trade_service.core import Base


class TradeFair(RegionRecord, Base):
    """A trade fair the bureau organises enterprises to attend; placed at the organising region."""

    __tablename__ = "trade_fair"
    __table_args__ = (
        *record_indexes("trade_fair"),
        Index("ix_trade_fair_starts_on", "starts_on"),
        {"comment": "展会"},
    )

    name: Mapped[str] = mapped_column(String(200), comment="展会名称，如 第129届广交会")
    mode: Mapped[str] = mapped_column(String(16), comment="形式 online线上/offline线下/hybrid线上线下结合")
    starts_on: Mapped[date] = mapped_column(Date, comment="开始日期")
    ends_on: Mapped[date] = mapped_column(Date, comment="结束日期")
    organizer: Mapped[str | None] = mapped_column(String(200), comment="主办单位")
    location: Mapped[str | None] = mapped_column(String(200), comment="举办地点")
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")


class FairParticipant(RegionRecord, Base):
    """An enterprise taking part in a fair, with its intended deals; placed at the enterprise's county."""

    __tablename__ = "trade_fair_participant"
    __table_args__ = (
        *record_indexes("trade_fair_participant"),
        Index(
            "uq_trade_fair_participant_fair_id_enterprise_uscc",
            "fair_id",
            "enterprise_uscc",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
            sqlite_where=text("deleted_at IS NULL"),
        ),
        {"comment": "参展企业"},
    )

    fair_id: Mapped[int] = mapped_column(BigIntPK, ForeignKey("trade_fair.id"), index=True, comment="展会ID")
    enterprise_uscc: Mapped[str] = mapped_column(String(18), index=True, comment="企业统一社会信用代码")
    enterprise_name: Mapped[str] = mapped_column(String(200), comment="企业名称")
    mode: Mapped[str | None] = mapped_column(String(16), comment="参展形式 online/offline")
    intended_deal_wan_usd: Mapped[Decimal | None] = mapped_column(Numeric(16, 2), comment="意向成交额(万美元)")
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")


class Training(RegionRecord, Base):
    """A foreign-trade training (RCEP, FX hedging, 单一窗口); placed at the organising region."""

    __tablename__ = "trade_training"
    __table_args__ = (
        *record_indexes("trade_training"),
        Index("ix_trade_training_held_on", "held_on"),
        {"comment": "外贸培训"},
    )

    topic: Mapped[str] = mapped_column(String(200), comment="培训主题")
    held_on: Mapped[date] = mapped_column(Date, comment="举办日期")
    mode: Mapped[str] = mapped_column(String(16), comment="形式 online/offline/hybrid")
    organizer: Mapped[str | None] = mapped_column(String(200), comment="主办单位")
    attendee_count: Mapped[int] = mapped_column(Integer, default=0, comment="参训人数")
    enterprise_count: Mapped[int] = mapped_column(Integer, default=0, comment="参训企业数")
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")
