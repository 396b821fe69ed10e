"""case: attachment contents in the database, so every replica reads what another stored

Revision ID: 4c7e9a1b3d26
Revises: 3b6d8f0a2c15
Create Date: 2026-12-06 10:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4c7e9a1b3d26"
down_revision: str | None = "3b6d8f0a2c15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The default attachment store (files on disk remain an option: CASE_ATTACHMENT_STORE=files)."""
    op.create_table(
        "attachment_blob",
        sa.Column("key", sa.String(length=128), nullable=False, comment="键"),
        sa.Column("content", sa.LargeBinary(), nullable=False, comment="内容"),
        sa.Column("size", sa.Integer(), nullable=False, comment="字节数"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="写入时间"),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_attachment_blob")),
        schema="case_svc",
        comment="诉求附件内容",
    )


def downgrade() -> None:
    """Attachments on disk only."""
    op.drop_table("attachment_blob", schema="case_svc")
