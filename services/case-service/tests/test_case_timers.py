"""13710 timers: deadlines on natural and working days at the boundaries (time frozen), extensions, plans,
reopening, and the one warning-level function behind lists, details and the stored level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from test_case_support import URL, A, S, case_fixtures, local

from case_service.case.models import WarningLevel
from case_service.case.timers import TimerPolicy, missed_deadlines, policy_from_settings, warning_level
from case_service.settings import CaseSettings
from platform_core.periods import SHANGHAI

globals().update(case_fixtures())

NATURAL = TimerPolicy()
WORKDAYS = policy_from_settings(CaseSettings(PLATFORM_ENV="test", timer_calendar="workdays"))
G, Y, R, E = WarningLevel.GREEN, WarningLevel.YELLOW, WarningLevel.RED, WarningLevel.ESCALATED
SECOND = timedelta(seconds=1)


def iso(moment: datetime) -> datetime:
    return moment.astimezone(SHANGHAI)


@pytest.mark.parametrize(
    ("policy", "assigned", "sign", "feedback", "ordinary", "major"),
    [
        # natural days: the same local time 1, 3, 7 and 30 days later
        (
            NATURAL,
            local(2021, 7, 1, 9),
            local(2021, 7, 2, 9),
            local(2021, 7, 4, 9),
            local(2021, 7, 8, 9),
            local(2021, 7, 31, 9),
        ),
        # National Day: 1-7 October off; Saturday 9 October is a make-up workday (调休)
        (
            WORKDAYS,
            local(2021, 9, 30, 10),
            local(2021, 10, 8, 10),
            local(2021, 10, 11, 10),
            local(2021, 10, 15, 10),
            local(2021, 11, 17, 10),
        ),
        # Spring Festival: 11-17 February off; Saturday 20 February is a make-up workday
        (
            WORKDAYS,
            local(2021, 2, 10, 16, 30),
            local(2021, 2, 18, 16, 30),
            local(2021, 2, 20, 16, 30),
            local(2021, 2, 25, 16, 30),
            local(2021, 3, 30, 16, 30),
        ),
        # assigned on a Saturday: counting starts from Monday
        (
            WORKDAYS,
            local(2021, 7, 3, 11),
            local(2021, 7, 5, 11),
            local(2021, 7, 7, 11),
            local(2021, 7, 13, 11),
            local(2021, 8, 13, 11),
        ),
        # natural days ignore holidays
        (
            NATURAL,
            local(2021, 9, 30, 10),
            local(2021, 10, 1, 10),
            local(2021, 10, 3, 10),
            local(2021, 10, 7, 10),
            local(2021, 10, 30, 10),
        ),
    ],
)
def test_deadlines(policy, assigned, sign, feedback, ordinary, major):
    due = policy.deadlines(assigned, "ordinary")
    assert (due.sign_due, due.first_feedback_due, due.resolve_due) == (sign, feedback, ordinary)
    assert policy.deadlines(assigned, "major").resolve_due == major
    assert policy.month_limit(assigned, None) == major


def test_working_days_are_local_days_whatever_the_offset():
    # 20:00 UTC on 30 September is 04:00 on 1 October in Shanghai: a holiday, so counting starts on the 8th.
    evening_utc = datetime(2021, 9, 30, 20, 0, tzinfo=UTC)
    due = WORKDAYS.deadlines(evening_utc, "ordinary")
    assert due.sign_due == local(2021, 10, 8, 4) and due.sign_due.tzinfo is UTC


T0 = local(2021, 7, 1, 9)
DAY = timedelta(days=1)


@dataclass
class Timed:
    """An ordinary case assigned at T0, signed within the hour, first feedback on day 1."""

    state: str = "IN_PROGRESS"
    assigned_at: datetime | None = T0
    sign_due: datetime | None = T0 + DAY
    signed_at: datetime | None = T0 + timedelta(hours=1)
    first_feedback_due: datetime | None = T0 + 3 * DAY
    first_feedback_at: datetime | None = T0 + DAY
    resolve_due: datetime | None = T0 + 7 * DAY
    result_submitted_at: datetime | None = None
    paused_at: datetime | None = None
    paused_seconds: int = 0


@pytest.mark.parametrize(
    ("case", "now", "level"),
    [
        (Timed(), T0, G),
        # unsigned: at the sign deadline still green, a second later red
        (Timed(state="ASSIGNED", signed_at=None, first_feedback_at=None), T0 + timedelta(days=1), G),
        (Timed(state="ASSIGNED", signed_at=None, first_feedback_at=None), T0 + timedelta(days=1) + SECOND, R),
        # the 3-day feedback: missing a second after its deadline is yellow
        (Timed(first_feedback_at=None), T0 + timedelta(days=3), G),
        (Timed(first_feedback_at=None), T0 + timedelta(days=3) + SECOND, Y),
        # due within one day is yellow; exactly one day before is already yellow
        (Timed(), T0 + timedelta(days=6) - SECOND, G),
        (Timed(), T0 + timedelta(days=6), Y),
        (Timed(), T0 + timedelta(days=7), Y),
        # overdue a second after the deadline
        (Timed(), T0 + timedelta(days=7) + SECOND, R),
        # past the 1-month limit
        (Timed(), T0 + timedelta(days=30), R),
        (Timed(), T0 + timedelta(days=30) + SECOND, E),
        # a major case reaches the month limit and its deadline together
        (Timed(resolve_due=T0 + timedelta(days=30)), T0 + timedelta(days=30) + SECOND, E),
        # an extension beyond the month moves the limit with it
        (Timed(resolve_due=T0 + timedelta(days=40)), T0 + timedelta(days=35), G),
        (Timed(resolve_due=T0 + timedelta(days=40)), T0 + timedelta(days=40) + SECOND, E),
        # ESCALATED, or under an open supervision order
        (Timed(state="ESCALATED"), T0, E),
        # a long-term case answers to its plan, not to the month
        (Timed(state="LONG_TERM_TRACKING", resolve_due=T0 + timedelta(days=90)), T0 + timedelta(days=60), G),
        (Timed(state="LONG_TERM_TRACKING", resolve_due=T0 + timedelta(days=90)), T0 + timedelta(days=90) + SECOND, R),
        # a result waiting for review: the clock stands at its submission
        (Timed(state="PENDING_REVIEW", result_submitted_at=T0 + timedelta(days=4)), T0 + timedelta(days=20), G),
        (Timed(state="PENDING_REVIEW", result_submitted_at=T0 + timedelta(days=8)), T0 + timedelta(days=9), R),
        # waiting for the enterprise's material: the colour freezes at the pause
        (Timed(state="PAUSED", paused_at=T0 + timedelta(days=2)), T0 + timedelta(days=60), G),
        (Timed(state="PAUSED", paused_at=T0 + timedelta(days=6)), T0 + timedelta(days=60), Y),
        (Timed(state="PAUSED", paused_at=T0 + timedelta(days=8)), T0 + timedelta(days=60), R),
        # paused time moves the month limit: 10 days paused, the limit is day 40
        (Timed(resolve_due=T0 + timedelta(days=17), paused_seconds=10 * 86400), T0 + timedelta(days=35), R),
        (Timed(resolve_due=T0 + timedelta(days=17), paused_seconds=10 * 86400), T0 + 40 * DAY + SECOND, E),
        # not yet assigned, resolved, visited, closed: green whatever the dates
        (Timed(state="SUBMITTED", assigned_at=None), T0 + timedelta(days=100), G),
        (Timed(state="RESOLVED"), T0 + timedelta(days=100), G),
        (Timed(state="CLOSED"), T0 + timedelta(days=100), G),
    ],
)
def test_warning_levels(case, now, level):
    assert warning_level(case, now=now, policy=NATURAL) == level


def test_supervision_escalates_an_open_case_only():
    assert warning_level(Timed(), now=T0, policy=NATURAL, supervised=True) == E
    assert warning_level(Timed(state="RESOLVED"), now=T0, policy=NATURAL, supervised=True) == G


@pytest.mark.parametrize(
    ("case", "now", "missed"),
    [
        (Timed(), T0 + timedelta(days=6), []),
        # red for want of a signature: the sign deadline (and, two days on, the feedback one)
        (Timed(state="ASSIGNED", signed_at=None, first_feedback_at=None), T0 + DAY + SECOND, ["sign"]),
        (Timed(state="ASSIGNED", signed_at=None, first_feedback_at=None), T0 + 3 * DAY + SECOND, ["sign", "feedback"]),
        # red for the resolution deadline; escalated past the month as well
        (Timed(), T0 + 7 * DAY + SECOND, ["resolve"]),
        (Timed(first_feedback_at=None), T0 + 30 * DAY + SECOND, ["feedback", "resolve", "month_limit"]),
        # a major case: its deadline is the month, named once
        (Timed(resolve_due=T0 + 30 * DAY), T0 + 30 * DAY + SECOND, ["resolve"]),
        # a result under review stopped the clock at its submission; resolved cases missed nothing
        (Timed(state="PENDING_REVIEW", result_submitted_at=T0 + 8 * DAY), T0 + 40 * DAY, ["resolve"]),
        (Timed(state="RESOLVED"), T0 + 100 * DAY, []),
    ],
)
def test_a_late_case_names_the_deadlines_it_missed(case, now, missed):
    got = missed_deadlines(case, now=now, policy=NATURAL)
    assert [m.kind for m in got] == missed
    assert all(m.label for m in got) and [m.due for m in got] == sorted(m.due for m in got)


def test_the_major_limit_can_be_ten_working_days():
    policy = policy_from_settings(CaseSettings(PLATFORM_ENV="test", timer_major_limit="workdays10"))
    assert policy.calendar == "natural"  # the other timers keep natural days
    # Thursday 30 September 2021, then National Day (1-7 October) and the make-up Saturday 9 October.
    assigned = local(2021, 9, 30, 10)
    due = policy.deadlines(assigned, "major")
    # 8, 9 (Saturday, worked), 11-15 and 18-20 October: the tenth working day is Wednesday 20 October.
    assert due.resolve_due == local(2021, 10, 20, 10)
    assert due.sign_due == local(2021, 10, 1, 10)
    assert policy.deadlines(assigned, "ordinary").resolve_due == local(2021, 10, 7, 10)


async def test_assignment_sets_the_deadlines_with_the_frozen_clock(driver, clock):
    clock.set(local(2021, 7, 1, 9))
    case = await driver.to_state(S.ASSIGNED)
    assert iso(datetime.fromisoformat(case["assigned_at"])) == local(2021, 7, 1, 9)
    assert iso(datetime.fromisoformat(case["sign_due"])) == local(2021, 7, 2, 9)
    assert iso(datetime.fromisoformat(case["first_feedback_due"])) == local(2021, 7, 4, 9)
    assert iso(datetime.fromisoformat(case["resolve_due"])) == local(2021, 7, 8, 9)
    assert case["warning_level"] == "green"


async def test_assignment_on_working_days(driver, clock, app):
    app.state.case_timer_policy = WORKDAYS
    try:
        clock.set(local(2021, 9, 30, 10))
        case = await driver.to_state(S.ACCEPTED, complexity="major")
        case = await driver.act(case["id"], A.ASSIGN)
    finally:
        app.state.case_timer_policy = None
    assert iso(datetime.fromisoformat(case["sign_due"])) == local(2021, 10, 8, 10)
    assert iso(datetime.fromisoformat(case["first_feedback_due"])) == local(2021, 10, 11, 10)
    assert iso(datetime.fromisoformat(case["resolve_due"])) == local(2021, 11, 17, 10)
    events = (await driver.client.get(f"{URL}/{case['id']}/events", headers=driver.roles["guangshan"])).json()
    assert events["items"][-1]["data"]["calendar"] == "workdays"


async def test_complexity_chosen_at_assignment_sets_one_month(driver, clock):
    case = await driver.to_state(S.ACCEPTED)
    case = await driver.act(case["id"], A.ASSIGN, complexity="major")
    assert case["complexity"] == "major"
    assert datetime.fromisoformat(case["resolve_due"]) == clock.now + timedelta(days=30)


async def test_warning_moves_with_the_clock_in_detail_and_list(driver, clock, client, case_roles):
    case = await driver.to_state(S.IN_PROGRESS)
    url = f"{URL}/{case['id']}"

    async def levels() -> tuple[str, str]:
        detail = (await client.get(url, headers=case_roles["guangshan"])).json()["warning_level"]
        listed = (await client.get(URL, headers=case_roles["guangshan"])).json()["items"]
        return detail, next(i["warning_level"] for i in listed if i["id"] == case["id"])

    assert await levels() == ("green", "green")
    clock.advance(days=3, seconds=1)
    assert await levels() == ("yellow", "yellow")  # no first feedback yet
    await driver.act(case["id"], A.FEEDBACK)
    assert await levels() == ("green", "green")
    clock.advance(days=3)
    assert await levels() == ("yellow", "yellow")  # due within a day
    clock.advance(days=1)
    assert await levels() == ("red", "red")
    listed = (await client.get(URL, headers=case_roles["guangshan"])).json()["items"]
    row = next(i for i in listed if i["id"] == case["id"])
    assert [m["kind"] for m in row["missed_deadlines"]] == ["resolve"]
    assert (
        row["missed_deadlines"][0]["label"] == "办结期限" and row["missed_deadlines"][0]["due"] == case["resolve_due"]
    )
    clock.advance(days=24)
    assert await levels() == ("escalated", "escalated")
    detail = (await client.get(url, headers=case_roles["guangshan"])).json()
    assert [m["kind"] for m in detail["missed_deadlines"]] == ["resolve", "month_limit"]


async def test_first_feedback_is_kept_once(driver, clock):
    case = await driver.to_state(S.IN_PROGRESS)
    clock.advance(hours=5)
    first = await driver.act(case["id"], A.FEEDBACK)
    clock.advance(hours=5)
    again = await driver.act(case["id"], A.FEEDBACK, content="第二次反馈")
    assert first["first_feedback_at"] == again["first_feedback_at"]
    assert datetime.fromisoformat(first["first_feedback_at"]) == clock.now - timedelta(hours=5)


async def test_an_approved_extension_moves_the_deadline(driver, clock, app):
    case = await driver.to_state(S.IN_PROGRESS)
    due = datetime.fromisoformat(case["resolve_due"])
    await driver.act(case["id"], A.REQUEST_EXTENSION, days=5)
    approved = await driver.act(case["id"], A.APPROVE_EXTENSION, days=3, comment="同意延期3天")
    assert datetime.fromisoformat(approved["resolve_due"]) == due + timedelta(days=3)
    ext = approved["extensions"][0]
    assert (ext["status"], ext["requested_days"], ext["approved_days"]) == ("approved", 5, 3)
    assert datetime.fromisoformat(ext["previous_due"]) == due
    assert datetime.fromisoformat(ext["new_due"]) == due + timedelta(days=3)
    # a denied request leaves the deadline alone
    await driver.act(case["id"], A.REQUEST_EXTENSION, days=2)
    denied = await driver.act(case["id"], A.DENY_EXTENSION)
    assert denied["resolve_due"] == approved["resolve_due"]
    assert [e["status"] for e in denied["extensions"]] == ["approved", "denied"]


async def test_extension_on_working_days(driver, clock, app):
    app.state.case_timer_policy = WORKDAYS
    try:
        clock.set(local(2021, 9, 24, 10))
        case = await driver.to_state(S.IN_PROGRESS)
        # 7 working days from Friday 24 September: 26 Sep (make-up), 27-30 Sep, 8 and 9 Oct
        assert iso(datetime.fromisoformat(case["resolve_due"])) == local(2021, 10, 9, 10)
        await driver.act(case["id"], A.REQUEST_EXTENSION, days=2)
        approved = await driver.act(case["id"], A.APPROVE_EXTENSION)
    finally:
        app.state.case_timer_policy = None
    assert iso(datetime.fromisoformat(approved["resolve_due"])) == local(2021, 10, 12, 10)


async def test_a_long_term_plan_sets_the_deadline_to_its_last_date(driver, clock):
    case = await driver.to_state(S.LONG_TERM_TRACKING)
    assert [m["seq"] for m in case["milestones"]] == [1, 2]
    last = case["milestones"][-1]["due_date"]
    assert iso(datetime.fromisoformat(case["resolve_due"])).isoformat() == f"{last}T23:59:59+08:00"
    assert case["long_term_plan"] == "指标纳入下一年度计划"
    clock.advance(days=45)
    assert (await driver.detail(case["id"]))["warning_level"] == "green"  # no month limit under a plan
    done = await driver.act(case["id"], A.FEEDBACK, completed_milestone_ids=[case["milestones"][0]["id"]])
    assert done["milestones"][0]["done_at"] is not None and done["milestones"][1]["done_at"] is None


async def test_a_plan_dated_in_the_past_is_refused(driver, clock):
    case = await driver.to_state(S.IN_PROGRESS)
    resp = await driver.client.post(
        f"{URL}/{case['id']}/long_term",
        json={"plan": "计划", "milestones": [{"due_date": "2021-06-30", "content": "已过去的日期"}]},
        headers=driver.roles["unit"],
    )
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "milestones.0.due_date"


async def test_reopening_gives_a_fresh_deadline_once(driver, clock):
    case = await driver.to_state(S.VISITED)
    clock.advance(days=10)
    reopened = await driver.act(case["id"], A.REOPEN)
    assert reopened["reopen_count"] == 1 and reopened["resolved_at"] is None
    assert datetime.fromisoformat(reopened["resolve_due"]) == clock.now + timedelta(days=7)
    for action in (A.SUBMIT_RESULT, A.APPROVE_RESULT, A.REVISIT):
        await driver.act(case["id"], action)
    again = await driver.client.post(
        f"{URL}/{case['id']}/reopen", json={"reason": "仍不满意"}, headers=driver.roles["guangshan"]
    )
    assert again.status_code == 409 and "上限" in again.json()["reason"]
    assert "reopen" not in (await driver.detail(case["id"]))["allowed_actions"]


async def test_a_returned_case_is_reassigned_with_new_deadlines(driver, clock):
    case = await driver.to_state(S.RETURN_REQUESTED)
    back = await driver.act(case["id"], A.APPROVE_RETURN)
    assert back["state"] == "ACCEPTED" and back["lead_unit_id"] is None and back["units"] == []
    assert back["assigned_at"] is None and back["resolve_due"] is None
    clock.advance(days=2)
    again = await driver.act(
        case["id"], A.ASSIGN, lead_unit={"unit_id": 3, "unit_name": "市发展和改革委员会"}, co_units=[]
    )
    assert datetime.fromisoformat(again["sign_due"]) == clock.now + timedelta(days=1)
    assert again["units"] == [{"unit_id": 3, "unit_name": "市发展和改革委员会", "role": "lead"}]
