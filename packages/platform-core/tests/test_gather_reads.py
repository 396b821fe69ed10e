"""Independent reads run at once on sessions of their own where each statement reads what is committed anyway
(PostgreSQL), and one after the other on the request's session where another session could miss something of it
(SQLite, a transaction begun with its own writes, a rolled-back test session). A failed read is raised as it came
and leaves no connection checked out. The PostgreSQL half runs with TEST_DATABASE_URL."""

import asyncio
import time
import uuid

import pytest
from sqlalchemy import Integer, String, func, insert, select, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from platform_core.db import Database, gather_reads, is_sqlite, make_base, reads_apart
from platform_core.settings import DatabasePoolSettings
from platform_core.testing import rolled_back_session, scratch_tables
from platform_core.testing import test_database_url as database_url

SCHEMA = f"gather_{uuid.uuid4().hex[:8]}"
Base = make_base(SCHEMA)


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(12))


@pytest.fixture
async def db(tmp_path):
    async with scratch_tables(database_url(tmp_path, "gather"), SCHEMA, Base.metadata) as database:
        async with database.session() as session:
            await session.execute(
                insert(Item), [{"id": i, "region": "411522" if i % 2 else "411502"} for i in range(1, 11)]
            )
            await session.commit()
        yield database


def on_postgres(db: Database) -> bool:
    return not is_sqlite(db.url)


async def backend(session: AsyncSession) -> int:
    """The server process (PostgreSQL) or connection (SQLite) a session's statements run on."""
    if session.get_bind().dialect.name == "postgresql":
        return int(await session.scalar(text("SELECT pg_backend_pid()")))
    return id(await (await session.connection()).get_raw_connection())


async def count_in(session: AsyncSession, region: str) -> int:
    return int(await session.scalar(select(func.count()).where(Item.region == region)))


async def test_reads_run_at_once_on_their_own_sessions_on_postgresql(db):
    async with db.session(write=False) as session:
        assert reads_apart(session) is on_postgres(db)
        first, second = await gather_reads(session, backend, backend)
        # The answers are what they would have been one after the other.
        counts = await gather_reads(session, lambda s: count_in(s, "411522"), lambda s: count_in(s, "411502"))
        assert counts == [5, 5]
    # On PostgreSQL the two reads ran on two server connections; on SQLite on the session's one.
    assert (first != second) is on_postgres(db)
    if on_postgres(db):
        # At once: two reads of 0.3 s each take about 0.3 s, not 0.6 s.
        async def slow(session: AsyncSession) -> None:
            await session.execute(text("SELECT pg_sleep(0.3)"))

        async with db.session(write=False) as session:
            began = time.perf_counter()
            await gather_reads(session, slow, slow)
            assert time.perf_counter() - began < 0.5


async def test_a_session_with_writes_of_its_own_reads_them_one_after_the_other(db):
    async with db.session() as session:  # may write: its transaction holds what it wrote, uncommitted
        assert reads_apart(session) is on_postgres(db)  # nothing begun yet
        session.add(Item(id=11, region="411522"))
        await session.flush()
        assert reads_apart(session) is False
        first, second = await gather_reads(session, backend, backend)
        assert first == second
        # Both reads see the row only this session holds.
        assert await gather_reads(session, lambda s: count_in(s, "411522"), lambda s: count_in(s, "411522")) == [6, 6]
        await session.rollback()
    async with rolled_back_session(db) as session:  # a test's session: its data exists in its transaction only
        await session.execute(select(1))
        assert reads_apart(session) is False


async def test_a_failed_read_is_raised_as_it_came_and_leaves_no_connection_out(db):
    if not on_postgres(db):
        async with db.session(write=False) as session:
            assert reads_apart(session) is False
        return

    async def broken(session: AsyncSession) -> None:
        await session.execute(text("SELECT * FROM no_such_table"))

    async def slow(session: AsyncSession) -> None:
        await session.execute(text("SELECT pg_sleep(5)"))

    for reads in ((backend, broken), (broken, slow), (slow, broken)):
        async with db.session(write=False) as session:
            began = time.perf_counter()
            with pytest.raises(sa_exc.ProgrammingError):  # the driver's error, not a group of them
                await gather_reads(session, *reads)
            # The slow read was cancelled with the failure instead of being waited for.
            assert time.perf_counter() - began < 2
    await asyncio.sleep(0)
    assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    async with db.session(write=False) as session:
        assert await gather_reads(session, lambda s: count_in(s, "411522"), lambda s: count_in(s, "411502")) == [5, 5]


async def test_reads_at_once_take_no_more_than_a_quarter_of_the_pool(db):
    """Requests holding their own connection while waiting for a second could take the whole pool and wait on each
    other: reads at once take at most a quarter of the pool beside their requests' own, else go one after the other."""
    if not on_postgres(db):
        return  # one connection on SQLite: always one after the other (the first test)
    for pool_size, reads, apart in ((4, 2, True), (4, 3, False), (3, 2, False), (20, 6, True), (20, 7, False)):
        sized = Database(db.url, SCHEMA, pool=DatabasePoolSettings(pool_size=pool_size))
        try:
            async with sized.session(write=False) as session:
                pids = await gather_reads(session, *([backend] * reads))
            assert (len(set(pids)) == reads) is apart, (pool_size, reads)
            assert (len(set(pids)) == 1) is (not apart), (pool_size, reads)
            assert sized.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        finally:
            await sized.dispose()
    # While one request's reads hold the share, another's go one after the other instead of waiting for a connection.
    sized = Database(db.url, SCHEMA, pool=DatabasePoolSettings(pool_size=4))
    try:

        async def slow_pid(session: AsyncSession) -> int:
            await session.execute(text("SELECT pg_sleep(0.3)"))
            return await backend(session)

        async def request() -> int:
            async with sized.session(write=False) as session:
                return len(set(await gather_reads(session, slow_pid, slow_pid)))

        assert sorted(await asyncio.gather(request(), request())) == [1, 2]
    finally:
        await sized.dispose()
