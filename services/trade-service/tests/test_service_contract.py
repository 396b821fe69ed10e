"""What every service promises: probes, an auditor-only audit log, reversible migrations."""

from __future__ import annotations

from pathlib import Path

from platform_core.testing import (
    check_audit_log_is_auditor_only,
    check_concurrent_migrations,
    check_migrations_reversible,
    check_probes,
)

SERVICE_ROOT = Path(__file__).resolve().parents[1]


async def test_probes(client):
    await check_probes(client)


async def test_audit_log_is_auditor_only(client, roles):
    await check_audit_log_is_auditor_only(client, roles)


def test_migrations_are_reversible(tmp_path):
    check_migrations_reversible(SERVICE_ROOT, tmp_path)


def test_two_migrations_at_once_both_succeed(tmp_path):
    check_concurrent_migrations(SERVICE_ROOT, "trade_svc", tmp_path)
