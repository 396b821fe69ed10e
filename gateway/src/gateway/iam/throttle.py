"""Guards of the sign-in endpoints, kept in the gateway's database so every replica counts the same attempts.

- A per-address throttle: at most `limit` attempts per address in a fixed one-minute window.
- Failure counts and lockouts for login names that do not exist, counted exactly like a real account's
  (`User.failed_login_count`, `User.locked_until`), so no answer tells which names exist.

Each count is one atomic upsert (`INSERT … ON CONFLICT DO UPDATE … RETURNING`), correct under concurrent
attempts on any number of processes, on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.iam.models import SignInThrottle, UnknownLogin

WINDOW_SECONDS = 60
#: Failures older than this are forgotten (for real accounts and unknown names alike), so rows of unknown
#: names can be deleted after it without changing any answer.
FAILURE_MEMORY = timedelta(hours=24)
#: One count in this many also deletes rows nobody needs any more (finished windows, forgotten names).
PRUNE_ONE_IN = 200


def seconds_left(until: datetime, now: datetime) -> int:
    """Whole seconds until a moment, at least 1: the same rounding for every lock."""
    return int((until - now).total_seconds()) + 1


def _upsert(session: AsyncSession, model: type[Any]) -> Any:
    """The dialect's INSERT that supports ON CONFLICT."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


@dataclass(frozen=True, slots=True)
class LoginGuard:
    """The sign-in guards' numbers, read once from the settings."""

    limit_per_minute: int
    threshold: int
    lockout_seconds: int

    async def hit_address(self, session: AsyncSession, *, address: str, now: datetime) -> int | None:
        """Count an attempt from an address; the seconds to wait when it is over its limit.

        The count is committed at once: the row lock is held for a moment, not for the password check.
        """
        key = f"addr:{address}"[:80]
        table = SignInThrottle.__table__
        expired = table.c.window_started_at <= now - timedelta(seconds=WINDOW_SECONDS)
        stmt = (
            _upsert(session, SignInThrottle)
            .values(key=key, window_started_at=now, attempts=1)
            .on_conflict_do_update(
                index_elements=[table.c.key],
                set_={
                    "attempts": case((expired, 1), else_=table.c.attempts + 1),
                    "window_started_at": case((expired, now), else_=table.c.window_started_at),
                },
            )
            .returning(table.c.attempts, table.c.window_started_at)
        )
        attempts, started = (await session.execute(stmt)).one()
        if random.randrange(PRUNE_ONE_IN) == 0:  # noqa: S311 - housekeeping, not security
            await session.execute(
                delete(SignInThrottle).where(
                    SignInThrottle.window_started_at < now - timedelta(seconds=2 * WINDOW_SECONDS)
                )
            )
        await session.commit()
        if attempts > self.limit_per_minute:
            return max(1, math.ceil((started + timedelta(seconds=WINDOW_SECONDS) - now).total_seconds()))
        return None

    async def unknown_locked_for(self, session: AsyncSession, *, username: str, now: datetime) -> int | None:
        """Seconds left on an unknown name's lock, if it is locked."""
        until = await session.scalar(select(UnknownLogin.locked_until).where(UnknownLogin.username == username))
        return seconds_left(until, now) if until is not None and until > now else None

    async def unknown_failed(self, session: AsyncSession, *, username: str, now: datetime) -> tuple[int, int | None]:
        """Count a failure of an unknown name: (remaining attempts, lock seconds when this one locked it)."""
        table = UnknownLogin.__table__
        forgotten = table.c.last_failed_login_at < now - FAILURE_MEMORY
        stmt = (
            _upsert(session, UnknownLogin)
            .values(username=username, failed_login_count=1, last_failed_login_at=now)
            .on_conflict_do_update(
                index_elements=[table.c.username],
                set_={
                    "failed_login_count": case((forgotten, 1), else_=table.c.failed_login_count + 1),
                    "last_failed_login_at": now,
                },
            )
            .returning(table.c.failed_login_count)
        )
        count = int((await session.execute(stmt)).scalar_one())
        if random.randrange(PRUNE_ONE_IN) == 0:  # noqa: S311 - housekeeping, not security
            await session.execute(
                delete(UnknownLogin).where(
                    UnknownLogin.last_failed_login_at < now - FAILURE_MEMORY,
                    (UnknownLogin.locked_until.is_(None)) | (UnknownLogin.locked_until < now),
                )
            )
        if count >= self.threshold:
            await session.execute(
                update(UnknownLogin)
                .where(UnknownLogin.username == username)
                .values(failed_login_count=0, locked_until=now + timedelta(seconds=self.lockout_seconds))
            )
            return 0, self.lockout_seconds
        return self.threshold - count, None
