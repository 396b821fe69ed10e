"""investment: a round may carry the pattern new projects' codes are generated from

Revision ID: c5e7a9b1d246
Revises: b2d4f6a8c013
Create Date: 2026-12-06 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c5e7a9b1d246"
down_revision: str | None = "b2d4f6a8c013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _alter_schema() -> str | None:
    """ALTER TABLE is not schema-translated: on SQLite the schema is the file's main database."""
    return None if op.get_bind().dialect.name == "sqlite" else "investment_svc"


def upgrade() -> None:
    """The round's project code pattern (empty: the default pattern)."""
    column = sa.Column("code_pattern", sa.String(length=64), nullable=True, comment="项目编号规则")
    op.add_column("investment_round", column, schema=_alter_schema())


def downgrade() -> None:
    """No code patterns."""
    op.drop_column("investment_round", "code_pattern", schema=_alter_schema())
