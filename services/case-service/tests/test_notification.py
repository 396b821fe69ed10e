"""Inboxes: notices from actions and from the periodic timer check (each (case, kind, due instant) once),
mine and my unit's, unread count, read and read-all; the background task stays off in tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from test_case_support import ENTERPRISE_USCC, A, S, case_fixtures

from case_service.case import flows
from case_service.main import create_app
from case_service.notification.models import Notification
from case_service.settings import CaseSettings

globals().update(case_fixtures())

INBOX = "/api/v1/notifications"
CHECK = "/internal/v1/cases/timer-check"


async def inbox(client, headers, **params) -> list[dict]:
    resp = await client.get(INBOX, params={"page_size": 100, **params}, headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]


async def kinds(client, headers) -> list[str]:
    return [n["kind"] for n in reversed(await inbox(client, headers))]


async def test_actions_notify_units_and_people(driver, client, case_roles, clock):
    case = await driver.to_state(S.ASSIGNED)
    assert await kinds(client, case_roles["unit"]) == ["assigned"]
    assert await kinds(client, case_roles["co_unit"]) == ["assigned"]
    assert await kinds(client, case_roles["other_unit"]) == []
    await driver.act(case["id"], A.REQUEST_RETURN)
    assert await kinds(client, case_roles["guangshan"]) == ["returned"]  # the assigning officer
    await driver.act(case["id"], A.DENY_RETURN)
    await driver.act(case["id"], A.SIGN)
    await driver.act(case["id"], A.SUBMIT_RESULT)
    await driver.act(case["id"], A.APPROVE_RESULT)
    await driver.act(case["id"], A.REVISIT, satisfaction="basically_satisfied")
    # the county officer assigned the case and registered it: results, the resolution and the rating reach them
    assert await kinds(client, case_roles["guangshan"]) == ["returned", "result_submitted", "resolved", "rated"]
    assert await kinds(client, case_roles["unit"]) == ["assigned", "returned", "rated"]
    submitted = await inbox(client, case_roles["guangshan"], kind="result_submitted")
    assert submitted[0]["case_id"] == case["id"] and case["case_no"] in submitted[0]["body"]


async def test_the_enterprise_hears_its_case_is_resolved(driver, client, case_roles):
    from test_case_support import new_case

    case = (await client.post("/api/v1/cases", json=new_case(), headers=case_roles["enterprise"])).json()
    for action in (A.ACCEPT, A.ASSIGN, A.SIGN, A.SUBMIT_RESULT, A.APPROVE_RESULT):
        await driver.act(case["id"], action)
    notes = await inbox(client, case_roles["enterprise"])
    # The submitter hears of it, and every user of the enterprise gets the revisit link (also texted).
    assert [n["kind"] for n in notes] == ["resolved", "resolved"]
    assert {n["recipient"] for n in notes} == {"user:6", f"enterprise:{ENTERPRISE_USCC}"}
    assert any("/m/revisit/" in (n["body"] or "") for n in notes)


async def test_timer_checks_notify_once_per_deadline(driver, client, case_roles, clock, check, session):
    case = await driver.to_state(S.IN_PROGRESS)
    assert (await check())["notifications"] == 0
    clock.advance(days=2, seconds=1)  # first feedback due within a day
    assert (await check())["notifications"] == 1
    assert (await check())["notifications"] == 0
    clock.advance(days=4)  # resolution due within a day (and the feedback still missing)
    assert (await check())["notifications"] == 1
    clock.advance(days=1, seconds=1)  # overdue: the unit and the assigning officer
    report = await check()
    assert report["notifications"] == 2 and report["level_changes"] == 1
    for _ in range(3):
        assert (await check())["notifications"] == 0
    assert await kinds(client, case_roles["unit"]) == ["assigned", "feedback_due", "due_tomorrow", "overdue"]
    assert await kinds(client, case_roles["guangshan"]) == ["overdue"]
    total = await session.scalar(
        select(func.count()).select_from(Notification).where(Notification.case_id == case["id"])
    )
    assert total == 6  # assigned ×2 (lead and co-unit), feedback_due, due_tomorrow, overdue ×2


async def test_a_moved_deadline_is_a_new_deadline(driver, client, case_roles, clock, check):
    case = await driver.to_state(S.IN_PROGRESS)
    await driver.act(case["id"], A.FEEDBACK)
    clock.advance(days=6, seconds=1)
    assert (await check())["notifications"] == 1  # due tomorrow
    await driver.act(case["id"], A.REQUEST_EXTENSION, days=3)
    await driver.act(case["id"], A.APPROVE_EXTENSION)
    assert (await check())["notifications"] == 0
    clock.advance(days=3)
    assert (await check())["notifications"] == 1  # due tomorrow again, for the new deadline
    dues = [n for n in await inbox(client, case_roles["unit"], kind="due_tomorrow")]
    assert len({n["due_at"] for n in dues}) == 2


async def test_timer_check_needs_the_internal_token(client):
    assert (await client.post(CHECK)).status_code == 401
    assert (await client.post(CHECK, headers={"X-Internal-Token": "guess"})).status_code == 401


async def test_unread_count_read_and_read_all(driver, client, case_roles):
    await driver.to_state(S.ASSIGNED)
    await driver.to_state(S.ASSIGNED)
    unit = case_roles["unit"]
    assert (await client.get(f"{INBOX}/unread-count", headers=unit)).json() == {"count": 2}
    first = (await inbox(client, unit))[0]
    read = await client.post(f"{INBOX}/{first['id']}/read", headers=unit)
    assert read.status_code == 200 and read.json()["read_at"] and read.json()["read_by"] == "user:5"
    assert (await client.get(f"{INBOX}/unread-count", headers=unit)).json() == {"count": 1}
    assert len(await inbox(client, unit, unread="true")) == 1 and len(await inbox(client, unit, unread="false")) == 1
    # someone else's notice looks absent
    assert (await client.post(f"{INBOX}/{first['id']}/read", headers=case_roles["other_unit"])).status_code == 404
    assert (await client.post(f"{INBOX}/read-all", headers=unit)).json() == {"updated": 1}
    assert (await client.get(f"{INBOX}/unread-count", headers=unit)).json() == {"count": 0}
    # a unit's inbox is shared: the co-unit's notices stay unread
    assert (await client.get(f"{INBOX}/unread-count", headers=case_roles["co_unit"])).json() == {"count": 2}


@pytest.mark.parametrize("role", ["admin", "auditor", "province"])
async def test_inbox_needs_the_permission(client, case_roles, role):
    assert (await client.get(INBOX, headers=case_roles[role])).status_code == 403


async def test_periodic_jobs_are_off_in_tests_and_start_and_stop_with_the_app(database, tokens):
    from asgi_lifespan import LifespanManager

    off = create_app(CaseSettings(PLATFORM_ENV="test"), database=database, verifier=tokens.verifier)
    async with LifespanManager(off):
        assert off.state.jobs is None
    on = create_app(
        CaseSettings(PLATFORM_ENV="demo", timer_check_interval_s=3600), database=database, verifier=tokens.verifier
    )
    async with LifespanManager(on):
        tasks = list(on.state.jobs._tasks)
        assert {t.get_name() for t in tasks} == {
            f"job:{flows.TIMER_JOB}",
            "job:case-leader-digest",
            "job:purge-idempotency",
            "job:purge-job-runs",
            "job:purge-notifications",
            "job:archive-audit-log",
        }
        assert not any(t.done() for t in tasks)
    assert all(t.cancelled() for t in tasks)


def test_clock_fixture_moves(clock):
    start = clock.now
    assert clock.advance(hours=1) - start == timedelta(hours=1)
