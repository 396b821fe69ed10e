"""trade tally index: a period's tally rows of one kind read from the index alone

Revision ID: 3c8e5a2f7d61
Revises: 9b2f6e1d4c57
Create Date: 2026-11-26 22:05:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3c8e5a2f7d61"
down_revision: str | None = "9b2f6e1d4c57"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Index the tallies by kind and day, carrying every column the figures read."""
    op.create_index(
        "ix_daily_tally_kind_day",
        "daily_tally",
        ["kind", "day"],
        schema="trade_svc",
        postgresql_include=["region_path", "region_code", "key", "n", "amount"],
    )


def downgrade() -> None:
    """Drop the index."""
    op.drop_index("ix_daily_tally_kind_day", table_name="daily_tally", schema="trade_svc")
