"""Alembic support shared by every service: one env.py body, schema-aware on PostgreSQL and SQLite."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool, text
from sqlalchemy.engine import Connection

from platform_core.db import UTCDateTime, create_engine, is_sqlite, schema_map


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
        engine = create_engine(url, schema, poolclass=pool.NullPool)
        async with engine.connect() as conn:
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


def downgrade(service_root: Path, url: str, revision: str = "base") -> None:
    """Migrate a database back to a revision."""
    command.downgrade(alembic_config(service_root, url), revision)


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


def _schema_of(schema: str) -> str | None:
    """The schema for a batch operation: none on SQLite, whose batch copies cannot be schema-qualified."""
    from alembic import op

    return None if op.get_bind().dialect.name == "sqlite" else schema


__all__ = [
    "alembic_config",
    "allow_idempotency_claims",
    "downgrade",
    "forbid_idempotency_claims",
    "run_env",
    "schema_map",
    "upgrade",
]
