"""Supervision orders: level, content, reply deadline and the unit's reply."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, UTCDateTime, VersionMixin


class SupervisionLevel(StrEnum):
    """提醒 / 警告 / 通报."""

    REMINDER = "reminder"
    WARNING = "warning"
    CIRCULAR = "circular"


class SupervisionState(StrEnum):
    """Open until the unit replies."""

    OPEN = "open"
    REPLIED = "replied"


class SupervisionOrder(TimestampMixin, VersionMixin, Base):
    """A 督办单 on a case (addressed to its lead unit) or on a unit directly."""

    __tablename__ = "supervision_order"
    __table_args__ = (
        Index("ix_supervision_order_unit_id_state", "unit_id", "state"),
        Index(
            "ix_supervision_order_region_path",
            "region_path",
            postgresql_ops={"region_path": "text_pattern_ops"},
        ),
        {"comment": "督办单"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    case_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("case_record.id"), index=True, comment="督办的诉求ID(对单位督办时为空)"
    )
    unit_id: Mapped[int] = mapped_column(Integer, comment="被督办单位ID(网关单位)")
    unit_name: Mapped[str | None] = mapped_column(String(100), comment="被督办单位名称")
    region_code: Mapped[str] = mapped_column(String(12), comment="所属行政区划代码(诉求所在地或签发人所在地)")
    region_path: Mapped[str] = mapped_column(String(80), comment="行政区划物化路径")
    level: Mapped[str] = mapped_column(String(16), comment="督办级别 reminder提醒/warning警告/circular通报")
    content: Mapped[str] = mapped_column(Text, comment="督办内容")
    reply_due: Mapped[datetime] = mapped_column(UTCDateTime(), comment="回复期限")
    state: Mapped[str] = mapped_column(String(16), default=SupervisionState.OPEN.value, comment="状态 open/replied")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="签发时间")
    issued_by: Mapped[str] = mapped_column(String(64), comment="签发人(sub)")
    issued_by_name: Mapped[str | None] = mapped_column(String(64), comment="签发人姓名")
    reply: Mapped[str | None] = mapped_column(Text, comment="回复内容")
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="回复时间")
    replied_by: Mapped[str | None] = mapped_column(String(64), comment="回复人(sub)")
    replied_by_name: Mapped[str | None] = mapped_column(String(64), comment="回复人姓名")
