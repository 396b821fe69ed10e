"""case: the run log of periodic jobs, one claimed slot per job and tick across replicas

Revision ID: 3b6d8f0a2c15
Revises: 2a5c7e9b1d04
Create Date: 2026-12-06 10:00:00
"""

from collections.abc import Sequence

from platform_core.migrations import create_job_runs, drop_job_runs

revision: str = "3b6d8f0a2c15"
down_revision: str | None = "2a5c7e9b1d04"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The 13710 timer check runs once per tick whatever the number of replicas."""
    create_job_runs("case_svc")


def downgrade() -> None:
    """No run log."""
    drop_job_runs("case_svc")
