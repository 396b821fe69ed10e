"""Bulk actions (批量交办, 批量催办, 批量销号): each case checked for scope, state and version and answered on
its own row, never all-or-nothing; idempotent with `Idempotency-Key`; audited per case."""

from __future__ import annotations

from sqlalchemy import select
from test_case_support import CO_UNIT, LEAD_UNIT, URL, XINXIAN_USCC, A, S, case_fixtures

from case_service.core import AuditLog

globals().update(case_fixtures())

BULK = f"{URL}/bulk"


def rows(*cases: dict, version: bool = False) -> list[dict]:
    return [{"case_id": c["id"], **({"version": c["version"]} if version else {})} for c in cases]


async def test_bulk_assign_answers_each_row(driver, client, case_roles, session):
    ready = [await driver.to_state(S.ACCEPTED) for _ in range(2)]
    submitted = await driver.to_state(S.SUBMITTED)
    elsewhere = await driver.create(role="xinxian", enterprise_uscc=XINXIAN_USCC)
    await driver.act(elsewhere["id"], A.ACCEPT, role="xinxian")
    stale = await driver.to_state(S.ACCEPTED)
    body = {
        "items": [
            *rows(*ready),
            *rows(submitted),
            {"case_id": elsewhere["id"]},
            {"case_id": 99999999},
            {"case_id": stale["id"], "version": stale["version"] - 1},
        ],
        "lead_unit": {"unit_id": LEAD_UNIT["unit_id"]},
        "co_units": [{"unit_id": CO_UNIT["unit_id"]}],
        "comment": "请按期办理",
    }
    resp = await client.post(f"{BULK}/assign", json=body, headers=case_roles["guangshan"])
    assert resp.status_code == 200, resp.text
    data = resp.json()
    assert (data["total"], data["succeeded"], data["failed"]) == (6, 2, 4)
    assert data["action_label"] == "交办"
    by_id = {r["case_id"]: r for r in data["items"]}
    assert [r["case_id"] for r in data["items"]] == [i["case_id"] for i in body["items"]]
    for case in ready:
        assert by_id[case["id"]]["ok"] and by_id[case["id"]]["state"] == "ASSIGNED"
        detail = await driver.detail(case["id"])
        assert detail["lead_unit_name"] == LEAD_UNIT["unit_name"] and detail["resolve_due"]
    assert by_id[submitted["id"]]["code"] == "case.invalid_transition"
    assert "待受理" in by_id[submitted["id"]]["reason"]
    # another county's case looks the same as a missing one
    assert by_id[elsewhere["id"]]["code"] == by_id[99999999]["code"] == "not_found"
    assert by_id[elsewhere["id"]]["case_no"] is None
    assert by_id[stale["id"]]["code"] == "version_mismatch" and "刷新" in by_id[stale["id"]]["reason"]
    # the refused cases are untouched; each assigned one is audited on its own
    assert (await driver.detail(stale["id"]))["state"] == "ACCEPTED"
    audited = (await session.scalars(select(AuditLog.entity_id).where(AuditLog.action == "case.assign"))).all()
    assert sorted(audited) == sorted(str(c["id"]) for c in ready)


async def test_bulk_assign_replays_with_the_same_key(driver, client, case_roles):
    case = await driver.to_state(S.ACCEPTED)
    body = {"items": rows(case, version=True), "lead_unit": {"unit_id": LEAD_UNIT["unit_id"]}}
    h = {**case_roles["guangshan"], "Idempotency-Key": "bulk-assign-1"}
    first = await client.post(f"{BULK}/assign", json=body, headers=h)
    again = await client.post(f"{BULK}/assign", json=body, headers=h)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() and first.json()["succeeded"] == 1
    events = (await client.get(f"{URL}/{case['id']}/events", headers=case_roles["guangshan"])).json()["items"]
    assert [e["action"] for e in events].count("assign") == 1
    # the same key with another body is refused
    other = await client.post(f"{BULK}/assign", json={**body, "comment": "改"}, headers=h)
    assert other.status_code == 422 or other.status_code == 409


async def test_bulk_urge_and_close(driver, client, case_roles):
    running = await driver.to_state(S.IN_PROGRESS)
    paused = await driver.to_state(S.PAUSED)
    urged = await client.post(
        f"{BULK}/urge", json={"items": rows(running, paused), "comment": "请加快"}, headers=case_roles["guangshan"]
    )
    assert urged.status_code == 200, urged.text
    result = {r["case_id"]: r for r in urged.json()["items"]}
    assert result[running["id"]]["ok"] and not result[paused["id"]]["ok"]
    assert "已暂停" in result[paused["id"]]["reason"]
    inbox = await client.get("/api/v1/notifications", headers=case_roles["unit"])
    assert "urged" in [n["kind"] for n in inbox.json()["items"]]
    visited = await driver.to_state(S.VISITED)
    closed = await client.post(f"{BULK}/close", json={"items": rows(visited, running)}, headers=case_roles["guangshan"])
    result = {r["case_id"]: r for r in closed.json()["items"]}
    assert result[visited["id"]]["ok"] and result[visited["id"]]["state"] == "CLOSED"
    assert result[running["id"]]["code"] == "case.invalid_transition"


async def test_bulk_bad_input_and_permissions(driver, client, case_roles):
    case = await driver.to_state(S.VISITED)
    h = case_roles["guangshan"]
    empty = await client.post(f"{BULK}/close", json={"items": []}, headers=h)
    assert empty.status_code == 422 and "items" in empty.text
    many = await client.post(f"{BULK}/close", json={"items": [{"case_id": i} for i in range(1, 202)]}, headers=h)
    assert many.status_code == 422
    twice = await client.post(f"{BULK}/close", json={"items": rows(case, case)}, headers=h)
    assert twice.status_code == 422
    huge = await client.post(f"{BULK}/close", json={"items": [{"case_id": 2**63}]}, headers=h)
    assert huge.status_code == 422
    same_unit = {"items": rows(case), "lead_unit": {"unit_id": 2}, "co_units": [{"unit_id": 2}]}
    assert (await client.post(f"{BULK}/assign", json=same_unit, headers=h)).status_code == 422
    # the unit handler may not close or assign; the enterprise may not urge
    assert (
        await client.post(f"{BULK}/close", json={"items": rows(case)}, headers=case_roles["unit"])
    ).status_code == 403
    urge = await client.post(f"{BULK}/urge", json={"items": rows(case)}, headers=case_roles["enterprise"])
    assert urge.status_code == 403
