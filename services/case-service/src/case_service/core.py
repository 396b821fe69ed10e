"""The service's declarative base (schema `case_svc`), its audit trail, idempotency store, record kit and job runs."""

from __future__ import annotations

from platform_core.audit import AuditLogMixin, AuditTrail
from platform_core.audit_archive import AuditArchiveMixin
from platform_core.blobs import BlobMixin
from platform_core.db import MIGRATION_ONLY_INDEXES, make_base
from platform_core.idempotency import IdempotencyRecordMixin, IdempotencyStore
from platform_core.jobs import JobControlMixin, JobRunMixin
from platform_core.parameters import ParameterMixin
from platform_core.records import RecordKit

SCHEMA = "case_svc"
SERVICE = "case"

Base = make_base(SCHEMA)
# Built by the migrations only where pg_trgm exists, with the operator class of the extension's schema
# (docs/case-routing-and-duplicates.md): the models leave them out, and the schema check passes over them.
Base.metadata.info[MIGRATION_ONLY_INDEXES] = frozenset({"ix_case_record_text_trgm", "ix_knowledge_entry_question_trgm"})


class AuditLog(AuditLogMixin, Base):
    """Append-only audit log of case-service."""

    __table_args__ = {"comment": "审计日志"}


class AuditArchive(AuditArchiveMixin, Base):
    """Monthly archives of case-service's audit log."""


class IdempotencyRecord(IdempotencyRecordMixin, Base):
    """Remembered create responses of case-service."""


class AttachmentBlob(BlobMixin, Base):
    """The bytes of case attachments (the default store: every replica reads them)."""

    __tablename__ = "attachment_blob"
    __table_args__ = {"comment": "诉求附件内容"}


class JobRun(JobRunMixin, Base):
    """Claimed slots and run log of case-service's periodic jobs."""


class JobControl(JobControlMixin, Base):
    """The administrator's pause and run-now requests for case-service's periodic jobs."""


class Parameter(ParameterMixin, Base):
    """The 系统参数 of case-service an administrator edited."""

    __table_args__ = {"comment": "系统参数"}


audit = AuditTrail(AuditLog, SERVICE)
idempotency = IdempotencyStore(IdempotencyRecord)
kit = RecordKit(audit=audit, idempotency=idempotency)
