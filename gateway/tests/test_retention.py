"""The gateway's periodic purges: idempotency records after a day, refresh tokens a day after their family
expired (spent ones before that are kept: they reveal the reuse of a stolen token), sessions a day after they
expired or ended, sign-in counters after a day; once per tick."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from sqlalchemy import delete, func, select

from gateway.iam.models import (
    IdempotencyRecord,
    JobRun,
    RefreshToken,
    SignInThrottle,
    UnknownLogin,
    User,
    UserSession,
)
from gateway.retention import jobs
from platform_core.db import Database, utcnow
from platform_core.jobs import JobRunner


async def test_expired_refresh_families_and_old_idempotency_records_are_purged(app: FastAPI, database: Database):
    tag = uuid.uuid4().hex[:8]
    now = utcnow()
    async with database.session() as s:
        user_id = (await s.scalars(select(User.id).where(User.username == "city"))).one()

        def token(name: str, expires: datetime, revoked: bool = False) -> RefreshToken:
            return RefreshToken(
                family_id=f"{tag}-{name}",
                user_id=user_id,
                token_hash=f"{tag}-{name}".ljust(64, "0"),
                issued_at=expires - timedelta(days=7),
                expires_at=expires,
                revoked_at=now if revoked else None,
            )

        s.add_all(
            [
                token("long-gone", now - timedelta(days=3)),
                token("just-expired", now - timedelta(hours=2)),
                token("spent-but-live", now + timedelta(days=5), revoked=True),
                UserSession(
                    id=f"{tag}-gone", user_id=user_id, started_at=now - timedelta(days=9),
                    last_active_at=now - timedelta(days=3), expires_at=now - timedelta(days=2),
                ),
                UserSession(
                    id=f"{tag}-ended", user_id=user_id, started_at=now - timedelta(days=3),
                    last_active_at=now - timedelta(days=2), expires_at=now + timedelta(days=4),
                    ended_at=now - timedelta(days=2), end_reason="logout",
                ),
                UserSession(
                    id=f"{tag}-online", user_id=user_id, started_at=now - timedelta(hours=1),
                    last_active_at=now, expires_at=now + timedelta(days=6),
                ),
                SignInThrottle(key=f"{tag}-old", window_started_at=now - timedelta(days=2), attempts=3),
                SignInThrottle(key=f"{tag}-now", window_started_at=now, attempts=1),
                UnknownLogin(username=f"{tag}-old", failed_login_count=2, last_failed_login_at=now - timedelta(days=2)),
                UnknownLogin(username=f"{tag}-now", failed_login_count=1, last_failed_login_at=now),
                IdempotencyRecord(
                    subject=f"user:{tag}", key="old", method="POST", path="/x", request_hash="0" * 64,
                    status_code=201, response_body={}, created_at=now - timedelta(hours=25),
                ),
                IdempotencyRecord(
                    subject=f"user:{tag}", key="new", method="POST", path="/x", request_hash="0" * 64,
                    status_code=201, response_body={}, created_at=now - timedelta(hours=1),
                ),
            ]
        )  # fmt: skip
        await s.commit()
    runner = JobRunner(JobRun, database, runner_name=f"test-{tag}")
    slot = datetime(2031, 1, 1, tzinfo=UTC) + timedelta(minutes=int(tag, 16) % 100000)
    try:
        for job in jobs(app):
            assert await runner.run_slot(job, slot), job.name
        async with database.session(write=False) as s:
            families = set(
                (await s.scalars(select(RefreshToken.family_id).where(RefreshToken.family_id.startswith(tag)))).all()
            )
            keys = set(await s.scalars(select(IdempotencyRecord.key).where(IdempotencyRecord.subject == f"user:{tag}")))
            sessions = set((await s.scalars(select(UserSession.id).where(UserSession.id.startswith(tag)))).all())
            windows = set(await s.scalars(select(SignInThrottle.key).where(SignInThrottle.key.startswith(tag))))
            names = set(await s.scalars(select(UnknownLogin.username).where(UnknownLogin.username.startswith(tag))))
            logged = await s.scalar(
                select(func.count()).select_from(JobRun).where(JobRun.runner == f"test-{tag}", JobRun.outcome == "ok")
            )
        assert families == {f"{tag}-just-expired", f"{tag}-spent-but-live"}
        assert keys == {"new"}
        assert sessions == {f"{tag}-online"}
        assert windows == {f"{tag}-now"} and names == {f"{tag}-now"}
        assert logged == 5  # the purges and the audit archive
    finally:
        async with database.session() as s:
            await s.execute(delete(RefreshToken).where(RefreshToken.family_id.startswith(tag)))
            await s.execute(delete(IdempotencyRecord).where(IdempotencyRecord.subject == f"user:{tag}"))
            await s.execute(delete(JobRun).where(JobRun.runner == f"test-{tag}"))
            await s.execute(delete(UserSession).where(UserSession.id.startswith(tag)))
            await s.execute(delete(SignInThrottle).where(SignInThrottle.key.startswith(tag)))
            await s.execute(delete(UnknownLogin).where(UnknownLogin.username.startswith(tag)))
            await s.commit()
