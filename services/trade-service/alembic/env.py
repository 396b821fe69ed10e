"""Alembic environment of trade-service."""

from platform_core.migrations import run_env
from trade_service.core import SCHEMA, Base

run_env(Base.metadata, SCHEMA)
