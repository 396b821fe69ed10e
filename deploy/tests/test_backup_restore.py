"""Backup and restore as the operations guide describes it: every app migrated and seeded with the demo on
PostgreSQL, `scripts/backup.sh` dumps each schema, `scripts/restore.sh` brings them into a fresh database,
and each app's `check` finds the restored schema at the code's newest revision with the same rows per table.
A damaged dump is refused before anything is restored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import APPS, REPO, admin_sql, database_url, env_prefix


@pytest.fixture
def databases() -> Iterator[tuple[str, str]]:
    """A source and an empty target database, dropped afterwards."""
    names = (f"backup_src_{uuid.uuid4().hex[:8]}", f"backup_dst_{uuid.uuid4().hex[:8]}")
    for name in names:
        admin_sql(f'CREATE DATABASE "{name}"')
    yield names
    for name in names:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def app_env(url: str, data_dir: Path) -> dict[str, str]:
    """Every app pointed at one database (each in its own schema), demo mode."""
    env = {k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"}
    env.update({"PLATFORM_ENV": "demo", "DATA_DIR": str(data_dir)})
    for app in APPS:
        env[f"{env_prefix(app)}DATABASE_URL"] = url
    return env


def cli(app_module: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """One command of an app's command line."""
    cmd = [sys.executable, "-m", f"{app_module}.cli", *args]
    return subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, check=False)


def checks(env: dict[str, str]) -> dict[str, dict]:
    """Each app's `check` report (the command must succeed)."""
    out = {}
    for app in APPS:
        done = cli(app.module, "check", env=env)
        assert done.returncode == 0, (app.service, done.stdout, done.stderr)
        out[app.service] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def test_a_backup_restores_into_a_fresh_database_with_every_row(databases, tmp_path):
    source, target = databases
    src_env = app_env(database_url(source), tmp_path / "src")
    for app in APPS:
        for args in (("migrate",), ("seed", "--demo")):
            done = cli(app.module, *args, env=src_env)
            assert done.returncode == 0, (app.service, args, done.stderr[-2000:])
    before = checks(src_env)
    assert before["case-service"]["rows"]["case_record"] > 0 and before["gateway"]["rows"]["user"] > 0

    backup = tmp_path / "backup"
    subprocess.run(["bash", "scripts/backup.sh", database_url(source), str(backup)], cwd=REPO, check=True)
    assert sorted(p.name for p in backup.iterdir()) == sorted([f"{a.schema}.dump" for a in APPS] + ["SHA256SUMS"])
    # Pending migrations show: the empty target is not at head.
    dst_env = app_env(database_url(target), tmp_path / "dst")
    assert cli("case_service", "check", env=dst_env).returncode != 0

    subprocess.run(["bash", "scripts/restore.sh", database_url(target), str(backup)], cwd=REPO, check=True)
    after = checks(dst_env)
    assert after == before


def test_a_damaged_backup_is_refused_before_anything_is_restored(databases, tmp_path):
    source, target = databases
    env = app_env(database_url(source), tmp_path / "src")
    assert cli("case_service", "migrate", env=env).returncode == 0
    backup = tmp_path / "backup"
    subprocess.run(["bash", "scripts/backup.sh", database_url(source), str(backup), "case_svc"], cwd=REPO, check=True)
    dump = backup / "case_svc.dump"
    dump.write_bytes(dump.read_bytes()[:-16] + b"\0" * 16)
    restore = subprocess.run(
        ["bash", "scripts/restore.sh", database_url(target), str(backup)], cwd=REPO, capture_output=True, text=True
    )
    assert restore.returncode != 0 and "FAILED" in restore.stdout + restore.stderr
    dst_env = app_env(database_url(target), tmp_path / "dst")
    done = cli("case_service", "check", env=dst_env)
    assert done.returncode == 1 and json.loads(done.stdout)["revision"] == []  # nothing restored
