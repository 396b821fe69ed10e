"""The gateway's own audit log: auditor only, filters, and what its entries never contain."""

from __future__ import annotations

from sqlalchemy import select

from gateway.iam.models import AuditLog

AUDIT = "/internal/v1/audit/logs"


async def test_only_the_auditor_reads_the_audit_log(client, auth):
    assert (await client.get(AUDIT)).status_code == 401
    for username in ("admin", "security", "leader", "city", "guangshan", "enterprise"):
        resp = await client.get(AUDIT, headers=await auth(username))
        assert resp.status_code == 403, username
    assert (await client.get(AUDIT, headers=await auth("auditor"))).status_code == 200


async def test_writes_and_sign_ins_appear_newest_first_with_filters(client, auth, login, user_of):
    admin = await auth("admin")
    await login("city", "Wrong@2021pass")
    await login("city")
    target = await user_of("xinxian")
    await client.post(f"/api/v1/system/users/{target.id}/disable", headers=admin)
    auditor = await auth("auditor")
    page = (await client.get(AUDIT, headers=auditor)).json()
    actions = [e["action"] for e in page["items"]]
    assert actions[:3] == ["user.disable", "auth.login", "auth.login"]
    assert all(e["service"] == "gateway" for e in page["items"])
    disable = page["items"][0]
    assert disable["entity_id"] == str(target.id) and disable["region_code"] == "411523"
    assert disable["region_name"] == "新县"  # named for the auditor, the code kept beside it
    assert disable["actor_name"] == "系统管理员"
    logins = (await client.get(AUDIT, params={"action": "auth."}, headers=auditor)).json()
    assert [e["result"] for e in logins["items"]] == ["success", "failure"]
    assert (await client.get(AUDIT, params={"nope": 1}, headers=auditor)).status_code == 422


async def test_no_entry_ever_holds_a_password_or_a_hash(client, auth, login, session, user_of):
    admin = await auth("admin")
    await login("city", "Secret-Wrong#1")
    created = await client.post(
        "/api/v1/system/users",
        json={
            "username": "audit_probe",
            "display_name": "审计探针",
            "password": "Probe#2026pass",
            "region_code": "411500",
            "role_codes": [],
        },
        headers=admin,
    )
    user_id = created.json()["id"]
    reset = await client.post(f"/api/v1/system/users/{user_id}/reset-password", headers=admin)
    temporary = reset.json()["temporary_password"]
    pair = (await login("audit_probe", temporary)).json()
    await client.post(
        "/api/v1/auth/password",
        json={"old_password": temporary, "new_password": "Probe#2026next"},
        headers={"Authorization": f"Bearer {pair['access_token']}"},
    )
    text = " ".join(f"{e.before} {e.after} {e.detail}" for e in (await session.scalars(select(AuditLog))).all())
    for secret in ("Secret-Wrong#1", "Probe#2026pass", temporary, "Probe#2026next", "$argon2", "Demo@2021pass"):
        assert secret not in text


async def test_every_administration_write_leaves_exactly_one_entry(client, auth, session, user_of):
    from gateway.iam.models import Unit

    admin, security = await auth("admin"), await auth("security")
    target = await user_of("xinxian")
    unit_id = await session.scalar(select(Unit.id).where(Unit.code == "411500-commerce"))
    user_url = f"/api/v1/system/users/{target.id}"
    writes = [
        (
            "user.create",
            admin,
            "POST",
            "/api/v1/system/users",
            {"username": "every_write", "display_name": "写入", "password": "Every#2026pass", "region_code": "411500"},
        ),
        ("user.update", admin, "PATCH", user_url, {"phone": "13900000000"}),
        ("user.disable", admin, "POST", f"{user_url}/disable", None),
        ("user.enable", admin, "POST", f"{user_url}/enable", None),
        ("user.unlock", admin, "POST", f"{user_url}/unlock", None),
        ("user.reset_password", admin, "POST", f"{user_url}/reset-password", None),
        ("user.assign_roles", security, "PUT", f"{user_url}/roles", {"role_codes": ["city_leader"]}),
        ("role.update", security, "PATCH", "/api/v1/system/roles/city_leader", {"data_scope": "REGION"}),
        (
            "unit.create",
            admin,
            "POST",
            "/api/v1/system/units",
            {"code": "411500-every", "name": "市每局", "kind": "市直部门", "region_code": "411500"},
        ),
        ("unit.update", admin, "PATCH", f"/api/v1/system/units/{unit_id}", {"name": "市商务局（改）"}),
        (
            "client.create",
            admin,
            "POST",
            "/api/v1/system/clients",
            {
                "client_id": "every",
                "name": "每系统",
                "permissions": ["open:enterprise:read"],
                "data_scope": "REGION",
                "region_code": "411500",
            },
        ),
        ("client.disable", admin, "POST", "/api/v1/system/clients/province/disable", None),
        ("client.enable", admin, "POST", "/api/v1/system/clients/province/enable", None),
    ]
    for action, headers, method, url, body in writes:
        if method in {"PATCH", "PUT"}:
            # PUT .../roles carries the ETag of the user it changes.
            record = url.removesuffix("/roles")
            headers = {**headers, "If-Match": (await client.get(record, headers=headers)).headers["ETag"]}
        resp = await client.request(method, url, json=body, headers=headers)
        assert 200 <= resp.status_code < 300, (action, resp.text)
        entries = (await session.scalars(select(AuditLog).where(AuditLog.action == action))).all()
        assert len(entries) == 1, action
        assert entries[0].result == "success" and entries[0].actor.startswith("user:")
