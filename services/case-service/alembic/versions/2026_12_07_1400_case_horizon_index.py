"""case horizon index: the cases with an instant still to come found by their horizon first

Revision ID: 8b3f0d6c2a91
Revises: 5e1c9b7a3d24
Create Date: 2026-12-07 14:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "8b3f0d6c2a91"
down_revision: str | None = "5e1c9b7a3d24"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPS = {"region_path": "text_pattern_ops"}


def upgrade() -> None:
    """Lead the statistics horizon index with the horizon (a running period asks for the few from now on)."""
    op.create_index(
        "ix_case_record_stats_horizon_region_path",
        "case_record",
        ["stats_horizon", "region_path"],
        unique=False,
        schema="case_svc",
        postgresql_ops=OPS,
    )
    op.drop_index("ix_case_record_region_path_stats_horizon", table_name="case_record", schema="case_svc")


def downgrade() -> None:
    """Back to the index led by the region path."""
    op.create_index(
        "ix_case_record_region_path_stats_horizon",
        "case_record",
        ["region_path", "stats_horizon"],
        unique=False,
        schema="case_svc",
        postgresql_ops=OPS,
    )
    op.drop_index("ix_case_record_stats_horizon_region_path", table_name="case_record", schema="case_svc")
