"""Foreign-invested enterprises (white list, officers, visits) and actual foreign capital in two calibers."""

from __future__ import annotations

from datetime import date

from conftest import GUANGSHAN, XINXIAN, etag, uscc
from sqlalchemy import select

from investment_service.core import AuditLog


def enterprise_body(**overrides):
    body = {
        "uscc": uscc(GUANGSHAN),
        "name": "光山某某电子（香港）有限公司",
        "investor_country_region": "香港",
        "region_code": GUANGSHAN,
        "established_on": "2021-03-18",
        "registered_capital_wan_usd": "500",
    }
    return {**body, **overrides}


async def test_register_white_list_and_visit(client, actors, session):
    created = await client.post("/api/v1/foreign-enterprises", json=enterprise_body(), headers=actors["guangshan"])
    assert created.status_code == 201, created.text
    ent = created.json()
    assert ent["registered_capital_wan_usd"] == "500.00" and ent["visit_count"] == 0
    url = f"/api/v1/foreign-enterprises/{ent['id']}"
    change = {"is_white_listed": True, "white_listed_on": "2021-06-18", "chief_service_officer": "李海燕"}
    updated = await client.patch(url, json=change, headers={**actors["guangshan"], **etag(created)})
    assert updated.status_code == 200 and updated.json()["is_white_listed"] is True
    visit = {"visited_on": "2021-07-02", "visitors": ["李海燕", " 王建国 "], "notes": "协调外籍技术人员签证"}
    resp = await client.post(f"{url}/visits", json=visit, headers=actors["guangshan"])
    assert resp.status_code == 201
    assert resp.json()["campaign"] == "千家外企大走访" and resp.json()["visitors"] == ["李海燕", "王建国"]
    detail = (await client.get(url, headers=actors["city_leader"])).json()
    assert (detail["visit_count"], detail["last_visited_on"]) == (1, "2021-07-02")
    white = (await client.get("/api/v1/foreign-enterprises?white_listed=true", headers=actors["city_leader"])).json()
    assert white["total"] == 1
    actions = set((await session.scalars(select(AuditLog.action))).all())
    assert {"foreign_enterprise.create", "foreign_enterprise.update", "foreign_enterprise.visit"} <= actions


async def test_credit_codes_are_checked_and_unique(client, actors):
    bad = await client.post(
        "/api/v1/foreign-enterprises", json=enterprise_body(uscc="91411522MA47K2P10X"), headers=actors["guangshan"]
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "uscc"
    ok = await client.post("/api/v1/foreign-enterprises", json=enterprise_body(), headers=actors["guangshan"])
    assert ok.status_code == 201
    dup = await client.post("/api/v1/foreign-enterprises", json=enterprise_body(), headers=actors["city_officer"])
    assert dup.status_code == 409 and dup.json()["errors"][0]["field"] == "uscc"
    future = await client.post(
        "/api/v1/foreign-enterprises",
        json=enterprise_body(uscc=uscc(GUANGSHAN, "MA47K2P11"), established_on="2999-01-01"),
        headers=actors["guangshan"],
    )
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "established_on"


async def test_new_enterprises_by_the_period_they_were_set_up(client, actors, build):
    await build.foreign_enterprise(GUANGSHAN, date(2021, 1, 1))
    await build.foreign_enterprise(GUANGSHAN, date(2020, 12, 31))
    await build.foreign_enterprise(XINXIAN, date(2021, 5, 1))
    city = await client.get("/api/v1/foreign-enterprises?established_in=2021", headers=actors["city_leader"])
    assert city.json()["total"] == 2
    county = await client.get("/api/v1/foreign-enterprises?established_in=2021", headers=actors["guangshan"])
    assert county.json()["total"] == 1
    bad = await client.get("/api/v1/foreign-enterprises?established_in=soon", headers=actors["guangshan"])
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "established_in"


async def test_delete_and_sync_tombstone(client, actors):
    created = await client.post("/api/v1/foreign-enterprises", json=enterprise_body(), headers=actors["guangshan"])
    url = f"/api/v1/foreign-enterprises/{created.json()['id']}"
    assert (await client.delete(url, headers={**actors["guangshan"], **etag(created)})).status_code == 204
    items = (await client.get("/open/v1/foreign-enterprises", headers=actors["province"])).json()["items"]
    assert [(i["uscc"], i["deleted"]) for i in items] == [(created.json()["uscc"], True)]


async def test_capital_figures_and_their_corrections(client, actors, session):
    body = {"month": "2021-06", "caliber": "local", "amount_wan_usd": "5500", "region_code": GUANGSHAN}
    created = await client.post("/api/v1/foreign-capital", json=body, headers=actors["guangshan"])
    assert created.status_code == 201 and created.json()["caliber_label"] == "省定口径"
    url = f"/api/v1/foreign-capital/{created.json()['id']}"
    assert (await client.patch(url, json={"amount_wan_usd": "5600"}, headers=actors["guangshan"])).status_code == 428
    fixed = await client.patch(url, json={"amount_wan_usd": "5600"}, headers={**actors["guangshan"], **etag(created)})
    assert fixed.json()["amount_wan_usd"] == "5600.00" and fixed.headers["etag"] == '"2"'
    entry = await session.scalar(select(AuditLog).where(AuditLog.action == "foreign_capital.update"))
    assert (entry.before["amount_wan_usd"], entry.after["amount_wan_usd"]) == ("5500.00", "5600.00")
    outside = await client.post(
        "/api/v1/foreign-capital", json={**body, "region_code": XINXIAN}, headers=actors["guangshan"]
    )
    assert outside.status_code == 403
    nowhere = await client.post(
        "/api/v1/foreign-capital",
        json={k: v for k, v in body.items() if k != "region_code"},
        headers=actors["guangshan"],
    )
    assert nowhere.status_code == 422 and nowhere.json()["errors"][0]["field"] == "region_code"


async def test_a_figure_of_an_enterprise_takes_its_region(client, actors, build):
    ent = await build.foreign_enterprise(XINXIAN, date(2021, 1, 5))
    body = {"month": "2021-06", "caliber": "mofcom", "amount_wan_usd": "80", "enterprise_id": ent.id}
    resp = await client.post("/api/v1/foreign-capital", json=body, headers=actors["xinxian"])
    assert resp.status_code == 201
    assert (resp.json()["region_code"], resp.json()["enterprise_name"]) == (XINXIAN, ent.name)
    hidden = await client.post("/api/v1/foreign-capital", json=body, headers=actors["guangshan"])
    assert hidden.status_code == 422 and hidden.json()["errors"][0]["field"] == "enterprise_id"


async def test_calibers_are_never_added(client, actors, build):
    await build.capital(GUANGSHAN, date(2021, 1, 1), "100")
    await build.capital(GUANGSHAN, date(2021, 2, 1), "50.5")
    await build.capital(XINXIAN, date(2021, 2, 1), "30")
    await build.capital(GUANGSHAN, date(2021, 2, 1), "7", caliber="mofcom")
    local = await client.get("/api/v1/foreign-capital/totals?period=2021&caliber=local", headers=actors["city_leader"])
    body = local.json()
    assert body["total_wan_usd"] == "180.50"
    assert [(m["month"], m["amount_wan_usd"]) for m in body["by_month"]] == [
        ("2021-01", "100.00"),
        ("2021-02", "80.50"),
    ]
    assert [(r["region_code"], r["amount_wan_usd"]) for r in body["by_region"]] == [
        (GUANGSHAN, "150.50"),
        (XINXIAN, "30.00"),
    ]
    mofcom = await client.get(
        "/api/v1/foreign-capital/totals?period=2021&caliber=mofcom", headers=actors["city_leader"]
    )
    assert mofcom.json()["total_wan_usd"] == "7.00"
    mixed = await client.get(
        "/api/v1/foreign-capital/totals?period=2021&caliber=local&caliber=mofcom", headers=actors["city_leader"]
    )
    assert mixed.status_code == 422 and mixed.json()["errors"][0]["code"] == "calibers_mixed"
    missing = await client.get("/api/v1/foreign-capital/totals?period=2021", headers=actors["city_leader"])
    assert missing.status_code == 422
    county = await client.get("/api/v1/foreign-capital/totals?period=2021&caliber=local", headers=actors["guangshan"])
    assert county.json()["total_wan_usd"] == "150.50"
    listed = await client.get("/api/v1/foreign-capital?caliber=mofcom", headers=actors["city_leader"])
    assert listed.json()["total"] == 1
