"""The service's declarative base (schema `trade_svc`), its audit trail, idempotency store and record kit."""

from __future__ import annotations

from platform_core.audit import AuditLogMixin, AuditTrail
from platform_core.audit_archive import AuditArchiveMixin
from platform_core.db import make_base
from platform_core.idempotency import IdempotencyRecordMixin, IdempotencyStore
from platform_core.jobs import JobControlMixin, JobRunMixin
from platform_core.parameters import ParameterMixin
from platform_core.records import RecordKit

SCHEMA = "trade_svc"
SERVICE = "trade"

Base = make_base(SCHEMA)


class AuditLog(AuditLogMixin, Base):
    """Append-only audit log of trade-service."""

    __table_args__ = {"comment": "审计日志"}


class AuditArchive(AuditArchiveMixin, Base):
    """Monthly archives of trade-service's audit log."""


class IdempotencyRecord(IdempotencyRecordMixin, Base):
    """Remembered create responses of trade-service."""


class JobRun(JobRunMixin, Base):
    """Claimed slots and run log of trade-service's periodic jobs."""


class JobControl(JobControlMixin, Base):
    """The administrator's pause and run-now requests for trade-service's periodic jobs."""


class Parameter(ParameterMixin, Base):
    """The 系统参数 of trade-service an administrator edited."""

    __table_args__ = {"comment": "系统参数"}


audit = AuditTrail(AuditLog, SERVICE)
idempotency = IdempotencyStore(IdempotencyRecord)
kit = RecordKit(audit=audit, idempotency=idempotency)
