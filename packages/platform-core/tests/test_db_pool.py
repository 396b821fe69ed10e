"""Pool settings of every app (DB_POOL_SIZE, DB_MAX_OVERFLOW, DB_POOLER) and what the engine sends PostgreSQL
directly or through PgBouncer in transaction mode. Against a real PgBouncer: deploy/tests/test_pgbouncer.py."""

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import platform_core.db as db_module
from platform_core.db import Database, create_engine
from platform_core.migrations import upgrade
from platform_core.settings import DatabasePoolSettings, Pooler

PG_URL = "postgresql+asyncpg://case_svc@db.invalid:5432/commerce"


@pytest.fixture
def engine_kwargs(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The keyword arguments each create_async_engine call received (the engine is still created)."""
    calls: list[dict[str, Any]] = []
    real = db_module.create_async_engine

    def spy(url: str, **kwargs: Any):
        calls.append(kwargs)
        return real(url, **kwargs)

    monkeypatch.setattr(db_module, "create_async_engine", spy)
    return calls


def test_pool_sizes_and_pooler_come_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DB_POOL_SIZE", "4")
    monkeypatch.setenv("DB_MAX_OVERFLOW", "2")
    monkeypatch.setenv("DB_POOLER", "pgbouncer")
    settings = DatabasePoolSettings()
    assert (settings.pool_size, settings.max_overflow, settings.pooler) == (4, 2, Pooler.PGBOUNCER)
    engine = create_engine(PG_URL, "case_svc")
    assert engine.sync_engine.pool.size() == 4
    assert engine.sync_engine.pool._max_overflow == 2


def test_defaults_and_refused_values(monkeypatch: pytest.MonkeyPatch):
    for name in ("DB_POOL_SIZE", "DB_MAX_OVERFLOW", "DB_POOLER"):
        monkeypatch.delenv(name, raising=False)
    assert DatabasePoolSettings() == DatabasePoolSettings(pool_size=20, max_overflow=0, pooler=Pooler.NONE)
    monkeypatch.setenv("DB_POOLER", "pgpool")
    with pytest.raises(ValidationError, match="pooler"):
        DatabasePoolSettings()
    monkeypatch.setenv("DB_POOLER", "none")
    monkeypatch.setenv("DB_POOL_SIZE", "0")
    with pytest.raises(ValidationError, match="pool_size"):
        DatabasePoolSettings()


def test_direct_connections_ask_for_custom_plans_and_read_without_a_transaction(engine_kwargs):
    db = Database(PG_URL, "case_svc", pool=DatabasePoolSettings())
    (kwargs,) = engine_kwargs
    assert kwargs["connect_args"] == {
        "server_settings": {"plan_cache_mode": "force_custom_plan", "work_mem": "16MB", "jit": "off"}
    }
    assert db.read_sessionmaker.kw["bind"].get_execution_options()["isolation_level"] == "AUTOCOMMIT"


def test_behind_pgbouncer_nothing_outlives_a_transaction(engine_kwargs):
    db = Database(PG_URL, "case_svc", pool=DatabasePoolSettings(pooler=Pooler.PGBOUNCER))
    (kwargs,) = engine_kwargs
    # No startup parameter PgBouncer would refuse, and no prepared statement kept by name.
    assert kwargs["connect_args"] == {"statement_cache_size": 0, "prepared_statement_cache_size": 0}
    assert "isolation_level" not in db.read_sessionmaker.kw["bind"].get_execution_options()


def test_sqlite_ignores_the_pooler(engine_kwargs, tmp_path):
    Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", "case_svc", pool=DatabasePoolSettings(pooler=Pooler.PGBOUNCER))
    (kwargs,) = engine_kwargs
    assert kwargs["connect_args"] == {"timeout": 30} and "pool_size" not in kwargs


def test_migrations_refuse_a_transaction_mode_pooler(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    # A service folder as each app has one: alembic.ini and an env.py running the shared body.
    (tmp_path / "alembic.ini").write_text("[alembic]\n")
    (tmp_path / "alembic" / "versions").mkdir(parents=True)
    (tmp_path / "alembic" / "env.py").write_text(
        "from sqlalchemy import MetaData\nfrom platform_core.migrations import run_env\nrun_env(MetaData(), 'x')\n"
    )
    monkeypatch.setenv("DB_POOLER", "pgbouncer")
    with pytest.raises(RuntimeError, match="migrations connect to PostgreSQL directly"):
        upgrade(tmp_path, PG_URL)
