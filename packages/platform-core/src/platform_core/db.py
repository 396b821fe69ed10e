"""Async engine, sessions, declarative base and the column mixins every model uses.

Two guarantees live here for every app: a versioned row is updated only if its version is still the
one read (`UPDATE … WHERE id = :id AND version = :read`, whatever code path changes it), and on the
embedded SQLite default writes are serialised per process (one writer at a time, `BEGIN IMMEDIATE`),
so concurrent writers queue instead of failing with "database is locked".
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy import BigInteger, DateTime, Integer, MetaData, Select, event, inspect
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declared_attr, mapped_column, object_session
from sqlalchemy.pool import QueuePool
from sqlalchemy.types import TypeDecorator

from platform_core.settings import DatabasePoolSettings, Pooler

#: Methods that change nothing: their sessions read only (no write lock, no retry hazard).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: The largest value of a BIGINT column (ids); of an INTEGER column.
BIGINT_MAX = 2**63 - 1
INT_MAX = 2**31 - 1

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT primary keys autoincrement on SQLite only when declared INTEGER.
BigIntPK = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    """The current instant, timezone-aware."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored with its offset; SQLite gives naive values back, read as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Refuse naive datetimes and normalise to UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        value = value.astimezone(UTC)
        # SQLite compares timestamps as text: store every one as naive UTC so the order is right.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Attach UTC to values SQLite returns without an offset."""
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], Any] | None:
        """No conversion where the database gives every value with its offset (PostgreSQL's `timestamptz`): a call
        per value read that changes nothing (two columns of a page of twenty: 40 calls)."""
        if dialect.name == "postgresql":
            return None
        return super().result_processor(dialect, coltype)


#: `MetaData.info` key: names of indexes a service's migrations build outside its models on purpose (an index on an
#: expression with an extension's operator class, built only where the extension exists).
MIGRATION_ONLY_INDEXES = "migration_only_indexes"


def make_base(schema: str) -> type[DeclarativeBase]:
    """A declarative base whose tables live in the service's own schema."""

    class Base(DeclarativeBase):
        metadata = MetaData(schema=schema, naming_convention=NAMING_CONVENTION)

    return Base


class TimestampMixin:
    """Creation and update instants (with offset)."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="创建时间")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow, comment="更新时间")


class VersionMixin:
    """Optimistic-concurrency version, exposed as the ETag and checked by every UPDATE of the row.

    If-Match compares the version the caller saw with the one read; the mapper then writes
    `UPDATE … SET version = :next WHERE id = :id AND version = :read`, which closes the gap between that
    check and the write: of N concurrent writers holding one ETag exactly one succeeds, the others get
    `StaleDataError`, answered as 412. The version moves once per transaction that changes the row
    (set by the flush when the code did not set it), so a request that flushes twice is still one step.
    """

    version: Mapped[int] = mapped_column(Integer, default=1, comment="版本号(乐观锁)")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - declarative directive
        """Map `version` as the optimistic-concurrency column (its next value set by `_bump_version`)."""
        return {"version_id_col": cls.__table__.c.version, "version_id_generator": False}


_BUMPED = "platform_core.versions_bumped"


def _bumped_in_transaction(session: Session | None) -> set[int]:
    """Ids of the versioned objects already stepped in the session's current transaction."""
    if session is None:
        return set()
    return session.info.setdefault(_BUMPED, set())


@event.listens_for(VersionMixin, "before_insert", propagate=True)
def _first_version(_mapper: Any, _connection: Any, target: Any) -> None:
    """A new row starts at version 1, and later flushes of the same transaction keep it there."""
    if target.version is None:
        target.version = 1
    _bumped_in_transaction(object_session(target)).add(id(target))


@event.listens_for(VersionMixin, "before_update", propagate=True)
def _bump_version(_mapper: Any, _connection: Any, target: Any) -> None:
    """Step the version of a changed row once per transaction (unless the code stepped it itself)."""
    session = object_session(target)
    bumped = _bumped_in_transaction(session)
    if id(target) in bumped:
        return
    if inspect(target).attrs.version.history.has_changes():
        bumped.add(id(target))
        return
    if session is not None and session.is_modified(target, include_collections=False):
        target.version += 1
        bumped.add(id(target))


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
@event.listens_for(Session, "after_soft_rollback")
def _new_transaction(session: Session, *_args: Any) -> None:
    """The next transaction steps each version again."""
    session.info.pop(_BUMPED, None)


def is_sqlite(url: str) -> bool:
    """Whether a database URL is the embedded SQLite default."""
    return make_url(url).get_backend_name() == "sqlite"


def schema_map(url: str, schema: str) -> dict[str, str | None]:
    """SQLite has no schemas: the service's schema name maps to the file's main database."""
    return {schema: None} if is_sqlite(url) else {}


def create_engine(url: str, schema: str, *, pool: DatabasePoolSettings | None = None, **kwargs: Any) -> AsyncEngine:
    """An async engine with the service schema mapped and SQLite made transaction-correct.

    On PostgreSQL the pool takes its sizes from `pool` (by default the `DB_*` settings of the environment);
    behind PgBouncer in transaction mode each connection sends nothing that outlives a transaction.
    """
    pool = pool or DatabasePoolSettings()
    if is_sqlite(url):
        kwargs.setdefault("connect_args", {"timeout": 30})
    elif pool.pooler is Pooler.PGBOUNCER:
        # PgBouncer refuses startup parameters it does not track (plan_cache_mode, work_mem and jit among them: set
        # them on the role instead, `ALTER ROLE … SET plan_cache_mode = force_custom_plan`). A prepared
        # statement lives on one server connection, which is ours only until the transaction ends: asyncpg's
        # cache off makes every statement the unnamed one, parsed and run inside the same transaction, and
        # SQLAlchemy's own cache of prepared statements off keeps it from holding on to them.
        connect_args = kwargs.setdefault("connect_args", {})
        connect_args.setdefault("statement_cache_size", 0)
        connect_args.setdefault("prepared_statement_cache_size", 0)
    else:
        # Plan every statement for its actual values. A region is a `LIKE` prefix: a plan made for an unknown
        # pattern cannot use the path indexes, and asyncpg reuses prepared statements, which PostgreSQL would
        # plan generically after five executions (a city's filtered case list went from 5 ms to 360 ms at the
        # sixth request). Planning costs well under a millisecond; reading the wrong index costs hundreds.
        server_settings = kwargs.setdefault("connect_args", {}).setdefault("server_settings", {})
        server_settings.setdefault("plan_cache_mode", "force_custom_plan")
        server_settings.setdefault("work_mem", pool.work_mem)
        # No JIT compilation: it pays off for long analytical scans, while here it adds 100–2,000 ms of compiling
        # to any statement the planner costs above 100,000 (a province's statistics at a few million cases).
        server_settings.setdefault("jit", "off")
    if not is_sqlite(url) and "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", pool.pool_size)
        kwargs.setdefault("max_overflow", pool.max_overflow)
        # No pre-ping: it costs a round trip per request; recycled connections and the error path
        # (a failed request on a dead connection invalidates the pool) cover restarts.
        kwargs.setdefault("pool_recycle", 1800)
    engine = create_async_engine(url, **kwargs).execution_options(schema_translate_map=schema_map(url, schema))
    if is_sqlite(url):
        _make_sqlite_transactional(engine)
    return engine


def _make_sqlite_transactional(engine: AsyncEngine) -> None:
    """Let SQLAlchemy own BEGIN so savepoints and rollbacks behave (pysqlite defers BEGIN itself)."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")


class Database:
    """The engine and session factories of one process, kept on `app.state.db`."""

    def __init__(self, url: str, schema: str, *, pool: DatabasePoolSettings | None = None, **kwargs: Any) -> None:
        """Create the engine (pool settings from the environment unless given); connections open lazily."""
        self.url = url
        self.schema = schema
        self.is_sqlite = is_sqlite(url)
        self.pool = pool or DatabasePoolSettings()
        self.engine = create_engine(url, schema, pool=self.pool, **kwargs)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=False)
        # SQLite: sessions that write take BEGIN IMMEDIATE (the write lock at the start, so a read
        # never has to be upgraded into a write that another writer already holds) and queue on one
        # lock per process, first come first served, instead of polling SQLite's busy handler.
        write_engine = self.engine.execution_options(write=True) if self.is_sqlite else self.engine
        self.write_sessionmaker = async_sessionmaker(write_engine, expire_on_commit=False, autoflush=False)
        # PostgreSQL: a request that only reads runs its statements without BEGIN and ROLLBACK around them
        # (two round trips, about a tenth of a list request's cost); each statement sees committed data.
        # Not behind PgBouncer: there a statement parsed outside a transaction may run on another server
        # connection than the one that parsed it, so reads keep their transaction.
        autocommit = not self.is_sqlite and self.pool.pooler is Pooler.NONE
        read_engine = self.engine.execution_options(isolation_level="AUTOCOMMIT") if autocommit else self.engine
        self.read_sessionmaker = async_sessionmaker(read_engine, expire_on_commit=False, autoflush=False)
        self._write_lock: asyncio.Lock | None = None

    @property
    def write_lock(self) -> asyncio.Lock:
        """The process's SQLite writer lock (created in the running loop)."""
        if self._write_lock is None:
            self._write_lock = asyncio.Lock()
        return self._write_lock

    @asynccontextmanager
    async def session(self, *, write: bool = True) -> AsyncIterator[AsyncSession]:
        """A session; one that writes holds the writer lock on SQLite for its lifetime, one that reads (PostgreSQL
        without a pooler) runs without a transaction around it."""
        if write and self.is_sqlite:
            async with self.write_lock, self.write_sessionmaker() as session:
                yield session
        elif write:
            async with self.sessionmaker() as session:
                yield session
        else:
            async with self.read_sessionmaker() as session:
                yield session

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


#: The execution option that makes a read session's statements run without a transaction around them.
_AUTOCOMMIT = "AUTOCOMMIT"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CompiledRead:
    """A select compiled once for one dialect: its SQL, the order of its parameters, and the conversions of its
    parameters and columns that SQLAlchemy would apply on execution (`TypeDecorator`s included)."""

    sql: str
    names: tuple[str, ...]
    binds: tuple[tuple[str, Callable[[Any], Any]], ...]
    results: tuple[Callable[[Any], Any] | None, ...]

    def arguments(self, values: Mapping[str, Any]) -> list[Any]:
        """The positional arguments of one execution (a missing value is a KeyError naming it)."""
        if self.binds:
            values = dict(values)
            for name, process in self.binds:
                values[name] = process(values[name])
        return [values[name] for name in self.names]

    def rows(self, records: Sequence[Any]) -> Sequence[Any]:
        """The driver's rows, converted where a column's type converts (else given back as they are)."""
        if not any(self.results):
            return records
        results = self.results
        return [
            tuple(value if process is None else process(value) for value, process in zip(record, results, strict=True))
            for record in records
        ]


def compile_read(stmt: Select[Any], dialect: Dialect) -> CompiledRead | None:
    """A select compiled for running straight on the driver, or None when its SQL depends on its values (an
    expanding `IN`, a literal rendered at execution) and only SQLAlchemy can run it."""
    compiled = stmt.compile(dialect=dialect)
    if compiled.positiontup is None or compiled.post_compile_params or compiled.literal_execute_params:
        return None
    names = tuple(compiled.positiontup)
    binds = tuple(
        (name, process)
        for name in dict.fromkeys(names)
        if (process := compiled.binds[name].type.bind_processor(dialect)) is not None
    )
    results = tuple(column.type.result_processor(dialect, None) for column in stmt.selected_columns)
    return CompiledRead(sql=compiled.string, names=names, binds=binds, results=results)


def reads_directly(session: AsyncSession) -> bool:
    """Whether a statement of this session may run straight on a pooled connection of its engine: the session
    reads without a transaction (PostgreSQL through asyncpg, no pooler: see `Database`) and holds no connection
    yet, so no earlier statement of the request is in a transaction it would have to see."""
    bind = session.bind
    return (
        isinstance(bind, AsyncEngine)
        and bind.dialect.driver == "asyncpg"
        and bind.get_execution_options().get("isolation_level") == _AUTOCOMMIT
        and not session.in_transaction()
    )


def reads_apart(session: AsyncSession) -> bool:
    """Whether independent reads of this session may run at once on sessions of their own (`gather_reads`):
    PostgreSQL, and either statements without a transaction (each sees what is committed, so another session sees
    the same) or a session that has not begun one (nothing of its own uncommitted for the others to miss)."""
    bind = session.bind
    if not isinstance(bind, AsyncEngine) or bind.dialect.name != "postgresql":
        return False
    isolation = bind.get_execution_options().get("isolation_level")
    if isolation == _AUTOCOMMIT:
        return True
    return isolation in (None, "READ COMMITTED") and not session.in_transaction()


async def gather_reads(session: AsyncSession, *reads: Callable[[AsyncSession], Awaitable[T]]) -> list[T]:
    """Run independent reads at once, the first on the request's session and each other on a session of its own on
    the same engine, when `reads_apart` allows it; else one after the other on the request's session.

    Under READ COMMITTED every statement reads the data committed when it starts, so reads one after the other
    already see different moments; at once they see the same data as they would have, in the time of the longest
    (a province's statistics: its tallies in one statement while the open cases are counted in others).
    """
    extra = len(reads) - 1
    spare = _spare_connections(session) if extra and reads_apart(session) else None
    if spare is None or spare.taken + extra > spare.limit:
        # Sessions that wait for a second connection while holding their first could take the whole pool and wait
        # on each other: past the share of the pool kept for this, reads go one after the other.
        return [await read(session) for read in reads]
    bind = session.bind
    assert isinstance(bind, AsyncEngine)

    async def apart(read: Callable[[AsyncSession], Awaitable[T]]) -> T:
        async with AsyncSession(bind=bind, expire_on_commit=False, autoflush=False) as own:
            return await read(own)

    spare.taken += extra
    # A failure cancels the others and closes their sessions (TaskGroup), so no connection is left checked out; the
    # failure itself is raised as it came (a cut connection's `DBAPIError` is what the fault handling retries).
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(reads[0](session)), *[group.create_task(apart(read)) for read in reads[1:]]]
    except ExceptionGroup as failed:
        raise failed.exceptions[0]  # noqa: B904 - the read's own error, with its own traceback and cause
    finally:
        spare.taken -= extra
    return [task.result() for task in tasks]


@dataclass(slots=True)
class _Spare:
    """The connections of an engine's pool that reads run at once may take beside their requests' own."""

    limit: int
    taken: int = 0


_SPARE: weakref.WeakKeyDictionary[Any, _Spare] = weakref.WeakKeyDictionary()


def _spare_connections(session: AsyncSession) -> _Spare | None:
    """The share of the session's pool kept for reads at once: a quarter of it (none for a pool of fewer than 4)."""
    bind = session.bind
    if not isinstance(bind, AsyncEngine):
        return None
    pool = bind.sync_engine.pool
    spare = _SPARE.get(pool)
    if spare is None:
        size = pool.size() if isinstance(pool, QueuePool) else 0
        spare = _SPARE[pool] = _Spare(limit=size // 4)
    return spare


async def fetch_direct(session: AsyncSession, read: CompiledRead, values: Mapping[str, Any]) -> Sequence[Any]:
    """Run a compiled read on a pooled connection of the session's engine, outside the session (see
    `reads_directly`), and give back its rows.

    A session's statement passes through the ORM's transaction, SQLAlchemy's connection and execution context and
    its result, about a quarter of a list request's CPU; a read that needs none of them is parsed, bound and run
    by the driver alone. Its faults are the ones SQLAlchemy raises (`DBAPIError`, with `connection_invalidated` for
    a cut connection, which is dropped from the pool), so callers and the fault handling see no difference.
    """
    engine = session.bind
    assert isinstance(engine, AsyncEngine)
    arguments = read.arguments(values)
    pooled = await engine.raw_connection()
    try:
        records = await pooled.driver_connection.fetch(read.sql, *arguments)  # type: ignore[union-attr]
    except Exception as exc:
        raise _dbapi_error(pooled, engine.dialect, read.sql, arguments, exc) from exc
    finally:
        pooled.close()
    return read.rows(records)


def _dbapi_error(pooled: Any, dialect: Dialect, sql: str, arguments: list[Any], exc: Exception) -> Exception:
    """The error SQLAlchemy would raise for a driver error (the pooled connection invalidated when it was cut)."""
    dbapi = dialect.loaded_dbapi
    try:
        pooled.dbapi_connection._handle_exception(exc)  # the adapter raises the DB-API error of the driver's
    except dbapi.Error as error:
        cut = dialect.is_disconnect(error, pooled.dbapi_connection, None)
        if cut:
            pooled.invalidate(error)
        return sa_exc.DBAPIError.instance(
            sql, arguments, error, dbapi.Error, connection_invalidated=cut, dialect=dialect
        )
    except Exception as other:  # whatever else the adapter made of it is the error to raise
        return other
    return exc


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request; committed by the handler, rolled back on error.

    A request with a method that may write gets a writing session (see `Database.session`).
    """
    db: Database = request.app.state.db
    async with db.session(write=request.method not in SAFE_METHODS) as session:
        try:
            yield session
        except Exception:
            # On a dropped connection the rollback fails too; the original error is the one to report.
            with contextlib.suppress(Exception):
                await session.rollback()
            raise


SessionDep = Annotated[AsyncSession, Depends(get_session)]
