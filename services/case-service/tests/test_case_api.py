"""Cases over HTTP: submitting and registering, validation, editing with If-Match, idempotency, the list's
filters and sorts, the timeline, masking, audit entries for every action, merging, and provincial sync."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from test_case_support import ENTERPRISE_USCC, GUANGSHAN, URL, XINXIAN, XINXIAN_USCC, A, S, case_fixtures, new_case

from case_service.case.flows import TRANSITIONS
from case_service.case.models import Case, CaseEvent
from case_service.core import AuditLog

globals().update(case_fixtures())


async def audit_actions(session, case_id: int) -> list[str]:
    rows = await session.scalars(
        select(AuditLog.action)
        .where(AuditLog.entity_type == "case", AuditLog.entity_id == str(case_id))
        .order_by(AuditLog.id)
    )
    return list(rows)


async def test_an_enterprise_submits_its_own_problem(client, case_roles, session, enterprises):
    body = new_case()
    del body["enterprise_uscc"], body["contact_person"], body["contact_phone"]
    resp = await client.post(URL, json=body, headers=case_roles["enterprise"])
    assert resp.status_code == 201, resp.text
    case = resp.json()
    assert resp.headers["etag"] == '"1"' and resp.headers["location"] == f"{URL}/{case['id']}"
    assert case["state"] == "SUBMITTED" and case["source"] == "enterprise"
    assert case["enterprise_uscc"] == ENTERPRISE_USCC and case["enterprise_name"] == "光山县茶业有限公司"
    assert (case["region_code"], case["region_name"]) == (GUANGSHAN, "光山县")
    assert case["category_name"] == "用地规划"
    assert case["case_no"].startswith("SQ") and len(case["case_no"]) == 13
    # the enterprise's directory contact fills in what the form left out
    assert (case["contact_person"], case["contact_phone"]) == ("王建国", "13900001111")
    assert case["created_by"] == "user:6" and case["allowed_actions"] == []
    assert await audit_actions(session, case["id"]) == ["case.create"]


async def test_a_case_is_registered_at_the_services_clock_never_the_clients(client, case_roles, clock, enterprises):
    backdated = await client.post(
        URL, json=new_case(created_at="2020-01-01T00:00:00+08:00"), headers=case_roles["guangshan"]
    )
    assert backdated.status_code == 422
    assert [e["field"] for e in backdated.json()["errors"]] == ["created_at"]
    clock.set(clock.now - timedelta(days=40))  # the demo seeds its past through the same clock
    resp = await client.post(URL, json=new_case(), headers=case_roles["guangshan"])
    assert resp.status_code == 201, resp.text
    assert datetime.fromisoformat(resp.json()["created_at"]) == clock.now


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"source": "superior", "superior_doc_no": "豫商〔2021〕1号"}, "source"),
        ({"enterprise_uscc": XINXIAN_USCC}, "enterprise_uscc"),
    ],
)
async def test_an_enterprise_may_only_submit_for_itself(client, case_roles, enterprises, change, field):
    resp = await client.post(URL, json=new_case(**change), headers=case_roles["enterprise"])
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == field


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"source": "superior"}, "body"),  # the superior's document number is required
        ({"source": "visit"}, "body"),  # a visit finding names its visit
        ({"enterprise_uscc": None}, "enterprise_uscc"),
        ({"enterprise_uscc": XINXIAN_USCC}, "enterprise_uscc"),  # another county's enterprise
        ({"enterprise_uscc": "91411522MA45R7K37X"}, "enterprise_uscc"),  # not a valid code
        ({"category_code": "nonsense"}, "category_code"),
        ({"title": "x"}, "title"),
        ({"contact_phone": "12345"}, "contact_phone"),
        ({"urgency": "whenever"}, "urgency"),
        ({"colour": "red"}, "colour"),
    ],
)
async def test_registration_is_validated(client, case_roles, enterprises, change, field):
    resp = await client.post(URL, json=new_case(**change), headers=case_roles["guangshan"])
    assert resp.status_code == 422, resp.text
    assert resp.json()["errors"][0]["field"] == field


async def test_officers_register_every_source(client, case_roles, enterprises):
    for extra in (
        {"source": "superior", "superior_doc_no": "豫商办〔2021〕15号"},
        {"source": "visit", "visit_id": 7},
        {"source": "hotline"},
        {"source": "leader"},
    ):
        resp = await client.post(URL, json=new_case(**extra), headers=case_roles["guangshan"])
        assert resp.status_code == 201, resp.text
        assert resp.json()["source"] == extra["source"]


async def test_a_disabled_category_takes_no_new_cases(client, case_roles, headers, enterprises):
    cats = (await client.get("/api/v1/case-categories", headers=case_roles["enterprise"])).json()["items"]
    assert [c["name"] for c in cats][:3] == ["用地规划", "融资信贷", "用工招聘"] and cats[-1]["code"] == "other"
    other = next(c for c in cats if c["code"] == "other")
    # The defaults are the province's: the province disables them, not a city.
    off = await client.patch(
        f"/api/v1/case-categories/{other['id']}",
        json={"is_active": False},
        headers={**headers("city_officer", "410000"), "If-Match": f'"{other["version"]}"'},
    )
    assert off.status_code == 200 and off.json()["is_active"] is False
    resp = await client.post(URL, json=new_case(category_code="other"), headers=case_roles["guangshan"])
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "category_code"
    added = await client.post(
        "/api/v1/case-categories", json={"code": "market", "name": "市场开拓"}, headers=case_roles["city_officer"]
    )
    assert added.status_code == 201
    assert (
        await client.post(URL, json=new_case(category_code="market"), headers=case_roles["guangshan"])
    ).status_code == 201
    county = await client.post(
        "/api/v1/case-categories", json={"code": "tax", "name": "税费"}, headers=case_roles["guangshan"]
    )
    assert county.status_code == 403


async def test_edit_before_assignment_needs_if_match(driver, client, case_roles, session):
    case = await driver.create()
    url = f"{URL}/{case['id']}"
    assert (await client.patch(url, json={"title": "新标题内容"}, headers=case_roles["guangshan"])).status_code == 428
    ok = await client.patch(
        url,
        json={"title": "新标题内容", "category_code": "financing"},
        headers={**case_roles["guangshan"], "If-Match": '"1"'},
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2 and ok.headers["etag"] == '"2"'
    assert ok.json()["category_name"] == "融资信贷"
    stale = await client.patch(
        url, json={"title": "又一个标题"}, headers={**case_roles["guangshan"], "If-Match": '"1"'}
    )
    assert stale.status_code == 412
    entry = await session.scalar(select(AuditLog).where(AuditLog.action == "case.update"))
    assert entry.before["title"] == "厂房扩建用地指标申请" and entry.after["title"] == "新标题内容"
    await driver.act(case["id"], A.ACCEPT)
    await driver.act(case["id"], A.ASSIGN)
    late = await client.patch(url, json={"title": "交办后修改"}, headers={**case_roles["guangshan"], "If-Match": "*"})
    assert late.status_code == 409 and late.json()["code"] == "case.not_editable"


async def test_actions_honour_if_match_when_sent(driver, client, case_roles):
    case = await driver.create()
    stale = await client.post(
        f"{URL}/{case['id']}/accept", json={}, headers={**case_roles["guangshan"], "If-Match": '"7"'}
    )
    assert stale.status_code == 412
    ok = await client.post(
        f"{URL}/{case['id']}/accept", json={}, headers={**case_roles["guangshan"], "If-Match": '"1"'}
    )
    assert ok.status_code == 200 and ok.headers["etag"] == '"2"'


async def test_idempotency_key_replays_creates_and_actions(driver, client, case_roles, session):
    h = {**case_roles["enterprise"], "Idempotency-Key": "submit-1"}
    first = await client.post(URL, json=new_case(), headers=h)
    again = await client.post(URL, json=new_case(), headers=h)
    assert first.json() == again.json() and again.headers["idempotent-replayed"] == "true"
    other = await client.post(URL, json=new_case(title="另一个诉求标题"), headers=h)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    case_id = first.json()["id"]
    await driver.act(case_id, A.ACCEPT)
    await driver.act(case_id, A.ASSIGN)
    await driver.act(case_id, A.SIGN)
    fh = {**case_roles["unit"], "Idempotency-Key": "feedback-1"}
    body = {"content": "已联系企业"}
    r1 = await client.post(f"{URL}/{case_id}/feedback", json=body, headers=fh)
    r2 = await client.post(f"{URL}/{case_id}/feedback", json=body, headers=fh)
    assert r1.status_code == r2.status_code == 200 and r2.headers["idempotent-replayed"] == "true"
    n = await session.scalar(
        select(func.count()).select_from(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.action == "feedback")
    )
    assert n == 1


async def test_the_timeline_records_actor_time_comment_and_states(driver, client, case_roles, clock):
    case = await driver.to_state(S.IN_PROGRESS)
    clock.advance(hours=2)
    await driver.act(case["id"], A.FEEDBACK, content="已现场踏勘", comment="附现场照片")
    events = (await client.get(f"{URL}/{case['id']}/events", headers=case_roles["enterprise"])).json()["items"]
    assert [e["action"] for e in events] == ["create", "accept", "assign", "sign", "feedback"]
    assert [(e["from_state"], e["to_state"]) for e in events] == [
        (None, "SUBMITTED"),
        ("SUBMITTED", "ACCEPTED"),
        ("ACCEPTED", "ASSIGNED"),
        ("ASSIGNED", "IN_PROGRESS"),
        ("IN_PROGRESS", "IN_PROGRESS"),
    ]
    assign, feedback = events[2], events[4]
    assert assign["actor"] == "user:3" and assign["actor_name"] == "county_officer"
    assert assign["data"]["lead_unit"]["unit_id"] == 2 and assign["data"]["sign_due"]
    assert feedback["actor_unit_id"] == 2 and feedback["comment"] == "已现场踏勘"
    assert feedback["data"]["comment"] == "附现场照片" and feedback["data"]["first_feedback"] is True
    assert feedback["occurred_at"].startswith("2021-07-01T03:00:00")


async def test_every_action_writes_one_audit_entry(driver, session):
    for transition in TRANSITIONS:
        case = await driver.to_state(transition.source)
        before = await audit_actions(session, case["id"])
        await driver.act(case["id"], transition.action)
        after = await audit_actions(session, case["id"])
        assert after == [*before, f"case.{transition.action.value}"], transition
        entry = await session.scalar(
            select(AuditLog).where(AuditLog.entity_id == str(case["id"])).order_by(AuditLog.id.desc())
        )
        assert entry.before["state"] == transition.source.value
        assert entry.after["state"] == transition.target.value
        assert entry.region_code == GUANGSHAN and entry.actor.startswith("user:")


async def test_merge_closes_the_duplicate_and_notes_it_on_the_target(driver, client, case_roles):
    target = await driver.create(title="原诉求标题")
    dup = await driver.create(title="重复诉求标题")
    merged = await driver.act(dup["id"], A.MERGE, into_case_id=target["id"])
    assert (merged["state"], merged["closed_reason"], merged["merged_into_id"]) == ("CLOSED", "merged", target["id"])
    events = (await client.get(f"{URL}/{target['id']}/events", headers=case_roles["guangshan"])).json()["items"]
    assert events[-1]["action"] == "merge_in" and events[-1]["data"]["merged_case_id"] == dup["id"]
    itself = await driver.create()
    resp = await client.post(
        f"{URL}/{itself['id']}/merge", json={"into_case_id": itself["id"]}, headers=case_roles["guangshan"]
    )
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "into_case_id"
    into_closed = await client.post(
        f"{URL}/{itself['id']}/merge", json={"into_case_id": dup["id"]}, headers=case_roles["guangshan"]
    )
    assert into_closed.status_code == 422


async def test_reject_and_answer_now(driver):
    rejected = await driver.act((await driver.create())["id"], A.REJECT)
    assert (rejected["state"], rejected["closed_reason"]) == ("CLOSED", "rejected") and rejected["closed_at"]
    accepted = await driver.to_state(S.ACCEPTED)
    answered = await driver.act(accepted["id"], A.ANSWER_NOW)
    assert answered["state"] == "RESOLVED" and answered["result"] == "该政策可在政务服务网直接申报。"
    assert answered["allowed_actions"] == ["revisit"]  # an officer may record the revisit by phone
    rated = await driver.act(accepted["id"], A.REVISIT, satisfaction="satisfied", comment="很快")
    assert (rated["satisfaction"], rated["satisfaction_comment"]) == ("satisfied", "很快")


async def test_the_happy_path_end_to_end(driver, client, case_roles, attachment_dir):
    """An enterprise submits; the county accepts and assigns; the unit signs, reports, submits; the county
    approves; the enterprise rates; the county closes."""
    case = (await client.post(URL, json=new_case(), headers=case_roles["enterprise"])).json()
    for action in (A.ACCEPT, A.ASSIGN, A.SIGN, A.FEEDBACK):
        await driver.act(case["id"], action)
    up = await client.post(
        f"{URL}/{case['id']}/attachments",
        files={"file": ("批复.pdf", b"%PDF-1.7\n%result\n", "application/pdf")},
        headers=case_roles["unit"],
    )
    assert up.status_code == 201
    done = await driver.act(case["id"], A.SUBMIT_RESULT, attachment_ids=[up.json()["id"]])
    assert done["state"] == "PENDING_REVIEW" and done["result_basis"] == "信自然资〔2021〕12号"
    atts = (await client.get(f"{URL}/{case['id']}/attachments", headers=case_roles["enterprise"])).json()["items"]
    assert atts[0]["kind"] == "result"
    await driver.act(case["id"], A.APPROVE_RESULT)
    mine = (await client.get(f"{URL}/{case['id']}", headers=case_roles["enterprise"])).json()
    assert mine["allowed_actions"] == ["revisit"]
    await driver.act(case["id"], A.REVISIT, satisfaction="satisfied")
    closed = await driver.act(case["id"], A.CLOSE)
    assert (closed["state"], closed["closed_reason"], closed["satisfaction"]) == ("CLOSED", "resolved", "satisfied")
    assert closed["warning_level"] == "green" and closed["resolved_at"] and closed["closed_at"]


async def test_contacts_are_masked_for_those_without_the_right(driver, client, case_roles):
    case = await driver.to_state(S.ASSIGNED)
    phones = {
        role: (await client.get(f"{URL}/{case['id']}", headers=case_roles[role])).json()["contact_phone"]
        for role in ("guangshan", "city_leader", "unit", "enterprise", "co_unit")
    }
    assert phones == {
        "guangshan": "13900001111",
        "city_leader": "139****1111",
        "unit": "13900001111",
        "enterprise": "13900001111",
        "co_unit": "13900001111",
    }


async def test_list_filters_sorts_and_page_shape(driver, client, case_roles, clock, app):
    a = await driver.to_state(S.IN_PROGRESS, title="用地甲")
    b = await driver.create(title="融资乙", category_code="financing", source="hotline")
    c = await driver.create(role="xinxian", enterprise_uscc=XINXIAN_USCC, title="新县丙")
    officer = case_roles["city_officer"]

    async def ids(**params) -> list[int]:
        resp = await client.get(URL, params=params, headers=officer)
        assert resp.status_code == 200, resp.text
        return [i["id"] for i in resp.json()["items"]]

    page = (await client.get(URL, params={"page_size": 2}, headers=officer)).json()
    assert set(page) == {"items", "total", "total_exact", "page", "page_size"}
    assert page["total"] == 3 and page["total_exact"] is True and len(page["items"]) == 2
    assert await ids(state=["SUBMITTED"]) == [c["id"], b["id"]]
    assert set(await ids(state=["SUBMITTED", "IN_PROGRESS"])) == {a["id"], b["id"], c["id"]}
    assert await ids(source="hotline") == [b["id"]]
    assert await ids(category="financing") == [b["id"]]
    assert await ids(region_code=XINXIAN) == [c["id"]]
    assert await ids(region_code=GUANGSHAN, sort="id") == [a["id"], b["id"]]
    assert await ids(unit_id=2) == [a["id"]] and await ids(unit_id=4) == [a["id"]] and await ids(unit_id=3) == []
    assert await ids(enterprise_uscc=XINXIAN_USCC) == [c["id"]]
    assert await ids(q="融资") == [b["id"]] and await ids(q="新县红色") == [c["id"]]
    assert await ids(q=a["case_no"]) == [a["id"]]
    assert await ids(assigned_period="2021-07") == [a["id"]] and await ids(assigned_period="2021-06") == []
    assert await ids(mine="created") == []
    mine = await client.get(URL, params={"mine": "created"}, headers=case_roles["xinxian"])
    assert [i["id"] for i in mine.json()["items"]] == [c["id"]]
    unit = await client.get(URL, params={"mine": "unit"}, headers=case_roles["unit"])
    assert [i["id"] for i in unit.json()["items"]] == [a["id"]]
    # the stored warning level filters and sorts after the periodic check
    clock.advance(days=8)
    check = await client.post(
        "/internal/v1/cases/timer-check", headers={"X-Internal-Token": app.state.settings.internal_token}
    )
    assert check.status_code == 200 and check.json()["level_changes"] == 1
    assert await ids(warning_level="red") == [a["id"]]
    assert (await ids(sort="-warning_level,id"))[0] == a["id"]
    item = next(i for i in (await client.get(URL, headers=officer)).json()["items"] if i["id"] == a["id"])
    assert item["warning_level"] == "red" and item["lead_unit_name"] == "市自然资源和规划局"
    for bad in ({"colour": "red"}, {"sort": "title"}, {"assigned_period": "July"}, {"mine": "all"}, {"state": "DONE"}):
        resp = await client.get(URL, params=bad, headers=officer)
        assert resp.status_code == 422, bad


async def test_the_transition_table_endpoint(client, case_roles):
    table = (await client.get(f"{URL}/transitions", headers=case_roles["enterprise"])).json()
    # 12 states of domain.md §4 and 已暂停; 22 actions and pause, resume, supply_material, urge
    assert len(table["states"]) == 13 and len(table["actions"]) == 26 and len(table["transitions"]) == len(TRANSITIONS)
    sign = next(a for a in table["actions"] if a["code"] == "sign")
    assert sign == {"code": "sign", "label": "签收", "permission": "case:case:handle", "actor": "lead_unit"}


async def test_sync_masks_contacts_and_sends_merged_cases_as_tombstones(driver, client, case_roles, session):
    kept = await driver.to_state(S.ASSIGNED)
    dup = await driver.create(title="重复诉求标题")
    await driver.act(dup["id"], A.MERGE, into_case_id=kept["id"])
    items, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/open/v1/cases", params=params, headers=case_roles["province"])).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    by_id = {i["id"]: i for i in items}
    assert len(items) == len(by_id)
    live = by_id[kept["id"]]
    assert live["deleted"] is False and live["contact_phone"] == "139****1111" and live["contact_person"] == "王**"
    assert live["lead_unit_id"] == 2 and live["co_unit_ids"] == [4] and live["state"] == "ASSIGNED"
    assert by_id[dup["id"]] == {**by_id[dup["id"]], "deleted": True, "merged_into_id": kept["id"], "title": None}
    again = (await client.get("/open/v1/cases", params={"cursor": cursor}, headers=case_roles["province"])).json()
    assert again["items"] == [] and again["has_more"] is False
    await driver.act(kept["id"], A.SIGN)
    changed = (await client.get("/open/v1/cases", params={"cursor": cursor}, headers=case_roles["province"])).json()
    assert [i["id"] for i in changed["items"]] == [kept["id"]] and changed["items"][0]["state"] == "IN_PROGRESS"


async def test_the_0_of_13710_counts_open_cases_without_plan(driver, session):
    from case_service.case.service import open_without_plan_condition, overdue_condition
    from platform_core.db import utcnow

    await driver.to_state(S.IN_PROGRESS)
    await driver.to_state(S.LONG_TERM_TRACKING)
    await driver.to_state(S.CLOSED)
    await driver.to_state(S.SUBMITTED)
    count = await session.scalar(select(func.count()).select_from(Case).where(open_without_plan_condition()))
    assert count == 2  # the submitted and the in-progress case; the planned and the closed one do not count
    later = utcnow() + timedelta(days=8)
    overdue = await session.scalar(select(func.count()).select_from(Case).where(overdue_condition(later)))
    assert overdue == 1
