"""case: the administrator's control of periodic jobs (pause, run now) and the run log's trigger

Revision ID: fb1d98406f9c
Revises: b7d2f4a6c811
Create Date: 2026-12-06 18:00:00
"""

from collections.abc import Sequence

from platform_core.migrations import create_job_controls, drop_job_controls

revision: str = "fb1d98406f9c"
down_revision: str | None = "b7d2f4a6c811"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Jobs can be paused and run at once, by one replica."""
    create_job_controls("case_svc")


def downgrade() -> None:
    """No control."""
    drop_job_controls("case_svc")
