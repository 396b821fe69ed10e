"""iam county report permissions: the county bureaus write their own work report (read the figures, preview and
download the county's report, edit the county's text).

Only built-in roles change, and only missing permissions are added; the downgrade takes back exactly these.

Revision ID: 8d2e4f6a0c13
Revises: 5c3f7a91b2d4
Create Date: 2026-12-06 14:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

from gateway.role_grants import apply_builtin_grants

revision: str = "8d2e4f6a0c13"
down_revision: str | None = "5c3f7a91b2d4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the grants at the time of this revision (the live catalogue may move on).
GRANTS: dict[str, tuple[str, ...]] = {
    "county_officer": ("report:figures:read", "report:document:manage"),
}


def upgrade() -> None:
    """Grant the report permissions to the built-in county role."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=True)


def downgrade() -> None:
    """Take the report permissions back from the built-in county role."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=False)
