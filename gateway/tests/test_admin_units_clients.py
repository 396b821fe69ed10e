"""Units, the read-only region tree and machine clients (secret shown once)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gateway.iam.models import IdempotencyRecord, MachineClient

UNITS = "/api/v1/system/units"
DIRECTORY = "/api/v1/units"
PEOPLE = "/api/v1/people"
CLIENTS = "/api/v1/system/clients"


@pytest.fixture
async def admin(auth):
    return await auth("admin")


async def test_units_list_and_filters(client, admin):
    body = (await client.get(UNITS, params={"page_size": 100}, headers=admin)).json()
    # Every configured city's departments and county bureaus (信阳, 南阳) and the province's 商务厅.
    # 信阳: 5 departments + 11 bureaus (8 counties, 2 districts, 高新区); 南阳: 5 + 15 (13 counties and districts,
    # 高新区, 城乡一体化示范区); the province's 商务厅.
    assert body["total"] == 37
    bureaus = (await client.get(UNITS, params={"kind": "县区商务局", "page_size": 100}, headers=admin)).json()
    assert {u["region_name"] for u in bureaus["items"]} >= {"光山县", "新县", "息县"}
    found = (await client.get(UNITS, params={"keyword": "自然资源"}, headers=admin)).json()
    assert [u["name"] for u in found["items"]] == ["南阳市自然资源和规划局", "信阳市自然资源和规划局"]
    assert (await client.get(UNITS, params={"bogus": 1}, headers=admin)).status_code == 422


async def test_the_unit_directory_serves_those_who_assign_within_their_scope(client, admin, auth):
    city = await auth("city")
    every = (await client.get(DIRECTORY, params={"page_size": 100}, headers=city)).json()
    assert every["total"] == 16 and set(every["items"][0]) == {"id", "name", "kind", "region_code", "region_name"}
    # a county officer: the county's units and the city departments above it, not another county's
    county = (await client.get(DIRECTORY, params={"page_size": 100}, headers=await auth("guangshan"))).json()
    assert {u["region_name"] for u in county["items"]} == {"光山县", "信阳市"}
    assert "信阳市自然资源和规划局" in {u["name"] for u in county["items"]} and county["total"] < every["total"]
    found = (await client.get(DIRECTORY, params={"keyword": "自然资源"}, headers=city)).json()["items"]
    assert [u["name"] for u in found] == ["信阳市自然资源和规划局"]
    # a disabled unit takes no new cases: it leaves the directory
    url = f"{UNITS}/{found[0]['id']}"
    assert (await client.patch(url, json={"is_active": False}, headers={**admin, "If-Match": '"1"'})).status_code == 200
    assert (await client.get(DIRECTORY, params={"keyword": "自然资源"}, headers=city)).json()["total"] == 0
    assert (await client.get(DIRECTORY, params={"bogus": 1}, headers=city)).status_code == 422
    assert (await client.get(DIRECTORY, params={"region_code": "41"}, headers=city)).status_code == 422
    for account in ("unit_zrzy", "enterprise", "auditor"):
        refused = await client.get(DIRECTORY, headers=await auth(account))
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden"


async def test_the_directory_answers_which_of_some_ids_a_caller_may_pick(client, auth):
    """Services check units named in a request this way, with the caller's own token."""
    city = await auth("city")
    every = (await client.get(DIRECTORY, params={"page_size": 100}, headers=city)).json()["items"]
    xinxian = next(u["id"] for u in every if u["region_name"] == "新县")
    city_unit = next(u["id"] for u in every if u["region_name"] == "信阳市")
    asked = {"ids": [xinxian, city_unit, 999_999], "page_size": 3}
    seen = (await client.get(DIRECTORY, params=asked, headers=city)).json()["items"]
    assert sorted(u["id"] for u in seen) == sorted([xinxian, city_unit])
    county = (await client.get(DIRECTORY, params=asked, headers=await auth("guangshan"))).json()["items"]
    assert [u["id"] for u in county] == [city_unit]
    too_many = await client.get(DIRECTORY, params={"ids": list(range(1, 52))}, headers=city)
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["field"] == "ids"


async def test_the_people_directory_offers_staff_accounts_to_pair(client, admin, auth):
    """包联人 are chosen from accounts: staff in the caller's scope and the regions above, no enterprise users."""
    city = (await client.get(PEOPLE, params={"page_size": 100}, headers=await auth("city"))).json()
    names = {p["name"]: p for p in city["items"]}
    assert set(city["items"][0]) == {"id", "name", "unit_id", "unit_name", "region_code", "region_name"}
    assert "光山县大别山茶业有限公司" not in {p["unit_name"] for p in city["items"]}
    enterprise = (await client.get("/api/v1/system/users", params={"keyword": "enterprise"}, headers=admin)).json()
    assert enterprise["items"] and enterprise["items"][0]["id"] not in {p["id"] for p in city["items"]}
    county = (await client.get(PEOPLE, params={"page_size": 100}, headers=await auth("guangshan"))).json()["items"]
    assert {p["region_code"] for p in county} == {"411500", "411522"}
    assert len(county) < len(names)
    one = next(p for p in county if p["region_code"] == "411522")
    found = (await client.get(PEOPLE, params={"keyword": one["name"][:2]}, headers=await auth("guangshan"))).json()
    assert one["id"] in {p["id"] for p in found["items"]}
    picked = (await client.get(PEOPLE, params={"ids": [one["id"]]}, headers=await auth("guangshan"))).json()["items"]
    assert [p["id"] for p in picked] == [one["id"]]
    for account in ("unit_zrzy", "enterprise", "auditor", "leader"):
        assert (await client.get(PEOPLE, headers=await auth(account))).status_code == 403


async def test_create_and_update_a_unit(client, admin, audit_log):
    body = {"code": "411500-housing", "name": "市住房和城乡建设局", "kind": "市直部门", "region_code": "411500"}
    headers = {**admin, "Idempotency-Key": "unit-housing"}
    created = await client.post(UNITS, json=body, headers=headers)
    assert created.status_code == 201, created.text
    replay = await client.post(UNITS, json=body, headers=headers)
    assert replay.json() == created.json() and replay.headers["Idempotent-Replayed"] == "true"
    assert (await client.post(UNITS, json={**body, "name": "别的"}, headers=headers)).status_code == 422
    assert (await client.post(UNITS, json=body, headers=admin)).status_code == 409

    url = f"{UNITS}/{created.json()['id']}"
    assert (await client.get(url, headers=admin)).headers["ETag"] == '"1"'
    assert (await client.patch(url, json={"name": "市住建局"}, headers=admin)).status_code == 428
    assert (await client.patch(url, json={"name": "市住建局"}, headers={**admin, "If-Match": '"0"'})).status_code == 412
    resp = await client.patch(url, json={"name": "市住建局", "is_active": False}, headers={**admin, "If-Match": '"1"'})
    assert resp.status_code == 200 and resp.headers["ETag"] == '"2"'
    assert resp.json()["name"] == "市住建局" and resp.json()["is_active"] is False
    assert len(await audit_log("unit.create")) == 1
    (entry,) = await audit_log("unit.update")
    assert entry.before["name"] == "市住房和城乡建设局" and entry.after["name"] == "市住建局"


async def test_users_cannot_join_a_disabled_unit(client, admin, session):
    units = (await client.get(UNITS, params={"keyword": "生态环境"}, headers=admin)).json()["items"]
    unit = units[0]
    await client.patch(f"{UNITS}/{unit['id']}", json={"is_active": False}, headers={**admin, "If-Match": '"1"'})
    resp = await client.post(
        "/api/v1/system/users",
        json={
            "username": "hb_li",
            "display_name": "李",
            "password": "Huanbao#2026",
            "region_code": "411500",
            "unit_id": unit["id"],
        },
        headers=admin,
    )
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "unit_id"


async def test_unit_in_an_unknown_region_is_422(client, admin):
    resp = await client.post(
        UNITS, json={"code": "x-1", "name": "某局", "kind": "市直部门", "region_code": "123456"}, headers=admin
    )
    assert resp.status_code == 422


async def test_system_region_tree_is_the_whole_province(client, admin):
    resp = await client.get("/api/v1/system/regions", headers=admin)
    assert resp.status_code == 200
    (henan,) = resp.json()
    assert henan["code"] == "410000" and henan["level"] == 1
    xinyang = next(c for c in henan["children"] if c["code"] == "411500")
    assert {"411522", "411523"} <= {c["code"] for c in xinyang["children"]}
    one = (await client.get("/api/v1/system/regions", params={"root": "411522"}, headers=admin)).json()
    assert one[0]["name"] == "光山县"
    assert (await client.get("/api/v1/system/regions", params={"root": "000000"}, headers=admin)).status_code == 404


async def test_regions_are_read_only(client, admin):
    assert (await client.post("/api/v1/system/regions", json={}, headers=admin)).status_code == 405


async def test_create_client_shows_the_secret_once_and_stores_a_hash(client, admin, session, audit_log):
    body = {
        "client_id": "province-stats",
        "name": "省商务厅统计平台",
        "permissions": ["open:enterprise:read"],
        "data_scope": "REGION_AND_BELOW",
        "region_code": "411500",
    }
    headers = {**admin, "Idempotency-Key": "client-1"}
    resp = await client.post(CLIENTS, json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    assert resp.headers["Cache-Control"] == "no-store"
    secret = resp.json()["client_secret"]
    assert secret and len(secret) >= 32
    row = await session.scalar(select(MachineClient).where(MachineClient.client_id == "province-stats"))
    assert secret not in row.secret_hash and row.secret_hash.startswith("$argon2id$")
    replay = await client.post(CLIENTS, json=body, headers=headers)
    assert replay.status_code == 201 and replay.json()["client_secret"] is None
    records = (await session.scalars(select(IdempotencyRecord))).all()
    assert all(secret not in str(r.response_body) for r in records)
    (entry,) = await audit_log("client.create")
    assert secret not in str(entry.after) and "secret_hash" not in entry.after

    listed = (await client.get(CLIENTS, headers=admin)).json()
    assert {c["client_id"] for c in listed["items"]} == {"province", "province-stats"}
    assert all("client_secret" not in c and "secret_hash" not in c for c in listed["items"])
    # The administrator reads the permissions by name.
    [stats] = [c for c in listed["items"] if c["client_id"] == "province-stats"]
    assert stats["permission_names"] == ["同步企业数据（只读）"]

    token = await client.post(
        "/open/v1/token",
        data={"grant_type": "client_credentials", "client_id": "province-stats", "client_secret": secret},
    )
    assert token.status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"permissions": ["enterprise:enterprise:update"]}, "permissions"),
        ({"permissions": ["system:user:list"]}, "permissions"),
        ({"data_scope": "SELF"}, "data_scope"),
        ({"region_code": "999999"}, "region_code"),
        ({"client_id": "Bad Id"}, "client_id"),
    ],
)
async def test_clients_are_read_only_and_regional(client, admin, overrides, field):
    body = {
        "client_id": "c-x",
        "name": "某系统",
        "permissions": ["open:enterprise:read"],
        "data_scope": "REGION",
        "region_code": "411500",
        **overrides,
    }
    resp = await client.post(CLIENTS, json=body, headers=admin)
    assert resp.status_code == 422, resp.text
    assert field in {e["field"] for e in resp.json()["errors"]}


async def test_disable_client_stops_new_tokens(client, admin, audit_log):
    resp = await client.post(f"{CLIENTS}/province/disable", headers=admin)
    assert resp.status_code == 200 and resp.json()["is_active"] is False
    token = await client.post(
        "/open/v1/token",
        data={"grant_type": "client_credentials", "client_id": "province", "client_secret": "Demo@2021secret"},
    )
    assert token.status_code == 403
    assert len(await audit_log("client.disable", entity_id="province")) == 1
    assert (await client.post(f"{CLIENTS}/province/enable", headers=admin)).json()["is_active"] is True
    assert (await client.post(f"{CLIENTS}/nobody/disable", headers=admin)).status_code == 404
