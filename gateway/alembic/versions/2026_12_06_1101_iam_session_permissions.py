"""iam session permissions: the security administrator sees online sessions and ends them, the auditor reads
the sign-in log.

Seeding adds only missing roles, so roles created before these permissions existed get them here; only
built-in roles change, and only missing permissions are added; the downgrade takes back exactly these.

Revision ID: 6b8d2f0a4e31
Revises: 5a7c1e9b3d20
Create Date: 2026-12-06 11:01:00.000000
"""

from collections.abc import Sequence

from alembic import op

from gateway.role_grants import apply_builtin_grants

revision: str = "6b8d2f0a4e31"
down_revision: str | None = "5a7c1e9b3d20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the grants at the time of this revision (the live catalogue may move on).
GRANTS: dict[str, tuple[str, ...]] = {
    "security_admin": ("system:session:list", "system:session:revoke"),
    "auditor": ("audit:signin:list",),
}


def upgrade() -> None:
    """Grant the session permissions to the security administrator and the sign-in log to the auditor."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=True)


def downgrade() -> None:
    """Take the session and sign-in log permissions back."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=False)
