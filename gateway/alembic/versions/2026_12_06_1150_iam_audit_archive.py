"""iam: monthly archives of the audit log, one row per finished month, never changed

Revision ID: d4f6b8c0e235
Revises: 9f1b3d5e7a48
Create Date: 2026-12-06 11:50:00
"""

from collections.abc import Sequence

from platform_core.migrations import create_audit_archive, drop_audit_archive

revision: str = "d4f6b8c0e235"
down_revision: str | None = "9f1b3d5e7a48"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Each finished month of the audit log is written once into its archive."""
    create_audit_archive("iam")


def downgrade() -> None:
    """No archives."""
    drop_audit_archive("iam")
