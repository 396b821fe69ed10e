"""iam report text: the work report's editable text, one row per period and region.

Revision ID: 8d1e4b7a9c20
Revises: 3f6a2d8c1b47
Create Date: 2026-11-26 21:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8d1e4b7a9c20"
down_revision: str | None = "3f6a2d8c1b47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "report_text",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False, comment="主键"),
        sa.Column("period", sa.String(length=32), nullable=False, comment="报告期间(规范写法)，如 2021、2021-Q3"),
        sa.Column("region_code", sa.String(length=12), nullable=False, comment="报告区域代码"),
        sa.Column("text", sa.Text(), nullable=False, comment="报告正文模板，{{键}} 为图表占位符"),
        sa.Column("updated_by", sa.String(length=64), nullable=True, comment="最后编辑人"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="创建时间"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, comment="更新时间"),
        sa.Column("version", sa.Integer(), nullable=False, comment="版本号(乐观锁)"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_text")),
        sa.UniqueConstraint("period", "region_code", name=op.f("uq_report_text_period_region_code")),
        schema="iam",
        comment="工作报告文稿(每个期间、区域一份，图表以占位符引用)",
    )
    op.create_index(op.f("ix_report_text_region_code"), "report_text", ["region_code"], unique=False, schema="iam")


def downgrade() -> None:
    """Revert."""
    op.drop_index(op.f("ix_report_text_region_code"), table_name="report_text", schema="iam")
    op.drop_table("report_text", schema="iam")
