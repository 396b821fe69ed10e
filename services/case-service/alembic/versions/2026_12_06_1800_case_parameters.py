"""case: the 系统参数 an administrator edits at run time (13710 时限、预警阈值)

Revision ID: 21aa1a653ac3
Revises: 2650b6e4915d
Create Date: 2026-12-06 18:00:00
"""

from collections.abc import Sequence

from platform_core.migrations import create_parameters, drop_parameters

revision: str = "21aa1a653ac3"
down_revision: str | None = "2650b6e4915d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """One row per edited parameter; a parameter without a row has its configured default."""
    create_parameters("case_svc")


def downgrade() -> None:
    """Every parameter back to its configured default."""
    drop_parameters("case_svc")
