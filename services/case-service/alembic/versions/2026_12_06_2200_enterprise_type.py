"""enterprise type (企业类型): the ownership a policy's conditions can name

Revision ID: 8b2d4f6a1c37
Revises: 5e1f0a7c9b24
Create Date: 2026-12-06 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8b2d4f6a1c37"
down_revision: str | None = "5e1f0a7c9b24"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _alter_schema() -> str | None:
    """ALTER TABLE is not schema-translated: on SQLite the schema is the file's main database."""
    return None if op.get_bind().dialect.name == "sqlite" else "case_svc"


def upgrade() -> None:
    """A nullable column: enterprises registered before it have no type until an officer sets one."""
    op.add_column(
        "enterprise",
        sa.Column(
            "enterprise_type",
            sa.String(length=16),
            nullable=True,
            comment="企业类型 state_owned/collective/private/foreign/hk_mo_tw/individual/other",
        ),
        schema=_alter_schema(),
    )


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("enterprise", schema=_alter_schema()) as batch:
        batch.drop_column("enterprise_type")
