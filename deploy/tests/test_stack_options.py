"""The local stack's options: server processes per app (replicas of one app on one machine), and the prepared data
folder kept for the next start (the browser suites)."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

import pytest

STACK_PY = Path(__file__).resolve().parents[2] / "scripts" / "stack.py"


@pytest.fixture(scope="module")
def stack():
    spec = importlib.util.spec_from_file_location("stack_script", STACK_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_workers_for_every_app_or_for_one(stack):
    assert stack.worker_counts("2") == {"gateway": 2, "case": 2, "investment": 2, "trade": 2}
    assert stack.worker_counts("1,case=2") == {"gateway": 1, "case": 2, "investment": 1, "trade": 1}
    assert stack.worker_counts("case=3") == {"case": 3}


@pytest.mark.parametrize("spec", ["0", "x", "cases=2", "case=0", "1,gateway=-1"])
def test_a_bad_worker_count_is_refused_naming_it(stack, spec):
    with pytest.raises(argparse.ArgumentTypeError):
        stack.worker_counts(spec)


def test_each_app_gets_its_own_number_of_processes(stack):
    assert "--workers" not in stack.uvicorn_cmd("gateway.main:app_factory", 8000, 1)
    cmd = stack.uvicorn_cmd("case_service.main:app_factory", 8101, 2)
    assert cmd[cmd.index("--workers") + 1] == "2"


@pytest.fixture
def prepared(stack, monkeypatch):
    """`prepare` replaced by one that writes a database file and counts its calls."""
    calls: list[dict[str, str]] = []

    def fake_prepare(env: dict[str, str], demo: bool) -> None:
        calls.append(env)
        data = Path(env["DATA_DIR"])
        (data / "case.db").write_text(f"prepared {len(calls)}")
        (data / "keys").mkdir(exist_ok=True)
        (data / "keys" / "signing.pem").write_text("key")

    monkeypatch.setattr(stack, "prepare", fake_prepare)
    return calls


def test_a_later_start_copies_the_data_folder_prepared_first(stack, prepared, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    first, second = tmp_path / "first", tmp_path / "second"
    for data in (first, second):
        data.mkdir()
        stack.prepare_or_copy(stack.environment(data, 18000, True), True, data, 18000, cache)
    assert len(prepared) == 1
    assert (second / "case.db").read_text() == "prepared 1"
    assert (second / "keys" / "signing.pem").read_text() == "key"
    assert [p.name for p in cache.iterdir()] == ["demo-18000"]  # nothing half-copied left behind


def test_the_copy_is_kept_per_port_and_never_for_a_server_database(stack, prepared, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    for n, port in enumerate((18000, 18007)):
        data = tmp_path / f"data-{n}"
        data.mkdir()
        stack.prepare_or_copy(stack.environment(data, port, True), True, data, port, cache)
    assert len(prepared) == 2  # the links the seed writes name the port
    monkeypatch.setenv("CASE_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1/other")
    data = tmp_path / "on-postgres"
    data.mkdir()
    stack.prepare_or_copy(stack.environment(data, 18000, True), True, data, 18000, cache)
    assert len(prepared) == 3


def test_a_data_folder_already_in_use_is_prepared_not_overwritten(stack, prepared, tmp_path):
    cache = tmp_path / "cache"
    (cache / "demo-18000").mkdir(parents=True)
    (cache / "demo-18000" / "case.db").write_text("kept")
    data = tmp_path / "var"
    data.mkdir()
    (data / "case.db").write_text("the user's own")
    stack.prepare_or_copy(stack.environment(data, 18000, True), True, data, 18000, cache)
    assert len(prepared) == 1
    assert (data / "case.db").read_text() == "prepared 1"


def test_a_failed_step_stops_the_launch_naming_it(stack, monkeypatch, tmp_path):
    ran: list[list[str]] = []

    class Done:
        def __init__(self, code: int) -> None:
            self.returncode = code

    def fake_run(cmd: list[str], **_kwargs: object) -> Done:
        ran.append(cmd)
        return Done(3 if cmd[2] == "trade_service.cli" and cmd[3] == "migrate" else 0)

    monkeypatch.setattr(stack.subprocess, "run", fake_run)
    with pytest.raises(SystemExit) as stopped:
        stack.prepare(stack.environment(tmp_path, 18000, True), True)
    assert "step failed (3)" in str(stopped.value) and "trade_service.cli migrate" in str(stopped.value)
    # Every other app was migrated and seeded; the failed one was not seeded.
    steps = {(cmd[2], cmd[3]) for cmd in ran}
    assert ("trade_service.cli", "seed") not in steps
    assert {("gateway.cli", "seed"), ("case_service.cli", "seed"), ("investment_service.cli", "seed")} <= steps
