"""iam: the administrator's control of periodic jobs (pause, run now) and the run log's trigger

Revision ID: 36ee74456729
Revises: 7e2a4c6b8d15
Create Date: 2026-12-06 18:00:00
"""

from collections.abc import Sequence

from platform_core.migrations import create_job_controls, drop_job_controls

revision: str = "36ee74456729"
down_revision: str | None = "7e2a4c6b8d15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Jobs can be paused and run at once, by one replica."""
    create_job_controls("iam")


def downgrade() -> None:
    """No control."""
    drop_job_controls("iam")
