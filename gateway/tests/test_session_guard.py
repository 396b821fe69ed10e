"""The session check's cache: one reading per session per period whatever the load, shared by concurrent requests,
and an unreadable database leaves the last reading standing instead of refusing everyone."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.exc import OperationalError

from gateway.iam.sessions import SessionGuard
from platform_core.auth import Principal

SID = "a" * 32


class Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


class FakeSession:
    """Answers the check's one query with a row the test sets (or fails like a lost database)."""

    def __init__(self) -> None:
        self.row: tuple[Any, ...] | None = (0, True, None, 7)
        self.queries = 0
        self.fail = False
        self.gate: asyncio.Event | None = None

    async def execute(self, _stmt: Any) -> FakeSession:
        self.queries += 1
        if self.gate is not None:
            await self.gate.wait()
        if self.fail:
            raise OperationalError("SELECT", {}, ConnectionRefusedError())
        return self

    def first(self) -> tuple[Any, ...] | None:
        return self.row


def principal(sv: int = 0, sid: str = SID) -> Principal:
    return Principal.from_claims({"sub": "user:7", "typ_sub": "user", "sid": sid, "sv": sv, "jti": "j"})


def guard_over(db: FakeSession, clock: Clock) -> SessionGuard:
    @asynccontextmanager
    async def factory() -> AsyncIterator[Any]:
        yield db

    return SessionGuard(ttl_s=2.0, session_factory=factory, clock=clock)


async def test_one_reading_per_session_per_period():
    db, clock = FakeSession(), Clock()
    guard = guard_over(db, clock)
    for _ in range(50):
        assert await guard.refusal(principal()) is None
    assert db.queries == 1
    db.row = (1, True, None, 7)  # the version moved on
    clock.now += 1.9
    assert await guard.refusal(principal()) is None
    clock.now += 0.1
    assert await guard.refusal(principal()) == "revoked"
    assert db.queries == 2


async def test_concurrent_requests_of_a_session_share_one_query():
    db, clock = FakeSession(), Clock()
    db.gate = asyncio.Event()
    guard = guard_over(db, clock)
    checks = [asyncio.create_task(guard.refusal(principal())) for _ in range(20)]
    await asyncio.sleep(0.01)
    db.gate.set()
    assert await asyncio.gather(*checks) == [None] * 20
    assert db.queries == 1


async def test_states_that_end_a_token():
    db, clock = FakeSession(), Clock()
    guard = guard_over(db, clock)
    db.row = (0, False, None, 7)
    assert await guard.refusal(principal(sid="b" * 32)) == "disabled"
    db.row = (0, True, object(), 7)
    assert await guard.refusal(principal(sid="c" * 32)) == "ended"
    db.row = (0, True, None, 8)  # another user's session id
    assert await guard.refusal(principal(sid="d" * 32)) == "ended"
    db.row = (0, True, None, None)  # no such session
    assert await guard.refusal(principal(sid="e" * 32)) == "ended"
    db.row = None  # no such user
    assert await guard.refusal(principal(sid="f" * 32)) == "disabled"
    # Machine clients and tokens without a session are not sessions.
    client = Principal.from_claims({"sub": "client:province", "typ_sub": "client", "jti": "j"})
    assert await guard.refusal(client) is None


async def test_an_unreadable_database_leaves_the_last_reading_standing():
    db, clock = FakeSession(), Clock()
    guard = guard_over(db, clock)
    db.row = (0, True, None, 7)
    assert await guard.refusal(principal()) is None
    db.fail = True
    clock.now += 5
    assert await guard.refusal(principal()) is None
    assert await guard.refusal(principal(sv=3)) == "revoked"  # still judged against the last reading
    assert db.queries == 2  # and not asked again within the period
    assert await guard.refusal(principal(sid="9" * 32)) is None  # never read: the signed token stands
