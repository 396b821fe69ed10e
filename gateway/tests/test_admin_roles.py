"""Roles and the permission catalogue: list, change with ETags, only catalogue permissions, duties kept apart."""

from __future__ import annotations

import pytest

from platform_core.permissions import ALL_CODES, CATALOGUE

ROLES = "/api/v1/system/roles"


@pytest.fixture
async def security(auth):
    return await auth("security")


async def test_roles_are_listed_with_permissions_and_scope(client, security):
    resp = await client.get(ROLES, params={"page": 1, "page_size": 100}, headers=security)
    assert resp.status_code == 200
    body = resp.json()
    assert body["total"] == 11
    roles = {r["code"]: r for r in body["items"]}
    assert roles["auditor"]["permissions"] == ["audit:log:list", "audit:signin:list"]
    assert roles["county_officer"]["data_scope"] == "REGION_AND_BELOW"
    # Administration is scoped like data: an officer placed in a city administers that city.
    assert {roles[c]["data_scope"] for c in ("system_admin", "security_admin", "auditor")} == {"REGION_AND_BELOW"}
    assert roles["province_leader"]["name"] == "省商务厅领导"
    assert roles["enterprise_user"]["data_scope"] == "SELF"
    # 撤单质检员 reviews its own region: the city's reviews every county, a county's only its own.
    assert roles["quality_reviewer"]["data_scope"] == "REGION_AND_BELOW"
    assert "case:quality:review" in roles["quality_reviewer"]["permissions"]
    assert all(r["is_builtin"] and r["version"] == 1 for r in body["items"])
    officer_roles = {code for code, r in roles.items() if r["is_officer_role"]}
    assert officer_roles == {"system_admin", "security_admin", "auditor"}
    assert {code for code, r in roles.items() if r["held_by_officer"]} == officer_roles


async def test_permission_tree_covers_the_catalogue(client, security):
    resp = await client.get("/api/v1/system/permissions", headers=security)
    assert resp.status_code == 200
    leaves = {
        leaf["code"] for module in resp.json() for resource in module["children"] for leaf in resource["children"]
    }
    assert leaves == {p.code for p in CATALOGUE}
    system = next(m for m in resp.json() if m["code"] == "system")
    assert system["label"] == "系统管理"
    sensitive = {
        leaf["code"]: leaf["sensitive"]
        for module in resp.json()
        for resource in module["children"]
        for leaf in resource["children"]
        if leaf["sensitive"]
    }
    assert sensitive == {
        "trade:worker:pii": "personal_data",
        "enterprise:contact:read": "personal_data",
        "audit:log:list": "audit",
        "audit:signin:list": "audit",
        "system:role:update": "role_admin",
    }


async def test_security_admin_changes_a_role_with_if_match(client, security, audit_log):
    url = f"{ROLES}/city_leader"
    got = await client.get(url, headers=security)
    assert got.headers["ETag"] == '"1"'
    body = {"permissions": ["enterprise:enterprise:list", "enterprise:enterprise:read"], "data_scope": "REGION"}
    assert (await client.patch(url, json=body, headers=security)).status_code == 428
    assert (await client.patch(url, json=body, headers={**security, "If-Match": '"2"'})).status_code == 412
    resp = await client.patch(url, json=body, headers={**security, "If-Match": '"1"'})
    assert resp.status_code == 200, resp.text
    assert resp.headers["ETag"] == '"2"'
    assert resp.json()["permissions"] == sorted(body["permissions"]) and resp.json()["data_scope"] == "REGION"
    (entry,) = await audit_log("role.update", entity_id="city_leader")
    assert "dashboard:stats:read" in entry.before["permissions"]
    assert "dashboard:stats:read" not in entry.after["permissions"]
    assert entry.before["data_scope"] == "REGION_AND_BELOW" and entry.after["data_scope"] == "REGION"


async def test_role_change_reaches_the_next_token(client, security, auth):
    await client.patch(
        f"{ROLES}/city_leader",
        json={"permissions": ["enterprise:enterprise:list"]},
        headers={**security, "If-Match": '"1"'},
    )
    me = (await client.get("/api/v1/auth/me", headers=await auth("leader"))).json()
    assert me["permissions"] == ["enterprise:enterprise:list"]


@pytest.mark.parametrize(
    "permissions",
    [["enterprise:enterprise:list", "no:such:permission"], ["open:enterprise:read"]],
)
async def test_only_catalogue_permissions(client, security, permissions):
    resp = await client.patch(
        f"{ROLES}/city_leader", json={"permissions": permissions}, headers={**security, "If-Match": '"1"'}
    )
    assert resp.status_code == 422, resp.text
    assert resp.json()["errors"][0] == {
        **resp.json()["errors"][0],
        "field": "permissions",
        "code": "invalid_permission",
    }


@pytest.mark.parametrize(
    ("role", "permissions", "detail"),
    [
        ("auditor", ["audit:log:list", "system:user:list"], "三员角色"),
        ("auditor", ["audit:log:list", "enterprise:enterprise:list"], "三员角色"),
        ("system_admin", ["system:user:list"], "三员角色"),
        ("security_admin", ["system:role:update", "system:user:update"], "本人所属的角色"),
        ("city_leader", ["audit:log:list", "dashboard:stats:read"], "只属于三员角色"),
        ("city_leader", ["system:user:update", "dashboard:stats:read"], "只属于三员角色"),
    ],
)
async def test_duties_stay_with_the_three_officers(client, security, role, permissions, detail):
    resp = await client.patch(
        f"{ROLES}/{role}", json={"permissions": permissions}, headers={**security, "If-Match": '"1"'}
    )
    assert resp.status_code == 403, resp.text
    body = resp.json()
    assert body["code"] == "forbidden" and body["rule"] == "separation_of_duties"
    assert detail in body["detail"]


async def test_a_role_change_may_not_create_a_conflict_for_its_holders(client, security, auth, session, user_of):
    from gateway.iam.models import UserRole

    # An auditor who also works as a city leader: city_leader must not gain system permissions.
    auditor = await user_of("auditor")
    session.add(UserRole(user_id=auditor.id, role_code="city_leader"))
    await session.flush()
    resp = await client.patch(
        f"{ROLES}/city_leader",
        json={"permissions": ["enterprise:enterprise:list", "system:user:list"]},
        headers={**security, "If-Match": '"1"'},
    )
    assert resp.status_code == 403
    assert resp.json()["rule"] == "separation_of_duties"


async def test_security_admin_cannot_take_the_audit_log(client, security):
    resp = await client.patch(
        f"{ROLES}/security_admin",
        json={"permissions": ["system:role:list", "system:role:update", "system:user:list", "audit:log:list"]},
        headers={**security, "If-Match": '"1"'},
    )
    assert resp.status_code == 403
    assert resp.json()["detail"] == "不能修改本人所属的角色（三员分立）"


async def test_unknown_role_is_404_and_bad_scope_is_422(client, security):
    assert (await client.get(f"{ROLES}/nope", headers=security)).status_code == 404
    resp = await client.patch(
        f"{ROLES}/city_leader", json={"data_scope": "EVERYTHING"}, headers={**security, "If-Match": '"1"'}
    )
    assert resp.status_code == 422


def test_every_seeded_permission_is_in_the_catalogue():
    assert "audit:log:list" in ALL_CODES
