"""The lifecycle table: every (state, action) allowed or refused, by state and by role, in the table and over HTTP."""

from __future__ import annotations

import pytest
from conftest import ENTERPRISE_USCC
from sqlalchemy import select
from test_case_support import ACTORS, URL, A, S, case_fixtures, role_permissions

from case_service.case.flows import ACTION_RULES, TABLE, TRANSITIONS, Actor, allowed_actions, check_transition
from case_service.case.models import Case, CaseEvent
from case_service.case.timers import TimerPolicy
from platform_core.auth import Principal
from platform_core.problems import ProblemError

globals().update(case_fixtures())

#: domain.md §4, typed out independently of the code's table.
DOMAIN = {
    ("SUBMITTED", "accept", "ACCEPTED"),
    ("SUBMITTED", "reject", "CLOSED"),
    ("SUBMITTED", "merge", "CLOSED"),
    ("ACCEPTED", "answer_now", "RESOLVED"),
    ("ACCEPTED", "assign", "ASSIGNED"),
    ("ASSIGNED", "sign", "IN_PROGRESS"),
    ("ASSIGNED", "request_return", "RETURN_REQUESTED"),
    ("RETURN_REQUESTED", "approve_return", "ACCEPTED"),
    ("RETURN_REQUESTED", "deny_return", "ASSIGNED"),
    ("IN_PROGRESS", "feedback", "IN_PROGRESS"),
    ("IN_PROGRESS", "request_extension", "EXTENSION_REQUESTED"),
    ("EXTENSION_REQUESTED", "approve_extension", "IN_PROGRESS"),
    ("EXTENSION_REQUESTED", "deny_extension", "IN_PROGRESS"),
    ("IN_PROGRESS", "escalate", "ESCALATED"),
    ("ESCALATED", "decide", "IN_PROGRESS"),
    ("IN_PROGRESS", "long_term", "LONG_TERM_TRACKING"),
    ("LONG_TERM_TRACKING", "feedback", "LONG_TERM_TRACKING"),
    ("LONG_TERM_TRACKING", "submit_result", "PENDING_REVIEW"),
    ("IN_PROGRESS", "submit_result", "PENDING_REVIEW"),
    ("PENDING_REVIEW", "approve_result", "RESOLVED"),
    ("PENDING_REVIEW", "send_back", "IN_PROGRESS"),
    ("RESOLVED", "revisit", "VISITED"),
    ("VISITED", "close", "CLOSED"),
    ("VISITED", "reopen", "IN_PROGRESS"),
    # 等待企业补充材料: the resolve clock stops until the enterprise supplies it or the unit resumes.
    ("IN_PROGRESS", "pause", "PAUSED"),
    ("PAUSED", "resume", "IN_PROGRESS"),
    ("PAUSED", "supply_material", "IN_PROGRESS"),
    # 催办 leaves the state as it is.
    ("ASSIGNED", "urge", "ASSIGNED"),
    ("IN_PROGRESS", "urge", "IN_PROGRESS"),
    ("EXTENSION_REQUESTED", "urge", "EXTENSION_REQUESTED"),
    ("LONG_TERM_TRACKING", "urge", "LONG_TERM_TRACKING"),
}

ROLES = ("city_leader", "city_officer", "guangshan", "unit", "co_unit", "enterprise", "admin", "province")
UNITS = {"unit": 2, "co_unit": 4}
POLICY = TimerPolicy()


def principal(role: str) -> Principal:
    return Principal(
        subject=f"user:{role}",
        kind="client" if role == "province" else "user",
        name=role,
        roles=frozenset({role}),
        permissions=role_permissions(role),
        data_scopes=frozenset({"ALL"}),
        unit_id=UNITS.get(role),
        enterprise_uscc=ENTERPRISE_USCC if role == "enterprise" else None,
    )


def case_in(state: S) -> Case:
    return Case(
        state=state.value, lead_unit_id=2, satisfaction="dissatisfied", reopen_count=0, enterprise_uscc=ENTERPRISE_USCC
    )


def expected(state: S, action: A, role: str) -> int:
    rule = ACTION_RULES[action]
    if rule.permission not in role_permissions(role):
        return 403
    if (state, action) not in TABLE:
        return 409
    if rule.actor is Actor.LEAD_UNIT and role != "unit":
        return 403
    if rule.actor is Actor.ENTERPRISE and role != "enterprise":
        return 403
    return 200


def test_the_table_is_domain_md():
    assert {(t.source.value, t.action.value, t.target.value) for t in TRANSITIONS} == DOMAIN
    assert len(TABLE) == len(TRANSITIONS)
    assert set(ACTION_RULES) == set(A)
    assert {t.action for t in TRANSITIONS} == set(A)
    # every state is reachable and every non-final state has a way out
    assert {t.target for t in TRANSITIONS} | {S.SUBMITTED} == set(S)
    assert {t.source for t in TRANSITIONS} == set(S) - {S.CLOSED}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(S))
def test_every_action_by_state_and_role(state, role):
    who = principal(role)
    item = case_in(state)
    for action in A:
        want = expected(state, action, role)
        if want == 200:
            assert check_transition(item, action, who, POLICY).target == TABLE[(state, action)].target
        else:
            with pytest.raises(ProblemError) as err:
                check_transition(item, action, who, POLICY)
            assert err.value.status == want, (state, action, role)
            if want == 409:
                assert err.value.code == "case.invalid_transition"
                assert err.value.extra["state"] == state.value and err.value.extra["action"] == action.value
    allowed = allowed_actions(item, who, POLICY)
    assert set(allowed) == {a for a in A if expected(state, a, role) == 200}


def test_roles_split_the_work():
    """The lead unit handles, officers accept/assign/review/close, leaders decide, the enterprise rates."""
    by_role = {role: {a for s in S for a in allowed_actions(case_in(s), principal(role), POLICY)} for role in ROLES}
    assert by_role["unit"] == {
        A.SIGN,
        A.REQUEST_RETURN,
        A.FEEDBACK,
        A.REQUEST_EXTENSION,
        A.LONG_TERM,
        A.SUBMIT_RESULT,
        A.PAUSE,
        A.RESUME,
    }
    assert by_role["co_unit"] == set()
    assert by_role["city_leader"] == {A.DECIDE}
    assert by_role["enterprise"] == {A.REVISIT, A.SUPPLY_MATERIAL}
    assert by_role["admin"] == by_role["province"] == set()
    officer = set(A) - by_role["unit"] - {A.DECIDE, A.SUPPLY_MATERIAL}
    assert by_role["guangshan"] == by_role["city_officer"] == officer


def test_reopen_guard_needs_dissatisfaction_and_a_reopen_left():
    officer = principal("guangshan")
    satisfied = Case(state="VISITED", lead_unit_id=2, satisfaction="satisfied", reopen_count=0)
    used = Case(state="VISITED", lead_unit_id=2, satisfaction="dissatisfied", reopen_count=1)
    for item in (satisfied, used):
        assert A.REOPEN not in allowed_actions(item, officer, POLICY)
        with pytest.raises(ProblemError) as err:
            check_transition(item, A.REOPEN, officer, POLICY)
        assert err.value.status == 409 and err.value.extra["reason"]
    assert A.REOPEN in allowed_actions(used, officer, TimerPolicy(max_reopen=2))


@pytest.mark.parametrize("state", list(S))
async def test_over_http_each_action_from_each_state(driver, client, session, case_roles, state):
    case = await driver.to_state(state)
    unit_sees = state not in (S.SUBMITTED, S.ACCEPTED)
    allowed: dict[str, list[str]] = {}
    for action in A:
        role = ACTORS[action]
        if (state, action) in TABLE:
            fresh = await driver.to_state(state)
            done = await driver.act(fresh["id"], action)
            assert done["state"] == TABLE[(state, action)].target.value
            event = await session.scalar(
                select(CaseEvent).where(CaseEvent.case_id == fresh["id"]).order_by(CaseEvent.id.desc())
            )
            assert (event.action, event.from_state, event.to_state) == (action.value, state.value, done["state"])
            continue
        body = driver.body_for(action, **({"into_case_id": case["id"] + 1000} if action is A.MERGE else {}))
        resp = await client.post(f"{URL}/{case['id']}/{action.value}", json=body, headers=case_roles[role])
        if role == "unit" and not unit_sees:
            assert resp.status_code == 404, (action, resp.text)
            continue
        assert resp.status_code == 409, (action, resp.text)
        problem = resp.json()
        assert problem["code"] == "case.invalid_transition"
        assert problem["state"] == state.value and problem["action"] == action.value
        assert problem["title"] == "当前状态不允许此操作" and "不能执行" in problem["detail"]
        if role not in allowed:
            allowed[role] = (await driver.detail(case["id"], role))["allowed_actions"]
        assert problem["allowed_actions"] == allowed[role]
    # nothing changed the case that refused every other action
    assert (await driver.detail(case["id"]))["state"] == state.value


async def test_detail_lists_only_the_callers_actions(driver):
    case = await driver.to_state(S.IN_PROGRESS)
    expected_by_role = {
        "unit": ["feedback", "request_extension", "long_term", "submit_result", "pause"],
        "guangshan": ["escalate", "urge"],
        "city_leader": [],
        "enterprise": [],
        "co_unit": [],
    }
    for role, actions in expected_by_role.items():
        assert (await driver.detail(case["id"], role))["allowed_actions"] == actions, role


@pytest.mark.parametrize("action", list(A))
async def test_a_role_without_the_permission_is_403(driver, client, case_roles, action):
    case = await driver.to_state(S.IN_PROGRESS)
    rule = ACTION_RULES[action]
    candidates = ("enterprise", "unit", "city_leader", "guangshan", "province")
    role = next(r for r in candidates if rule.permission not in role_permissions(r))
    resp = await client.post(f"{URL}/{case['id']}/{action.value}", json={}, headers=case_roles[role])
    assert resp.status_code == 403
    assert resp.json()["missing_permissions"] == [rule.permission]


async def test_only_the_lead_units_handler_handles(driver, client, case_roles):
    case = await driver.to_state(S.ASSIGNED)
    co = await client.post(f"{URL}/{case['id']}/sign", json={}, headers=case_roles["co_unit"])
    assert co.status_code == 403 and co.json()["code"] == "forbidden"
    other = await client.post(f"{URL}/{case['id']}/sign", json={}, headers=case_roles["other_unit"])
    assert other.status_code == 404
    assert (await driver.act(case["id"], A.SIGN))["state"] == "IN_PROGRESS"
