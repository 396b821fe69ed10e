"""policy matching and push (政策找企业): a policy's conditions, push rows per enterprise, read receipts

Revision ID: 5d3e8a71c2b4
Revises: 4e8a2c6b9d13
Create Date: 2026-12-06 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d3e8a71c2b4"
down_revision: str | None = "4e8a2c6b9d13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _alter_schema() -> str | None:
    """ALTER TABLE is not schema-translated: on SQLite the schema is the file's main database."""
    return None if op.get_bind().dialect.name == "sqlite" else "case_svc"


def _id() -> sa.Column:
    return sa.Column(
        "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False, comment="主键"
    )


def upgrade() -> None:
    """The conditions column and the push and receipt tables."""
    op.add_column(
        "policy_document",
        sa.Column("conditions", sa.JSON(none_as_null=True), nullable=True, comment="适用条件(行业/规模/区域/重点企业)，空为未设置"),
        schema=_alter_schema(),
    )
    op.create_table(
        "policy_push",
        _id(),
        sa.Column("policy_id", sa.BigInteger(), nullable=False, comment="政策文件ID"),
        sa.Column("enterprise_id", sa.BigInteger(), nullable=False, comment="企业ID"),
        sa.Column("enterprise_uscc", sa.String(length=18), nullable=False, comment="企业统一社会信用代码"),
        sa.Column("region_code", sa.String(length=12), nullable=False, comment="企业所属行政区划代码(推送时)"),
        sa.Column("region_path", sa.String(length=80), nullable=False, comment="企业行政区划物化路径(推送时)"),
        sa.Column("pushed_at", sa.DateTime(timezone=True), nullable=False, comment="推送时间"),
        sa.Column("pushed_by", sa.String(length=64), nullable=True, comment="推送人(sub)"),
        sa.ForeignKeyConstraint(
            ["policy_id"],
            ["case_svc.policy_document.id"],
            name=op.f("fk_policy_push_policy_id_policy_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_push")),
        sa.UniqueConstraint("policy_id", "enterprise_uscc", name=op.f("uq_policy_push_policy_id_enterprise_uscc")),
        schema="case_svc",
        comment="政策推送记录(政策-企业)",
    )
    op.create_index(
        "ix_policy_push_policy_id_region_path",
        "policy_push",
        ["policy_id", "region_path"],
        unique=False,
        schema="case_svc",
    )
    op.create_index("ix_policy_push_enterprise_uscc", "policy_push", ["enterprise_uscc"], unique=False, schema="case_svc")
    op.create_table(
        "policy_push_receipt",
        _id(),
        sa.Column("push_id", sa.BigInteger(), nullable=False, comment="推送记录ID"),
        sa.Column(
            "recipient", sa.String(length=64), nullable=False, comment="接收者：enterprise:<信用代码> 或包联干部 user:<id>"
        ),
        sa.Column("role", sa.String(length=16), nullable=False, comment="接收者身份 enterprise 企业 / cadre 包联干部"),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True, comment="阅读时间"),
        sa.Column("read_by", sa.String(length=64), nullable=True, comment="阅读人(sub)"),
        sa.ForeignKeyConstraint(
            ["push_id"], ["case_svc.policy_push.id"], name=op.f("fk_policy_push_receipt_push_id_policy_push"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_push_receipt")),
        sa.UniqueConstraint("push_id", "recipient", name=op.f("uq_policy_push_receipt_push_id_recipient")),
        schema="case_svc",
        comment="政策推送阅读回执",
    )
    op.create_index(
        "ix_policy_push_receipt_recipient_read_at",
        "policy_push_receipt",
        ["recipient", "read_at"],
        unique=False,
        schema="case_svc",
    )


def downgrade() -> None:
    """Drop them again."""
    op.drop_index("ix_policy_push_receipt_recipient_read_at", table_name="policy_push_receipt", schema="case_svc")
    op.drop_table("policy_push_receipt", schema="case_svc")
    op.drop_index("ix_policy_push_enterprise_uscc", table_name="policy_push", schema="case_svc")
    op.drop_index("ix_policy_push_policy_id_region_path", table_name="policy_push", schema="case_svc")
    op.drop_table("policy_push", schema="case_svc")
    op.drop_column("policy_document", "conditions", schema=_alter_schema())
