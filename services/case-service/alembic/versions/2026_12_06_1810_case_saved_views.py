"""case saved views: per-user named filters of the case list (我的视图), optionally shared with a role

Revision ID: ba0532c14ffa
Revises: 037cbddba199
Create Date: 2026-12-06 18:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ba0532c14ffa"
down_revision: str | None = "037cbddba199"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The saved views table."""
    op.create_table(
        "case_saved_view",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False, comment="主键"
        ),
        sa.Column("owner", sa.String(length=64), nullable=False, comment="创建人(sub)"),
        sa.Column("owner_name", sa.String(length=64), nullable=True, comment="创建人姓名"),
        sa.Column("name", sa.String(length=50), nullable=False, comment="视图名称"),
        sa.Column("filters", sa.JSON(), nullable=False, comment="筛选条件(与诉求列表的查询参数同名)"),
        sa.Column("shared_role", sa.String(length=32), nullable=True, comment="共享给的角色编码(空为仅自己可见)"),
        sa.Column("region_code", sa.String(length=12), nullable=True, comment="创建人所在行政区划(审计用)"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, comment="创建时间"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, comment="更新时间"),
        sa.Column("version", sa.Integer(), nullable=False, comment="版本号(乐观锁)"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_saved_view")),
        sa.UniqueConstraint("owner", "name", name=op.f("uq_case_saved_view_owner_name")),
        schema="case_svc",
        comment="诉求列表保存的视图(我的视图)",
    )
    op.create_index("ix_case_saved_view_owner", "case_saved_view", ["owner"], unique=False, schema="case_svc")
    op.create_index(
        "ix_case_saved_view_shared_role", "case_saved_view", ["shared_role"], unique=False, schema="case_svc"
    )


def downgrade() -> None:
    """Revert."""
    op.drop_index("ix_case_saved_view_shared_role", table_name="case_saved_view", schema="case_svc")
    op.drop_index("ix_case_saved_view_owner", table_name="case_saved_view", schema="case_svc")
    op.drop_table("case_saved_view", schema="case_svc")
