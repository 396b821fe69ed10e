"""The local stack's options: server processes per app (replicas of one app on one machine)."""

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
