"""case routing catalogue and duplicates: routing rules, the proposal taken on each assignment, case links, and
on PostgreSQL the pg_trgm extension with a trigram index on the case text (when the extension can be created)

Revision ID: 2650b6e4915d
Revises: fb1d98406f9c
Create Date: 2026-12-06 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from platform_core.migrations import create_extension_if_offered

revision: str = "2650b6e4915d"
down_revision: str | None = "fb1d98406f9c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TRGM_INDEX = "ix_case_record_text_trgm"


def _trigram_schema() -> str | None:
    """Create pg_trgm where the server has it and the user may; its schema, or None (the service then compares
    texts in Python)."""
    if not create_extension_if_offered("pg_trgm"):
        return None
    return op.get_bind().execute(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
            " WHERE e.extname = 'pg_trgm'"
        )
    ).scalar()


def upgrade() -> None:
    """The two routing tables, the link table and the trigram index."""
    op.create_table(
        "routing_rule",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False, comment="主键"),
        sa.Column("name", sa.String(length=100), nullable=False, comment="规则名称"),
        sa.Column("category_code", sa.String(length=32), nullable=True, comment="诉求分类编码(空为不限)"),
        sa.Column("keywords", sa.JSON(), nullable=False, comment="关键词(命中任一即适用；空为不限)"),
        sa.Column("lead_unit_id", sa.Integer(), nullable=False, comment="建议牵头单位ID(网关单位)"),
        sa.Column("lead_unit_name", sa.String(length=100), nullable=True, comment="建议牵头单位名称"),
        sa.Column("co_units", sa.JSON(), nullable=False, comment="建议配合单位[{unit_id, unit_name}]"),
        sa.Column("duty_basis", sa.Text(), nullable=False, comment="单位职责依据(三定方案等职责条文)"),
        sa.Column("priority", sa.Integer(), nullable=False, comment="优先级(同分时高者在前)"),
        sa.Column("is_active", sa.Boolean(), nullable=False, comment="是否启用"),
        sa.Column("region_code", sa.String(length=12), nullable=False, comment="所属行政区划代码(GB/T 2260)"),
        sa.Column("region_path", sa.String(length=80), nullable=False, comment="行政区划物化路径，如 /410000/411500/411522/"),
        sa.Column("created_by", sa.String(length=64), nullable=True, comment="创建人"),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True, comment="删除时间(墓碑)"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="创建时间"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, comment="更新时间"),
        sa.Column("version", sa.Integer(), nullable=False, comment="版本号(乐观锁)"),
        sa.ForeignKeyConstraint(
            ["category_code"], ["case_svc.case_category.code"], name=op.f("fk_routing_rule_category_code_case_category")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_rule")),
        schema="case_svc",
        comment="交办规则目录",
    )
    op.create_index(
        "ix_routing_rule_region_path",
        "routing_rule",
        ["region_path"],
        unique=False,
        schema="case_svc",
        postgresql_ops={"region_path": "text_pattern_ops"},
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_index("ix_routing_rule_updated_at_id", "routing_rule", ["updated_at", "id"], schema="case_svc")
    op.create_index(op.f("ix_routing_rule_category_code"), "routing_rule", ["category_code"], schema="case_svc")
    op.create_table(
        "case_routing",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False, comment="主键"),
        sa.Column("case_id", sa.BigInteger(), nullable=False, comment="诉求ID"),
        sa.Column("rule_id", sa.BigInteger(), nullable=False, comment="提出建议的规则ID"),
        sa.Column("proposed_lead_unit_id", sa.Integer(), nullable=False, comment="建议牵头单位ID"),
        sa.Column("lead_unit_id", sa.Integer(), nullable=False, comment="实际牵头单位ID"),
        sa.Column("accepted", sa.Boolean(), nullable=False, comment="是否按建议交办(牵头与配合单位均一致)"),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False, comment="交办时间"),
        sa.Column("assigned_by", sa.String(length=64), nullable=False, comment="交办人(sub)"),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True, comment="退单(同意退回)时间"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_svc.case_record.id"], name=op.f("fk_case_routing_case_id_case_record"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["rule_id"], ["case_svc.routing_rule.id"], name=op.f("fk_case_routing_rule_id_routing_rule")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_routing")),
        schema="case_svc",
        comment="诉求交办建议采纳记录",
    )
    op.create_index(op.f("ix_case_routing_case_id"), "case_routing", ["case_id"], schema="case_svc")
    op.create_index("ix_case_routing_rule_id_assigned_at", "case_routing", ["rule_id", "assigned_at"], schema="case_svc")
    op.create_table(
        "case_link",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False, comment="主键"),
        sa.Column("case_id", sa.BigInteger(), nullable=False, comment="诉求ID"),
        sa.Column("other_case_id", sa.BigInteger(), nullable=False, comment="关联的诉求ID"),
        sa.Column("kind", sa.String(length=16), nullable=False, comment="类型 related关联/duplicate重复/split拆分"),
        sa.Column("similarity", sa.Float(), nullable=True, comment="登记时的文本相似度(0-1)"),
        sa.Column("note", sa.String(length=500), nullable=True, comment="说明"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="关联时间"),
        sa.Column("created_by", sa.String(length=64), nullable=False, comment="关联人(sub)"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_svc.case_record.id"], name=op.f("fk_case_link_case_id_case_record"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["other_case_id"],
            ["case_svc.case_record.id"],
            name=op.f("fk_case_link_other_case_id_case_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_link")),
        sa.UniqueConstraint("case_id", "other_case_id", "kind", name=op.f("uq_case_link_case_id_other_case_id_kind")),
        schema="case_svc",
        comment="诉求关联(关联、重复、拆分)",
    )
    op.create_index(op.f("ix_case_link_case_id"), "case_link", ["case_id"], schema="case_svc")
    op.create_index("ix_case_link_other_case_id", "case_link", ["other_case_id"], schema="case_svc")
    schema = _trigram_schema()
    if schema is not None:
        # The same expression the similarity query compares (case_service.duplicate.service.case_text).
        op.execute(
            f"CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON case_svc.case_record"
            f" USING gin ((title || ' ' || description) \"{schema}\".gin_trgm_ops)"
        )


def downgrade() -> None:
    """Drop what the upgrade made (the extension stays: other schemas may use it)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS case_svc.{TRGM_INDEX}")
    op.drop_index("ix_case_link_other_case_id", table_name="case_link", schema="case_svc")
    op.drop_index(op.f("ix_case_link_case_id"), table_name="case_link", schema="case_svc")
    op.drop_table("case_link", schema="case_svc")
    op.drop_index("ix_case_routing_rule_id_assigned_at", table_name="case_routing", schema="case_svc")
    op.drop_index(op.f("ix_case_routing_case_id"), table_name="case_routing", schema="case_svc")
    op.drop_table("case_routing", schema="case_svc")
    op.drop_index(op.f("ix_routing_rule_category_code"), table_name="routing_rule", schema="case_svc")
    op.drop_index("ix_routing_rule_updated_at_id", table_name="routing_rule", schema="case_svc")
    op.drop_index("ix_routing_rule_region_path", table_name="routing_rule", schema="case_svc")
    op.drop_table("routing_rule", schema="case_svc")
