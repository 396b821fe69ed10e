"""Every seeded role (and the provincial client) against every administration route: 2xx or 403."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from gateway.iam.models import Unit

ADMINS = {"system_admin"}
USER_READERS = {"system_admin", "security_admin"}
ROLE_READERS = {"system_admin", "security_admin"}
ROLE_WRITERS = {"security_admin"}
AUDITORS = {"auditor"}
EVERY_ROLE = (
    "system_admin",
    "security_admin",
    "auditor",
    "city_leader",
    "city_officer",
    "county_officer",
    "unit_handler",
    "enterprise_user",
    "province_leader",
    "province_client",
)
ACCOUNT = {
    "system_admin": "admin",
    "security_admin": "security",
    "auditor": "auditor",
    "city_leader": "leader",
    "city_officer": "city",
    "county_officer": "guangshan",
    "unit_handler": "unit_zrzy",
    "enterprise_user": "enterprise",
    "province_leader": "henan",
}


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    allowed: frozenset[str]
    body: dict[str, Any] | None = None
    if_match: bool = False

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


NEW_USER = {
    "username": "matrix_user",
    "display_name": "矩阵",
    "password": "Matrix#2026pass",
    "region_code": "411500",
}
NEW_UNIT = {"code": "411500-matrix", "name": "信阳市矩阵局", "kind": "市直部门", "region_code": "411500"}
NEW_CLIENT = {
    "client_id": "matrix",
    "name": "矩阵系统",
    "permissions": ["open:enterprise:read"],
    "data_scope": "REGION",
    "region_code": "411500",
}

ROUTES = (
    Route("GET", "/api/v1/system/users", frozenset(USER_READERS)),
    Route("POST", "/api/v1/system/users", frozenset(ADMINS), NEW_USER),
    Route("GET", "/api/v1/system/users/{user}", frozenset(USER_READERS)),
    Route("PATCH", "/api/v1/system/users/{user}", frozenset(ADMINS), {"display_name": "刘芳芳"}, if_match=True),
    Route("POST", "/api/v1/system/users/{user}/disable", frozenset(ADMINS)),
    Route("POST", "/api/v1/system/users/{user}/enable", frozenset(ADMINS)),
    Route("POST", "/api/v1/system/users/{user}/unlock", frozenset(ADMINS)),
    Route("POST", "/api/v1/system/users/{user}/reset-password", frozenset(ADMINS)),
    Route(
        "PUT",
        "/api/v1/system/users/{user}/roles",
        frozenset(ROLE_WRITERS),
        {"role_codes": ["city_leader"]},
        if_match=True,
    ),
    Route("GET", "/api/v1/system/roles", frozenset(ROLE_READERS)),
    Route("GET", "/api/v1/system/roles/city_leader", frozenset(ROLE_READERS)),
    Route(
        "PATCH", "/api/v1/system/roles/city_leader", frozenset(ROLE_WRITERS), {"data_scope": "REGION"}, if_match=True
    ),
    Route("GET", "/api/v1/system/permissions", frozenset(ROLE_READERS)),
    Route("GET", "/api/v1/system/units", frozenset(ADMINS)),
    Route("GET", "/api/v1/units", frozenset({"system_admin", "city_leader", "city_officer", "county_officer"})),
    Route("GET", "/api/v1/people", frozenset({"system_admin", "security_admin", "city_officer", "county_officer"})),
    Route("POST", "/api/v1/system/units", frozenset(ADMINS), NEW_UNIT),
    Route("GET", "/api/v1/system/units/{unit}", frozenset(ADMINS)),
    Route("PATCH", "/api/v1/system/units/{unit}", frozenset(ADMINS), {"name": "信阳市商务局（新）"}, if_match=True),
    Route("GET", "/api/v1/system/regions", frozenset(ADMINS)),
    Route("GET", "/api/v1/system/clients", frozenset(ADMINS)),
    Route("POST", "/api/v1/system/clients", frozenset(ADMINS), NEW_CLIENT),
    Route("POST", "/api/v1/system/clients/province/disable", frozenset(ADMINS)),
    Route("POST", "/api/v1/system/clients/province/enable", frozenset(ADMINS)),
    Route("GET", "/internal/v1/audit/logs", frozenset(AUDITORS)),
)


@pytest.fixture
async def headers_of(auth, client):
    async def make(role: str) -> dict[str, str]:
        if role == "province_client":
            resp = await client.post(
                "/open/v1/token",
                data={"grant_type": "client_credentials", "client_id": "province", "client_secret": "Demo@2021secret"},
            )
            return {"Authorization": f"Bearer {resp.json()['access_token']}"}
        return await auth(ACCOUNT[role])

    return make


@pytest.mark.parametrize("route", ROUTES, ids=str)
@pytest.mark.parametrize("role", EVERY_ROLE)
async def test_role_route_matrix(client, session, user_of, headers_of, role, route):
    target = await user_of("xinxian")
    unit_id = await session.scalar(select(Unit.id).where(Unit.code == "411500-commerce"))
    path = route.path.format(user=target.id, unit=unit_id)
    headers = await headers_of(role)
    if route.if_match:
        headers["If-Match"] = '"1"'
    resp = await client.request(route.method, path, json=route.body, headers=headers)
    if role in route.allowed:
        assert 200 <= resp.status_code < 300, f"{role} {route}: {resp.status_code} {resp.text}"
    else:
        assert resp.status_code == 403, f"{role} {route}: {resp.status_code} {resp.text}"
        assert resp.json()["code"] == "forbidden"


@pytest.mark.parametrize("route", ROUTES, ids=str)
async def test_every_admin_route_needs_a_token(client, route):
    resp = await client.request(route.method, route.path.format(user=1, unit=1), json=route.body)
    assert resp.status_code == 401
