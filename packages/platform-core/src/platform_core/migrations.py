"""Alembic support shared by every service: one env.py body, schema-aware on PostgreSQL and SQLite."""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from platform_core.db import UTCDateTime, create_engine, is_sqlite, schema_map
from platform_core.settings import DatabasePoolSettings, Pooler


def run_env(metadata: MetaData, schema: str) -> None:
    """The body of a service's alembic `env.py` (online mode, async engine)."""
    config = context.config
    url = config.get_main_option("sqlalchemy.url") or ""
    sqlite = is_sqlite(url)

    def do_run(connection: Connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            version_table_schema=None if sqlite else schema,
            include_schemas=not sqlite,
            render_as_batch=sqlite,
            compare_type=True,
            render_item=_render_item,
            # Compare only this service's schema: the others belong to other services.
            include_name=lambda name, type_, _parent: type_ != "schema" or name == schema,
        )
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        if not sqlite and DatabasePoolSettings().pooler is not Pooler.NONE:
            # The migration lock is a session advisory lock, which a transaction-mode pooler hands to whichever
            # client runs next: migrate over a direct connection to PostgreSQL.
            raise RuntimeError("migrations connect to PostgreSQL directly: unset DB_POOLER and use the server's URL")
        engine = create_engine(url, schema, poolclass=pool.NullPool)
        async with engine.connect() as conn, migration_lock(conn, url, schema):
            if not sqlite:
                # A production role owns only its pre-created schema and may not CREATE in the database;
                # PostgreSQL checks that right even for IF NOT EXISTS, so look first.
                exists = await conn.scalar(text("SELECT 1 FROM pg_namespace WHERE nspname = :n"), {"n": schema})
                if not exists:
                    await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
                await conn.commit()
            await conn.run_sync(do_run)
            await conn.commit()
        await engine.dispose()

    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, version_table_schema=schema, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(run_async()) if not _in_loop() else _run_in_thread(run_async)


@asynccontextmanager
async def migration_lock(conn: AsyncConnection, url: str, schema: str) -> AsyncIterator[None]:
    """One migration of a schema at a time, whoever starts it (replicas' prestart jobs, a second deploy).

    PostgreSQL: a session advisory lock named after the schema; SQLite: an exclusive lock on a file beside
    the database file.
    """
    if is_sqlite(url):
        database = make_url(url).database
        if not database or database == ":memory:":
            yield
            return
        with open(f"{database}.migrate.lock", "a+b") as lock_file:  # noqa: ASYNC230 - a lock file, opened once
            await asyncio.to_thread(fcntl.flock, lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)
        return
    key = int.from_bytes(hashlib.sha256(f"migrate:{schema}".encode()).digest()[:8], "big", signed=True)
    await conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
    await conn.commit()
    try:
        yield
    finally:
        await conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
        await conn.commit()


def _render_item(kind: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render the app's column types as plain SQLAlchemy types so migrations stay static."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _in_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _run_in_thread(fn: Any) -> None:
    """Alembic's env runs synchronously; inside a running loop (tests) give it a thread of its own."""
    import threading

    errors: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(fn())
        except BaseException as exc:
            errors.append(exc)

    t = threading.Thread(target=target)
    t.start()
    t.join()
    if errors:
        raise errors[0]


def alembic_config(service_root: Path, url: str) -> Config:
    """An Alembic config for a service folder (its `alembic.ini` and `alembic/`) and a database URL."""
    cfg = Config(str(service_root / "alembic.ini"))
    cfg.set_main_option("script_location", str(service_root / "alembic"))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def upgrade(service_root: Path, url: str, revision: str = "head") -> None:
    """Migrate a database to a revision."""
    command.upgrade(alembic_config(service_root, url), revision)


async def check(service_root: Path, url: str, schema: str) -> dict[str, Any]:
    """What a restored (or any) database holds for an app: its revision against the code's head, rows per table.

    `at_head` is false when migrations are pending or the database is newer than the code; the counts let
    a restore be compared with its source.
    """
    from alembic.script import ScriptDirectory
    from sqlalchemy import column, func, inspect, select, table

    heads = set(ScriptDirectory.from_config(alembic_config(service_root, url)).get_heads())
    owner = None if is_sqlite(url) else schema
    engine = create_engine(url, schema)
    try:
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda sync: inspect(sync).get_table_names(schema=owner))
            current: set[str] = set()
            if "alembic_version" in names:  # a database never migrated has no revision at all
                versions = table("alembic_version", column("version_num"), schema=owner)
                current = set((await conn.scalars(select(versions.c.version_num))).all())
            rows = {}
            for name in sorted(n for n in names if n != "alembic_version"):
                counted = select(func.count()).select_from(table(name, schema=owner))
                rows[name] = int((await conn.execute(counted)).scalar_one())
    finally:
        await engine.dispose()
    return {
        "schema": schema,
        "revision": sorted(current),
        "head": sorted(heads),
        "at_head": current == heads,
        "rows": rows,
    }


def downgrade(service_root: Path, url: str, revision: str = "base") -> None:
    """Migrate a database back to a revision."""
    command.downgrade(alembic_config(service_root, url), revision)


def create_extension_if_offered(name: str) -> bool:
    """Migration step: create a PostgreSQL extension where the server has it and the user may; whether it exists.

    A refusal (no privilege) leaves the migration's transaction usable: the attempt runs in a savepoint."""
    from alembic import op
    from sqlalchemy.exc import DBAPIError

    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    if not bind.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = :name"), {"name": name}).scalar():
        return False
    try:
        with bind.begin_nested():
            bind.execute(text(f'CREATE EXTENSION IF NOT EXISTS "{name}"'))
    except DBAPIError:
        return False
    return True


def allow_idempotency_claims(schema: str) -> None:
    """Migration step: an idempotency record may be a claim in flight (no answer stored yet)."""
    from alembic import op
    from sqlalchemy import JSON, Integer

    with op.batch_alter_table("idempotency_record", schema=_schema_of(schema)) as batch:
        batch.alter_column("status_code", existing_type=Integer(), nullable=True, comment="首次响应状态码(空=处理中)")
        batch.alter_column("response_body", existing_type=JSON(), nullable=True)


def forbid_idempotency_claims(schema: str) -> None:
    """Reverse of `allow_idempotency_claims`: claims in flight are dropped (their retries run again)."""
    from alembic import op
    from sqlalchemy import JSON, Integer

    table = "idempotency_record" if _schema_of(schema) is None else f'"{schema}".idempotency_record'
    op.execute(text(f"DELETE FROM {table} WHERE status_code IS NULL"))  # noqa: S608 - names from code
    with op.batch_alter_table("idempotency_record", schema=_schema_of(schema)) as batch:
        batch.alter_column("status_code", existing_type=Integer(), nullable=False, comment="首次响应状态码")
        batch.alter_column("response_body", existing_type=JSON(), nullable=False)


def create_job_runs(schema: str) -> None:
    """Migration step: the `job_run` table of `platform_core.jobs` (claimed slots and run log)."""
    import sqlalchemy as sa
    from alembic import op

    op.create_table(
        "job_run",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
            comment="主键",
        ),
        sa.Column("job", sa.String(64), nullable=False, comment="任务名"),
        sa.Column("slot", sa.DateTime(timezone=True), nullable=False, comment="时间片起点"),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False, comment="开始时间"),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True, comment="结束时间"),
        sa.Column("outcome", sa.String(16), nullable=False, comment="结果：running/ok/failed"),
        sa.Column("duration_ms", sa.Integer(), nullable=True, comment="耗时(毫秒)"),
        sa.Column("detail", sa.Text(), nullable=True, comment="运行说明或错误"),
        sa.Column("runner", sa.String(64), nullable=True, comment="执行的进程"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_run")),
        sa.UniqueConstraint("job", "slot", name=op.f("uq_job_run_job_slot")),
        schema=schema,
        comment="定时任务运行记录",
    )


def create_parameters(schema: str) -> None:
    """Migration step: the `parameter` table of `platform_core.parameters` (one row per edited parameter)."""
    import sqlalchemy as sa
    from alembic import op

    op.create_table(
        "parameter",
        sa.Column("key", sa.String(64), nullable=False, comment="参数键"),
        sa.Column("value", sa.JSON(), nullable=False, comment="参数值"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, comment="修改时间"),
        sa.Column("updated_by", sa.String(64), nullable=True, comment="修改人"),
        sa.Column("version", sa.Integer(), nullable=False, comment="版本号(乐观锁)"),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_parameter")),
        schema=schema,
        comment="系统参数",
    )


def drop_parameters(schema: str) -> None:
    """Migration step: drop the `parameter` table."""
    from alembic import op

    op.drop_table("parameter", schema=schema)


def create_audit_archive(schema: str) -> None:
    """Migration step: the `audit_archive` table of `platform_core.audit_archive` (one row per month)."""
    import sqlalchemy as sa
    from alembic import op

    op.create_table(
        "audit_archive",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
            comment="主键",
        ),
        sa.Column("month", sa.Date(), nullable=False, comment="归档月份(当月1日，北京时间)"),
        sa.Column("entries", sa.Integer(), nullable=False, comment="条数"),
        sa.Column("first_id", sa.BigInteger(), nullable=False, comment="首条日志ID"),
        sa.Column("last_id", sa.BigInteger(), nullable=False, comment="末条日志ID"),
        sa.Column("sha256", sa.String(64), nullable=False, comment="压缩内容的SHA-256"),
        sa.Column("content", sa.LargeBinary(), nullable=False, comment="gzip 压缩的 JSON Lines"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="归档时间"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_archive")),
        sa.UniqueConstraint("month", name=op.f("uq_audit_archive_month")),
        schema=schema,
        comment="审计日志月度归档",
    )


def drop_audit_archive(schema: str) -> None:
    """Reverse of `create_audit_archive`."""
    from alembic import op

    op.drop_table("audit_archive", schema=schema)


def drop_job_runs(schema: str) -> None:
    """Reverse of `create_job_runs`."""
    from alembic import op

    op.drop_table("job_run", schema=schema)


def create_job_controls(schema: str) -> None:
    """Migration step: the `job_control` table of `platform_core.jobs` (pause, run now) and the run log's
    trigger (schedule or manual)."""
    import sqlalchemy as sa
    from alembic import op

    op.create_table(
        "job_control",
        sa.Column("job", sa.String(64), nullable=False, comment="任务名"),
        sa.Column("paused", sa.Boolean(), nullable=False, comment="是否暂停"),
        sa.Column("run_requested_at", sa.DateTime(timezone=True), nullable=True, comment="待执行的立即执行请求时间"),
        sa.Column("run_requested_by", sa.String(128), nullable=True, comment="请求立即执行的人"),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False, comment="最后变更时间"),
        sa.Column("changed_by", sa.String(128), nullable=True, comment="最后变更的人"),
        sa.PrimaryKeyConstraint("job", name=op.f("pk_job_control")),
        schema=schema,
        comment="定时任务控制",
    )
    with op.batch_alter_table("job_run", schema=_schema_of(schema)) as batch:
        batch.add_column(
            sa.Column(
                "trigger",
                sa.String(16),
                nullable=False,
                server_default="schedule",
                comment="触发方式：schedule 按计划/manual 立即执行",
            )
        )


def drop_job_controls(schema: str) -> None:
    """Reverse of `create_job_controls`."""
    from alembic import op

    with op.batch_alter_table("job_run", schema=_schema_of(schema)) as batch:
        batch.drop_column("trigger")
    op.drop_table("job_control", schema=schema)


def _schema_of(schema: str) -> str | None:
    """The schema for a batch operation: none on SQLite, whose batch copies cannot be schema-qualified."""
    from alembic import op

    return None if op.get_bind().dialect.name == "sqlite" else schema


__all__ = [
    "alembic_config",
    "allow_idempotency_claims",
    "create_job_controls",
    "create_job_runs",
    "downgrade",
    "drop_job_controls",
    "drop_job_runs",
    "forbid_idempotency_claims",
    "run_env",
    "schema_map",
    "upgrade",
]
