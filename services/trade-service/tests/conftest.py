"""Fixtures: a migrated database (SQLite, or PostgreSQL with TEST_DATABASE_URL), a rolled-back session
per test, the app on an ASGI transport, a token per role, and the personal-data key ring of the tests."""

from __future__ import annotations

from pathlib import Path

from platform_core.crypto import generate_key_config
from platform_core.demo import DEMO_ENTERPRISE_USCC as ENTERPRISE_USCC
from platform_core.testing import CITY, GUANGSHAN, XINXIAN, service_fixtures
from trade_service.core import SCHEMA
from trade_service.main import create_app
from trade_service.settings import TradeSettings

__all__ = ["CITY", "ENTERPRISE_USCC", "GUANGSHAN", "PII_KEYS", "XINXIAN"]

PII_KEYS = generate_key_config("test1")


def _make_app(database, verifier):
    settings = TradeSettings(PLATFORM_ENV="test", sync_settle_seconds=0, pii_keys=PII_KEYS)
    return create_app(settings, database=database, verifier=verifier)


globals().update(service_fixtures(service_root=Path(__file__).resolve().parents[1], schema=SCHEMA, make_app=_make_app))
