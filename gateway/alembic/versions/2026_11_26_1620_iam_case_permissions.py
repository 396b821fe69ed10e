"""iam case permissions: grant the case-handling permissions (13710 lifecycle, supervision, inbox,
attachments, category dictionary) to the built-in roles.

Seeding adds only missing roles, so roles created before these permissions existed get them here; only
built-in roles change, and only missing permissions are added (a grant the security admin removed by
hand before this revision is added again once, as for every new permission). Machine clients are left
alone: an administrator grants `open:case:read` to a provincial client deliberately.

Revision ID: 5b2f8c3d9e71
Revises: 7c3e9a51d2b8
Create Date: 2026-11-26 16:20:00.000000
"""

from collections.abc import Sequence

from alembic import op

from gateway.role_grants import apply_builtin_grants

revision: str = "5b2f8c3d9e71"
down_revision: str | None = "7c3e9a51d2b8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_READ = ("case:case:list", "case:case:read", "case:notification:read")
_OFFICER = (
    "case:case:create",
    "case:case:update",
    "case:case:accept",
    "case:case:assign",
    "case:case:review",
    "case:case:close",
    "case:case:rate",
    "case:supervision:list",
    "case:attachment:upload",
)

# Frozen copy of the grants at the time of this revision (the live catalogue may move on).
GRANTS: dict[str, tuple[str, ...]] = {
    "city_leader": (*_READ, "case:case:decide", "case:supervision:list", "case:supervision:issue"),
    "city_officer": (*_READ, *_OFFICER, "case:category:manage"),
    "county_officer": (*_READ, *_OFFICER),
    "unit_handler": (
        *_READ,
        "case:case:handle",
        "case:attachment:upload",
        "case:supervision:list",
        "case:supervision:reply",
    ),
    "enterprise_user": (*_READ, "case:case:create", "case:case:rate", "case:attachment:upload"),
}


def upgrade() -> None:
    """Grant the case permissions to the built-in roles."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=True)


def downgrade() -> None:
    """Take the case permissions back from the built-in roles."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=False)
