"""The schema each app's migrations build on PostgreSQL is the schema its models declare: `alembic check` (through
the app's own `env.py`, so compared as a new revision would be generated) finds nothing to add, drop or alter."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from conftest import APPS, REPO, App, admin_sql, database_url

CHECK = """
import sys
from pathlib import Path
from platform_core.migrations import check_models, upgrade
root, url = Path(sys.argv[1]), sys.argv[2]
upgrade(root, url)
check_models(root, url)
"""


@pytest.fixture
def database() -> Iterator[str]:
    """An empty database on the test server (its URL as the apps take it), dropped afterwards."""
    name = f"schema_check_{uuid.uuid4().hex[:8]}"
    admin_sql(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.parametrize("app", APPS, ids=lambda a: a.service)
def test_migrations_build_the_schema_the_models_declare(app: App, database: str):
    root = REPO / ("gateway" if app.service == "gateway" else f"services/{app.package}")
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(root), database], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "No new upgrade operations detected" in done.stdout + done.stderr
