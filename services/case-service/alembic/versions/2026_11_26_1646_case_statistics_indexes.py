"""case statistics indexes

Revision ID: 67fa4b5182df
Revises: 9c01ebbd2f39
Create Date: 2026-11-26 16:46:43.078072
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '67fa4b5182df'
down_revision: str | None = '9c01ebbd2f39'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_index('ix_case_record_closed_at', 'case_record', ['closed_at'], unique=False, schema='case_svc', postgresql_where=sa.text('closed_at IS NOT NULL'))
    op.create_index('ix_case_record_rated_at', 'case_record', ['rated_at'], unique=False, schema='case_svc', postgresql_where=sa.text('rated_at IS NOT NULL'))
    op.create_index('ix_case_record_resolved_at', 'case_record', ['resolved_at'], unique=False, schema='case_svc', postgresql_where=sa.text('resolved_at IS NOT NULL'))


def downgrade() -> None:
    """Revert."""
    op.drop_index('ix_case_record_resolved_at', table_name='case_record', schema='case_svc', postgresql_where=sa.text('resolved_at IS NOT NULL'))
    op.drop_index('ix_case_record_rated_at', table_name='case_record', schema='case_svc', postgresql_where=sa.text('rated_at IS NOT NULL'))
    op.drop_index('ix_case_record_closed_at', table_name='case_record', schema='case_svc', postgresql_where=sa.text('closed_at IS NOT NULL'))
