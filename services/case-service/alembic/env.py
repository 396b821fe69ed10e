"""Alembic environment of case-service."""

from case_service.core import SCHEMA, Base
from case_service.enterprise import models as _enterprise_models  # noqa: F401 - registers tables
from platform_core.migrations import run_env

run_env(Base.metadata, SCHEMA)
