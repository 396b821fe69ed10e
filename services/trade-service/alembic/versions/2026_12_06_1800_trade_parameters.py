"""trade: the 系统参数 an administrator edits at run time (单次导入行数上限)

Revision ID: 91f8ddef1d94
Revises: f1c3bce44d72
Create Date: 2026-12-06 18:00:00
"""

from collections.abc import Sequence

from platform_core.migrations import create_parameters, drop_parameters

revision: str = "91f8ddef1d94"
down_revision: str | None = "f1c3bce44d72"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """One row per edited parameter; a parameter without a row has its configured default."""
    create_parameters("trade_svc")


def downgrade() -> None:
    """Every parameter back to its configured default."""
    drop_parameters("trade_svc")
