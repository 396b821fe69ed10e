"""case category levels: province defaults plus each city's additions

Every existing category becomes a default of the province (410000): the installation serves several cities of
河南省, and a city's own categories are kept beside the province's.

Revision ID: c4a7e2d91f06
Revises: 8b2d4f6a1c37
Create Date: 2026-12-07 00:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4a7e2d91f06"
down_revision: str | None = "8b2d4f6a1c37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROVINCE_CODE, PROVINCE_PATH = "410000", "/410000/"


def _alter_schema() -> str | None:
    """ALTER TABLE is not schema-translated: on SQLite the schema is the file's main database."""
    return None if op.get_bind().dialect.name == "sqlite" else "case_svc"


def upgrade() -> None:
    """Add the level columns, place every existing category at the province, then make them required."""
    schema = _alter_schema()
    op.add_column(
        "case_category",
        sa.Column(
            "region_code", sa.String(length=12), nullable=True, comment="所属层级的行政区划代码(410000 为省级默认)"
        ),
        schema=schema,
    )
    op.add_column(
        "case_category",
        sa.Column("region_path", sa.String(length=80), nullable=True, comment="所属层级物化路径，如 /410000/411300/"),
        schema=schema,
    )
    table = sa.table("case_category", sa.column("region_code"), sa.column("region_path"), schema=schema)
    op.execute(table.update().values(region_code=PROVINCE_CODE, region_path=PROVINCE_PATH))
    with op.batch_alter_table("case_category", schema=schema) as batch:
        batch.alter_column("region_code", existing_type=sa.String(length=12), nullable=False)
        batch.alter_column("region_path", existing_type=sa.String(length=80), nullable=False)
    op.create_index(
        "ix_case_category_region_path",
        "case_category",
        ["region_path"],
        schema=schema,
        postgresql_ops={"region_path": "text_pattern_ops"},
    )


def downgrade() -> None:
    """Drop the level columns (every category becomes shared again)."""
    schema = _alter_schema()
    op.drop_index("ix_case_category_region_path", table_name="case_category", schema=schema)
    with op.batch_alter_table("case_category", schema=schema) as batch:
        batch.drop_column("region_path")
        batch.drop_column("region_code")
