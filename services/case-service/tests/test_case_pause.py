"""Clock pause (等待企业补充材料): who may pause and resume, the frozen colour and remaining time, deadlines moved
by the paused (working) time, the timer check leaving paused cases alone, the enterprise's side, and the KPIs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from test_case_support import URL, A, S, case_fixtures, local, new_case

from case_service.case.models import CasePause
from case_service.case.timers import policy_from_settings
from case_service.core import AuditLog
from case_service.settings import CaseSettings
from platform_core.periods import SHANGHAI

globals().update(case_fixtures())

WORKDAYS = policy_from_settings(CaseSettings(PLATFORM_ENV="test", timer_calendar="workdays"))
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def at(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(SHANGHAI)


async def events(driver, case_id: int) -> list[dict]:
    resp = await driver.client.get(f"{URL}/{case_id}/events", headers=driver.roles["guangshan"])
    return resp.json()["items"]


async def test_pause_freezes_the_colour_and_resume_moves_the_deadlines(driver, clock, check, session):
    case = await driver.to_state(S.IN_PROGRESS)  # assigned 2021-07-01 09:00: resolve due 07-08 09:00
    await driver.act(case["id"], A.FEEDBACK)
    clock.advance(days=2)
    paused = await driver.act(case["id"], A.PAUSE)
    assert paused["state"] == "PAUSED" and paused["state_label"] == "已暂停"
    assert at(paused["paused_at"]) == local(2021, 7, 3, 9)
    # Ten days later the case would be red; paused, its colour stands as it was when the clock stopped.
    clock.advance(days=10)
    await check()
    detail = await driver.detail(case["id"])
    assert detail["warning_level"] == "green" and detail["missed_deadlines"] == []
    assert at(detail["resolve_due"]) == local(2021, 7, 8, 9)  # not moved until the pause ends
    assert detail["pauses"][0]["reason"] == "请企业补充用地红线图及环评批复"
    assert detail["pauses"][0]["resumed_at"] is None
    # The paused case is on nobody's overdue list and got no deadline notice.
    listed = await driver.client.get(URL, params={"warning_level": "red"}, headers=driver.roles["guangshan"])
    assert case["id"] not in [i["id"] for i in listed.json()["items"]]
    resumed = await driver.act(case["id"], A.RESUME, comment="企业已当面补充")
    assert resumed["state"] == "IN_PROGRESS" and resumed["paused_at"] is None
    assert resumed["paused_seconds"] == 10 * 86400
    assert at(resumed["resolve_due"]) == local(2021, 7, 18, 9)
    assert resumed["warning_level"] == "green"
    pause = (await driver.detail(case["id"]))["pauses"][0]
    assert pause["resumed_kind"] == "officer" and pause["paused_seconds"] == 10 * 86400
    assert at(pause["previous_due"]) == local(2021, 7, 8, 9) and at(pause["new_due"]) == local(2021, 7, 18, 9)
    timeline = await events(driver, case["id"])
    assert [e["action"] for e in timeline[-2:]] == ["pause", "resume"]
    assert timeline[-2]["comment"] == "请企业补充用地红线图及环评批复"
    assert timeline[-1]["data"]["paused_seconds"] == 10 * 86400 and timeline[-1]["data"]["resumed_by"] == "officer"
    # The clock runs again from where it stood: overdue only after the shifted deadline.
    clock.set(local(2021, 7, 18, 9, 0, 1))
    assert (await driver.detail(case["id"]))["warning_level"] == "red"
    audited = (await session.scalars(select(AuditLog.action).where(AuditLog.entity_id == str(case["id"])))).all()
    assert {"case.pause", "case.resume"} <= set(audited)


async def test_the_timer_check_sends_no_deadline_notice_while_paused(driver, clock, check):
    case = await driver.to_state(S.IN_PROGRESS)
    await driver.act(case["id"], A.FEEDBACK)
    await driver.act(case["id"], A.PAUSE)
    clock.advance(days=30)
    result = await check()
    assert result["notifications"] == 0
    inbox = await driver.client.get("/api/v1/notifications", headers=driver.roles["unit"])
    assert "overdue" not in [n["kind"] for n in inbox.json()["items"]]


async def test_an_overdue_case_paused_stays_red_and_counts_as_overdue(driver, clock):
    case = await driver.to_state(S.IN_PROGRESS)
    clock.advance(days=8)  # past 07-08 09:00
    paused = await driver.act(case["id"], A.PAUSE)
    assert paused["warning_level"] == "red"
    clock.advance(days=5)
    detail = await driver.detail(case["id"])
    assert detail["warning_level"] == "red"
    assert [m["kind"] for m in detail["missed_deadlines"]] == ["feedback", "resolve"]


async def test_paused_time_counts_working_days_only(driver, clock, app):
    app.state.case_timer_policy = WORKDAYS
    try:
        clock.set(local(2021, 9, 27, 10))  # Monday; resolve due after 7 working days: 10-12 10:00 (National Day)
        case = await driver.to_state(S.IN_PROGRESS)
        assert at(case["resolve_due"]) == local(2021, 10, 12, 10)
        clock.set(local(2021, 9, 30, 18))  # Thursday 18:00; the Golden Week follows
        await driver.act(case["id"], A.PAUSE)
        clock.set(local(2021, 10, 8, 12))  # Friday noon: 6 h of the 30th + 12 h of the 8th are working time
        resumed = await driver.act(case["id"], A.RESUME)
    finally:
        app.state.case_timer_policy = None
    assert resumed["paused_seconds"] == 18 * 3600
    # 12 October 10:00 + 18 working hours: the rest of the 12th (14 h) and 4 h of the 13th.
    assert at(resumed["resolve_due"]) == local(2021, 10, 13, 4)
    assert (await events(driver, case["id"]))[-1]["data"]["calendar"] == "workdays"


async def test_who_may_pause_and_resume(driver, client, case_roles):
    case = await driver.to_state(S.IN_PROGRESS)
    url = f"{URL}/{case['id']}"
    body = {"reason": "请补充营业执照"}
    assert (await client.post(f"{url}/pause", json=body, headers=case_roles["co_unit"])).status_code == 403
    assert (await client.post(f"{url}/pause", json=body, headers=case_roles["other_unit"])).status_code == 404
    assert (await client.post(f"{url}/pause", json=body, headers=case_roles["xinxian"])).status_code == 403
    # a reason is required, and the problem names the field
    bad = await client.post(f"{url}/pause", json={"reason": ""}, headers=case_roles["unit"])
    assert bad.status_code == 422 and "reason" in bad.text
    # only a running case in handling can be paused; a paused one cannot be paused twice
    assigned = await driver.to_state(S.ASSIGNED)
    early = await client.post(f"{URL}/{assigned['id']}/pause", json=body, headers=case_roles["unit"])
    assert early.status_code == 409 and early.json()["code"] == "case.invalid_transition"
    await driver.act(case["id"], A.PAUSE)
    again = await client.post(f"{url}/pause", json=body, headers=case_roles["unit"])
    assert again.status_code == 409
    assert (await driver.detail(case["id"], "unit"))["allowed_actions"] == ["resume"]
    assert (await driver.detail(case["id"], "enterprise"))["allowed_actions"] == ["supply_material"]
    # no feedback or result while paused: the unit resumes first
    feedback = await client.post(f"{url}/feedback", json={"content": "进展"}, headers=case_roles["unit"])
    assert feedback.status_code == 409


async def test_pause_takes_if_match_and_idempotency_key(driver, client, case_roles):
    case = await driver.to_state(S.IN_PROGRESS)
    url = f"{URL}/{case['id']}/pause"
    stale = await client.post(
        url, json={"reason": "请补充材料"}, headers={**case_roles["unit"], "If-Match": f'"{case["version"] - 1}"'}
    )
    assert stale.status_code == 412
    h = {**case_roles["unit"], "Idempotency-Key": "pause-1", "If-Match": f'"{case["version"]}"'}
    first = await client.post(url, json={"reason": "请补充材料"}, headers=h)
    again = await client.post(url, json={"reason": "请补充材料"}, headers=h)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() and first.headers["ETag"] == again.headers["ETag"]
    assert [e["action"] for e in await events(driver, case["id"])].count("pause") == 1


async def test_the_enterprise_supplies_material_and_the_clock_runs_again(driver, client, case_roles, clock, session):
    case = (await client.post(URL, json=new_case(), headers=case_roles["enterprise"])).json()
    for action in (A.ACCEPT, A.ASSIGN, A.SIGN, A.PAUSE):
        case = await driver.act(case["id"], action)
    inbox = await client.get("/api/v1/notifications", headers=case_roles["enterprise"])
    assert [n["kind"] for n in inbox.json()["items"]] == ["material"]
    clock.advance(days=3)
    url = f"{URL}/{case['id']}"
    upload = await client.post(
        f"{url}/attachments", files={"file": ("红线图.pdf", PDF, "application/pdf")}, headers=case_roles["enterprise"]
    )
    assert upload.status_code == 201, upload.text
    other = await driver.to_state(S.IN_PROGRESS)
    foreign = await client.post(
        f"{URL}/{other['id']}/attachments",
        files={"file": ("x.pdf", PDF, "application/pdf")},
        headers=case_roles["guangshan"],
    )
    body = {"content": "已补充用地红线图", "attachment_ids": [foreign.json()["id"]]}
    wrong = await client.post(f"{url}/supply_material", json=body, headers=case_roles["enterprise"])
    assert wrong.status_code == 422 and "attachment_ids" in wrong.text
    # another enterprise does not see the case; the handling unit may not speak for the enterprise
    body["attachment_ids"] = [upload.json()["id"]]
    assert (
        await client.post(f"{url}/supply_material", json=body, headers=case_roles["other_enterprise"])
    ).status_code == 404
    assert (await client.post(f"{url}/supply_material", json=body, headers=case_roles["unit"])).status_code == 403
    done = await client.post(f"{url}/supply_material", json=body, headers=case_roles["enterprise"])
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "IN_PROGRESS" and done.json()["paused_seconds"] == 3 * 86400
    assert at(done.json()["resolve_due"]) == local(2021, 7, 11, 9)
    row = await session.scalar(select(CasePause).where(CasePause.case_id == case["id"]))
    assert row.resumed_kind == "enterprise" and row.resumed_by == "user:6"
    unit_inbox = await client.get("/api/v1/notifications", headers=case_roles["unit"])
    assert "material" in [n["kind"] for n in unit_inbox.json()["items"]]


async def test_on_time_rate_uses_the_shifted_deadline_and_stats_show_pauses(driver, client, case_roles, clock):
    case = await driver.to_state(S.IN_PROGRESS)  # due 07-08 09:00
    await driver.act(case["id"], A.PAUSE)
    clock.advance(days=4)
    await driver.act(case["id"], A.RESUME)  # due 07-12 09:00
    clock.set(local(2021, 7, 10, 9))  # after the original deadline, before the shifted one
    await driver.act(case["id"], A.SUBMIT_RESULT)
    await driver.act(case["id"], A.APPROVE_RESULT)
    other = await driver.to_state(S.IN_PROGRESS)
    await driver.act(other["id"], A.URGE)
    clock.set(local(2021, 8, 2, 9))
    resp = await client.get("/api/v1/cases/stats", params={"period": "2021-07"}, headers=case_roles["guangshan"])
    assert resp.status_code == 200, resp.text
    data = resp.json()
    on_time = data["all"]["rates"]["on_time"]
    assert (on_time["numerator"], on_time["denominator"]) == (1, 1)
    pause = data["pause"]
    assert (pause["started"], pause["ended"], pause["paused_now"], pause["urged"]) == (1, 1, 0, 1)
    assert pause["paused_days"] == 4.0
    share = pause["rates"]["paused_share"]
    assert (share["numerator"], share["denominator"], share["value"], share["basis"]) == (1, 2, 50.0, "cohort")
    supplied = pause["rates"]["supplied_by_enterprise"]
    assert (supplied["numerator"], supplied["denominator"]) == (0, 1)
    # another county's officer sees none of it
    other_county = await client.get("/api/v1/cases/stats", params={"period": "2021-07"}, headers=case_roles["xinxian"])
    assert other_county.json()["pause"]["started"] == 0


async def test_urge_notifies_the_handling_units_and_keeps_the_state(driver, client, case_roles):
    case = await driver.to_state(S.ASSIGNED)
    urged = await driver.act(case["id"], A.URGE)
    assert urged["state"] == "ASSIGNED"
    for role in ("unit", "co_unit"):
        inbox = await client.get("/api/v1/notifications", headers=case_roles[role])
        assert "urged" in [n["kind"] for n in inbox.json()["items"]]
    paused = await driver.to_state(S.PAUSED)
    refused = await client.post(f"{URL}/{paused['id']}/urge", json={}, headers=case_roles["guangshan"])
    assert refused.status_code == 409
