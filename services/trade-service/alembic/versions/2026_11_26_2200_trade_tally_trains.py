"""trade tally of special trains: rail batches per day, region and train number, counted from the shipments

Revision ID: 9b2f6e1d4c57
Revises: 7a4d0c3e8b12
Create Date: 2026-11-26 22:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "9b2f6e1d4c57"
down_revision: str | None = "7a4d0c3e8b12"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Recount the tallies, now with a row per rail batch's train."""
    from trade_service.indicators.tally import rebuild

    rebuild(op.get_bind())


def downgrade() -> None:
    """Take the train rows out again."""
    import sqlalchemy as sa

    from trade_service.indicators.models import DailyTally

    table = DailyTally.__table__
    op.get_bind().execute(sa.delete(table).where(table.c.kind == "train"))
