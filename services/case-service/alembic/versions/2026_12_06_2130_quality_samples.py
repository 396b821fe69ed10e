"""撤单质检: candidates of rejected, merged, withdrawn and returned cases, the drawn samples and their verdicts

Revision ID: 5c1d7e9a2b40
Revises: 7c1e5a9d3b20
Create Date: 2026-12-06 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c1d7e9a2b40"
down_revision: str | None = "7c1e5a9d3b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "case_svc"


def upgrade() -> None:
    """The quality sample table."""
    op.create_table(
        "quality_sample",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False, comment="主键"
        ),
        sa.Column("case_id", sa.BigInteger(), nullable=False, comment="诉求ID"),
        sa.Column(
            "event", sa.String(length=16), nullable=False, comment="事件 rejected不予受理/merged合并/withdrawn撤回/returned退单"
        ),
        sa.Column("occurrence", sa.Integer(), nullable=False, comment="该诉求第几次发生此事件(从1起)"),
        sa.Column("event_id", sa.BigInteger(), nullable=True, comment="时间线事件ID"),
        sa.Column("event_at", sa.DateTime(timezone=True), nullable=False, comment="事件发生时间"),
        sa.Column("event_reason", sa.Text(), nullable=True, comment="事件理由(不予受理理由、退回理由等)"),
        sa.Column("actor_name", sa.String(length=64), nullable=True, comment="事件操作者姓名"),
        sa.Column("region_code", sa.String(length=12), nullable=False, comment="诉求所属行政区划代码"),
        sa.Column("unit_id", sa.Integer(), nullable=True, comment="责任单位ID(退单为退回的承办单位；受理环节的不予受理、合并为空)"),
        sa.Column("unit_name", sa.String(length=100), nullable=True, comment="责任单位名称(快照)"),
        sa.Column("status", sa.String(length=16), nullable=False, comment="状态 skipped未抽中/pending待质检/reviewed已质检"),
        sa.Column(
            "sampled_by",
            sa.String(length=16),
            nullable=True,
            comment="抽中依据 all全部/random随机/source来源规则/unit_returns单位退单规则",
        ),
        sa.Column(
            "verdict", sa.String(length=16), nullable=True, comment="质检结论 qualified合格/unqualified不合格/rectify需整改"
        ),
        sa.Column("remarks", sa.Text(), nullable=True, comment="质检意见"),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True, comment="质检时间"),
        sa.Column("reviewed_by", sa.String(length=64), nullable=True, comment="质检人(sub)"),
        sa.Column("reviewer_name", sa.String(length=64), nullable=True, comment="质检人姓名"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="登记时间"),
        sa.Column("version", sa.Integer(), nullable=False, comment="版本号(乐观锁)"),
        sa.ForeignKeyConstraint(
            ["case_id"],
            [f"{SCHEMA}.case_record.id"],
            name=op.f("fk_quality_sample_case_id_case_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_sample")),
        sa.UniqueConstraint("case_id", "event", "occurrence", name=op.f("uq_quality_sample_case_id_event_occurrence")),
        schema=SCHEMA,
        comment="撤单质检样本(不予受理、合并、撤回、退单)",
    )
    op.create_index("ix_quality_sample_case_id", "quality_sample", ["case_id"], unique=False, schema=SCHEMA)
    op.create_index("ix_quality_sample_region_code", "quality_sample", ["region_code"], unique=False, schema=SCHEMA)
    op.create_index("ix_quality_sample_unit_id", "quality_sample", ["unit_id"], unique=False, schema=SCHEMA)
    op.create_index("ix_quality_sample_event_at", "quality_sample", ["event_at"], unique=False, schema=SCHEMA)
    op.create_index(
        "ix_quality_sample_status_event_at", "quality_sample", ["status", "event_at"], unique=False, schema=SCHEMA
    )


def downgrade() -> None:
    """Revert."""
    for name in (
        "ix_quality_sample_status_event_at",
        "ix_quality_sample_event_at",
        "ix_quality_sample_unit_id",
        "ix_quality_sample_region_code",
        "ix_quality_sample_case_id",
    ):
        op.drop_index(name, table_name="quality_sample", schema=SCHEMA)
    op.drop_table("quality_sample", schema=SCHEMA)
