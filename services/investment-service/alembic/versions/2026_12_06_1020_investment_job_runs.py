"""investment: the run log of periodic jobs (the purges), one claimed slot per job and tick across replicas

Revision ID: 5d8f0a2c4e37
Revises: 4b6d8f0a2c15
Create Date: 2026-12-06 10:20:00
"""

from collections.abc import Sequence

from platform_core.migrations import create_job_runs, drop_job_runs

revision: str = "5d8f0a2c4e37"
down_revision: str | None = "4b6d8f0a2c15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Periodic jobs run once per tick whatever the number of replicas."""
    create_job_runs("investment_svc")


def downgrade() -> None:
    """No run log."""
    drop_job_runs("investment_svc")
