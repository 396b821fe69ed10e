"""The routing catalogue (交办规则目录): city officers maintain rules, counties read them; on 交办 the rules that
apply are proposed with their reason; each assignment records whether the proposal was taken, and the
statistics count the share taken and the returns (退单) per rule."""

from __future__ import annotations

from conftest import CITY, GUANGSHAN, XINXIAN
from sqlalchemy import select
from test_case_support import CO_UNIT, LEAD_UNIT, URL, A, S, case_fixtures

from case_service.core import AuditLog
from case_service.routing.models import CaseRouting

globals().update(case_fixtures())

RULES = "/api/v1/routing-rules"
DUTY = "负责全市国土空间规划和用地保障，统筹建设用地指标（市自然资源和规划局三定方案第三条）"


def city_rule(**kw) -> dict:
    body = {
        "name": "用地保障",
        "category_code": "land_planning",
        "keywords": ["用地", " 用地 ", ""],
        "region_code": CITY,
        "lead_unit": {"unit_id": LEAD_UNIT["unit_id"]},
        "co_units": [{"unit_id": CO_UNIT["unit_id"]}],
        "duty_basis": DUTY,
        "priority": 0,
    }
    return body | kw


def county_rule(**kw) -> dict:
    body = {
        "name": "光山县用地指标",
        "category_code": "land_planning",
        "keywords": ["指标"],
        "region_code": GUANGSHAN,
        "lead_unit": {"unit_id": 11},
        "duty_basis": "负责本县建设用地指标的申报与协调（光山县商务局职责）",
    }
    return body | kw


async def add_rule(client, roles, body: dict) -> dict:
    resp = await client.post(RULES, json=body, headers=roles["city_officer"])
    assert resp.status_code == 201, resp.text
    return resp.json()


async def test_city_officers_maintain_the_catalogue_and_counties_read_it(client, roles, session):
    rule = await add_rule(client, roles, city_rule())
    assert rule["keywords"] == ["用地"]  # trimmed, blanks dropped, each once
    assert rule["lead_unit"] == {"unit_id": 2, "unit_name": "市自然资源和规划局"}  # the directory's name
    assert rule["co_units"] == [{"unit_id": 4, "unit_name": "市市场监督管理局"}]
    assert (rule["category_name"], rule["region_name"]) == ("用地规划", "信阳市")
    county = await add_rule(client, roles, county_rule())
    assert county["region_code"] == GUANGSHAN

    # A county officer reads the city's rules and its own county's, never another county's; it writes none.
    gs = (await client.get(RULES, headers=roles["guangshan"])).json()
    assert {r["id"] for r in gs["items"]} == {rule["id"], county["id"]}
    xx = (await client.get(RULES, headers=roles["xinxian"])).json()
    assert [r["id"] for r in xx["items"]] == [rule["id"]]
    assert (await client.get(f"{RULES}/{county['id']}", headers=roles["xinxian"])).status_code == 404
    denied = await client.post(RULES, json=county_rule(), headers=roles["guangshan"])
    assert denied.status_code == 403
    assert (await client.get(RULES, headers=roles["enterprise"])).status_code == 403

    # Updates need the current ETag; every write is audited.
    url = f"{RULES}/{rule['id']}"
    assert (await client.patch(url, json={"priority": 5}, headers=roles["city_officer"])).status_code == 428
    stale = await client.patch(url, json={"priority": 5}, headers={**roles["city_officer"], "If-Match": '"9"'})
    assert stale.status_code == 412
    etag = (await client.get(url, headers=roles["city_officer"])).headers["etag"]
    changed = await client.patch(url, json={"priority": 5}, headers={**roles["city_officer"], "If-Match": etag})
    assert changed.status_code == 200 and changed.json()["priority"] == 5
    actions = list(
        await session.scalars(
            select(AuditLog.action).where(AuditLog.entity_type == "routing_rule").order_by(AuditLog.id)
        )
    )
    assert actions == ["routing_rule.create", "routing_rule.create", "routing_rule.update"]


async def test_rules_are_validated(client, roles):
    cases = [
        (city_rule(lead_unit={"unit_id": 999}), "lead_unit"),
        (city_rule(co_units=[{"unit_id": 2}]), "co_units"),
        (city_rule(category_code="nope"), "category_code"),
        (city_rule(region_code="990000"), "region_code"),
        (city_rule(duty_basis=""), "duty_basis"),
        (city_rule(priority=101), "priority"),
    ]
    for body, field in cases:
        resp = await client.post(RULES, json=body, headers=roles["city_officer"])
        assert resp.status_code == 422, (field, resp.text)
        assert field in {e["field"].split(".")[-1] for e in resp.json()["errors"]} | {
            e["field"] for e in resp.json()["errors"]
        }, (field, resp.json())


async def test_proposals_are_ranked_with_their_reason(client, roles, driver):
    city = await add_rule(client, roles, city_rule())
    county = await add_rule(client, roles, county_rule())
    await add_rule(client, roles, city_rule(name="融资", category_code="financing", keywords=[]))
    await add_rule(client, roles, city_rule(name="不命中", keywords=["电价"]))
    await add_rule(client, roles, city_rule(name="停用", is_active=False))
    await add_rule(client, roles, county_rule(name="新县", region_code=XINXIAN, lead_unit={"unit_id": 21}))
    case = await driver.to_state(S.ACCEPTED)
    resp = await client.get(f"{URL}/{case['id']}/routing-proposals", headers=roles["guangshan"])
    assert resp.status_code == 200, resp.text
    items = resp.json()["items"]
    assert [p["rule_id"] for p in items] == [county["id"], city["id"]]
    first, second = items
    assert (first["rank"], first["score"], first["lead_unit"]["unit_name"]) == (1, 55, "光山县商务局")
    assert first["reason"]["matched_keywords"] == ["指标"] and first["reason"]["category_matched"] is True
    assert (second["score"], second["co_units"]) == (50, [{"unit_id": 4, "unit_name": "市市场监督管理局"}])
    assert second["reason"]["duty_basis"] == DUTY
    assert "命中关键词“用地”" in second["reason"]["text"] and "用地规划" in second["reason"]["text"]
    # Only who assigns asks; a county officer of another county does not see the case at all.
    assert (await client.get(f"{URL}/{case['id']}/routing-proposals", headers=roles["unit"])).status_code == 403
    assert (await client.get(f"{URL}/{case['id']}/routing-proposals", headers=roles["xinxian"])).status_code == 404


async def test_accepted_share_and_returns_per_rule(client, roles, case_roles, driver, session, clock):
    rule = await add_rule(client, roles, city_rule())
    taken = await driver.to_state(S.ACCEPTED)
    await driver.act(taken["id"], A.ASSIGN, routing_rule_id=rule["id"])
    override = await driver.to_state(S.ACCEPTED)
    await driver.act(override["id"], A.ASSIGN, routing_rule_id=rule["id"], lead_unit={"unit_id": 3}, co_units=[])
    plain = await driver.to_state(S.ACCEPTED)
    await driver.act(plain["id"], A.ASSIGN)  # no proposal used: not counted
    # The unit the rule named returns the case (退单).
    await driver.act(taken["id"], A.REQUEST_RETURN)
    await driver.act(taken["id"], A.APPROVE_RETURN)
    rows = list(await session.scalars(select(CaseRouting).order_by(CaseRouting.id)))
    assert [(r.case_id, r.accepted, r.returned_at is not None) for r in rows] == [
        (taken["id"], True, True),
        (override["id"], False, False),
    ]
    events = (await client.get(f"{URL}/{taken['id']}/events", headers=roles["guangshan"])).json()["items"]
    assign = next(e for e in events if e["action"] == "assign")
    assert assign["data"]["routing"] == {"rule_id": rule["id"], "rule_name": "用地保障", "accepted": True}

    stats = await client.get(f"{RULES}/stats", params={"period": "2021-07"}, headers=roles["city_officer"])
    assert stats.status_code == 200, stats.text
    body = stats.json()
    assert (body["acceptance"]["numerator"], body["acceptance"]["denominator"], body["acceptance"]["value"]) == (
        1,
        2,
        50.0,
    )
    assert (body["return_rate"]["numerator"], body["return_rate"]["denominator"]) == (1, 1)
    (per_rule,) = body["by_rule"]
    assert (per_rule["proposed"], per_rule["accepted"], per_rule["overridden"], per_rule["returned"]) == (2, 1, 1, 1)
    # Another county's officer counts none of these cases; another period has none.
    other = (await client.get(f"{RULES}/stats", params={"period": "2021-07"}, headers=roles["xinxian"])).json()
    assert other["by_rule"] == [] and other["acceptance"]["denominator"] == 0
    june = (await client.get(f"{RULES}/stats", params={"period": "2021-06"}, headers=roles["city_officer"])).json()
    assert june["by_rule"] == []
    bad = await client.get(f"{RULES}/stats", params={"period": "2021-13"}, headers=roles["city_officer"])
    assert bad.status_code == 422


async def test_an_unknown_or_invisible_rule_is_refused_on_assign(client, roles, driver):
    xinxian_rule = await add_rule(client, roles, county_rule(region_code=XINXIAN, lead_unit={"unit_id": 21}))
    case = await driver.to_state(S.ACCEPTED)
    for rule_id in (999999, xinxian_rule["id"]):
        resp = await client.post(
            f"{URL}/{case['id']}/assign",
            json={"lead_unit": LEAD_UNIT, "routing_rule_id": rule_id},
            headers=roles["guangshan"],
        )
        assert resp.status_code == 422, resp.text
        assert resp.json()["errors"][0]["field"] == "routing_rule_id"
