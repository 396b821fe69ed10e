"""case open statistics: the planner learns that a case still open has neither a resolution nor a close

Revision ID: 6b1e3d5f7a92
Revises: 2f6a8c0d4e13
Create Date: 2026-12-07 23:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "6b1e3d5f7a92"
down_revision: str | None = "2f6a8c0d4e13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The snapshot's open cases are `state IN (open states) AND (resolved_at IS NULL OR ...) AND (closed_at IS NULL OR
# ...)`. Taken as independent, the three made PostgreSQL expect 76 of a province's 64,748 open cases at 5M, so it
# sorted them to group them (37 ms); the most common combinations of the three columns (an MCV list) give it 56,906
# and a hash (the snapshot 102 → 68 ms).
NAME = "case_svc.st_case_record_state_resolved_closed"


def upgrade() -> None:
    """Extended statistics over the state and the two closing instants (PostgreSQL)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE STATISTICS {NAME} (mcv) ON state, resolved_at, closed_at FROM case_svc.case_record")
    op.execute("ANALYZE case_svc.case_record (state, resolved_at, closed_at)")


def downgrade() -> None:
    """Drop them."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP STATISTICS IF EXISTS {NAME}")
