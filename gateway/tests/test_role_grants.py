"""The migrations' grants to built-in roles: only built-in roles, only what is missing, and a downgrade
that takes back exactly the grant."""

from __future__ import annotations

import sqlalchemy as sa

from gateway.role_grants import apply_builtin_grants

GRANTS = {"city_officer": ("report:figures:read", "report:document:manage"), "ghost": ("report:figures:read",)}


def _roles(conn: sa.Connection) -> dict[str, tuple[list[str], int]]:
    rows = conn.execute(sa.text("SELECT code, permissions, version FROM role ORDER BY code")).all()
    return {code: (sa.JSON().result_processor(conn.dialect, None)(perms), version) for code, perms, version in rows}


def _database() -> sa.Engine:
    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "CREATE TABLE role (code TEXT PRIMARY KEY, permissions JSON, is_builtin BOOLEAN, version INTEGER,"
                " updated_at TIMESTAMP)"
            )
        )
        conn.execute(
            sa.text("INSERT INTO role VALUES (:c, :p, :b, 3, NULL)"),
            [
                {"c": "city_officer", "p": '["case:case:list", "report:figures:read"]', "b": True},
                {"c": "county_officer", "p": '["case:case:list"]', "b": True},
                {"c": "city_officer_copy", "p": '["case:case:list"]', "b": False},
            ],
        )
    return engine


def test_a_grant_adds_the_missing_permissions_to_built_in_roles_only():
    engine = _database()
    with engine.begin() as conn:
        apply_builtin_grants(conn, {**GRANTS, "city_officer_copy": ("report:figures:read",)}, add=True)
        roles = _roles(conn)
    assert roles["city_officer"] == (["case:case:list", "report:document:manage", "report:figures:read"], 4)
    assert roles["county_officer"] == (["case:case:list"], 3)  # not named in the grant
    assert roles["city_officer_copy"] == (["case:case:list"], 3)  # an administrator's role is theirs


def test_granting_twice_changes_nothing_the_second_time():
    engine = _database()
    with engine.begin() as conn:
        apply_builtin_grants(conn, GRANTS, add=True)
        once = _roles(conn)
        apply_builtin_grants(conn, GRANTS, add=True)
        assert _roles(conn) == once


def test_the_downgrade_takes_back_exactly_the_grant():
    engine = _database()
    with engine.begin() as conn:
        apply_builtin_grants(conn, GRANTS, add=True)
        apply_builtin_grants(conn, GRANTS, add=False)
        roles = _roles(conn)
    assert roles["city_officer"] == (["case:case:list"], 5)
