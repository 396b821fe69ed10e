"""case revisit links: the signed, single-use, expiring SMS link an enterprise rates a resolved case with

Revision ID: 5e1f0a7c9b24
Revises: 5c7e0d2a91b4
Create Date: 2026-12-06 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5e1f0a7c9b24"
down_revision: str | None = "5c7e0d2a91b4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The revisit link table."""
    op.create_table(
        "revisit_link",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False, comment="主键"
        ),
        sa.Column("case_id", sa.BigInteger(), nullable=False, comment="诉求ID"),
        sa.Column("token_hash", sa.String(length=64), nullable=False, comment="令牌的SHA-256(十六进制)"),
        sa.Column("phone_masked", sa.String(length=32), nullable=True, comment="接收手机号(脱敏)"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="签发时间"),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, comment="失效时间"),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True, comment="使用时间(或被新链接取代的时间)"),
        sa.Column("used_ip", sa.String(length=64), nullable=True, comment="使用者地址(被取代时为空)"),
        sa.ForeignKeyConstraint(["case_id"], ["case_svc.case_record.id"], name=op.f("fk_revisit_link_case_id_case_record")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revisit_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_revisit_link_token_hash")),
        schema="case_svc",
        comment="回访评价短信链接",
    )
    op.create_index("ix_revisit_link_case_id", "revisit_link", ["case_id"], unique=False, schema="case_svc")


def downgrade() -> None:
    """Revert."""
    op.drop_index("ix_revisit_link_case_id", table_name="revisit_link", schema="case_svc")
    op.drop_table("revisit_link", schema="case_svc")
