"""case done city span: the cases done since a cut-off are found by city and span (btree_gist leads with the city)

Revision ID: 2f6a8c0d4e13
Revises: 9d2b6f4e1a57
Create Date: 2026-12-07 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from platform_core.migrations import create_extension_if_offered

revision: str = "2f6a8c0d4e13"
down_revision: str | None = "9d2b6f4e1a57"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_STATES = (
    "'ACCEPTED', 'ASSIGNED', 'ESCALATED', 'EXTENSION_REQUESTED', 'IN_PROGRESS', 'LONG_TERM_TRACKING', 'PAUSED', "
    "'PENDING_REVIEW', 'RETURN_REQUESTED', 'SUBMITTED'"
)
SPAN = (
    "tstzrange(created_at, greatest(created_at, coalesce(least(resolved_at, closed_at), 'infinity'::timestamptz)), "
    "'[]')"
)
CITY = "substr(region_path, 1, 15)"


def _span_index(name: str, columns: list[str]) -> None:
    op.create_index(
        name,
        "case_record",
        [sa.literal_column(c) for c in columns],
        unique=False,
        schema="case_svc",
        postgresql_using="gist",
        postgresql_where=sa.text(f"(state NOT IN ({OPEN_STATES}))"),
    )


def upgrade() -> None:
    """The span index led by the city (PostgreSQL with btree_gist; without it the span index stays, and a city's
    cases done since a cut-off are found among the province's)."""
    if not create_extension_if_offered("btree_gist"):
        return
    _span_index("ix_case_record_done_city_open_span", [CITY, SPAN])
    op.drop_index("ix_case_record_done_open_span", table_name="case_record", schema="case_svc")


def downgrade() -> None:
    """The span index alone (the extension stays: other objects may use it)."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql" or not sa.inspect(bind).has_index(
        "case_record", "ix_case_record_done_city_open_span", schema="case_svc"
    ):
        return
    _span_index("ix_case_record_done_open_span", [SPAN])
    op.drop_index("ix_case_record_done_city_open_span", table_name="case_record", schema="case_svc")
