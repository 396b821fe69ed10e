"""How long the platform keeps what it only needs for a while, as periodic jobs of each app.

- Idempotency records: a day (a retry comes within minutes; a day covers a client offline overnight).
- Job runs: 30 days of the run log.
Deletions go in batches of bounded size, each its own short transaction, so a purge never holds locks
for long or competes with the office's writes. (The audit log is never purged: see the architecture.)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, select

from platform_core.audit_archive import audit_archive_job
from platform_core.db import Database, utcnow
from platform_core.jobs import Job

IDEMPOTENCY_KEPT = timedelta(hours=24)
JOB_RUNS_KEPT = timedelta(days=30)
BATCH = 1000


async def purge(db: Database, model: type[Any], conditions: Sequence[ColumnElement[bool]], batch: int = BATCH) -> int:
    """Delete the rows matching the conditions, a batch per transaction; how many were deleted."""
    deleted = 0
    key = model.__mapper__.primary_key[0]  # `id`, or a natural key (an address, a login name)
    while True:
        async with db.session() as session:
            ids = (await session.scalars(select(key).where(*conditions).limit(batch))).all()
            if not ids:
                return deleted
            await session.execute(delete(model).where(key.in_(ids)))
            await session.commit()
        deleted += len(ids)
        if len(ids) < batch:
            return deleted


def retention_jobs(
    db: Database,
    *,
    idempotency_model: type[Any],
    job_model: type[Any],
    audit_model: type[Any] | None = None,
    archive_model: type[Any] | None = None,
    audit_keep_months: int = 0,
) -> list[Job]:
    """The purges every app runs: idempotency records hourly, the job log daily, and the audit log's monthly
    archive (with its retention) daily when the app's audit and archive models are given."""

    async def idempotency(_slot: Any) -> str:
        cutoff = utcnow() - IDEMPOTENCY_KEPT
        n = await purge(db, idempotency_model, [idempotency_model.created_at < cutoff])
        return f"删除过期幂等记录{n}条"

    async def job_runs(_slot: Any) -> str:
        cutoff = utcnow() - JOB_RUNS_KEPT
        n = await purge(db, job_model, [job_model.started_at < cutoff])
        return f"删除30天前的任务记录{n}条"

    out = [
        Job("purge-idempotency", 3600, idempotency, "清理过期幂等记录"),
        Job("purge-job-runs", 86400, job_runs, "清理定时任务运行记录"),
    ]
    if audit_model is not None and archive_model is not None:
        out.append(audit_archive_job(db, audit_model, archive_model, audit_keep_months))
    return out
