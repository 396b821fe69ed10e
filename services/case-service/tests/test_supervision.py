"""Supervision orders (督办单): issued by leaders on a case or a unit, replied by the unit, listed per unit; the
case turns `escalated` while an order is open; audited; scoped."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from test_case_support import URL, A, S, case_fixtures

from case_service.case.models import Case
from case_service.core import AuditLog

globals().update(case_fixtures())

ORDERS = "/api/v1/supervision-orders"


def order_body(clock, **kw) -> dict:
    body = {"level": "warning", "content": "该诉求已超期，请于3日内办结并书面回复。"}
    body["reply_due"] = (clock.now + timedelta(days=3)).isoformat()
    body.update(kw)
    return body


async def test_a_leader_supervises_a_case_and_the_unit_replies(driver, client, case_roles, clock, session):
    case = await driver.to_state(S.IN_PROGRESS)
    resp = await client.post(ORDERS, json=order_body(clock, case_id=case["id"]), headers=case_roles["city_leader"])
    assert resp.status_code == 201, resp.text
    order = resp.json()
    assert (order["unit_id"], order["unit_name"], order["state"]) == (2, "市自然资源和规划局", "open")
    assert (order["case_no"], order["level"], order["overdue"]) == (case["case_no"], "warning", False)
    assert order["reply_due"].endswith("Z")
    detail = await driver.detail(case["id"])
    assert detail["warning_level"] == "escalated" and detail["open_supervision_count"] == 1
    assert (await session.get(Case, case["id"])).warning_level == "escalated"
    inbox = (await client.get("/api/v1/notifications", headers=case_roles["unit"])).json()["items"]
    assert inbox[0]["kind"] == "supervised" and inbox[0]["supervision_id"] == order["id"]
    assert "警告" in inbox[0]["title"]

    reply = await client.post(
        f"{ORDERS}/{order['id']}/reply", json={"reply": "已办结，见办理结果。"}, headers=case_roles["unit"]
    )
    assert reply.status_code == 200 and reply.json()["state"] == "replied" and reply.json()["replied_by"] == "user:5"
    assert reply.headers["etag"] == '"2"'
    assert (await driver.detail(case["id"]))["warning_level"] == "green"
    again = await client.post(f"{ORDERS}/{order['id']}/reply", json={"reply": "再次回复"}, headers=case_roles["unit"])
    assert again.status_code == 409 and again.json()["code"] == "supervision.already_replied"
    leader_inbox = (await client.get("/api/v1/notifications", headers=case_roles["city_leader"])).json()["items"]
    assert leader_inbox[0]["kind"] == "supervised" and "已回复" in leader_inbox[0]["title"]
    events = (await client.get(f"{URL}/{case['id']}/events", headers=case_roles["guangshan"])).json()["items"]
    assert [e["action"] for e in events][-2:] == ["supervise", "supervision_reply"]
    actions = list(
        await session.scalars(
            select(AuditLog.action)
            .where(AuditLog.entity_type == "supervision_order", AuditLog.entity_id == str(order["id"]))
            .order_by(AuditLog.id)
        )
    )
    assert actions == ["supervision.issue", "supervision.reply"]


async def test_only_the_supervised_unit_replies(driver, client, case_roles, clock):
    case = await driver.to_state(S.IN_PROGRESS)
    order = (
        await client.post(ORDERS, json=order_body(clock, case_id=case["id"]), headers=case_roles["city_leader"])
    ).json()
    url = f"{ORDERS}/{order['id']}/reply"
    assert (await client.post(url, json={"reply": "回复内容"}, headers=case_roles["other_unit"])).status_code == 404
    assert (await client.post(url, json={"reply": "回复内容"}, headers=case_roles["co_unit"])).status_code == 404
    assert (await client.post(url, json={"reply": "回复内容"}, headers=case_roles["guangshan"])).status_code == 403
    assert (await client.post(url, json={"reply": "回复内容"}, headers=case_roles["enterprise"])).status_code == 403


async def test_issuing_is_validated(driver, client, case_roles, clock):
    submitted = await driver.create()
    leader = case_roles["city_leader"]
    cases = [
        (order_body(clock, case_id=submitted["id"]), "case_id"),  # not yet assigned
        (order_body(clock), "body"),  # neither a case nor a unit
        (order_body(clock, case_id=submitted["id"], unit_id=3), "body"),  # both
        (order_body(clock, unit_id=3, reply_due=(clock.now - timedelta(hours=1)).isoformat()), "reply_due"),
        (order_body(clock, unit_id=3, reply_due="2021-07-05T00:00:00"), "reply_due"),  # no offset
        (order_body(clock, unit_id=3, level="strong"), "level"),
        (order_body(clock, case_id=999999), "case_id"),
    ]
    for body, field in cases:
        resp = await client.post(ORDERS, json=body, headers=leader)
        assert resp.status_code == 422, (body, resp.text)
        assert resp.json()["errors"][0]["field"] == field, body
    for role in ("guangshan", "city_officer", "unit", "enterprise"):
        resp = await client.post(ORDERS, json=order_body(clock, unit_id=3), headers=case_roles[role])
        assert resp.status_code == 403, role


async def test_orders_on_units_are_listed_per_unit(driver, client, case_roles, clock):
    leader = case_roles["city_leader"]
    case = await driver.to_state(S.IN_PROGRESS)
    await client.post(ORDERS, json=order_body(clock, case_id=case["id"]), headers=leader)
    h = {**leader, "Idempotency-Key": "order-unit-3"}
    body = order_body(clock, unit_id=3, unit_name="市发展和改革委员会", level="circular")
    first = await client.post(ORDERS, json=body, headers=h)
    replay = await client.post(ORDERS, json=body, headers=h)
    assert first.json() == replay.json() and replay.headers["idempotent-replayed"] == "true"
    assert first.json()["region_code"] == "411500" and first.json()["case_id"] is None
    clock.advance(days=4)
    listed = (await client.get(ORDERS, headers=leader)).json()
    assert listed["total"] == 2 and all(o["overdue"] for o in listed["items"])
    assert (await client.get(ORDERS, params={"unit_id": 3}, headers=leader)).json()["total"] == 1
    assert (await client.get(ORDERS, params={"case_id": case["id"]}, headers=leader)).json()["total"] == 1
    assert (await client.get(ORDERS, params={"overdue": "false"}, headers=leader)).json()["total"] == 0
    assert (await client.get(ORDERS, params={"level": "circular"}, headers=leader)).json()["total"] == 1
    by_unit = (await client.get(f"{ORDERS}/by-unit", headers=leader)).json()["items"]
    assert {(u["unit_id"], u["open"], u["overdue"], u["replied"]) for u in by_unit} == {(2, 1, 1, 0), (3, 1, 1, 0)}
    # a unit sees its own orders; the county sees orders on its cases but not city-level unit orders
    assert [o["unit_id"] for o in (await client.get(ORDERS, headers=case_roles["unit"])).json()["items"]] == [2]
    assert [o["unit_id"] for o in (await client.get(ORDERS, headers=case_roles["guangshan"])).json()["items"]] == [2]
    assert (await client.get(ORDERS, headers=case_roles["xinxian"])).json()["total"] == 0
    assert (await client.get(ORDERS, headers=case_roles["other_unit"])).json()["total"] == 1
    assert (await client.get(ORDERS, headers=case_roles["enterprise"])).status_code == 403
    one = await client.get(f"{ORDERS}/{first.json()['id']}", headers=case_roles["guangshan"])
    assert one.status_code == 404
    assert (await client.get(f"{ORDERS}/{first.json()['id']}", headers=case_roles["other_unit"])).status_code == 200


async def test_a_closed_case_cannot_be_supervised(driver, client, case_roles, clock):
    case = await driver.to_state(S.RESOLVED)
    resp = await client.post(ORDERS, json=order_body(clock, case_id=case["id"]), headers=case_roles["city_leader"])
    assert resp.status_code == 422
    await driver.act(case["id"], A.REVISIT)
