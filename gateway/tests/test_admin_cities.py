"""Several cities on one installation: administration scoped like data, the 省商务厅 roles, and what only the province
changes.

A city's three officers (placed at 411500) manage the users, units, sessions, sign-ins and audit entries of 信阳
alone: another city's records read as missing (404), a write into another city is 403 naming the field. Role
definitions, 系统参数, 业务字典 labels, machine clients and the jobs console are one for the installation: a city
administrator reads them, only a province administrator (the demo officers, placed at 410000) changes them.
"""

from __future__ import annotations

import httpx
import pytest
from conftest import build_app
from sqlalchemy import select

from gateway.enumerations import router as enumerations_router
from gateway.iam.dependencies import audit_trail, get_clock
from gateway.iam.models import Parameter, Unit, User, UserRole
from gateway.iam.parameters import gateway_parameters
from gateway.jobs.router import router as jobs_router
from platform_core.parameters import ParameterStore, parameter_router
from platform_core.permissions import PROVINCE_LIST_PERMISSIONS, ROLES_BY_CODE
from platform_core.testing import bind_session

USERS = "/api/v1/system/users"
UNITS = "/api/v1/system/units"
PARAMS = "/api/v1/parameters/gateway"
ENUMS = "/api/v1/enumerations"
#: Verbs of the catalogue that change business records.
WRITE_VERBS = (
    "manage",
    "create",
    "update",
    "delete",
    "import",
    "accept",
    "assign",
    "handle",
    "review",
    "decide",
    "rate",
    "close",
    "issue",
    "reply",
    "upload",
    "edit",
    "pii",
)


@pytest.fixture
async def city_officers(session) -> dict[str, str]:
    """信阳's own three officers (login name by role), placed at 411500 in 信阳市商务局."""
    unit_id = await session.scalar(select(Unit.id).where(Unit.code == "411500-commerce"))
    names = {"system_admin": "xy_admin", "security_admin": "xy_security", "auditor": "xy_auditor"}
    for role, username in names.items():
        user = User(
            username=username,
            display_name=f"信阳{role}",
            password_hash="-",
            region_code="411500",
            unit_id=unit_id,
            is_active=True,
            failed_login_count=0,
            must_change_password=False,
        )
        session.add(user)
        await session.flush()
        session.add(UserRole(user_id=user.id, role_code=role))
    await session.flush()
    return names


@pytest.fixture
async def wide_client(settings, database, signer, clock, session):
    """The identity routers with the dictionary, the gateway's parameters and the jobs console."""
    app = build_app(
        settings,
        database,
        signer,
        extra_routers=(
            enumerations_router,
            parameter_router(PARAMS, app="gateway", audit=audit_trail),
            jobs_router,
        ),
    )
    app.state.parameters = ParameterStore(Parameter, gateway_parameters(settings), database)
    app.dependency_overrides[get_clock] = lambda: clock
    bind_session(app, session)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway") as c:
        yield c


def refused(resp: httpx.Response, field: str, code: str = "out_of_scope") -> None:
    """A 403 problem naming the field."""
    assert resp.status_code == 403, resp.text
    body = resp.json()
    assert body["code"] == code
    assert [e["field"] for e in body["errors"]] == [field]


async def unit_id(session, code: str) -> int:
    found = await session.scalar(select(Unit.id).where(Unit.code == code))
    assert found is not None, code
    return found


# --- the 省商务厅 roles -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["province_leader", "province_officer"])
def test_the_province_roles_read_what_the_city_leader_reads_and_change_no_business_record(role):
    spec = ROLES_BY_CODE[role]
    assert spec.data_scope == "REGION_AND_BELOW"
    granted = set(spec.permissions)
    leader_reads = {p for p in ROLES_BY_CODE["city_leader"].permissions if p.rsplit(":", 1)[1] not in WRITE_VERBS}
    assert leader_reads <= granted
    writes = {p for p in granted if p.rsplit(":", 1)[1] in WRITE_VERBS}
    assert writes == (set(PROVINCE_LIST_PERMISSIONS) if role == "province_officer" else set())
    assert set(PROVINCE_LIST_PERMISSIONS) == {
        "case:category:manage",
        "investment:dictionary:manage",
        "investment:round:manage",
    }
    assert not any(p.startswith(("system:", "audit:", "open:")) for p in granted)


@pytest.mark.parametrize("username", ["henan", "nanyang"])
async def test_the_province_and_nanyang_demo_accounts_sign_in(login, username):
    resp = await login(username)
    assert resp.status_code == 200, resp.text
    assert resp.json()["access_token"]


async def test_a_province_user_reads_every_city(client, auth):
    headers = await auth("henan")
    for root, name in (("411500", "信阳市"), ("411300", "南阳市"), ("411522", "光山县")):
        resp = await client.get("/api/v1/regions/tree", params={"root": root}, headers=headers)
        assert resp.status_code == 200, root
        assert resp.json()[0]["name"] == name
    # The province's administrators see the users of every city.
    usernames = {
        u["username"]
        for u in (await client.get(USERS, params={"page_size": 100}, headers=await auth("admin"))).json()["items"]
    }
    assert {"leader", "guangshan", "nanyang", "henan"} <= usernames


# --- users and units of another city ----------------------------------------------------------------------------


async def test_a_city_admin_lists_and_reads_only_its_own_city(client, auth, user_of, session, city_officers):
    headers = await auth(city_officers["system_admin"])
    listed = (await client.get(USERS, params={"page_size": 100}, headers=headers)).json()
    usernames = {u["username"] for u in listed["items"]}
    assert {"leader", "city", "guangshan", "xy_admin"} <= usernames
    assert not usernames & {"nanyang", "henan", "admin"}
    assert {u["region_code"][:4] for u in listed["items"]} == {"4115"}
    nanyang = await user_of("nanyang")
    assert (await client.get(f"{USERS}/{nanyang.id}", headers=headers)).status_code == 404
    units = (await client.get(UNITS, params={"page_size": 100}, headers=headers)).json()["items"]
    assert {u["region_code"][:4] for u in units} == {"4115"}
    assert "信阳市商务局" in {u["name"] for u in units}
    nanyang_unit = await unit_id(session, "411300-commerce")
    assert (await client.get(f"{UNITS}/{nanyang_unit}", headers=headers)).status_code == 404


async def test_a_city_admin_cannot_change_another_citys_user_or_unit(client, auth, user_of, session, city_officers):
    headers = await auth(city_officers["system_admin"])
    nanyang = await user_of("nanyang")
    patch = await client.patch(
        f"{USERS}/{nanyang.id}", json={"display_name": "改"}, headers={**headers, "If-Match": f'"{nanyang.version}"'}
    )
    assert patch.status_code == 404
    assert (await client.post(f"{USERS}/{nanyang.id}/disable", headers=headers)).status_code == 404
    body = {"username": "ny_zhang", "display_name": "张三", "password": "Nanyang#2026a", "region_code": "411300"}
    refused(await client.post(USERS, json=body, headers=headers), "region_code")
    elsewhere = await unit_id(session, "411300-commerce")
    refused(
        await client.post(USERS, json={**body, "region_code": "411522", "unit_id": elsewhere}, headers=headers),
        "unit_id",
    )
    guangshan = await user_of("guangshan")
    refused(
        await client.patch(
            f"{USERS}/{guangshan.id}",
            json={"region_code": "411321"},
            headers={**headers, "If-Match": f'"{guangshan.version}"'},
        ),
        "region_code",
    )
    unit = {"code": "411300-housing", "name": "南阳市住房和城乡建设局", "kind": "市直部门", "region_code": "411300"}
    refused(await client.post(UNITS, json=unit, headers=headers), "region_code")
    nanyang_unit = await unit_id(session, "411300-natural-resources")
    resp = await client.patch(f"{UNITS}/{nanyang_unit}", json={"name": "改"}, headers={**headers, "If-Match": '"1"'})
    assert resp.status_code == 404
    # Its own city stays its to manage.
    own = await client.post(USERS, json={**body, "region_code": "411522"}, headers=headers)
    assert own.status_code == 201, own.text


async def test_a_city_security_admin_assigns_roles_in_its_city_only(client, auth, user_of, city_officers):
    headers = await auth(city_officers["security_admin"])
    xinxian = await user_of("xinxian")
    resp = await client.put(
        f"{USERS}/{xinxian.id}/roles",
        json={"role_codes": ["county_officer", "quality_reviewer"]},
        headers={**headers, "If-Match": f'"{xinxian.version}"'},
    )
    assert resp.status_code == 200, resp.text
    nanyang = await user_of("nanyang")
    resp = await client.put(
        f"{USERS}/{nanyang.id}/roles",
        json={"role_codes": ["city_leader"]},
        headers={**headers, "If-Match": f'"{nanyang.version}"'},
    )
    assert resp.status_code == 404


# --- what is one for the whole installation ---------------------------------------------------------------------


async def test_only_a_province_security_admin_changes_a_role_definition(client, auth, city_officers):
    role = (await client.get("/api/v1/system/roles/city_leader", headers=await auth("security"))).json()
    change = {"permissions": [*role["permissions"], "case:policy:manage"]}
    match = {"If-Match": f'"{role["version"]}"'}
    city = await auth(city_officers["security_admin"])
    assert (await client.get("/api/v1/system/roles", headers=city)).status_code == 200
    refused(
        await client.patch("/api/v1/system/roles/city_leader", json=change, headers={**city, **match}),
        "permissions",
        "province_only",
    )
    refused(
        await client.patch("/api/v1/system/roles/city_leader", json={"name": "市领导"}, headers={**city, **match}),
        "name",
        "province_only",
    )
    province = await auth("security")
    resp = await client.patch("/api/v1/system/roles/city_leader", json=change, headers={**province, **match})
    assert resp.status_code == 200, resp.text


async def test_only_a_province_admin_changes_parameters_and_dictionary_labels(wide_client, auth, city_officers):
    city = await auth(city_officers["system_admin"])
    listed = await wide_client.get(PARAMS, headers=city)
    assert listed.status_code == 200
    version = next(p for p in listed.json() if p["key"] == "lockout_minutes")["version"]
    put = {"value": 20}
    match = {"If-Match": f'"{version}"'}
    refused(
        await wide_client.put(f"{PARAMS}/lockout_minutes", json=put, headers={**city, **match}), "key", "province_only"
    )
    province = await auth("admin")
    resp = await wide_client.put(f"{PARAMS}/lockout_minutes", json=put, headers={**province, **match})
    assert resp.status_code == 200, resp.text

    item = {"label": "政务服务热线", "sort_order": 5, "colour": "#1f6feb", "enabled": True}
    url = f"{ENUMS}/case_source/hotline"
    refused(await wide_client.put(url, json=item, headers={**city, "If-Match": '"0"'}), "label", "province_only")
    resp = await wide_client.put(url, json=item, headers={**province, "If-Match": '"0"'})
    assert resp.status_code == 200, resp.text


async def test_only_a_province_admin_registers_or_switches_machine_clients(client, auth, city_officers):
    city = await auth(city_officers["system_admin"])
    listed = await client.get("/api/v1/system/clients", headers=city)
    assert listed.status_code == 200 and listed.json()["total"] >= 1
    body = {
        "client_id": "xy-stats",
        "name": "信阳统计平台",
        "permissions": ["open:enterprise:read"],
        "data_scope": "REGION_AND_BELOW",
        "region_code": "411500",
    }
    refused(await client.post("/api/v1/system/clients", json=body, headers=city), "client_id", "province_only")
    refused(await client.post("/api/v1/system/clients/province/disable", headers=city), "client_id", "province_only")
    resp = await client.post("/api/v1/system/clients", json=body, headers=await auth("admin"))
    assert resp.status_code == 201, resp.text


async def test_only_a_province_admin_steers_the_jobs(wide_client, auth, city_officers):
    city = await auth(city_officers["system_admin"])
    resp = await wide_client.post("/api/v1/system/jobs/gateway/retention/pause", headers=city)
    refused(resp, "action", "province_only")


# --- sessions, sign-ins and the audit log of the city ------------------------------------------------------------


async def test_a_city_security_admin_sees_and_ends_only_its_citys_sessions(client, auth, login, city_officers):
    assert (await login("guangshan")).status_code == 200
    assert (await login("nanyang")).status_code == 200
    city = await auth(city_officers["security_admin"])
    listed = (await client.get("/api/v1/system/sessions", params={"page_size": 100}, headers=city)).json()["items"]
    assert "guangshan" in {s["username"] for s in listed}
    assert "nanyang" not in {s["username"] for s in listed}
    province = (
        await client.get("/api/v1/system/sessions", params={"page_size": 100}, headers=await auth("security"))
    ).json()["items"]
    elsewhere = next(s for s in province if s["username"] == "nanyang")
    resp = await client.post(f"/api/v1/system/sessions/{elsewhere['id']}/revoke", headers=city)
    assert resp.status_code == 404
    own = next(s for s in listed if s["username"] == "guangshan")
    assert (await client.post(f"/api/v1/system/sessions/{own['id']}/revoke", headers=city)).status_code == 204


async def test_a_city_auditor_reads_its_citys_sign_ins_and_audit_entries(
    client, auth, login, user_of, city_officers, session
):
    await login("guangshan")
    await login("nanyang")
    await login("no_such_person")
    city = await auth(city_officers["auditor"])
    signins = (await client.get("/api/v1/audit/sign-ins", params={"page_size": 100}, headers=city)).json()["items"]
    assert "guangshan" in {s["username"] for s in signins}
    assert not {s["username"] for s in signins} & {"nanyang", "no_such_person"}
    everything = (
        await client.get("/api/v1/audit/sign-ins", params={"page_size": 100}, headers=await auth("auditor"))
    ).json()["items"]
    assert {"guangshan", "nanyang", "no_such_person"} <= {s["username"] for s in everything}

    # One change in each city, by each city's administrators; the city's auditor reads its own.
    xinxian, nanyang = await user_of("xinxian"), await user_of("nanyang")
    admin = await auth(city_officers["system_admin"])
    assert (await client.post(f"{USERS}/{xinxian.id}/unlock", headers=admin)).status_code == 200
    assert (await client.post(f"{USERS}/{nanyang.id}/unlock", headers=await auth("admin"))).status_code == 200
    # A global change by the province (no region on the entry).
    role = (await client.get("/api/v1/system/roles/city_leader", headers=await auth("security"))).json()
    resp = await client.patch(
        "/api/v1/system/roles/city_leader",
        json={"name": "市局领导（改）"},
        headers={**await auth("security"), "If-Match": f'"{role["version"]}"'},
    )
    assert resp.status_code == 200
    logs = "/internal/v1/audit/logs"
    seen = (await client.get(logs, params={"action": "user.unlock", "page_size": 100}, headers=city)).json()["items"]
    assert {e["entity_id"] for e in seen} == {str(xinxian.id)}
    assert (await client.get(logs, params={"action": "role.update"}, headers=city)).json()["total"] == 0
    wide = await auth("auditor")
    seen = (await client.get(logs, params={"action": "user.unlock", "page_size": 100}, headers=wide)).json()["items"]
    assert {str(xinxian.id), str(nanyang.id)} <= {e["entity_id"] for e in seen}
    assert (await client.get(logs, params={"action": "role.update"}, headers=wide)).json()["total"] >= 1


async def test_entries_without_a_region_by_a_citys_own_users_stay_visible_to_its_auditor(
    client, auth, city_officers, session, user_of
):
    """A gateway entry with no region (a sign-out, say) is the city's when its own user wrote it."""
    actor = await user_of(city_officers["system_admin"])
    stranger = await user_of("nanyang")
    for who in (actor, stranger):
        session.add(
            audit_trail.model(actor=f"user:{who.id}", action="auth.logout", entity_type="user", entity_id=str(who.id))
        )
    await session.flush()
    city = await auth(city_officers["auditor"])
    seen = (await client.get("/internal/v1/audit/logs", params={"action": "auth.logout"}, headers=city)).json()
    assert [e["entity_id"] for e in seen["items"]] == [str(actor.id)]
