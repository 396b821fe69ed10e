"""iam: grant the leader's cockpit (dashboard:cockpit:read) to the built-in city leader.

Revision ID: c4f81a2d6e39
Revises: 5d9b3e7f1a62
Create Date: 2026-12-06 17:30:00
"""

from collections.abc import Sequence

from alembic import op

from gateway.role_grants import apply_builtin_grants

revision: str = "c4f81a2d6e39"
down_revision: str | None = "5d9b3e7f1a62"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the grant at the time of this revision.
GRANTS: dict[str, tuple[str, ...]] = {"city_leader": ("dashboard:cockpit:read",)}


def upgrade() -> None:
    """The city leader opens the cockpit (大屏)."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=True)


def downgrade() -> None:
    """Take the grant back."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=False)
