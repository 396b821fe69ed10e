"""Pages read straight from the driver: the same rows as through the session (types converted as SQLAlchemy would),
taken only where the session reads without a transaction and holds no connection, left to SQLAlchemy where the SQL
depends on the values, and a cut connection is the fault SQLAlchemy would raise. On SQLite the session path serves
every page; the direct path is asserted with TEST_DATABASE_URL (PostgreSQL)."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import asyncpg
import pytest
from sqlalchemy import Boolean, Float, Integer, String, bindparam, func, insert, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from platform_core import pagination
from platform_core.db import (
    Database,
    UTCDateTime,
    compile_read,
    fetch_direct,
    is_sqlite,
    make_base,
    reads_directly,
)
from platform_core.faults import database_unavailable
from platform_core.pagination import CountCache, PageParams, bound_list, paginate
from platform_core.settings import DatabasePoolSettings, Pooler
from platform_core.testing import scratch_tables
from platform_core.testing import test_database_url as database_url

SCHEMA = f"direct_{uuid.uuid4().hex[:8]}"
Base = make_base(SCHEMA)
START = datetime(2026, 1, 1, tzinfo=UTC)


class Tagged(TypeDecorator[str]):
    """A column whose value is converted both ways (as an encrypted or normalised column would be)."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else f"stored:{value}"

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else value.removeprefix("stored:")


class Entry(Base):
    __tablename__ = "row"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(12))
    label: Mapped[str] = mapped_column(Tagged())
    flag: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


ROWS = 41
LISTED = (Entry.id, Entry.region, Entry.label, Entry.flag, Entry.at)


def listing(*, expanding: bool = False) -> pagination.BoundList:
    """The list of one shape: rows of a region prefix at or after an instant, newest first."""
    stmt = select(*LISTED).where(
        Entry.region.like(bindparam("prefix")), Entry.at >= bindparam("since", type_=UTCDateTime())
    )
    if expanding:
        stmt = stmt.where(Entry.id.in_(bindparam("ids", expanding=True)))
    return bound_list(stmt.order_by(Entry.at.desc(), Entry.id.desc()))


@pytest.fixture
async def db(tmp_path, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 30)
    async with scratch_tables(database_url(tmp_path, "direct"), SCHEMA, Base.metadata) as database:
        async with database.session() as session:
            rows = [
                {"id": i, "region": "411522" if i % 3 else "411502", "label": f"企业{i}", "flag": i % 2 == 0,
                 "at": START + timedelta(hours=i)}
                for i in range(1, ROWS + 1)
            ]  # fmt: skip
            await session.execute(insert(Entry), rows)
            await session.commit()
        yield database


def on_postgres(db: Database) -> bool:
    return not is_sqlite(db.url)


async def both_ways(db: Database, query: pagination.BoundList, params: PageParams, values: dict[str, Any]):
    """The page read by a read session (direct on PostgreSQL) and by a writing session (always the session's)."""
    async with db.session(write=False) as session:
        direct = await paginate(session, query, params, values=values, rows=True)
        connected = session.in_transaction()
    async with db.session() as session:
        through = await paginate(session, query, params, values=values, rows=True)
    return direct, through, connected


async def test_a_page_read_from_the_driver_is_the_page_the_session_reads(db):
    # Since is given in UTC+8: the bound value is converted like SQLAlchemy converts it.
    values = {"prefix": "4115%", "since": (START + timedelta(hours=5)).astimezone(timezone(timedelta(hours=8)))}
    for params in (PageParams(page=1, page_size=10), PageParams(page=4, page_size=10)):
        (direct, direct_total), (through, through_total), connected = await both_ways(db, listing(), params, values)
        assert [tuple(r) for r in direct] == [tuple(r) for r in through]
        assert (int(direct_total), direct_total.exact) == (int(through_total), through_total.exact)
        # The session never took a connection: the page came from the driver (PostgreSQL), or it did (SQLite).
        assert connected is not on_postgres(db)
    (first, total), _, _ = await both_ways(db, listing(), PageParams(page=1, page_size=10), values)
    assert (int(total), total.exact) == (30, False)
    # Rows are read by position; each column's type converted as SQLAlchemy does (the label back from its stored
    # form, the instant aware).
    ident, region, label, flag, at = first[0]
    assert (ident, region, label, flag) == (41, "411522", "企业41", False)
    assert at == START + timedelta(hours=41) and at.utcoffset() == timedelta(0)


async def test_a_statement_whose_sql_depends_on_its_values_is_left_to_sqlalchemy(db):
    query = listing(expanding=True)
    values = {"prefix": "4115%", "since": START, "ids": [3, 4, 5, 40]}
    (direct, total), (through, _), _ = await both_ways(db, query, PageParams(page=1, page_size=10), values)
    assert [r[0] for r in direct] == [r[0] for r in through] == [40, 5, 4, 3]
    assert int(total) == 4
    if on_postgres(db):
        assert query.compiled(db.engine.dialect) == (None, None)


async def test_only_a_session_reading_without_a_transaction_and_holding_no_connection_reads_directly(db, tmp_path):
    async with db.session(write=False) as session:
        assert reads_directly(session) is on_postgres(db)
        await session.execute(select(1))
        # A statement of the request already ran in the session: later ones see what it saw.
        assert reads_directly(session) is False
    async with db.session() as session:  # a session that may write keeps its transaction
        assert reads_directly(session) is False
    if on_postgres(db):
        # Behind PgBouncer in transaction mode a statement outside a transaction may be parsed and run on two
        # server connections: reads keep their transaction there.
        pooled = Database(db.url, SCHEMA, pool=DatabasePoolSettings(pooler=Pooler.PGBOUNCER))
        try:
            async with pooled.session(write=False) as session:
                assert reads_directly(session) is False
        finally:
            await pooled.dispose()


async def test_a_cached_total_serves_the_direct_page_too(db):
    cache = CountCache(ttl_s=60)
    values = {"prefix": "411502", "since": START}
    async with db.session(write=False) as session:
        _, counted = await paginate(session, listing(), PageParams(page=1, page_size=5), values=values,
                                    count_cache=cache, count_key=("row", "411502"), rows=True)  # fmt: skip
    assert (int(counted), counted.exact) == (13, True)
    cache.put(("row", "411502"), 99)  # a total kept from before is what the next page says
    async with db.session(write=False) as session:
        _, kept = await paginate(session, listing(), PageParams(page=2, page_size=5), values=values,
                                 count_cache=cache, count_key=("row", "411502"), rows=True)  # fmt: skip
    assert int(kept) == 99


async def test_a_cut_connection_is_the_fault_sqlalchemy_would_raise_and_leaves_the_pool(db):
    if not on_postgres(db):
        # SQLite reads through the session, whose faults are SQLAlchemy's own.
        async with db.session(write=False) as session:
            assert reads_directly(session) is False
        return
    read = compile_read(select(Entry.id).where(Entry.id == bindparam("id")), db.engine.dialect)
    assert read is not None
    async with db.session(write=False) as session:
        assert [tuple(r) for r in await fetch_direct(session, read, {"id": 7})] == [(7,)]
        raw = await (await session.connection()).get_raw_connection()
        pids = [raw.driver_connection.get_server_pid()]  # type: ignore[union-attr]
    # Every connection of the pool is cut (a restart or failover would do the same).
    admin = await asyncpg.connect(db.url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid = ANY($1::int[])",
            pids,
        )
    finally:
        await admin.close()
    failures = 0
    for _ in range(db.pool.pool_size + 1):
        async with db.session(write=False) as session:
            try:
                assert [tuple(r) for r in await fetch_direct(session, read, {"id": 8})] == [(8,)]
            except sa_exc.DBAPIError as exc:
                failures += 1
                assert exc.connection_invalidated and database_unavailable(exc)
    # The cut connection failed once, as it would through the session, and was not handed out again.
    assert failures == 1


async def test_a_read_cancelled_mid_statement_leaves_no_connection_out_and_the_next_read_works(db):
    # The caller went away mid-statement: asyncpg cancels the statement on the server before the connection's next
    # use, and the connection is back in the pool.
    async with db.session(write=False) as session:
        if not reads_directly(session):  # SQLite: the session's own path, whose cancellation is SQLAlchemy's
            assert not on_postgres(db)
            return
        slow = compile_read(select(func.pg_sleep(bindparam("seconds", type_=Float))), db.engine.dialect)
        assert slow is not None
        task = asyncio.create_task(fetch_direct(session, slow, {"seconds": 5}))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    # Nothing is left checked out, and the next read gets a working connection at once.
    assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    read = compile_read(select(Entry.id).where(Entry.id == bindparam("id")), db.engine.dialect)
    assert read is not None
    async with db.session(write=False) as session:
        assert [tuple(r) for r in await asyncio.wait_for(fetch_direct(session, read, {"id": 3}), 2)] == [(3,)]
