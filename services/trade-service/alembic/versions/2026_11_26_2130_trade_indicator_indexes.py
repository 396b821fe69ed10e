"""trade indicator indexes: departures and supervised shipments counted from covering partial indexes

Revision ID: 5e1c2a7d9f30
Revises: bbcc5fd901c8
Create Date: 2026-11-26 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5e1c2a7d9f30"
down_revision: str | None = "bbcc5fd901c8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = "deleted_at IS NULL"
TRAINS = "deleted_at IS NULL AND channel = 'china_europe_railway' AND train_no IS NOT NULL"


def upgrade() -> None:
    """Replace the plain date indexes by live-row indexes carrying the columns the figures read."""
    op.drop_index("ix_labour_worker_departed_on_region_path", table_name="labour_worker", schema="trade_svc")
    op.create_index(
        "ix_labour_worker_live_departed_on",
        "labour_worker",
        ["departed_on"],
        schema="trade_svc",
        postgresql_include=["region_path", "region_code", "program_id"],
        postgresql_where=sa.text(LIVE),
        sqlite_where=sa.text(LIVE),
    )
    op.drop_index("ix_export_shipment_shipped_on_region_path", table_name="export_shipment", schema="trade_svc")
    op.create_index(
        "ix_export_shipment_live_shipped_on",
        "export_shipment",
        ["shipped_on"],
        schema="trade_svc",
        postgresql_include=["region_path", "region_code", "product", "goods_value_wan_yuan"],
        postgresql_where=sa.text(LIVE),
        sqlite_where=sa.text(LIVE),
    )
    op.create_index(
        "ix_export_shipment_live_trains",
        "export_shipment",
        ["shipped_on"],
        schema="trade_svc",
        postgresql_include=["region_path", "train_no"],
        postgresql_where=sa.text(TRAINS),
        sqlite_where=sa.text(TRAINS),
    )


def downgrade() -> None:
    """Back to the plain date indexes."""
    op.drop_index("ix_export_shipment_live_trains", table_name="export_shipment", schema="trade_svc")
    op.drop_index("ix_export_shipment_live_shipped_on", table_name="export_shipment", schema="trade_svc")
    op.create_index(
        "ix_export_shipment_shipped_on_region_path",
        "export_shipment",
        ["shipped_on", "region_path"],
        unique=False,
        schema="trade_svc",
    )
    op.drop_index("ix_labour_worker_live_departed_on", table_name="labour_worker", schema="trade_svc")
    op.create_index(
        "ix_labour_worker_departed_on_region_path",
        "labour_worker",
        ["departed_on", "region_path"],
        unique=False,
        schema="trade_svc",
    )
