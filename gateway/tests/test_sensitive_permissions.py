"""Every grant or revocation of a sensitive permission (personal data, audit, role administration) is an audit
event of its own: on a role, and on a user who gains or loses it through roles."""

from __future__ import annotations

from platform_core.permissions import LABELS, ROLES_BY_CODE, sensitivity

ROLES = "/api/v1/system/roles"
USERS = "/api/v1/system/users"
LEADER = list(ROLES_BY_CODE["city_leader"].permissions)


def test_sensitive_permissions_are_classified():
    assert sensitivity("trade:worker:pii") == "personal_data"
    assert sensitivity("enterprise:contact:read") == "personal_data"
    assert sensitivity("someday:person:pii") == "personal_data"
    assert sensitivity("audit:log:list") == "audit"
    assert sensitivity("system:role:update") == "role_admin"
    assert sensitivity("enterprise:enterprise:read") is None


async def _edit_role(client, headers, permissions, version):
    resp = await client.patch(
        f"{ROLES}/city_leader", json={"permissions": permissions}, headers={**headers, "If-Match": f'"{version}"'}
    )
    assert resp.status_code == 200, resp.text
    return resp


async def test_granting_and_revoking_personal_data_on_a_role(client, auth, audit_log):
    security = await auth("security")
    await _edit_role(client, security, [*LEADER, "trade:worker:pii", "enterprise:contact:read"], 1)
    (grant,) = await audit_log("role.sensitive_grant", entity_id="city_leader")
    assert grant.entity_type == "role" and grant.actor_name == "安全管理员"
    assert grant.after == {
        "role": "city_leader",
        "role_name": "市局领导",
        "permissions": ["enterprise:contact:read", "trade:worker:pii"],
        "permission_names": [LABELS["enterprise:contact:read"], "查看外派人员姓名、身份证号、护照号明文"],
        "kinds": ["personal_data"],
    }
    assert grant.detail.startswith("向角色「市局领导」授予敏感权限（个人信息）：")
    # The auditor reads the permissions by name, not by code.
    assert "查看外派人员姓名、身份证号、护照号明文" in grant.detail and "trade:worker:pii" not in grant.detail
    assert await audit_log("role.sensitive_revoke") == []

    await _edit_role(client, security, [*LEADER, "enterprise:contact:read"], 2)
    (revoke,) = await audit_log("role.sensitive_revoke", entity_id="city_leader")
    assert revoke.after["permissions"] == ["trade:worker:pii"]
    assert revoke.detail.startswith("从角色「市局领导」收回敏感权限（个人信息）")
    assert len(await audit_log("role.sensitive_grant")) == 1
    assert len(await audit_log("role.update")) == 2  # the ordinary entry stays beside them


async def test_an_edit_without_sensitive_permissions_adds_no_such_entry(client, auth, audit_log):
    security = await auth("security")
    await _edit_role(client, security, [p for p in LEADER if p != "dashboard:stats:read"], 1)
    assert await audit_log("role.sensitive_grant") == [] and await audit_log("role.sensitive_revoke") == []


async def test_a_user_gains_and_loses_personal_data_through_roles(client, auth, audit_log):
    admin, security = await auth("admin"), await auth("security")
    created = await client.post(
        USERS,
        json={"username": "pii_user", "display_name": "王敏", "password": "PiiUser#2026", "region_code": "411522"},
        headers=admin,
    )
    user_id = created.json()["id"]
    url = f"{USERS}/{user_id}/roles"
    given = await client.put(url, json={"role_codes": ["county_officer"]}, headers={**security, "If-Match": '"1"'})
    assert given.status_code == 200, given.text
    (grant,) = await audit_log("role.sensitive_grant", entity_id=str(user_id))
    assert grant.entity_type == "user" and grant.region_code == "411522"
    assert grant.after["roles"] == ["county_officer"] and grant.after["kinds"] == ["personal_data"]
    assert set(grant.after["permissions"]) == {"trade:worker:pii", "enterprise:contact:read"}
    assert "通过角色「县区商务局」向用户 pii_user（王敏）授予敏感权限（个人信息）" in grant.detail

    taken = await client.put(url, json={"role_codes": ["city_leader"]}, headers={**security, "If-Match": '"2"'})
    assert taken.status_code == 200, taken.text
    (revoke,) = await audit_log("role.sensitive_revoke", entity_id=str(user_id))
    assert set(revoke.after["permissions"]) == {"trade:worker:pii", "enterprise:contact:read"}
    assert revoke.detail.startswith("通过角色「县区商务局」从用户 pii_user（王敏）收回敏感权限（个人信息）")


async def test_the_auditor_reads_the_changes_in_the_gateway_log(client, auth):
    security = await auth("security")
    await _edit_role(client, security, [*LEADER, "trade:worker:pii"], 1)
    auditor = await auth("auditor")
    page = (await client.get("/internal/v1/audit/logs", params={"action": "role.sensitive_"}, headers=auditor)).json()
    assert [e["action"] for e in page["items"]] == ["role.sensitive_grant"]
