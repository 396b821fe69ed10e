"""investment: monthly archives of the audit log, one row per finished month, never changed

Revision ID: b2d4f6a8c013
Revises: 5d8f0a2c4e37
Create Date: 2026-12-06 11:50:00
"""

from collections.abc import Sequence

from platform_core.migrations import create_audit_archive, drop_audit_archive

revision: str = "b2d4f6a8c013"
down_revision: str | None = "5d8f0a2c4e37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Each finished month of the audit log is written once into its archive."""
    create_audit_archive("investment_svc")


def downgrade() -> None:
    """No archives."""
    drop_audit_archive("investment_svc")
