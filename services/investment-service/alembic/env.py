"""Alembic environment of investment-service."""

from investment_service import models as _models  # noqa: F401 - registers every table
from investment_service.core import SCHEMA, Base
from platform_core.migrations import run_env

run_env(Base.metadata, SCHEMA)
