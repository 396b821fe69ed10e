"""Declarative base (schema `investment_svc`), audit trail, idempotency store, record kit and permissions."""

from __future__ import annotations

from decimal import Decimal

from platform_core.audit import AuditLogMixin, AuditTrail
from platform_core.audit_archive import AuditArchiveMixin
from platform_core.db import make_base
from platform_core.idempotency import IdempotencyRecordMixin, IdempotencyStore
from platform_core.jobs import JobControlMixin, JobRunMixin
from platform_core.parameters import ParameterMixin
from platform_core.records import RecordKit

SCHEMA = "investment_svc"
SERVICE = "investment"

Base = make_base(SCHEMA)


class AuditLog(AuditLogMixin, Base):
    """Append-only audit log of investment-service."""

    __table_args__ = {"comment": "审计日志"}


class AuditArchive(AuditArchiveMixin, Base):
    """Monthly archives of investment-service's audit log."""


class IdempotencyRecord(IdempotencyRecordMixin, Base):
    """Remembered create responses of investment-service."""


class JobRun(JobRunMixin, Base):
    """Claimed slots and run log of investment-service's periodic jobs."""


class JobControl(JobControlMixin, Base):
    """The administrator's pause and run-now requests for investment-service's periodic jobs."""


class Parameter(ParameterMixin, Base):
    """The 系统参数 of investment-service an administrator edited."""

    __table_args__ = {"comment": "系统参数"}


audit = AuditTrail(AuditLog, SERVICE)
idempotency = IdempotencyStore(IdempotencyRecord)
kit = RecordKit(audit=audit, idempotency=idempotency)

PROJECT_LIST = "investment:project:list"
PROJECT_MANAGE = "investment:project:manage"
ROUND_MANAGE = "investment:round:manage"
FUNDS_MANAGE = "investment:funds:manage"
FOREIGN_LIST = "investment:foreign:list"
FOREIGN_MANAGE = "investment:foreign:manage"
BULLETIN_IMPORT = "investment:bulletin:import"
STATS_READ = "investment:stats:read"
DICTIONARY_MANAGE = "investment:dictionary:manage"
OPEN_READ = "open:investment:read"


def cents(value: Decimal | None) -> Decimal | None:
    """An amount with exactly two decimals, as the database stores and returns it (so responses agree)."""
    return None if value is None else value.quantize(Decimal("0.01"))
