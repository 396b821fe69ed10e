"""The gateway's periodic purges: the platform's (idempotency records, the job log), refresh tokens, sessions
and the sign-in guards' counters.

A refresh token stays as long as its family could still be presented: a spent token is how the reuse of a
stolen one is recognised (the whole family is then revoked). Once the family's absolute expiry has passed no
token of it is accepted anyway, so a day later its rows go, and so does the session (an ended session goes a
day after it ended: the sign-in log, not the session list, is the lasting record). The throttle's windows
and an unknown name's failures are forgotten after a day, as a real account's are.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from sqlalchemy import or_

from gateway.iam.models import (
    AuditArchive,
    AuditLog,
    IdempotencyRecord,
    JobRun,
    RefreshToken,
    SignInThrottle,
    UnknownLogin,
    UserSession,
)
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

    return Job("purge-refresh-tokens", 86400, run, "清理过期刷新令牌")


def session_purge(db: Database) -> Job:
    """Hourly: sessions expired or ended a day ago, and sign-in counters older than a day."""

    async def run(_slot: Any) -> str:
        cutoff = utcnow() - REFRESH_KEPT_AFTER_EXPIRY
        ended = [or_(UserSession.expires_at < cutoff, UserSession.ended_at < cutoff)]
        sessions = await purge(db, UserSession, ended)
        windows = await purge(db, SignInThrottle, [SignInThrottle.window_started_at < cutoff])
        unknown = await purge(db, UnknownLogin, [UnknownLogin.last_failed_login_at < cutoff])
        return f"删除过期会话{sessions}个、登录限流窗口{windows}个、未知登录名计数{unknown}个"

    return Job("purge-sessions", 3600, run, "清理过期会话与登录限流")


def jobs(app: FastAPI) -> list[Job]:
    """Every periodic job of the gateway."""
    db: Database = app.state.db
    return [
        *retention_jobs(
            db,
            idempotency_model=IdempotencyRecord,
            job_model=JobRun,
            audit_model=AuditLog,
            archive_model=AuditArchive,
            audit_keep_months=app.state.settings.audit_keep_months,
        ),
        refresh_token_purge(db),
        session_purge(db),
    ]
