"""iam report permissions: grant the work report's permissions to the built-in city roles (leaders read the
figures and the document, officers also edit the document's text).

Seeding adds only missing roles, so roles created before these permissions existed get them here; only
built-in roles change, and only missing permissions are added; the downgrade takes back exactly these.

Revision ID: 3f6a2d8c1b47
Revises: e99433a67d57
Create Date: 2026-11-26 21:30:00.000000
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "3f6a2d8c1b47"
down_revision: str | None = "e99433a67d57"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the grants at the time of this revision (the live catalogue may move on).
GRANTS: dict[str, tuple[str, ...]] = {
    "city_leader": ("report:figures:read",),
    "city_officer": ("report:figures:read", "report:document:manage"),
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
    """Grant the report permissions to the built-in city roles."""
    _apply(add=True)


def downgrade() -> None:
    """Take the report permissions back from the built-in city roles."""
    _apply(add=False)
