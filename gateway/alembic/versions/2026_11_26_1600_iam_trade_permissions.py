"""iam trade permissions: grant the trade-service permissions (labour, funds, fairs, exports, statistics, domestic
trade, e-commerce, indicators) to the built-in roles; `trade:worker:pii` to the county bureau only.

Seeding adds only missing roles, so roles created before these permissions existed get them here. Only
missing permissions are added, only to built-in roles; the downgrade takes back exactly these.

Revision ID: 7c3e9a51d2b8
Revises: 4dafde1f01c0
Create Date: 2026-11-26 16:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

from gateway.role_grants import apply_builtin_grants

revision: str = "7c3e9a51d2b8"
down_revision: str | None = "4dafde1f01c0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_READ = (
    "trade:labour:list",
    "trade:fund:list",
    "trade:fair:list",
    "trade:export:list",
    "trade:statistics:list",
    "trade:domestic:list",
    "trade:ecommerce:list",
    "trade:indicator:read",
)
_MANAGE = (
    "trade:labour:manage",
    "trade:fund:manage",
    "trade:fair:manage",
    "trade:export:manage",
    "trade:statistics:manage",
    "trade:domestic:manage",
    "trade:ecommerce:manage",
)

# Frozen copy of the grants at the time of this revision (the live catalogue may move on).
GRANTS: dict[str, tuple[str, ...]] = {
    "city_leader": _READ,
    "city_officer": _READ + _MANAGE,
    # The county bureau registers workers and files their passports: the one role that reads their PII.
    "county_officer": (*_READ, *_MANAGE, "trade:worker:pii"),
}


def upgrade() -> None:
    """Grant the trade permissions to the built-in roles."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=True)


def downgrade() -> None:
    """Take them back."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=False)
