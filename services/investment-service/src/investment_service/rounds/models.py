"""三个一批 rounds: numbered events at which projects are listed as signed, started or in production."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from investment_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, VersionMixin


class Round(TimestampMixin, VersionMixin, Base):
    """One round (第N期) of the province's or the city's 三个一批 events."""

    __tablename__ = "investment_round"
    __table_args__ = (UniqueConstraint("kind", "number"), {"comment": "“三个一批”活动批次(期)"})

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
    created_by: Mapped[str | None] = mapped_column(String(64), comment="创建人")
