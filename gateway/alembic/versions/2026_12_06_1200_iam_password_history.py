"""iam: password history (hashes of the passwords a user has had)

Revision ID: 5c3f7a91b2d4
Revises: d4f6b8c0e235
Create Date: 2026-12-06 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c3f7a91b2d4"
down_revision: str | None = "d4f6b8c0e235"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """A new password may not repeat one of the user's recent ones."""
    op.create_table(
        "password_history",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
            comment="主键",
        ),
        sa.Column("user_id", sa.Integer(), nullable=False, comment="用户"),
        sa.Column("password_hash", sa.String(length=255), nullable=False, comment="密码哈希(argon2id)"),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False, comment="设置时间"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["iam.user.id"], name=op.f("fk_password_history_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_history")),
        schema="iam",
        comment="历史密码(仅存哈希)",
    )
    op.create_index(op.f("ix_password_history_user_id"), "password_history", ["user_id"], unique=False, schema="iam")


def downgrade() -> None:
    """Drop the history."""
    op.drop_index(op.f("ix_password_history_user_id"), table_name="password_history", schema="iam")
    op.drop_table("password_history", schema="iam")
