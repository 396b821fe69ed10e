"""trade daily tally: departures and supervised shipments per day, region and key, filled from the records

Revision ID: 7a4d0c3e8b12
Revises: 5e1c2a7d9f30
Create Date: 2026-11-26 21:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7a4d0c3e8b12"
down_revision: str | None = "5e1c2a7d9f30"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tally table and count the existing records into it."""
    op.create_table(
        "daily_tally",
        sa.Column("kind", sa.String(length=16), nullable=False, comment="departure出境人数/shipment监管出口"),
        sa.Column("day", sa.Date(), nullable=False, comment="出境日期或发运日期"),
        sa.Column("region_code", sa.String(length=12), nullable=False, comment="行政区划代码"),
        sa.Column("key", sa.String(length=100), nullable=False, comment="项目ID(出境)或产品(监管出口)"),
        sa.Column("region_path", sa.String(length=80), nullable=False, comment="行政区划物化路径"),
        sa.Column("n", sa.Integer(), nullable=False, comment="人数或批次数"),
        sa.Column("amount", sa.Numeric(precision=16, scale=2), nullable=False, comment="货值(万元)；出境为0"),
        sa.PrimaryKeyConstraint("kind", "day", "region_code", "key", name=op.f("pk_daily_tally")),
        schema="trade_svc",
        comment="指标日汇总：外派出境人数（按项目）与监管出口批次/货值（按产品）",
    )
    # The models of today, imported here only to count the rows this revision finds.
    from trade_service.indicators.tally import rebuild

    rebuild(op.get_bind())


def downgrade() -> None:
    """Drop the tallies (the records keep everything they were counted from)."""
    op.drop_table("daily_tally", schema="trade_svc")
