"""trade: drop the partial index of rail batches (special trains are counted from the daily tallies)

Revision ID: 6d9a1b4e2f83
Revises: 3c8e5a2f7d61
Create Date: 2026-11-26 22:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "6d9a1b4e2f83"
down_revision: str | None = "3c8e5a2f7d61"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRAINS = "deleted_at IS NULL AND channel = 'china_europe_railway' AND train_no IS NOT NULL"


def upgrade() -> None:
    """No reader left: every write would keep it for nothing."""
    op.drop_index("ix_export_shipment_live_trains", table_name="export_shipment", schema="trade_svc")


def downgrade() -> None:
    """Back to the partial index of rail batches."""
    op.create_index(
        "ix_export_shipment_live_trains",
        "export_shipment",
        ["shipped_on"],
        schema="trade_svc",
        postgresql_include=["region_path", "train_no"],
        postgresql_where=sa.text(TRAINS),
        sqlite_where=sa.text(TRAINS),
    )
