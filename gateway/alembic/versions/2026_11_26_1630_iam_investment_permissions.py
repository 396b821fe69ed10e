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
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

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
        # A new version makes an administrator's open edit of the role fail with 412 instead of undoing this.
        conn.execute(
            role.update()
            .where(role.c.code == code)
            .values(permissions=wanted, version=(version or 0) + 1, updated_at=datetime.now(UTC))
        )


def upgrade() -> None:
    """Grant the investment permissions to the built-in roles."""
    _apply(add=True)


def downgrade() -> None:
    """Take the investment permissions back from the built-in roles."""
    _apply(add=False)
