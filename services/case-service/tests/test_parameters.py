"""系统参数 of case-service: the 13710 limits, the day count and the yellow threshold, edited at run time.

A change is validated (bounds, choices: a problem naming `value`), needs If-Match, is audited, and the next
deadline computed uses it: on this instance at once, on another instance of the same database as soon as
that instance's short cache lapses, with no restart.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import delete, select

from case_service.case.dependencies import current_policy
from case_service.core import AuditLog, Parameter
from case_service.main import create_app
from case_service.settings import CaseSettings

PATH = "/api/v1/parameters/case"


@pytest.fixture(autouse=True)
def fresh_cache(app):
    """The session-wide app keeps its values a few seconds: each test starts and ends with none cached."""
    app.state.parameters.forget()
    yield
    app.state.parameters.forget()


async def _put(client, key, value, headers, version=0):
    return await client.put(f"{PATH}/{key}", json={"value": value}, headers={**headers, "If-Match": f'"{version}"'})


async def test_the_administrator_lists_the_parameters_with_defaults_and_bounds(client, roles):
    resp = await client.get(PATH, headers=roles["admin"])
    assert resp.status_code == 200, resp.text
    by_key = {p["key"]: p for p in resp.json()}
    sign = by_key["timer_sign_days"]
    assert sign | {"value": 1, "default": 1, "minimum": 1, "maximum": 30, "unit": "天", "version": 0} == sign
    assert sign["label"] == "签收时限" and sign["group"] == "13710 办理时限"
    calendar = by_key["timer_calendar"]
    assert calendar["kind"] == "choice" and calendar["value"] == "natural"
    assert [c["label"] for c in calendar["choices"]] == ["自然日", "工作日"]
    assert by_key["warning_yellow_hours"]["value"] == 24
    # Officers neither read nor change them.
    assert (await client.get(PATH, headers=roles["city_officer"])).status_code == 403
    assert (await _put(client, "timer_sign_days", 2, roles["guangshan"])).status_code == 403


async def test_a_change_is_checked_audited_and_used_by_the_next_deadline(client, roles, session, app):
    admin = roles["admin"]
    missing = await client.put(f"{PATH}/timer_sign_days", json={"value": 2}, headers=admin)
    assert missing.status_code == 428
    for bad in (0, 31, "2", True, 2.5):
        resp = await _put(client, "timer_sign_days", bad, admin)
        assert resp.status_code == 422, bad
        assert resp.json()["errors"][0]["field"] == "value"
    wrong_choice = await _put(client, "timer_calendar", "lunar", admin)
    assert wrong_choice.status_code == 422 and "自然日" in wrong_choice.json()["errors"][0]["message"]
    assert (await _put(client, "no_such_parameter", 1, admin)).status_code == 404

    resp = await _put(client, "timer_sign_days", 2, admin)
    assert resp.status_code == 200, resp.text
    assert resp.json()["value"] == 2 and resp.headers["ETag"] == '"1"'
    assert (await _put(client, "timer_sign_days", 3, admin)).status_code == 412  # stale ETag
    (entry,) = (await session.scalars(select(AuditLog).where(AuditLog.action == "parameter.update"))).all()
    assert entry.entity_id == "timer_sign_days" and entry.before == {"value": 1} and entry.after == {"value": 2}

    policy = await current_policy(app, session)
    assigned = datetime(2026, 12, 7, 9, tzinfo=UTC)
    assert policy.deadlines(assigned, "ordinary").sign_due == assigned + timedelta(days=2)
    assert (await _put(client, "warning_yellow_hours", 48, admin)).status_code == 200
    assert (await current_policy(app, session)).yellow_window == timedelta(hours=48)
    # Working days: the holiday calendar is loaded when the parameter asks for it.
    assert (await _put(client, "timer_calendar", "workdays", admin)).status_code == 200
    friday = datetime(2026, 12, 11, 9, tzinfo=UTC)
    workdays = await current_policy(app, session)
    assert workdays.calendar == "workdays" and workdays.add_days(friday, 1).weekday() == 0


async def test_another_instance_on_the_same_database_uses_the_change_without_restart(database, tokens, roles):
    def instance():
        app = create_app(CaseSettings(PLATFORM_ENV="test"), database=database, verifier=tokens.verifier)
        app.state.parameters.refresh_s = 0  # read the table on every use: no waiting in the test
        return app

    first, second = instance(), instance()
    before = await current_policy(second)
    assert before.ordinary_days == 7
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=first), base_url="http://a") as a:
            resp = await _put(a, "timer_ordinary_days", 5, roles["admin"])
        assert resp.status_code == 200, resp.text
        # The second instance never saw the request: it reads the committed value from the shared table.
        assert (await current_policy(second)).ordinary_days == 5
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=second), base_url="http://b") as b:
            listed = {p["key"]: p for p in (await b.get(PATH, headers=roles["admin"])).json()}
        assert listed["timer_ordinary_days"]["value"] == 5 and listed["timer_ordinary_days"]["version"] == 1
    finally:
        async with database.session() as s:
            await s.execute(delete(Parameter))
            await s.execute(delete(AuditLog).where(AuditLog.action == "parameter.update"))
            await s.commit()


async def test_a_replica_keeps_its_values_only_for_the_refresh_interval(database, tokens):
    now = [0.0]
    app = create_app(CaseSettings(PLATFORM_ENV="test"), database=database, verifier=tokens.verifier)
    store = app.state.parameters
    store.clock = lambda: now[0]
    assert (await store.current())["timer_feedback_days"] == 3
    try:
        async with database.session() as s:  # another replica's change, straight into the table
            s.add(Parameter(key="timer_feedback_days", value=4, updated_by="另一实例"))
            await s.commit()
        now[0] += store.refresh_s / 2
        assert (await store.current())["timer_feedback_days"] == 3
        now[0] += store.refresh_s
        assert (await store.current())["timer_feedback_days"] == 4
    finally:
        async with database.session() as s:
            await s.execute(delete(Parameter))
            await s.commit()


async def test_officers_read_the_limits_in_force_with_the_lifecycle(client, roles):
    """The action form names the limit the administrator set (一般问题 N 个工作日), not a number of its own."""

    async def limits() -> dict[str, tuple[int, str]]:
        resp = await client.get("/api/v1/cases/transitions", headers=roles["guangshan"])
        assert resp.status_code == 200, resp.text
        return {row["step"]: (row["days"], row["unit"]) for row in resp.json()["limits"]}

    assert (await limits())["resolve_ordinary"] == (7, "day")
    admin = roles["admin"]
    assert (await _put(client, "timer_calendar", "workdays", admin)).status_code == 200
    assert (await _put(client, "timer_ordinary_days", 5, admin)).status_code == 200
    assert (await _put(client, "timer_major_limit", "workdays10", admin)).status_code == 200
    app_limits = await limits()
    assert app_limits["resolve_ordinary"] == (5, "workday") and app_limits["resolve_major"] == (10, "workday")
    assert app_limits["sign"][1] == "workday"
