"""iam: the run log of the gateway's periodic jobs (purges), one claimed slot per job and tick across replicas

Revision ID: 9f1b3d5e7a48
Revises: 6b8d2f0a4e31
Create Date: 2026-12-06 11:40:00
"""

from collections.abc import Sequence

from platform_core.migrations import create_job_runs, drop_job_runs

revision: str = "9f1b3d5e7a48"
down_revision: str | None = "6b8d2f0a4e31"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The gateway's purges run once per tick whatever the number of replicas."""
    create_job_runs("iam")


def downgrade() -> None:
    """No run log."""
    drop_job_runs("iam")
