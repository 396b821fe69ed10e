"""iam knowledge base permissions: officers and leaders read the knowledge base (知识库), city and county officers
curate it (each where they may write), enterprises read its published answers.

Only built-in roles change, and only missing permissions are added; the downgrade takes back exactly these.

Revision ID: 5d2a8e61c4f7
Revises: a7c3e5f9b214
Create Date: 2026-12-06 20:50:00.000000
"""

from collections.abc import Sequence

from alembic import op

from gateway.role_grants import apply_builtin_grants

revision: str = "5d2a8e61c4f7"
down_revision: str | None = "a7c3e5f9b214"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the grants at the time of this revision (the live catalogue may move on).
GRANTS: dict[str, tuple[str, ...]] = {
    "city_officer": ("case:knowledge:list", "case:knowledge:edit"),
    "county_officer": ("case:knowledge:list", "case:knowledge:edit"),
    "city_leader": ("case:knowledge:list",),
    "enterprise_user": ("case:knowledge:list",),
}


def upgrade() -> None:
    """Grant the knowledge base permissions to the built-in roles."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=True)


def downgrade() -> None:
    """Take the knowledge base permissions back."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=False)
