"""knowledge base: curated questions and answers (知识库问答), the outcomes of the enterprise's submit form after
instant answers, and on PostgreSQL with pg_trgm a trigram index on the questions

Revision ID: 7c1e5a9d3b20
Revises: 5d3e8a71c2b4
Create Date: 2026-12-06 20:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c1e5a9d3b20"
down_revision: str | None = "5d3e8a71c2b4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TRGM_INDEX = "ix_knowledge_entry_question_trgm"
S = "case_svc"


def _trigram_schema() -> str | None:
    """pg_trgm's schema where an earlier revision installed it, else None (the service then compares in Python)."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return None
    return bind.execute(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
            " WHERE e.extname = 'pg_trgm'"
        )
    ).scalar()


def upgrade() -> None:
    """The entry and outcome tables, their indexes and the trigram index."""
    op.create_table(
        "knowledge_entry",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False, comment="主键"),
        sa.Column("question", sa.String(length=300), nullable=False, comment="问题"),
        sa.Column("answer", sa.Text(), nullable=False, comment="解答"),
        sa.Column("category_code", sa.String(length=32), nullable=False, comment="诉求分类编码"),
        sa.Column("tags", sa.JSON(), nullable=False, comment="标签"),
        sa.Column("policy_ids", sa.JSON(), nullable=False, comment="关联政策文件ID"),
        sa.Column("source_case_id", sa.BigInteger(), nullable=True, comment="来源诉求ID"),
        sa.Column("status", sa.String(length=16), nullable=False, comment="状态 draft/published/retired"),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True, comment="发布时间"),
        sa.Column("region_code", sa.String(length=12), nullable=False, comment="所属行政区划代码(GB/T 2260)"),
        sa.Column(
            "region_path", sa.String(length=80), nullable=False, comment="行政区划物化路径，如 /410000/411500/411522/"
        ),
        sa.Column("created_by", sa.String(length=64), nullable=True, comment="创建人"),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True, comment="删除时间(墓碑)"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="创建时间"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, comment="更新时间"),
        sa.Column("version", sa.Integer(), nullable=False, comment="版本号(乐观锁)"),
        sa.ForeignKeyConstraint(
            ["category_code"], [f"{S}.case_category.code"], name=op.f("fk_knowledge_entry_category_code_case_category")
        ),
        sa.ForeignKeyConstraint(
            ["source_case_id"],
            [f"{S}.case_record.id"],
            name=op.f("fk_knowledge_entry_source_case_id_case_record"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_entry")),
        schema=S,
        comment="知识库问答",
    )
    op.create_index(
        "ix_knowledge_entry_region_path",
        "knowledge_entry",
        ["region_path"],
        schema=S,
        postgresql_ops={"region_path": "text_pattern_ops"},
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_index(op.f("ix_knowledge_entry_source_case_id"), "knowledge_entry", ["source_case_id"], schema=S)
    op.create_index("ix_knowledge_entry_status_category", "knowledge_entry", ["status", "category_code"], schema=S)
    op.create_index("ix_knowledge_entry_updated_at_id", "knowledge_entry", ["updated_at", "id"], schema=S)
    op.create_table(
        "knowledge_outcome",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False, comment="主键"),
        sa.Column("session_key", sa.String(length=64), nullable=False, comment="提交表单会话键(企业端生成)"),
        sa.Column("outcome", sa.String(length=16), nullable=False, comment="结果 solved已解决/submitted仍提交"),
        sa.Column("entry_id", sa.BigInteger(), nullable=True, comment="解决问题的问答ID"),
        sa.Column("case_id", sa.BigInteger(), nullable=True, comment="仍提交的诉求ID"),
        sa.Column("shown_entry_ids", sa.JSON(), nullable=False, comment="展示过的问答ID"),
        sa.Column("enterprise_uscc", sa.String(length=18), nullable=False, comment="企业统一社会信用代码"),
        sa.Column("region_code", sa.String(length=12), nullable=False, comment="企业所属行政区划代码"),
        sa.Column("region_path", sa.String(length=80), nullable=False, comment="行政区划物化路径"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="记录时间"),
        sa.Column("created_by", sa.String(length=64), nullable=False, comment="记录人(sub)"),
        sa.ForeignKeyConstraint(
            ["case_id"],
            [f"{S}.case_record.id"],
            name=op.f("fk_knowledge_outcome_case_id_case_record"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            [f"{S}.knowledge_entry.id"],
            name=op.f("fk_knowledge_outcome_entry_id_knowledge_entry"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_outcome")),
        sa.UniqueConstraint("session_key", name=op.f("uq_knowledge_outcome_session_key")),
        schema=S,
        comment="即时解答结果(已解决不再提交/仍提交诉求)",
    )
    op.create_index("ix_knowledge_outcome_created_at", "knowledge_outcome", ["created_at"], schema=S)
    op.create_index(
        op.f("ix_knowledge_outcome_enterprise_uscc"), "knowledge_outcome", ["enterprise_uscc"], schema=S
    )
    op.create_index(
        "ix_knowledge_outcome_region_path",
        "knowledge_outcome",
        ["region_path"],
        schema=S,
        postgresql_ops={"region_path": "text_pattern_ops"},
    )
    schema = _trigram_schema()
    if schema is not None:
        # The column the knowledge search compares (case_service.knowledge.service._similar).
        op.execute(
            f'CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON {S}.knowledge_entry USING gin (question "{schema}".gin_trgm_ops)'
        )


def downgrade() -> None:
    """Drop what the upgrade made."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {S}.{TRGM_INDEX}")
    op.drop_index("ix_knowledge_outcome_region_path", table_name="knowledge_outcome", schema=S)
    op.drop_index(op.f("ix_knowledge_outcome_enterprise_uscc"), table_name="knowledge_outcome", schema=S)
    op.drop_index("ix_knowledge_outcome_created_at", table_name="knowledge_outcome", schema=S)
    op.drop_table("knowledge_outcome", schema=S)
    op.drop_index("ix_knowledge_entry_updated_at_id", table_name="knowledge_entry", schema=S)
    op.drop_index("ix_knowledge_entry_status_category", table_name="knowledge_entry", schema=S)
    op.drop_index(op.f("ix_knowledge_entry_source_case_id"), table_name="knowledge_entry", schema=S)
    op.drop_index("ix_knowledge_entry_region_path", table_name="knowledge_entry", schema=S)
    op.drop_table("knowledge_entry", schema=S)
