"""iam routing catalogue permissions: every bureau reads the city's routing catalogue (交办规则目录), the city
officers maintain it.

Only built-in roles change, and only missing permissions are added; the downgrade takes back exactly these.

Revision ID: 3f9b1d7c5a20
Revises: c4f81a2d6e39
Create Date: 2026-12-06 18:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

from gateway.role_grants import apply_builtin_grants

revision: str = "3f9b1d7c5a20"
down_revision: str | None = "c4f81a2d6e39"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the grants at the time of this revision (the live catalogue may move on).
GRANTS: dict[str, tuple[str, ...]] = {
    "city_officer": ("case:routing:list", "case:routing:manage"),
    "county_officer": ("case:routing:list",),
    "city_leader": ("case:routing:list",),
}


def upgrade() -> None:
    """Grant the routing catalogue permissions to the built-in roles."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=True)


def downgrade() -> None:
    """Take the routing catalogue permissions back."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=False)
