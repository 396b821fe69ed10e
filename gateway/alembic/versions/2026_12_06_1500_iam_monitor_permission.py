"""iam: grant the server monitor (system:monitor:read) to the built-in system administrator.

Revision ID: 7e2a4c6b8d15
Revises: 8d2e4f6a0c13
Create Date: 2026-12-06 15:00:00
"""

from collections.abc import Sequence

from alembic import op

from gateway.role_grants import apply_builtin_grants

revision: str = "7e2a4c6b8d15"
down_revision: str | None = "8d2e4f6a0c13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the grant at the time of this revision.
GRANTS: dict[str, tuple[str, ...]] = {"system_admin": ("system:monitor:read",)}


def upgrade() -> None:
    """The system administrator reads the server monitor."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=True)


def downgrade() -> None:
    """Take the grant back."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=False)
