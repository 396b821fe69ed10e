"""A problem found on a visit becomes a case (source 走访发现) in one step, through the case module."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from test_pairing_support import ENTERPRISE_USCC, two_enterprises

from case_service.case.models import Case, CaseEvent
from case_service.core import AuditLog
from case_service.visit.models import VisitProblem

URL = "/api/v1/visits"


@pytest.fixture
async def visit(client, roles, session, regions):
    await two_enterprises(session, regions)
    body = {
        "visit_date": "2021-07-20",
        "enterprise_uscc": ENTERPRISE_USCC,
        "visitors": ["李建国", "王晓梅"],
        "campaign": "千家外企大走访",
        "problems": ["厂房扩建缺少用地指标，需协调自然资源部门", "出口退税办理周期长"],
    }
    resp = await client.post(URL, json=body, headers=roles["guangshan"])
    assert resp.status_code == 201, resp.text
    return resp.json()


async def test_found_problem_becomes_a_case_linked_both_ways(client, roles, session, visit):
    problem = visit["problems"][0]
    resp = await client.post(
        f"{URL}/{visit['id']}/cases",
        json={"problem_id": problem["id"], "category_code": "land_planning", "urgency": "urgent"},
        headers=roles["guangshan"],
    )
    assert resp.status_code == 201, resp.text
    out = resp.json()
    case = out["case"]
    assert case["source"] == "visit" and case["visit_id"] == visit["id"] and case["state"] == "SUBMITTED"
    assert case["title"] == "厂房扩建缺少用地指标，需协调自然资源部门"
    assert case["description"].startswith("厂房扩建缺少用地指标") and "千家外企大走访" in case["description"]
    assert resp.headers["location"] == f"/api/v1/cases/{case['id']}"
    linked = out["visit"]["problems"][0]
    assert linked["case_id"] == case["id"] and linked["case_created_at"] is not None
    assert out["visit"]["case_count"] == 1 and out["visit"]["version"] == 2

    stored = await session.get(Case, case["id"])
    assert stored.enterprise_uscc == ENTERPRISE_USCC and stored.urgency == "urgent"
    events = (await session.scalars(select(CaseEvent.action).where(CaseEvent.case_id == stored.id))).all()
    assert events == ["create"]
    actions = set((await session.scalars(select(AuditLog.action).where(AuditLog.actor == "user:3"))).all())
    assert {"visit.create", "case.create", "visit.problem_to_case"} <= actions

    again = await client.post(
        f"{URL}/{visit['id']}/cases",
        json={"problem_id": problem["id"], "category_code": "land_planning"},
        headers=roles["guangshan"],
    )
    assert again.status_code == 409 and again.json()["case_id"] == case["id"]
    # The visit's ETag moved on, and the linked problem can no longer be dropped.
    stale = await client.patch(
        f"{URL}/{visit['id']}", json={"problems": []}, headers={**roles["guangshan"], "If-Match": '"2"'}
    )
    assert stale.status_code == 409


async def test_idempotent_retry_creates_one_case(client, roles, session, visit):
    h = {**roles["guangshan"], "Idempotency-Key": "visit-case-1"}
    body = {"problem_id": visit["problems"][1]["id"], "category_code": "land_planning", "title": "出口退税周期长"}
    first = await client.post(f"{URL}/{visit['id']}/cases", json=body, headers=h)
    second = await client.post(f"{URL}/{visit['id']}/cases", json=body, headers=h)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json() and second.headers["idempotent-replayed"] == "true"
    assert len((await session.scalars(select(Case).where(Case.visit_id == visit["id"]))).all()) == 1


async def test_refusals(client, roles, session, visit):
    url = f"{URL}/{visit['id']}/cases"
    pid = visit["problems"][0]["id"]
    foreign = await client.post(
        url, json={"problem_id": 999999, "category_code": "land_planning"}, headers=roles["guangshan"]
    )
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "problem_id"
    category = await client.post(url, json={"problem_id": pid, "category_code": "nope"}, headers=roles["guangshan"])
    assert category.status_code == 422 and category.json()["errors"][0]["field"] == "category_code"
    assert (await session.get(VisitProblem, pid)).case_id is None
    body = {"problem_id": pid, "category_code": "land_planning"}
    assert (await client.post(url, json=body, headers=roles["city_leader"])).status_code == 403  # reads only
    assert (await client.post(url, json=body, headers=roles["xinxian"])).status_code == 404  # another county
    assert (await client.post(url, json=body, headers=roles["unit"])).status_code == 403
    assert (await client.post(url, json=body, headers=roles["city_officer"])).status_code == 201


async def test_the_case_takes_the_directorys_contact_unless_the_form_sends_one(client, roles, session, visit):
    from case_service.enterprise.models import Enterprise

    ent = await session.scalar(select(Enterprise).where(Enterprise.uscc == ENTERPRISE_USCC))
    ent.contact_person, ent.contact_phone = "王建国", "13900001111"
    await session.flush()
    first, second = visit["problems"]
    url = f"{URL}/{visit['id']}/cases"
    taken = await client.post(
        url, json={"problem_id": first["id"], "category_code": "land_planning"}, headers=roles["guangshan"]
    )
    assert taken.status_code == 201, taken.text
    stored = await session.get(Case, taken.json()["case"]["id"])
    assert (stored.contact_person, stored.contact_phone) == ("王建国", "13900001111")
    sent = await client.post(
        url,
        json={
            "problem_id": second["id"],
            "category_code": "land_planning",
            "contact_person": "李会计",
            "contact_phone": None,
        },
        headers=roles["guangshan"],
    )
    assert sent.status_code == 201, sent.text
    other = await session.get(Case, sent.json()["case"]["id"])
    assert (other.contact_person, other.contact_phone) == ("李会计", None)
