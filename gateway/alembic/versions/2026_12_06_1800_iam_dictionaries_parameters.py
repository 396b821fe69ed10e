"""iam: 业务字典 overrides and the gateway's 系统参数; the system administrator edits both.

Revision ID: cc284bb15143
Revises: 3f9b1d7c5a20
Create Date: 2026-12-06 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gateway.role_grants import apply_builtin_grants
from platform_core.migrations import create_parameters, drop_parameters

revision: str = "cc284bb15143"
down_revision: str | None = "3f9b1d7c5a20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the grant at the time of this revision.
GRANTS: dict[str, tuple[str, ...]] = {
    "system_admin": ("system:dictionary:update", "system:parameter:list", "system:parameter:update")
}


def upgrade() -> None:
    """Overrides of enumeration items (defaults stay in code), the gateway's parameters, the grants."""
    op.create_table(
        "enumeration_override",
        sa.Column("enumeration", sa.String(64), nullable=False, comment="字典键"),
        sa.Column("code", sa.String(64), nullable=False, comment="字典项代码"),
        sa.Column("label", sa.String(64), nullable=False, comment="名称"),
        sa.Column("sort_order", sa.Integer(), nullable=False, comment="排序"),
        sa.Column("colour", sa.String(16), nullable=False, comment="颜色：标签类型或 #rrggbb"),
        sa.Column("enabled", sa.Boolean(), nullable=False, comment="是否启用"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, comment="修改时间"),
        sa.Column("updated_by", sa.String(64), nullable=True, comment="修改人"),
        sa.Column("version", sa.Integer(), nullable=False, comment="版本号(乐观锁)"),
        sa.PrimaryKeyConstraint("enumeration", "code", name=op.f("pk_enumeration_override")),
        schema="iam",
        comment="业务字典项的修改（未修改的项取代码中的默认值）",
    )
    create_parameters("iam")
    apply_builtin_grants(op.get_bind(), GRANTS, add=True)


def downgrade() -> None:
    """Defaults everywhere; the grants taken back."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=False)
    drop_parameters("iam")
    op.drop_table("enumeration_override", schema="iam")
