"""iam: a user's e-mail and 消息接收设置 (e-mail and SMS reminders on or off, quiet hours).

Revision ID: 7c3e5a9d1b42
Revises: cc284bb15143
Create Date: 2026-12-06 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c3e5a9d1b42"
down_revision: str | None = "cc284bb15143"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _alter_schema() -> str | None:
    """ALTER TABLE is not schema-translated: on SQLite the schema is the file's main database."""
    return None if op.get_bind().dialect.name == "sqlite" else "iam"


def upgrade() -> None:
    """Add the columns (reminders by e-mail and SMS off until the user turns them on)."""
    schema = _alter_schema()
    op.add_column("user", sa.Column("email", sa.String(length=128), nullable=True, comment="电子邮箱"), schema=schema)
    op.add_column(
        "user",
        sa.Column("notify_email", sa.Boolean(), server_default=sa.false(), nullable=False, comment="是否接收邮件提醒"),
        schema=schema,
    )
    op.add_column(
        "user",
        sa.Column("notify_sms", sa.Boolean(), server_default=sa.false(), nullable=False, comment="是否接收短信提醒"),
        schema=schema,
    )
    op.add_column(
        "user",
        sa.Column("quiet_start", sa.String(length=5), nullable=True, comment="免打扰开始时间(HH:MM，北京时间)"),
        schema=schema,
    )
    op.add_column(
        "user",
        sa.Column("quiet_end", sa.String(length=5), nullable=True, comment="免打扰结束时间(HH:MM，北京时间)"),
        schema=schema,
    )


def downgrade() -> None:
    """Drop the columns."""
    schema = _alter_schema()
    for column in ("quiet_end", "quiet_start", "notify_sms", "notify_email", "email"):
        op.drop_column("user", column, schema=schema)
