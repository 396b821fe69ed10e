"""The service's declarative base (schema `trade_svc`), its audit trail, idempotency store and record columns."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from platform_core.audit import AuditLogMixin, AuditTrail
from platform_core.db import BigIntPK, TimestampMixin, UTCDateTime, VersionMixin, make_base
from platform_core.idempotency import IdempotencyRecordMixin, IdempotencyStore

SCHEMA = "trade_svc"
SERVICE = "trade"

Base = make_base(SCHEMA)


class AuditLog(AuditLogMixin, Base):
    """Append-only audit log of trade-service."""

    __table_args__ = {"comment": "审计日志"}


class IdempotencyRecord(IdempotencyRecordMixin, Base):
    """Remembered create responses of trade-service."""


class RegionRecord(TimestampMixin, VersionMixin):
    """Columns every trade record carries: id, the region it belongs to, who created it, tombstone."""

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    region_code: Mapped[str] = mapped_column(String(12), comment="所属行政区划代码(GB/T 2260)")
    region_path: Mapped[str] = mapped_column(String(80), comment="行政区划物化路径，如 /410000/411500/411522/")
    created_by: Mapped[str | None] = mapped_column(String(64), comment="创建人")
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="删除时间(墓碑)")


audit = AuditTrail(AuditLog, SERVICE)
idempotency = IdempotencyStore(IdempotencyRecord)


def record_indexes(table: str) -> tuple[Index, ...]:
    """The indexes every record table needs: live rows by region path, and the sync order."""
    return (
        Index(
            f"ix_{table}_region_path",
            "region_path",
            postgresql_ops={"region_path": "text_pattern_ops"},
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index(f"ix_{table}_updated_at_id", "updated_at", "id"),
    )
