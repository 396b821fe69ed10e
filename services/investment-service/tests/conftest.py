"""Fixtures: a migrated database (SQLite, or PostgreSQL with TEST_DATABASE_URL), a rolled-back session
per test, the app on an ASGI transport, and a token per role."""

from __future__ import annotations

from pathlib import Path

from investment_service.core import SCHEMA
from investment_service.main import create_app
from investment_service.settings import InvestmentSettings
from platform_core.testing import service_fixtures


def _make_app(database, verifier):
    return create_app(InvestmentSettings(PLATFORM_ENV="test"), database=database, verifier=verifier)


globals().update(service_fixtures(service_root=Path(__file__).resolve().parents[1], schema=SCHEMA, make_app=_make_app))
