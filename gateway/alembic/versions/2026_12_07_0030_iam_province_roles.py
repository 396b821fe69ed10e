"""iam: the 省商务厅 roles (province_leader, province_officer), administration scoped like data (the three
officers' built-in roles read their own region and below instead of everything), and the seeded city departments
named with their city (市商务局 → 信阳市商务局) now that one installation serves several cities.

Revision ID: 3c8f1a6e9d52
Revises: 7a4e2c9d1b35
Create Date: 2026-12-07 00:30:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "3c8f1a6e9d52"
down_revision: str | None = "7a4e2c9d1b35"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the built-in roles at the time of this revision.
ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "province_leader": (
        "省商务厅领导",
        (
            "case:case:list",
            "case:case:read",
            "case:knowledge:list",
            "case:notification:read",
            "case:pairing:list",
            "case:policy:list",
            "case:report:read",
            "case:routing:list",
            "case:staff:list",
            "case:stats:read",
            "case:supervision:list",
            "case:visit:list",
            "dashboard:cockpit:read",
            "dashboard:stats:read",
            "enterprise:enterprise:list",
            "enterprise:enterprise:read",
            "investment:foreign:list",
            "investment:project:list",
            "investment:stats:read",
            "report:figures:read",
            "trade:domestic:list",
            "trade:ecommerce:list",
            "trade:export:list",
            "trade:fair:list",
            "trade:fund:list",
            "trade:indicator:read",
            "trade:labour:list",
            "trade:statistics:list",
        ),
    ),
    "province_officer": (
        "省商务厅业务处室",
        (
            "case:case:list",
            "case:case:read",
            "case:category:manage",
            "case:knowledge:list",
            "case:notification:read",
            "case:pairing:list",
            "case:policy:list",
            "case:report:read",
            "case:routing:list",
            "case:staff:list",
            "case:stats:read",
            "case:supervision:list",
            "case:visit:list",
            "dashboard:cockpit:read",
            "dashboard:stats:read",
            "enterprise:enterprise:list",
            "enterprise:enterprise:read",
            "investment:dictionary:manage",
            "investment:foreign:list",
            "investment:project:list",
            "investment:round:manage",
            "investment:stats:read",
            "report:figures:read",
            "trade:domestic:list",
            "trade:ecommerce:list",
            "trade:export:list",
            "trade:fair:list",
            "trade:fund:list",
            "trade:indicator:read",
            "trade:labour:list",
            "trade:statistics:list",
        ),
    ),
}
OFFICER_ROLES = ("system_admin", "security_admin", "auditor")
#: The 信阳 city departments seeded before, by code: (name then, name now).
RENAMED_UNITS: dict[str, tuple[str, str]] = {
    "411500-commerce": ("市商务局", "信阳市商务局"),
    "411500-natural-resources": ("市自然资源和规划局", "信阳市自然资源和规划局"),
    "411500-development-reform": ("市发展和改革委员会", "信阳市发展和改革委员会"),
    "411500-market-regulation": ("市市场监督管理局", "信阳市市场监督管理局"),
    "411500-ecology-environment": ("市生态环境局", "信阳市生态环境局"),
}


def _tables() -> tuple[sa.TableClause, sa.TableClause, sa.TableClause]:
    # Only the columns this revision touches; SQLite has no schemas (the iam tables live in the main database).
    schema = None if op.get_bind().dialect.name == "sqlite" else "iam"

    def stamp() -> tuple[sa.ColumnClause, ...]:
        return (
            sa.column("version", sa.Integer),
            sa.column("created_at", sa.DateTime(timezone=True)),
            sa.column("updated_at", sa.DateTime(timezone=True)),
        )

    role = sa.table(
        "role",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("permissions", sa.JSON),
        sa.column("data_scope", sa.String),
        sa.column("is_builtin", sa.Boolean),
        *stamp(),
        schema=schema,
    )
    unit = sa.table("unit", sa.column("code", sa.String), sa.column("name", sa.String), *stamp(), schema=schema)
    user_role = sa.table("user_role", sa.column("role_code", sa.String), schema=schema)
    return role, unit, user_role


def _scope(role: sa.TableClause, old: str, new: str) -> None:
    """Move the officers' built-in roles from one data scope to another (a role already changed is left alone)."""
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(role.c.code, role.c.version).where(
            role.c.code.in_(OFFICER_ROLES), role.c.is_builtin.is_(True), role.c.data_scope == old
        )
    ).all()
    for code, version in rows:
        # A new version makes an administrator's open edit of the role fail with 412 instead of undoing this.
        conn.execute(
            role.update()
            .where(role.c.code == code)
            .values(data_scope=new, version=(version or 0) + 1, updated_at=datetime.now(UTC))
        )


def _rename(unit: sa.TableClause, *, forward: bool) -> None:
    """Rename the seeded departments that still bear the seeded name (one renamed by an administrator stays)."""
    conn = op.get_bind()
    for code, (then, now) in RENAMED_UNITS.items():
        old, new = (then, now) if forward else (now, then)
        conn.execute(
            unit.update()
            .where(unit.c.code == code, unit.c.name == old)
            .values(name=new, version=unit.c.version + 1, updated_at=datetime.now(UTC))
        )


def upgrade() -> None:
    """Add the province roles, scope the officers' roles by region, name the departments with their city."""
    role, unit, _ = _tables()
    conn = op.get_bind()
    existing = set(conn.scalars(sa.select(role.c.code)))
    # An empty database gets every built-in role from the seed; one seeded before gets the new ones here.
    if existing:
        now = datetime.now(UTC)
        for code, (name, permissions) in ROLES.items():
            if code not in existing:
                conn.execute(
                    role.insert().values(
                        code=code,
                        name=name,
                        permissions=sorted(permissions),
                        data_scope="REGION_AND_BELOW",
                        is_builtin=True,
                        version=1,
                        created_at=now,
                        updated_at=now,
                    )
                )
    _scope(role, "ALL", "REGION_AND_BELOW")
    _rename(unit, forward=True)


def downgrade() -> None:
    """Back to the officers reading everything, the departments' short names and no province roles."""
    role, unit, user_role = _tables()
    _rename(unit, forward=False)
    _scope(role, "REGION_AND_BELOW", "ALL")
    conn = op.get_bind()
    conn.execute(user_role.delete().where(user_role.c.role_code.in_(sorted(ROLES))))
    conn.execute(role.delete().where(role.c.code.in_(sorted(ROLES)), role.c.is_builtin.is_(True)))
