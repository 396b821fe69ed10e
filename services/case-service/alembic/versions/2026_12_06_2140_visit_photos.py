"""visit photos: images taken on a visit, uploaded from the phone (often after an offline visit was sent)

Revision ID: 5c7e0d2a91b4
Revises: 5c1d7e9a2b40
Create Date: 2026-12-06 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c7e0d2a91b4"
down_revision: str | None = "5c1d7e9a2b40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The visit photo table."""
    op.create_table(
        "visit_photo",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
            comment="主键",
        ),
        sa.Column(
            "visit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False, comment="走访记录ID"
        ),
        sa.Column("filename", sa.String(length=255), nullable=False, comment="原始文件名(仅用于展示)"),
        sa.Column("content_type", sa.String(length=100), nullable=False, comment="按文件内容识别的类型"),
        sa.Column("size", sa.Integer(), nullable=False, comment="字节数"),
        sa.Column("sha256", sa.String(length=64), nullable=False, comment="SHA-256 校验值(十六进制)"),
        sa.Column("content", sa.LargeBinary(), nullable=False, comment="图片内容"),
        sa.Column("uploaded_by", sa.String(length=64), nullable=False, comment="上传人(sub)"),
        sa.Column("uploaded_by_name", sa.String(length=64), nullable=True, comment="上传人姓名"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="上传时间"),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["case_svc.visit.id"], name=op.f("fk_visit_photo_visit_id_visit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_photo")),
        schema="case_svc",
        comment="走访照片",
    )
    op.create_index(op.f("ix_visit_photo_visit_id"), "visit_photo", ["visit_id"], unique=False, schema="case_svc")


def downgrade() -> None:
    """Revert."""
    op.drop_index(op.f("ix_visit_photo_visit_id"), table_name="visit_photo", schema="case_svc")
    op.drop_table("visit_photo", schema="case_svc")
