"""iam trade permissions: grant the trade-service permissions (labour, funds, fairs, exports, statistics, domestic
trade, e-commerce, indicators) to the built-in roles; `trade:worker:pii` to the county bureau only.

Seeding adds only missing roles, so roles created before these permissions existed get them here. Only
missing permissions are added, only to built-in roles; the downgrade takes back exactly these.

Revision ID: 7c3e9a51d2b8
Revises: 4dafde1f01c0
Create Date: 2026-11-26 16:00:00.000000
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

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
    """Grant the trade permissions to the built-in roles."""
    _apply(add=True)


def downgrade() -> None:
    """Take them back."""
    _apply(add=False)
