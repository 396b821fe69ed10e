"""trade: the administrator's control of periodic jobs (pause, run now) and the run log's trigger

Revision ID: f1c3bce44d72
Revises: 2b015719b085
Create Date: 2026-12-06 18:00:00
"""

from collections.abc import Sequence

from platform_core.migrations import create_job_controls, drop_job_controls

revision: str = "f1c3bce44d72"
down_revision: str | None = "2b015719b085"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Jobs can be paused and run at once, by one replica."""
    create_job_controls("trade_svc")


def downgrade() -> None:
    """No control."""
    drop_job_controls("trade_svc")
