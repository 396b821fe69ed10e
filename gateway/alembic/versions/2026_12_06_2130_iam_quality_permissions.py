"""iam: grant reading the 撤单质检 samples (case:quality:list) to the built-in city and county officers; the
撤单质检员 role itself is seeded as a missing built-in role.

Revision ID: 7a4e2c9d1b35
Revises: 5d2a8e61c4f7
Create Date: 2026-12-06 21:00:00
"""

from collections.abc import Sequence

from alembic import op

from gateway.role_grants import apply_builtin_grants

revision: str = "7a4e2c9d1b35"
down_revision: str | None = "5d2a8e61c4f7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the grant at the time of this revision.
GRANTS: dict[str, tuple[str, ...]] = {
    "city_officer": ("case:quality:list",),
    "county_officer": ("case:quality:list",),
}


def upgrade() -> None:
    """The bureaus read the 撤单质检 samples of their region."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=True)


def downgrade() -> None:
    """Take the grant back."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=False)
