"""case tallies: rejected and merged cases counted apart, 办结率 over accepted cases; the tallies are recounted

Revision ID: b7d2f4a6c811
Revises: a1c3e5f7b902
Create Date: 2026-12-06 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7d2f4a6c811"
down_revision: str | None = "a1c3e5f7b902"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _alter_schema() -> str | None:
    """ALTER TABLE is not schema-translated: on SQLite the schema is the file's main database."""
    return None if op.get_bind().dialect.name == "sqlite" else "case_svc"


def upgrade() -> None:
    """Two counts more; `done` now counts resolutions only, so every row is recounted from the cases."""
    for name, comment in (
        ("rejected", "不予受理数(锚定：登记；第二：关闭)"),
        ("merged", "合并办理数(锚定：登记；第二：关闭)"),
    ):
        op.add_column(
            "case_tally",
            sa.Column(name, sa.Integer(), nullable=False, server_default="0", comment=comment),
            schema=_alter_schema(),
        )
    if op.get_bind().dialect.name == "postgresql":  # SQLite keeps no column comments
        op.alter_column(
            "case_tally", "done", comment="已办结数(锚定：登记；第二：办结)", existing_type=sa.Integer(), schema="case_svc"
        )
    # The service's own recount, so the definition of each count stays in one place.
    from case_service.indicators.tally import rebuild

    rebuild(op.get_bind(), rollups=False)  # the roll-ups come with a later revision


def downgrade() -> None:
    """Drop the two counts (recount with that version's `python -m case_service.indicators.tally`)."""
    with op.batch_alter_table("case_tally", schema=_alter_schema()) as table:
        table.drop_column("merged")
        table.drop_column("rejected")
