"""trade: monthly archives of the audit log, one row per finished month, never changed

Revision ID: c3e5a7b9d124
Revises: 7e0a2c4e6f48
Create Date: 2026-12-06 11:50:00
"""

from collections.abc import Sequence

from platform_core.migrations import create_audit_archive, drop_audit_archive

revision: str = "c3e5a7b9d124"
down_revision: str | None = "7e0a2c4e6f48"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Each finished month of the audit log is written once into its archive."""
    create_audit_archive("trade_svc")


def downgrade() -> None:
    """No archives."""
    drop_audit_archive("trade_svc")
