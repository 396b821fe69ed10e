"""Sign-ins as sessions: started at sign-in, kept alive by refreshes, ended by logout, by an administrator or by
a change of the user's password, state or grants; and the check that ends their access tokens with them.

Every access token of a user carries `sid` (its session, the refresh-token family) and `sv` (the user's session
version when it was minted). The gateway checks both on every request (`SessionGuard`): the user must still be
enabled, the session must not have ended and `sv` must equal the user's current session version. What it read
is kept per session for `session_check_ttl_s` (2 s by default), so a change reaches every replica within that
time and the hot path costs a dictionary lookup.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.iam import refresh
from gateway.iam.models import User, UserSession
from platform_core.auth import Principal

log = logging.getLogger(__name__)

#: Why a session ended, as stored in `user_session.end_reason`.
END_REASONS = {
    "logout": "退出登录",
    "forced": "强制下线",
    "password_changed": "修改密码",
    "password_reset": "重置密码",
    "disabled": "账户停用",
    "grants_changed": "角色或归属变更",
    "refresh_reused": "刷新令牌被重复使用",
}
MAX_CACHED = 100_000


async def start(
    session: AsyncSession,
    *,
    session_id: str,
    user_id: int,
    now: datetime,
    expires_at: datetime,
    address: str | None,
    user_agent: str | None,
) -> UserSession:
    """Record a new sign-in (its id is the refresh-token family's)."""
    row = UserSession(
        id=session_id,
        user_id=user_id,
        started_at=now,
        last_active_at=now,
        expires_at=expires_at,
        address=(address or None) and address[:64],
        user_agent=(user_agent or None) and user_agent[:256],
    )
    session.add(row)
    await session.flush()
    return row


async def touch(session: AsyncSession, *, session_id: str, now: datetime) -> None:
    """Note activity of a session (a refresh)."""
    await session.execute(
        update(UserSession)
        .where(UserSession.id == session_id, UserSession.ended_at.is_(None))
        .values(last_active_at=now)
        .execution_options(synchronize_session=False)
    )


async def end(session: AsyncSession, *, session_id: str, now: datetime, reason: str) -> bool:
    """End one session and revoke its refresh tokens; False when it had already ended."""
    await refresh.revoke_family(session, family_id=session_id, now=now)
    return bool(await _mark_ended(session, UserSession.id == session_id, now=now, reason=reason))


async def _mark_ended(session: AsyncSession, which: ColumnElement[bool], *, now: datetime, reason: str) -> int:
    """Mark the live sessions a condition selects as ended; how many there were."""
    result = await session.execute(
        update(UserSession)
        .where(which, UserSession.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def end_all(session: AsyncSession, *, user_id: int, now: datetime, reason: str) -> int:
    """End every session of a user: a new session version, refresh tokens revoked, sessions marked ended.

    The new version makes every access token minted before it fail the gateway's check, including one
    minted by a refresh that raced with this change.
    """
    await session.execute(
        update(User)
        .where(User.id == user_id)
        .values(session_version=User.session_version + 1)
        .execution_options(synchronize_session=False)
    )
    await refresh.revoke_user(session, user_id=user_id, now=now)
    return await _mark_ended(session, UserSession.user_id == user_id, now=now, reason=reason)


def online_condition(now: datetime, idle_seconds: int) -> ColumnElement[bool]:
    """Sessions that are live now: not ended, within their lifetime, refreshed within the idle limit."""
    return (
        UserSession.ended_at.is_(None)
        & (UserSession.expires_at > now)
        & (UserSession.last_active_at > now - timedelta(seconds=idle_seconds))
    )


@dataclass(frozen=True, slots=True)
class SessionState:
    """What the check needs of a session, as last read."""

    version: int
    active: bool
    ended: bool
    read_at: float


class SessionGuard:
    """Per-process check of access tokens against their session, with a short cache per session."""

    def __init__(
        self,
        *,
        ttl_s: float,
        session_factory: Callable[[], AbstractAsyncContextManager[AsyncSession]],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Bind where sessions are read and how long a reading is trusted."""
        self.ttl_s = ttl_s
        self.session_factory = session_factory
        self.clock = clock
        self._states: dict[str, SessionState] = {}
        self._reading: dict[str, asyncio.Future[SessionState | None]] = {}
        self._last_warning = 0.0

    async def refusal(self, principal: Principal) -> str | None:
        """Why a principal's token no longer counts (None when it does)."""
        claims = principal.claims
        sid = claims.get("sid")
        if principal.kind != "user" or not isinstance(sid, str):
            # Machine clients have no sessions; they are short-lived and disabled clients get no new tokens.
            return None
        state = self._states.get(sid)
        if state is None or self.clock() - state.read_at >= self.ttl_s:
            state = await self._read(sid, principal.user_id, state)
            if state is None:
                return None
        if not state.active:
            return "disabled"
        if claims.get("sv") != state.version:
            return "revoked"
        if state.ended:
            return "ended"
        return None

    def forget(self) -> None:
        """Drop every reading (the next request of each session reads again)."""
        self._states.clear()

    async def _read(self, sid: str, user_id: int | None, stale: SessionState | None) -> SessionState | None:
        """Read one session's state; concurrent requests of the session share one query."""
        pending = self._reading.get(sid)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[SessionState | None] = asyncio.get_running_loop().create_future()
        self._reading[sid] = future
        state = stale
        try:
            state = await self._query(sid, user_id)
        except (SQLAlchemyError, OSError) as exc:
            # The gateway's database is unreachable: the last reading (or, without one, the token itself)
            # stands for another period rather than refusing every user; /readyz reports the database.
            self._warn(exc)
            state = replace(stale, read_at=self.clock()) if stale is not None else None
        finally:
            del self._reading[sid]
            future.set_result(state)
        if state is not None:
            if len(self._states) >= MAX_CACHED:
                self._states.clear()
            self._states[sid] = state
        return state

    async def _query(self, sid: str, user_id: int | None) -> SessionState:
        stmt: Any = (
            select(User.session_version, User.is_active, UserSession.ended_at, UserSession.user_id)
            .select_from(User)
            .outerjoin(UserSession, UserSession.id == sid)
            .where(User.id == user_id)
        )
        async with self.session_factory() as session:
            row = (await session.execute(stmt)).first()
        now = self.clock()
        if row is None:
            return SessionState(version=-1, active=False, ended=True, read_at=now)
        version, active, ended_at, owner = row
        # A session id that is unknown, or another user's, counts as ended.
        return SessionState(
            version=int(version), active=bool(active), ended=ended_at is not None or owner != user_id, read_at=now
        )

    def _warn(self, exc: Exception) -> None:
        now = time.monotonic()
        if now - self._last_warning > 30:
            self._last_warning = now
            log.warning("session check could not read the database, tokens pass on their last reading: %s", exc)


def bound_or_new(app_state: Any) -> Callable[[], AbstractAsyncContextManager[AsyncSession]]:
    """The session factory of the check: the test's bound session when there is one, else a reading session."""

    def factory() -> AbstractAsyncContextManager[AsyncSession]:
        bound: AsyncSession | None = getattr(app_state, "bound_session", None)
        if bound is not None:
            return nullcontext(bound)
        return app_state.db.session(write=False)  # type: ignore[no-any-return]

    return factory
