"""case event urged index: the 催办 of a period found without reading every case's timeline

Revision ID: 5e1c9b7a3d24
Revises: c4a7e2d91f06
Create Date: 2026-12-07 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5e1c9b7a3d24"
down_revision: str | None = "c4a7e2d91f06"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

URGE = sa.text("action = 'urge'")


def upgrade() -> None:
    """A partial index of the 催办 entries by the time they occurred."""
    op.create_index(
        "ix_case_event_urged_at",
        "case_event",
        ["occurred_at"],
        unique=False,
        schema="case_svc",
        postgresql_where=URGE,
        sqlite_where=URGE,
    )


def downgrade() -> None:
    """Drop the index."""
    op.drop_index("ix_case_event_urged_at", table_name="case_event", schema="case_svc")
