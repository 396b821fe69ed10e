"""三个一批 rounds: numbered events at which projects are listed as signed, started or in production."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from investment_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, VersionMixin


class Round(TimestampMixin, VersionMixin, Base):
    """One round (第N期) of the province's or a city's 三个一批 events, owned by the province or that city.

    A city's round is its own; a province round is read by every city and county of the province. Numbers are
    unique per owner and kind, so two cities each have their 第1期.
    """

    __tablename__ = "investment_round"
    __table_args__ = (
        UniqueConstraint("region_code", "kind", "number"),
        Index("ix_investment_round_region_path", "region_path", postgresql_ops={"region_path": "text_pattern_ops"}),
        {"comment": "“三个一批”活动批次(期)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    number: Mapped[int] = mapped_column(Integer, comment="期数(第N期)")
    held_on: Mapped[date] = mapped_column(Date, index=True, comment="举办日期")
    venue: Mapped[str] = mapped_column(String(200), comment="举办地点(主会场/分会场)")
    kind: Mapped[str] = mapped_column(String(16), comment="类型 provincial 全省集中 / city 全市集中")
    title: Mapped[str | None] = mapped_column(String(200), comment="活动名称")
    notes: Mapped[str | None] = mapped_column(Text, comment="备注")
    code_pattern: Mapped[str | None] = mapped_column(
        String(64), comment="项目编号规则(如 XY{year}-{round:02}-{seq:03})"
    )
    region_code: Mapped[str] = mapped_column(String(12), comment="所属层级行政区划代码(省或市)")
    region_path: Mapped[str] = mapped_column(String(80), comment="所属层级行政区划物化路径")
    created_by: Mapped[str | None] = mapped_column(String(64), comment="创建人")
