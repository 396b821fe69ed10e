"""Async engine, sessions, declarative base and the column mixins every model uses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import BigInteger, DateTime, Integer, MetaData, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

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
    """Optimistic-concurrency version, exposed as the ETag."""

    version: Mapped[int] = mapped_column(Integer, default=1, comment="版本号(乐观锁)")


def is_sqlite(url: str) -> bool:
    """Whether a database URL is the embedded SQLite default."""
    return make_url(url).get_backend_name() == "sqlite"


def schema_map(url: str, schema: str) -> dict[str, str | None]:
    """SQLite has no schemas: the service's schema name maps to the file's main database."""
    return {schema: None} if is_sqlite(url) else {}


async def plan_for_these_values(session: AsyncSession) -> None:
    """Have PostgreSQL plan this transaction's statements for their actual values (no-op elsewhere).

    A region is a `LIKE` prefix: a plan made for an unknown pattern cannot use the path indexes, and
    asyncpg reuses prepared statements, which PostgreSQL plans generically after five executions — a
    city's filtered case list went from 5 ms to 360 ms at the sixth request. Planning costs well under
    a millisecond; reading the wrong index costs hundreds.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def create_engine(url: str, schema: str, **kwargs: Any) -> AsyncEngine:
    """An async engine with the service schema mapped and SQLite made transaction-correct."""
    if is_sqlite(url):
        kwargs.setdefault("connect_args", {"timeout": 30})
    elif "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 10)
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
    """The engine and session factory of one process, kept on `app.state.db`."""

    def __init__(self, url: str, schema: str, **kwargs: Any) -> None:
        """Create the engine; connections open lazily."""
        self.url = url
        self.schema = schema
        self.engine = create_engine(url, schema, **kwargs)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=False)

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request; committed by the handler, rolled back on error."""
    db: Database = request.app.state.db
    async with db.sessionmaker() as session:
        try:
            yield session
        except Exception:
            await session.rollback()
            raise


SessionDep = Annotated[AsyncSession, Depends(get_session)]
