"""iam campaign permissions: grant pairing, visit, policy, staff, stats and report permissions to built-in roles.

Seeding adds only missing roles, so roles created before these permissions existed get them here; a
permission the security admin already granted or removed by hand is not touched twice (only missing
ones are added, and only to built-in roles).

Revision ID: 4dafde1f01c0
Revises: d093f98f524a
Create Date: 2026-11-26 15:37:23.000000
"""

from collections.abc import Sequence

from alembic import op

from gateway.role_grants import apply_builtin_grants

revision: str = "4dafde1f01c0"
down_revision: str | None = "d093f98f524a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_READ = (
    "case:pairing:list",
    "case:visit:list",
    "case:policy:list",
    "case:staff:list",
    "case:stats:read",
    "case:report:read",
)
_MANAGE = ("case:pairing:manage", "case:visit:manage", "case:policy:manage", "case:staff:manage")

# Frozen copy of the grants at the time of this revision (the live catalogue may move on).
GRANTS: dict[str, tuple[str, ...]] = {
    "city_leader": _READ,
    "city_officer": _READ + _MANAGE,
    "county_officer": _READ + _MANAGE,
    "unit_handler": ("case:policy:list", "case:stats:read"),
    "enterprise_user": ("case:policy:list",),
}


def upgrade() -> None:
    """Grant the campaign permissions to the built-in roles."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=True)


def downgrade() -> None:
    """Take them back."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=False)
