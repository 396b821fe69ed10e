"""investment comments: three column comments as the models say them (the region of a dictionary entry or a round)

Revision ID: 7c3f9a1e5d28
Revises: e4a7c2b9d150
Create Date: 2026-12-07 23:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c3f9a1e5d28"
down_revision: str | None = "e4a7c2b9d150"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, type, nullable, old comment, new comment)
COMMENTS = (
    ("industry_chain", "region_code", sa.String(length=12), False, "所属层级行政区划代码",
     "所属层级行政区划代码(省级默认或市级增设)"),
    ("investment_round", "code_pattern", sa.String(length=64), True, "项目编号规则",
     "项目编号规则(如 XY{year}-{round:02}-{seq:03})"),
    ("investment_round", "region_code", sa.String(length=12), False, "所属层级行政区划代码", "所属层级行政区划代码(省或市)"),
)  # fmt: skip


def _comment(new: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite keeps no column comments
    for table, column, type_, nullable, old, current in COMMENTS:
        op.alter_column(
            table,
            column,
            comment=current if new else old,
            existing_comment=old if new else current,
            existing_type=type_,
            existing_nullable=nullable,
            schema="investment_svc",
        )


def upgrade() -> None:
    """The models' comments."""
    _comment(True)


def downgrade() -> None:
    """The previous comments."""
    _comment(False)
