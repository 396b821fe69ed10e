"""iam report permissions: grant the work report's permissions to the built-in city roles (leaders read the
figures and the document, officers also edit the document's text).

Seeding adds only missing roles, so roles created before these permissions existed get them here; only
built-in roles change, and only missing permissions are added; the downgrade takes back exactly these.

Revision ID: 3f6a2d8c1b47
Revises: e99433a67d57
Create Date: 2026-11-26 21:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

from gateway.role_grants import apply_builtin_grants

revision: str = "3f6a2d8c1b47"
down_revision: str | None = "e99433a67d57"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the grants at the time of this revision (the live catalogue may move on).
GRANTS: dict[str, tuple[str, ...]] = {
    "city_leader": ("report:figures:read",),
    "city_officer": ("report:figures:read", "report:document:manage"),
}


def upgrade() -> None:
    """Grant the report permissions to the built-in city roles."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=True)


def downgrade() -> None:
    """Take the report permissions back from the built-in city roles."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=False)
