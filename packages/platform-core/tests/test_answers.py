"""Kept answers of costly reads: computed once however many callers ask at once, kept until they age out or a
commit writes what they are made of (never a rolled-back write), the least recently used dropped first; a failure
or a caller that went away never leaves the others without an answer. On SQLite and (with TEST_DATABASE_URL)
PostgreSQL for the commit hook."""

import asyncio
import uuid

import pytest
from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from platform_core import answers
from platform_core.answers import AnswerCache, invalidate_on_commit
from platform_core.db import make_base
from platform_core.testing import scratch_tables
from platform_core.testing import test_database_url as database_url

SCHEMA = f"answers_{uuid.uuid4().hex[:8]}"
Base = make_base(SCHEMA)


class Watched(Base):
    __tablename__ = "watched"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(12))


class Other(Base):
    __tablename__ = "other"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class Counter:
    """A computation that counts its runs and can be held open until released."""

    def __init__(self) -> None:
        self.runs = 0
        self.release = asyncio.Event()
        self.release.set()

    async def __call__(self) -> bytes:
        self.runs += 1
        await self.release.wait()
        return f"answer {self.runs}".encode()


async def test_an_answer_is_kept_until_it_ages_out(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(answers.time, "monotonic", lambda: clock[0])
    cache, compute = AnswerCache(ttl_s=60), Counter()
    first = await cache.answer("k", compute)
    assert (first.body, first.kept, first.age_s) == (b"answer 1", False, 0)
    clock[0] += 59
    again = await cache.answer("k", compute)
    assert (again.body, again.kept, again.age_s) == (b"answer 1", True, 59)
    assert (await cache.answer("other key", compute)).body == b"answer 2"
    clock[0] += 1  # 60 s old: computed again
    assert (await cache.answer("k", compute)).body == b"answer 3"
    # Asked fresh, it is computed now whatever is kept, and the new answer is the one kept.
    assert (await cache.answer("k", compute, fresh=True)).body == b"answer 4"
    assert (await cache.answer("k", compute)).body == b"answer 4"
    assert compute.runs == 4


async def test_concurrent_callers_share_one_computation():
    cache, compute = AnswerCache(ttl_s=60), Counter()
    compute.release.clear()
    callers = [asyncio.create_task(cache.answer("k", compute)) for _ in range(20)]
    await asyncio.sleep(0)
    compute.release.set()
    got = await asyncio.gather(*callers)
    assert compute.runs == 1
    assert {a.body for a in got} == {b"answer 1"}
    assert sum(not a.kept for a in got) == 1  # one computed it, nineteen shared it


async def test_nothing_is_kept_with_no_time_to_keep_it_but_concurrent_callers_still_share():
    cache, compute = AnswerCache(ttl_s=0), Counter()
    compute.release.clear()
    callers = [asyncio.create_task(cache.answer("k", compute)) for _ in range(5)]
    await asyncio.sleep(0)
    compute.release.set()
    await asyncio.gather(*callers)
    assert compute.runs == 1
    assert (await cache.answer("k", compute)).body == b"answer 2"


async def test_a_failure_reaches_every_waiting_caller_and_is_not_kept():
    cache = AnswerCache(ttl_s=60)
    started = asyncio.Event()

    async def failing() -> bytes:
        started.set()
        await asyncio.sleep(0.01)
        raise RuntimeError("database down")

    leader = asyncio.create_task(cache.answer("k", failing))
    await started.wait()
    waiter = asyncio.create_task(cache.answer("k", failing))
    for task in (leader, waiter):
        with pytest.raises(RuntimeError, match="database down"):
            await task
    assert (await cache.answer("k", Counter())).body == b"answer 1"


async def test_a_caller_that_went_away_leaves_the_computation_to_the_next():
    cache, slow, quick = AnswerCache(ttl_s=60), Counter(), Counter()
    slow.release.clear()
    leader = asyncio.create_task(cache.answer("k", slow))
    await asyncio.sleep(0)
    waiter = asyncio.create_task(cache.answer("k", quick))
    await asyncio.sleep(0)
    leader.cancel()  # its connection closed
    with pytest.raises(asyncio.CancelledError):
        await leader
    answer = await waiter
    assert (answer.body, answer.kept, quick.runs) == (b"answer 1", False, 1)


async def test_a_write_during_the_computation_is_answered_but_not_kept():
    cache, compute = AnswerCache(ttl_s=60), Counter()
    compute.release.clear()
    running = asyncio.create_task(cache.answer("k", compute))
    await asyncio.sleep(0)
    cache.invalidate()  # a commit while it read
    compute.release.set()
    assert (await running).body == b"answer 1"
    assert (await cache.answer("k", compute)).body == b"answer 2"


async def test_the_least_recently_used_answer_goes_first_when_full():
    cache = AnswerCache(ttl_s=60, max_bytes=30)

    def body(text: str):
        async def make() -> bytes:
            return text.encode()

        return make

    await cache.answer("a", body("a" * 10))
    await cache.answer("b", body("b" * 10))
    await cache.answer("a", body("x"))  # a kept answer read: a is the most recently used
    await cache.answer("c", body("c" * 15))  # 35 bytes: b goes
    assert (await cache.answer("a", body("new"))).body == b"a" * 10
    assert (await cache.answer("b", body("new b"))).body == b"new b"
    assert (await cache.answer("too big", body("z" * 31))).kept is False
    assert (await cache.answer("too big", body("again"))).body == b"again"  # never kept


@pytest.fixture
async def db(tmp_path):
    async with scratch_tables(database_url(tmp_path, "answers"), SCHEMA, Base.metadata) as database:
        yield database


async def test_a_commit_writing_a_watched_model_drops_the_answers_and_a_rollback_does_not(db):
    cache, compute = AnswerCache(ttl_s=600), Counter()
    invalidate_on_commit(cache, Watched)
    await cache.answer("k", compute)
    async with db.session() as session:
        session.add(Other(id=1))
        await session.commit()  # not what the answer is made of
    assert (await cache.answer("k", compute)).kept
    async with db.session() as session:
        session.add(Watched(id=1, name="one"))
        await session.flush()
        await session.rollback()
    assert (await cache.answer("k", compute)).kept
    async with db.session() as session:
        session.add(Watched(id=2, name="two"))
        await session.flush()
        assert (await cache.answer("k", compute)).kept  # flushed, not yet committed: nothing changed for others
        await session.commit()
    assert (await cache.answer("k", compute)).body == b"answer 2"
    async with db.session() as session:
        row = await session.get(Watched, 2)
        assert row is not None
        row.name = "changed"
        await session.commit()
    assert (await cache.answer("k", compute)).body == b"answer 3"
