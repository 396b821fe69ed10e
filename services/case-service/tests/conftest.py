"""Fixtures: a migrated database (SQLite, or PostgreSQL with TEST_DATABASE_URL), a rolled-back session
per test, the app on an ASGI transport, and a token per role."""

from __future__ import annotations

from pathlib import Path

from case_service.core import SCHEMA
from case_service.main import create_app
from case_service.settings import CaseSettings
from platform_core.demo import DEMO_ENTERPRISE_USCC as ENTERPRISE_USCC
from platform_core.testing import CITY, GUANGSHAN, XINXIAN, service_fixtures

__all__ = ["CITY", "ENTERPRISE_USCC", "GUANGSHAN", "XINXIAN"]


def _make_app(database, verifier):
    return create_app(CaseSettings(PLATFORM_ENV="test", sync_settle_seconds=0), database=database, verifier=verifier)


globals().update(service_fixtures(service_root=Path(__file__).resolve().parents[1], schema=SCHEMA, make_app=_make_app))
