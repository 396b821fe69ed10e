"""The service's declarative base (schema `investment_svc`), its audit trail and idempotency store."""

from __future__ import annotations

from platform_core.audit import AuditLogMixin, AuditTrail
from platform_core.db import make_base
from platform_core.idempotency import IdempotencyRecordMixin, IdempotencyStore

SCHEMA = "investment_svc"
SERVICE = "investment"

Base = make_base(SCHEMA)


class AuditLog(AuditLogMixin, Base):
    """Append-only audit log of investment-service."""

    __table_args__ = {"comment": "审计日志"}


class IdempotencyRecord(IdempotencyRecordMixin, Base):
    """Remembered create responses of investment-service."""


audit = AuditTrail(AuditLog, SERVICE)
idempotency = IdempotencyStore(IdempotencyRecord)
