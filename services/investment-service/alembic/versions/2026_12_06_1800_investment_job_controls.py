"""investment: the administrator's control of periodic jobs (pause, run now) and the run log's trigger

Revision ID: 9c11cf0c4829
Revises: c5e7a9b1d246
Create Date: 2026-12-06 18:00:00
"""

from collections.abc import Sequence

from platform_core.migrations import create_job_controls, drop_job_controls

revision: str = "9c11cf0c4829"
down_revision: str | None = "c5e7a9b1d246"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Jobs can be paused and run at once, by one replica."""
    create_job_controls("investment_svc")


def downgrade() -> None:
    """No control."""
    drop_job_controls("investment_svc")
