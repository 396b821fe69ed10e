"""case: monthly archives of the audit log, one row per finished month, never changed

Revision ID: a1c3e5f7b902
Revises: 4c7e9a1b3d26
Create Date: 2026-12-06 11:50:00
"""

from collections.abc import Sequence

from platform_core.migrations import create_audit_archive, drop_audit_archive

revision: str = "a1c3e5f7b902"
down_revision: str | None = "4c7e9a1b3d26"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Each finished month of the audit log is written once into its archive."""
    create_audit_archive("case_svc")


def downgrade() -> None:
    """No archives."""
    drop_audit_archive("case_svc")
