"""Alembic environment of the gateway (schema `iam`)."""

from gateway.iam.models import Base
from gateway.notice import models as notice_models  # noqa: F401 - registers the notice tables on Base
from gateway.reports import models as report_models  # noqa: F401 - registers the report tables on Base
from platform_core.migrations import run_env

run_env(Base.metadata, "iam")
