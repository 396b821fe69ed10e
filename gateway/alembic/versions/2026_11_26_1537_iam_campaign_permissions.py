"""iam campaign permissions: grant pairing, visit, policy, staff, stats and report permissions to built-in roles.

Seeding adds only missing roles, so roles created before these permissions existed get them here; a
permission the security admin already granted or removed by hand is not touched twice (only missing
ones are added, and only to built-in roles).

Revision ID: 4dafde1f01c0
Revises: d093f98f524a
Create Date: 2026-11-26 15:37:23.000000
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

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


def _role_table(dialect: str) -> sa.TableClause:
    # SQLite has no schemas: the iam tables live in the file's main database.
    return sa.table(
        "role",
        sa.column("code", sa.String),
        sa.column("permissions", sa.JSON),
        sa.column("is_builtin", sa.Boolean),
        sa.column("version", sa.Integer),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        schema=None if dialect == "sqlite" else "iam",
    )


def _apply(add: bool) -> None:
    conn = op.get_bind()
    role = _role_table(conn.dialect.name)
    rows = conn.execute(
        sa.select(role.c.code, role.c.permissions, role.c.version).where(
            role.c.code.in_(sorted(GRANTS)), role.c.is_builtin.is_(True)
        )
    ).all()
    for code, permissions, version in rows:
        current = list(permissions or [])
        granted = set(GRANTS[code])
        wanted = sorted(set(current) | granted if add else set(current) - granted)
        if wanted == sorted(current):
            continue
        conn.execute(
            role.update()
            .where(role.c.code == code)
            .values(permissions=wanted, version=(version or 0) + 1, updated_at=datetime.now(UTC))
        )


def upgrade() -> None:
    """Grant the campaign permissions to the built-in roles."""
    _apply(add=True)


def downgrade() -> None:
    """Take them back."""
    _apply(add=False)
