"""investment: the 系统参数 an administrator edits at run time (单次导入行数上限)

Revision ID: 131b0b19af03
Revises: 9c11cf0c4829
Create Date: 2026-12-06 18:00:00
"""

from collections.abc import Sequence

from platform_core.migrations import create_parameters, drop_parameters

revision: str = "131b0b19af03"
down_revision: str | None = "9c11cf0c4829"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """One row per edited parameter; a parameter without a row has its configured default."""
    create_parameters("investment_svc")


def downgrade() -> None:
    """Every parameter back to its configured default."""
    drop_parameters("investment_svc")
