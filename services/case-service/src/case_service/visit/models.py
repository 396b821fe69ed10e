"""走访: visit records to enterprises, and the problems found on them (each may become a case)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from case_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, UTCDateTime, VersionMixin


class Visit(TimestampMixin, VersionMixin, Base):
    """One visit to one enterprise."""

    __tablename__ = "visit"
    __table_args__ = (
        Index("ix_visit_updated_at_id", "updated_at", "id"),
        Index("ix_visit_visit_date", "visit_date"),
        {"comment": "走访记录"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    visit_date: Mapped[date] = mapped_column(Date, comment="走访日期")
    enterprise_uscc: Mapped[str] = mapped_column(String(18), index=True, comment="被走访企业统一社会信用代码")
    visitors: Mapped[list[str]] = mapped_column(JSON, default=list, comment="走访人员姓名")
    unit_id: Mapped[int | None] = mapped_column(BigInteger, index=True, comment="走访单位ID")
    unit_name: Mapped[str | None] = mapped_column(String(128), comment="走访单位名称(快照)")
    campaign: Mapped[str | None] = mapped_column(String(64), index=True, comment="所属走访活动，如 千家外企大走访")
    notes: Mapped[str | None] = mapped_column(Text, comment="走访情况")
    created_by: Mapped[str | None] = mapped_column(String(64), comment="创建人")
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="删除时间(墓碑)")

    problems: Mapped[list[VisitProblem]] = relationship(
        back_populates="visit", order_by="VisitProblem.seq", lazy="selectin", cascade="all, delete-orphan"
    )


class VisitProblem(Base):
    """A problem found on a visit; once turned into a case it keeps the case's id."""

    __tablename__ = "visit_problem"
    __table_args__ = ({"comment": "走访发现的问题"},)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    visit_id: Mapped[int] = mapped_column(
        BigIntPK,
        ForeignKey("visit.id", ondelete="CASCADE"),
        index=True,
        comment="走访记录ID",
    )
    seq: Mapped[int] = mapped_column(Integer, comment="问题序号(走访记录内从1开始)")
    description: Mapped[str] = mapped_column(Text, comment="问题描述")
    case_id: Mapped[int | None] = mapped_column(BigInteger, index=True, comment="转成的诉求ID(未转为空)")
    case_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="转诉求时间")

    visit: Mapped[Visit] = relationship(back_populates="problems")
