"""The gateway's periodic purges: the platform's (idempotency records, the job log) and refresh tokens.

A refresh token stays as long as its family could still be presented: a spent token is how the reuse of a
stolen one is recognised (the whole family is then revoked). Once the family's absolute expiry has passed no
token of it is accepted anyway, so a day later its rows go.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import FastAPI

from gateway.iam.models import IdempotencyRecord, JobRun, RefreshToken
from platform_core.db import Database, utcnow
from platform_core.jobs import Job
from platform_core.retention import purge, retention_jobs

#: Refresh tokens are kept this long after their family's absolute expiry.
REFRESH_KEPT_AFTER_EXPIRY = timedelta(days=1)


def refresh_token_purge(db: Database) -> Job:
    """Daily: delete refresh tokens of families expired more than a day ago."""

    async def run(_slot: Any) -> str:
        n = await purge(db, RefreshToken, [RefreshToken.expires_at < utcnow() - REFRESH_KEPT_AFTER_EXPIRY])
        return f"删除已过期的刷新令牌{n}条"

    return Job("purge-refresh-tokens", 86400, run)


def jobs(app: FastAPI) -> list[Job]:
    """Every periodic job of the gateway."""
    db: Database = app.state.db
    return [*retention_jobs(db, idempotency_model=IdempotencyRecord, job_model=JobRun), refresh_token_purge(db)]
