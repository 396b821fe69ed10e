"""case send log: each reminder and digest delivered once per channel and recipient (inbox, e-mail, SMS)

Revision ID: 4e8a2c6b9d13
Revises: ba0532c14ffa
Create Date: 2026-12-06 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4e8a2c6b9d13"
down_revision: str | None = "ba0532c14ffa"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The send log table."""
    op.create_table(
        "send_log",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False, comment="主键"
        ),
        sa.Column("message_key", sa.String(length=160), nullable=False, comment="消息键(同一事件同一键)"),
        sa.Column("channel", sa.String(length=8), nullable=False, comment="渠道：inbox 站内 / email 邮件 / sms 短信"),
        sa.Column("recipient", sa.String(length=64), nullable=False, comment="接收人(用户sub或单位)"),
        sa.Column("address", sa.String(length=128), nullable=True, comment="地址(邮箱或手机号)"),
        sa.Column("subject", sa.String(length=200), nullable=False, comment="标题"),
        sa.Column("text", sa.Text(), nullable=False, comment="内容"),
        sa.Column(
            "status",
            sa.String(length=8),
            nullable=False,
            comment="状态：pending待发/held免打扰暂缓/sending发送中/sent已发/failed失败/gave_up放弃",
        ),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False, comment="最早发送时间(免打扰结束时间)"),
        sa.Column("attempts", sa.Integer(), nullable=False, comment="已尝试次数"),
        sa.Column("error", sa.String(length=500), nullable=True, comment="最近一次失败原因"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="创建时间"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, comment="状态变更时间"),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True, comment="发送成功时间"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_send_log")),
        sa.UniqueConstraint(
            "message_key", "channel", "recipient", name=op.f("uq_send_log_message_key_channel_recipient")
        ),
        schema="case_svc",
        comment="消息发送记录(每条消息每渠道每接收人一次)",
    )
    op.create_index("ix_send_log_status", "send_log", ["status"], unique=False, schema="case_svc")


def downgrade() -> None:
    """Drop the send log."""
    op.drop_index("ix_send_log_status", table_name="send_log", schema="case_svc")
    op.drop_table("send_log", schema="case_svc")
