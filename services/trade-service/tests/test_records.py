"""The shared record paths: rules per resource, references, duplicates, ETags, idempotency, audit, money."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from support import CITY, GUANGSHAN, XINXIAN, create, uscc

from trade_service.core import AuditLog

FUNDS = "/api/v1/trade/funds"


@pytest.fixture
async def fund(client, roles):
    return await create(
        client,
        f"{FUNDS}/programs",
        {"code": "XB", "name": "出口信用保险保费补贴", "kind": "export_credit_insurance", "region_code": CITY},
        roles["city_officer"],
    )


def grant(program_id: int, **kw) -> dict:
    body = {
        "program_id": program_id,
        "enterprise_uscc": uscc(GUANGSHAN),
        "enterprise_name": "光山县羽绒制品有限公司",
        "region_code": GUANGSHAN,
        "amount_wan_yuan": "12.345",
        "approved_on": "2021-05-01",
    }
    return body | kw


async def test_money_is_a_decimal_string_with_its_unit(client, roles, fund):
    bad = await client.post(f"{FUNDS}/grants", json=grant(fund["id"]), headers=roles["guangshan"])
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "amount_wan_yuan"
    made = await create(client, f"{FUNDS}/grants", grant(fund["id"], amount_wan_yuan="12.30"), roles["guangshan"])
    assert made["amount_wan_yuan"] == "12.30"
    zero = await client.post(f"{FUNDS}/grants", json=grant(fund["id"], amount_wan_yuan="0"), headers=roles["guangshan"])
    assert zero.status_code == 422 and zero.json()["errors"][0]["field"] == "amount_wan_yuan"


async def test_rules_name_the_field(client, roles, fund):
    cases = [
        (f"{FUNDS}/grants", grant(fund["id"], amount_wan_yuan="1", disbursed_on="2021-04-01"), "disbursed_on"),
        (
            f"{FUNDS}/grants",
            grant(fund["id"], amount_wan_yuan="1", enterprise_uscc="91411522MA46H3Q201"),
            "enterprise_uscc",
        ),
        (f"{FUNDS}/grants", grant(999999, amount_wan_yuan="1"), "program_id"),
        (
            "/api/v1/trade/fairs",
            {
                "name": "广交会",
                "mode": "online",
                "starts_on": "2021-04-15",
                "ends_on": "2021-04-01",
                "region_code": CITY,
            },
            "ends_on",
        ),
        (
            "/api/v1/trade/ecommerce/village-coverage",
            {
                "region_code": GUANGSHAN,
                "as_of": "2021-12-31",
                "villages_total": 10,
                "villages_with_station": 11,
                "villages_with_express": 10,
                "poor_villages_total": 2,
                "poor_villages_with_station": 2,
            },
            "villages_with_station",
        ),
        (
            "/api/v1/trade/ecommerce/demo-counties",
            {
                "region_code": GUANGSHAN,
                "approved_level": "national",
                "approved_year": 2019,
                "promoted_to_national_on": "2021-01-01",
            },
            "promoted_to_national_on",
        ),
        (
            "/api/v1/trade/export-registrations",
            {
                "enterprise_uscc": uscc(GUANGSHAN),
                "enterprise_name": "光山县食品有限公司",
                "region_code": GUANGSHAN,
                "product": "冻鸭肉",
                "destination_country": "哈萨克斯坦",
                "registered_on": "2021-05-01",
                "first_exported_on": "2021-04-01",
            },
            "first_exported_on",
        ),
        (
            "/api/v1/trade/domestic/promotions",
            {
                "name": "购物节",
                "kind": "bazaar",
                "starts_on": "2021-05-01",
                "ends_on": "2021-05-01",
                "region_code": CITY,
            },
            "kind",
        ),
        (
            "/api/v1/trade/trainings",
            {"topic": "RCEP", "held_on": "2021-05-01", "mode": "online", "region_code": "999999"},
            "region_code",
        ),
        (
            "/api/v1/trade/trainings",
            {"topic": "RCEP", "held_on": "2021-05-01", "mode": "online", "region_code": CITY, "extra": 1},
            "extra",
        ),
    ]
    for path, body, field in cases:
        resp = await client.post(path, json=body, headers=roles["city_officer"])
        assert resp.status_code == 422, (path, resp.text)
        assert resp.json()["errors"][0]["field"] == field, (path, resp.text)


async def test_duplicates_are_409_naming_the_field(client, roles, fund):
    again = await client.post(
        f"{FUNDS}/programs",
        json={"code": "XB", "name": "重复", "kind": "other", "region_code": CITY},
        headers=roles["city_officer"],
    )
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "code"
    fair = await create(
        client,
        "/api/v1/trade/fairs",
        {"name": "广交会", "mode": "online", "starts_on": "2021-04-15", "ends_on": "2021-04-24", "region_code": CITY},
        roles["city_officer"],
    )
    body = {"enterprise_uscc": uscc(GUANGSHAN), "enterprise_name": "光山县茶业有限公司", "region_code": GUANGSHAN}
    url = f"/api/v1/trade/fairs/{fair['id']}/participants"
    await create(client, url, body, roles["guangshan"])
    dup = await client.post(url, json=body, headers=roles["guangshan"])
    assert dup.status_code == 409 and dup.json()["errors"][0]["field"] == "fair_id"


async def test_etag_if_match_and_required_fields(client, roles, fund):
    url = f"{FUNDS}/programs/{fund['id']}"
    detail = await client.get(url, headers=roles["city_leader"])
    assert detail.headers["etag"] == '"1"'
    assert (await client.patch(url, json={"name": "新名称"}, headers=roles["city_officer"])).status_code == 428
    null = await client.patch(url, json={"name": None}, headers={**roles["city_officer"], "If-Match": '"1"'})
    assert null.status_code == 422 and null.json()["errors"][0]["field"] == "name"
    ok = await client.patch(url, json={"name": "新名称项目"}, headers={**roles["city_officer"], "If-Match": '"1"'})
    assert ok.status_code == 200 and ok.headers["etag"] == '"2"' and ok.json()["version"] == 2
    stale = await client.patch(url, json={"name": "再改"}, headers={**roles["city_officer"], "If-Match": '"1"'})
    assert stale.status_code == 412
    gone = await client.delete(url, headers={**roles["city_officer"], "If-Match": '"1"'})
    assert gone.status_code == 412
    assert (await client.delete(url, headers={**roles["city_officer"], "If-Match": '"2"'})).status_code == 204
    # The code is free again once the program is deleted.
    await create(
        client,
        f"{FUNDS}/programs",
        {"code": "XB", "name": "出口信用保险保费补贴", "kind": "export_credit_insurance", "region_code": CITY},
        roles["city_officer"],
    )


async def test_idempotent_create(client, roles):
    body = {
        "name": "信阳茶文化节",
        "kind": "food_festival",
        "starts_on": "2021-05-01",
        "ends_on": "2021-05-03",
        "region_code": CITY,
    }
    h = {**roles["city_officer"], "Idempotency-Key": "promo-1"}
    first = await client.post("/api/v1/trade/domestic/promotions", json=body, headers=h)
    second = await client.post("/api/v1/trade/domestic/promotions", json=body, headers=h)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json() and second.headers["idempotent-replayed"] == "true"
    assert second.headers["location"] == f"/api/v1/trade/domestic/promotions/{first.json()['id']}"
    other = await client.post("/api/v1/trade/domestic/promotions", json=body | {"name": "另一个"}, headers=h)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


async def test_every_write_is_audited_with_json_values(client, roles, session, fund):
    made = await create(client, f"{FUNDS}/grants", grant(fund["id"], amount_wan_yuan="8.80"), roles["guangshan"])
    url = f"{FUNDS}/grants/{made['id']}"
    await client.patch(url, json={"disbursed_on": "2021-06-01"}, headers={**roles["guangshan"], "If-Match": '"1"'})
    await client.delete(url, headers={**roles["guangshan"], "If-Match": '"2"'})
    entries = (
        await session.scalars(
            select(AuditLog)
            .where(AuditLog.entity_type == "fund_grant", AuditLog.entity_id == str(made["id"]))
            .order_by(AuditLog.id)
        )
    ).all()
    assert [e.action for e in entries] == ["fund_grant.create", "fund_grant.update", "fund_grant.delete"]
    assert entries[0].after["amount_wan_yuan"] == "8.80" and entries[0].region_code == GUANGSHAN
    assert entries[1].before["disbursed_on"] is None and entries[1].after["disbursed_on"] == "2021-06-01"
    assert entries[2].before["enterprise_uscc"] == made["enterprise_uscc"] and entries[0].actor == "user:3"


async def test_first_export_flag_and_filter(client, roles):
    url = "/api/v1/trade/export-registrations"
    base = {
        "enterprise_name": "光山县食品有限公司",
        "region_code": GUANGSHAN,
        "product": "冻鸭肉",
        "destination_country": "哈萨克斯坦",
    }
    later = await create(
        client,
        url,
        base | {"enterprise_uscc": uscc(GUANGSHAN, "MA46H301"), "first_exported_on": "2021-09-01"},
        roles["city_officer"],
    )
    earlier = await create(
        client,
        url,
        base
        | {"enterprise_uscc": uscc(XINXIAN, "MA46H302"), "region_code": XINXIAN, "first_exported_on": "2021-08-01"},
        roles["city_officer"],
    )
    assert later["is_first_export"] is True  # first when it was the only one
    assert (await client.get(f"{url}/{later['id']}", headers=roles["city_officer"])).json()["is_first_export"] is False
    assert earlier["is_first_export"] is True
    # 光山 cannot see 新县's registration, but the flag still reflects it.
    own = (await client.get(url, headers=roles["guangshan"])).json()["items"]
    assert [(i["id"], i["is_first_export"]) for i in own] == [(later["id"], False)]
    firsts = await client.get(url, params={"first_export": "true"}, headers=roles["city_officer"])
    assert [i["id"] for i in firsts.json()["items"]] == [earlier["id"]]


async def test_demo_county_level_follows_promotion(client, roles):
    made = await create(
        client,
        "/api/v1/trade/ecommerce/demo-counties",
        {"region_code": "411528", "approved_level": "provincial", "approved_year": 2019},
        roles["city_officer"],
    )
    assert made["level"] == "provincial"
    promoted = await client.patch(
        f"/api/v1/trade/ecommerce/demo-counties/{made['id']}",
        json={"promoted_to_national_on": "2021-06-01"},
        headers={**roles["city_officer"], "If-Match": '"1"'},
    )
    assert promoted.json()["level"] == "national" and promoted.json()["region_name"] == "息县"


async def test_a_duplicate_never_reveals_another_countys_record(client, roles):
    url = "/api/v1/trade/export-registrations"
    body = {
        "enterprise_uscc": uscc(GUANGSHAN, "MA46H3A1"),
        "enterprise_name": "光山县食品有限公司",
        "product": "冻鸭肉",
        "destination_country": "新加坡",
    }
    await create(client, url, body | {"region_code": GUANGSHAN}, roles["guangshan"])
    # 新县 cannot see 光山县's registration: its own is registered, with no word of the other.
    theirs = await client.post(url, json=body | {"region_code": XINXIAN}, headers=roles["xinxian"])
    assert theirs.status_code == 201, theirs.text
    # Within what one can see, a duplicate is refused on its field.
    again = await client.post(url, json=body | {"region_code": GUANGSHAN}, headers=roles["guangshan"])
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "enterprise_uscc"
