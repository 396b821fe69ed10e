"""Permission grants to the built-in roles, as the migrations that introduce new permissions apply them.

Seeding adds only missing roles, so roles created before a permission existed receive it from a migration.
Each migration passes its own frozen table of grants; only built-in roles change, only missing permissions
are added, and the downgrade takes back exactly those.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def _role_table(dialect: str) -> sa.TableClause:
    # Only the columns a grant touches, so a later change of the model cannot break an old migration.
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


def apply_builtin_grants(conn: Connection, grants: Mapping[str, tuple[str, ...]], *, add: bool) -> None:
    """Add (or, with add=False, remove) each built-in role's permissions of `grants`."""
    role = _role_table(conn.dialect.name)
    rows = conn.execute(
        sa.select(role.c.code, role.c.permissions, role.c.version).where(
            role.c.code.in_(sorted(grants)), role.c.is_builtin.is_(True)
        )
    ).all()
    for code, permissions, version in rows:
        current = list(permissions or [])
        granted = set(grants[code])
        wanted = sorted(set(current) | granted if add else set(current) - granted)
        if wanted == sorted(current):
            continue
        # A new version makes an administrator's open edit of the role fail with 412 instead of undoing this.
        conn.execute(
            role.update()
            .where(role.c.code == code)
            .values(permissions=wanted, version=(version or 0) + 1, updated_at=datetime.now(UTC))
        )
