"""Alembic environment of the gateway (schema `iam`)."""

from gateway.iam.models import Base
from platform_core.migrations import run_env

run_env(Base.metadata, "iam")
