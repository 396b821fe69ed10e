"""iam investment permissions: grant the investment-attraction permissions (projects, rounds, funds in place,
foreign-invested enterprises and capital, bulletins, indicators, the industry dictionary) to the built-in roles.

Seeding adds only missing roles, so roles created before these permissions existed get them here; only
built-in roles change, and only missing permissions are added. Machine clients are left alone: an
administrator grants `open:investment:read` to a provincial client deliberately.

Revision ID: e99433a67d57
Revises: 5b2f8c3d9e71
Create Date: 2026-11-26 16:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

from gateway.role_grants import apply_builtin_grants

revision: str = "e99433a67d57"
down_revision: str | None = "5b2f8c3d9e71"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_READ = ("investment:project:list", "investment:foreign:list", "investment:stats:read")
_MANAGE = ("investment:project:manage", "investment:funds:manage", "investment:foreign:manage")
_CITY = ("investment:round:manage", "investment:bulletin:import", "investment:dictionary:manage")

# Frozen copy of the grants at the time of this revision (the live catalogue may move on).
GRANTS: dict[str, tuple[str, ...]] = {
    "city_leader": _READ,
    "city_officer": _READ + _MANAGE + _CITY,
    "county_officer": _READ + _MANAGE,
}


def upgrade() -> None:
    """Grant the investment permissions to the built-in roles."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=True)


def downgrade() -> None:
    """Take the investment permissions back from the built-in roles."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=False)
