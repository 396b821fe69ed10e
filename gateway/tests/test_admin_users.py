"""User administration: list, create (idempotent), read and update with ETags, actions, audit, scope."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gateway.iam.models import IdempotencyRecord
from platform_core.permissions import ROLES_BY_CODE

USERS = "/api/v1/system/users"


def _new_user(**overrides):
    body = {
        "username": "gs_zhang",
        "display_name": "张伟",
        "password": "Guangshan#2026",
        "region_code": "411522",
        "phone": "13800000000",
    }
    body.update(overrides)
    return body


@pytest.fixture
async def admin(auth):
    return await auth("admin")


@pytest.fixture
async def security(auth):
    return await auth("security")


async def _create(client, headers, **overrides):
    resp = await client.post(USERS, json=_new_user(**overrides), headers=headers)
    assert resp.status_code == 201, resp.text
    return resp


async def test_list_users_pages_and_filters(client, admin):
    resp = await client.get(USERS, headers=admin)
    assert resp.status_code == 200
    body = resp.json()
    assert body["total"] == 12 and body["page"] == 1 and body["page_size"] == 20
    first = body["items"][0]
    assert "password_hash" not in first and "password" not in first
    assert {"id", "username", "roles", "region_name", "unit_name", "version", "is_locked"} <= set(first)

    by_region = (await client.get(USERS, params={"region_code": "411522"}, headers=admin)).json()
    assert {u["username"] for u in by_region["items"]} == {"guangshan", "enterprise"}
    by_role = (await client.get(USERS, params={"role_code": "county_officer"}, headers=admin)).json()
    assert {u["username"] for u in by_role["items"]} == {"guangshan", "xinxian"}
    by_keyword = (await client.get(USERS, params={"keyword": "unit_"}, headers=admin)).json()
    assert [u["username"] for u in by_keyword["items"]] == ["unit_zrzy"]
    sorted_desc = (await client.get(USERS, params={"sort": "-username", "page_size": 2}, headers=admin)).json()
    assert [u["username"] for u in sorted_desc["items"]] == ["xinxian", "unit_zrzy"]
    assert sorted_desc["total"] == 12


async def test_list_users_refuses_unknown_parameters_and_sorts(client, admin):
    assert (await client.get(USERS, params={"region": "x"}, headers=admin)).json()["code"] == "unknown_parameter"
    assert (await client.get(USERS, params={"sort": "password_hash"}, headers=admin)).status_code == 422
    assert (await client.get(USERS, params={"page_size": 101}, headers=admin)).status_code == 422


async def test_create_user_audits_without_secrets_and_forces_a_password_change(client, admin, login, audit_log):
    resp = await _create(client, admin)
    created = resp.json()
    assert resp.headers["ETag"] == '"1"'
    assert resp.headers["Location"] == f"{USERS}/{created['id']}"
    assert created["must_change_password"] is True
    assert created["roles"] == [] and created["is_officer"] is False
    assert created["region_name"] == "光山县"
    (entry,) = await audit_log("user.create", entity_id=str(created["id"]))
    assert entry.after["username"] == "gs_zhang" and entry.after["role_codes"] == []
    assert "password_hash" not in entry.after and "Guangshan#2026" not in str(entry.after)
    assert entry.region_code == "411522"
    signed_in = await login("gs_zhang", "Guangshan#2026")
    assert signed_in.status_code == 200 and signed_in.json()["must_change_password"] is True


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"username": "Bad Name"}, "username"),
        ({"password": "weakpass"}, "password"),
        ({"password": "Gs_zhang#2026"}, "password"),
        ({"region_code": "999999"}, "region_code"),
        ({"unit_id": 99999}, "unit_id"),
        ({"enterprise_uscc": "91411522MA45R7K377"}, "enterprise_uscc"),
        ({"nickname": "x"}, "nickname"),
    ],
)
async def test_create_user_validation_names_the_field(client, admin, overrides, field):
    resp = await client.post(USERS, json=_new_user(**overrides), headers=admin)
    assert resp.status_code == 422, resp.text
    assert field in {e["field"] for e in resp.json()["errors"]}


async def test_duplicate_username_is_409(client, admin):
    resp = await client.post(USERS, json=_new_user(username="guangshan"), headers=admin)
    assert resp.status_code == 409
    assert resp.json()["errors"][0]["field"] == "username"


async def test_create_is_idempotent_per_key(client, admin, audit_log, session):
    headers = {**admin, "Idempotency-Key": "create-gs-zhang-1"}
    first = await client.post(USERS, json=_new_user(), headers=headers)
    again = await client.post(USERS, json=_new_user(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["ETag"] == first.headers["ETag"]
    assert len(await audit_log("user.create")) == 1
    other_body = await client.post(USERS, json=_new_user(display_name="李四"), headers=headers)
    assert other_body.status_code == 422
    assert other_body.json()["code"] == "idempotency_key_reused"
    (record,) = (await session.scalars(select(IdempotencyRecord))).all()
    assert "Guangshan#2026" not in str(record.response_body) + str(record.response_headers)


async def test_get_user_has_an_etag_and_patch_needs_if_match(client, admin, audit_log):
    created = (await _create(client, admin)).json()
    url = f"{USERS}/{created['id']}"
    got = await client.get(url, headers=admin)
    assert got.status_code == 200 and got.headers["ETag"] == '"1"'

    missing = await client.patch(url, json={"display_name": "张伟伟"}, headers=admin)
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required"
    stale = await client.patch(url, json={"display_name": "张伟伟"}, headers={**admin, "If-Match": '"7"'})
    assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"

    ok = await client.patch(
        url,
        json={"display_name": "张伟伟", "region_code": "411523", "unit_id": None},
        headers={**admin, "If-Match": '"1"'},
    )
    assert ok.status_code == 200, ok.text
    assert ok.headers["ETag"] == '"2"'
    assert ok.json()["display_name"] == "张伟伟" and ok.json()["region_code"] == "411523"
    (entry,) = await audit_log("user.update", entity_id=str(created["id"]))
    assert entry.before["display_name"] == "张伟" and entry.after["display_name"] == "张伟伟"
    assert entry.before["region_code"] == "411522" and entry.after["region_code"] == "411523"
    again = await client.patch(url, json={"display_name": "王五"}, headers={**admin, "If-Match": '"1"'})
    assert again.status_code == 412


async def test_assigned_roles_take_effect_and_end_sign_ins(client, admin, security, login, audit_log):
    created = (await _create(client, admin)).json()
    pair = (await login("gs_zhang", "Guangshan#2026")).json()
    url = f"{USERS}/{created['id']}/roles"
    assert (await client.put(url, json={"role_codes": ["city_leader"]}, headers=security)).status_code == 428
    resp = await client.put(url, json={"role_codes": ["city_leader"]}, headers={**security, "If-Match": '"1"'})
    assert resp.status_code == 200, resp.text
    assert [r["code"] for r in resp.json()["roles"]] == ["city_leader"]
    assert resp.headers["ETag"] == '"2"'
    stale = await client.put(url, json={"role_codes": []}, headers={**security, "If-Match": '"1"'})
    assert stale.status_code == 412
    refreshed = await client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert refreshed.status_code == 401
    (entry,) = await audit_log("user.assign_roles", entity_id=str(created["id"]))
    assert entry.before["role_codes"] == [] and entry.after["role_codes"] == ["city_leader"]
    assert entry.actor_name == "安全管理员"


async def test_unknown_roles_are_422_naming_the_field(client, admin, security):
    created = (await _create(client, admin)).json()
    resp = await client.put(
        f"{USERS}/{created['id']}/roles", json={"role_codes": ["no_such_role"]}, headers={**security, "If-Match": '"1"'}
    )
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "role_codes"


async def test_the_system_admin_assigns_no_roles(client, admin):
    resp = await client.post(USERS, json=_new_user(role_codes=["county_officer"]), headers=admin)
    assert resp.status_code == 403, resp.text
    assert resp.json()["detail"] == "系统管理员不能分配角色（三员分立），角色由安全管理员分配"
    created = (await _create(client, admin)).json()
    patched = await client.patch(
        f"{USERS}/{created['id']}", json={"role_codes": ["city_leader"]}, headers={**admin, "If-Match": '"1"'}
    )
    assert patched.status_code == 403 and patched.json()["rule"] == "separation_of_duties"


async def test_patch_without_changes_keeps_the_version(client, admin):
    created = (await _create(client, admin)).json()
    url = f"{USERS}/{created['id']}"
    resp = await client.patch(url, json={"display_name": "张伟"}, headers={**admin, "If-Match": '"1"'})
    assert resp.status_code == 200 and resp.headers["ETag"] == '"1"'


async def test_disable_and_enable(client, admin, login, audit_log, user_of):
    user = await user_of("xinxian")
    pair = (await login("xinxian")).json()
    resp = await client.post(f"{USERS}/{user.id}/disable", headers=admin)
    assert resp.status_code == 200 and resp.json()["is_active"] is False
    assert (await login("xinxian")).status_code == 403
    assert (await client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})).status_code == 401
    resp = await client.post(f"{USERS}/{user.id}/enable", headers=admin)
    assert resp.status_code == 200 and resp.json()["is_active"] is True
    assert (await login("xinxian")).status_code == 200
    assert len(await audit_log("user.disable", entity_id=str(user.id))) == 1
    assert len(await audit_log("user.enable", entity_id=str(user.id))) == 1


async def test_reset_password_returns_a_one_time_password(client, admin, login, audit_log, user_of):
    user = await user_of("xinxian")
    pair = (await login("xinxian")).json()
    resp = await client.post(f"{USERS}/{user.id}/reset-password", headers=admin)
    assert resp.status_code == 200
    assert resp.headers["Cache-Control"] == "no-store"
    temporary = resp.json()["temporary_password"]
    assert resp.json()["must_change_password"] is True
    assert (await login("xinxian")).status_code == 401
    signed_in = await login("xinxian", temporary)
    assert signed_in.status_code == 200 and signed_in.json()["must_change_password"] is True
    assert (await client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})).status_code == 401
    (entry,) = await audit_log("user.reset_password", entity_id=str(user.id))
    assert temporary not in str(entry.after) + str(entry.detail)


async def test_unlock_lifts_a_lockout(client, admin, login, user_of):
    for _ in range(5):
        await login("leader", "Wrong@2021pass")
    assert (await login("leader")).status_code == 423
    user = await user_of("leader")
    listed = await client.get(f"{USERS}/{user.id}", headers=admin)
    assert listed.json()["is_locked"] is True
    resp = await client.post(f"{USERS}/{user.id}/unlock", headers=admin)
    assert resp.status_code == 200 and resp.json()["is_locked"] is False
    assert (await login("leader")).status_code == 200


async def test_unknown_user_is_404(client, admin):
    assert (await client.get(f"{USERS}/999999", headers=admin)).status_code == 404
    assert (await client.post(f"{USERS}/999999/disable", headers=admin)).status_code == 404


async def test_admin_cannot_disable_or_reset_themselves(client, admin, user_of):
    me = await user_of("admin")
    assert (await client.post(f"{USERS}/{me.id}/disable", headers=admin)).status_code == 403
    assert (await client.post(f"{USERS}/{me.id}/reset-password", headers=admin)).status_code == 403


# --- separation of duties -----------------------------------------------------------------------


async def test_admin_cannot_grant_themselves_the_audit_log(client, admin, security, user_of, audit_log):
    me = await user_of("admin")
    resp = await client.patch(
        f"{USERS}/{me.id}", json={"role_codes": ["system_admin", "auditor"]}, headers={**admin, "If-Match": '"1"'}
    )
    assert resp.status_code == 403
    me_only_auditor = await client.patch(
        f"{USERS}/{me.id}", json={"role_codes": ["auditor"]}, headers={**admin, "If-Match": '"1"'}
    )
    assert me_only_auditor.status_code == 403
    by_security = await client.put(
        f"{USERS}/{me.id}/roles",
        json={"role_codes": ["system_admin", "auditor"]},
        headers={**security, "If-Match": '"1"'},
    )
    assert by_security.status_code == 403
    assert await audit_log("user.update") == [] and await audit_log("user.assign_roles") == []


@pytest.mark.parametrize(
    "roles", [["system_admin", "auditor"], ["security_admin", "auditor"], ["system_admin", "security_admin"]]
)
async def test_conflicting_duties_cannot_be_combined_on_anyone(client, admin, security, user_of, roles):
    target = await user_of("city")
    resp = await client.patch(f"{USERS}/{target.id}", json={"role_codes": roles}, headers={**admin, "If-Match": '"1"'})
    assert resp.status_code == 403
    assigned = await client.put(
        f"{USERS}/{target.id}/roles", json={"role_codes": roles}, headers={**security, "If-Match": '"1"'}
    )
    assert assigned.status_code == 403 and assigned.json()["rule"] == "separation_of_duties"
    created = await client.post(USERS, json=_new_user(role_codes=roles), headers=admin)
    assert created.status_code == 403


async def test_auditors_are_appointed_only_on_the_command_line(client, admin, security, user_of):
    resp = await client.post(
        USERS, json=_new_user(username="audit2", role_codes=["auditor"], region_code="411500"), headers=admin
    )
    assert resp.status_code == 403
    target = await user_of("city")
    assigned = await client.put(
        f"{USERS}/{target.id}/roles", json={"role_codes": ["auditor"]}, headers={**security, "If-Match": '"1"'}
    )
    assert assigned.status_code == 403
    assert "服务器命令行" in assigned.json()["detail"]


async def test_auditor_role_holds_only_the_audit_permissions():
    assert ROLES_BY_CODE["auditor"].permissions == ("audit:log:list", "audit:signin:list")


# --- data scope ---------------------------------------------------------------------------------


@pytest.fixture
def county_admin(signer, user_of):
    """A system administrator whose role was narrowed to 光山县 (REGION_AND_BELOW)."""

    async def make():
        me = await user_of("admin")
        token, _ = signer.access_token(
            subject=f"user:{me.id}",
            kind="user",
            name="光山县管理员",
            roles=["system_admin"],
            permissions=list(ROLES_BY_CODE["system_admin"].permissions),
            data_scopes=["REGION_AND_BELOW"],
            region_code="411522",
            region_path="/410000/411500/411522/",
        )
        return {"Authorization": f"Bearer {token}"}

    return make


async def test_scoped_admin_sees_and_writes_only_their_region(client, county_admin, user_of):
    headers = await county_admin()
    listed = (await client.get(USERS, headers=headers)).json()
    assert {u["username"] for u in listed["items"]} == {"guangshan", "enterprise"}
    city = await user_of("city")
    assert (await client.get(f"{USERS}/{city.id}", headers=headers)).status_code == 404
    assert (await client.post(f"{USERS}/{city.id}/disable", headers=headers)).status_code == 404
    outside = await client.post(USERS, json=_new_user(region_code="411523"), headers=headers)
    assert outside.status_code == 403 and outside.json()["code"] == "out_of_scope"
    inside = await client.post(USERS, json=_new_user(), headers=headers)
    assert inside.status_code == 201
    moved = await client.patch(
        f"{USERS}/{inside.json()['id']}", json={"region_code": "411500"}, headers={**headers, "If-Match": '"1"'}
    )
    assert moved.status_code == 403


async def test_a_concurrent_writer_loses_at_commit_with_412(session, user_of):
    from sqlalchemy import update

    from gateway.admin import service
    from gateway.iam.models import User
    from platform_core.problems import ProblemError

    user = await user_of("xinxian")
    # Another transaction moved the row on after this one read it (and checked If-Match).
    await session.execute(
        update(User)
        .where(User.id == user.id)
        .values(version=User.version + 1)
        .execution_options(synchronize_session=False)
    )
    user.display_name = "刘芳芳"
    user.version += 1
    with pytest.raises(ProblemError) as refused:
        await service.commit(session)
    assert refused.value.status == 412
