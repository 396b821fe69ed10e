"""Deadline reminders and the leaders' daily digest through the notification interface: early warning at the
系统参数 threshold and not before, to the lead unit's people and the county officers, by the channels each chose
(quiet hours hold e-mail and SMS), each once per deadline, channel and person; the digest counts open, yellow,
red and overdue cases per county and unit, once a day per leader."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select, update
from test_case_support import CO_UNIT, LEAD_UNIT, S, case_fixtures

from case_service.case import service as cases
from case_service.case.models import Case
from case_service.case.parameters import DIGEST_HOUR, REMINDER_LEAD_HOURS
from case_service.core import Parameter
from case_service.notification import reminders
from case_service.notification.models import Notification, SendLog
from case_service.settings import CaseSettings
from platform_core.delivery import EMAIL, INBOX, SMS, Contact, Delivery, LoggingSmsProvider, in_directory

globals().update(case_fixtures())

UNIT_KEY = f"unit:{LEAD_UNIT['unit_id']}"
HANDLER = Contact("user:8", "赵磊", "zl@example.cn", "13912345678", frozenset({INBOX, SMS}), region_code="411500")
OFFICER = Contact("user:4", "陈志强", "gs@example.cn", "13800000004", frozenset({INBOX, EMAIL}), region_code="411522")
CITY_LEADER = Contact("user:3", "李建国", "lj@example.cn", None, frozenset({INBOX, EMAIL}), region_code="411500")
COUNTY_LEADER = Contact("user:20", "县领导", None, None, frozenset({INBOX}), region_code="411522")


class Directory:
    """The gateway's recipient directory as the tests set it up (and the keys it was asked for)."""

    def __init__(self, people: dict[str, list[Contact]]) -> None:
        self.people = people
        self.asked: list[str] = []

    async def resolve(self, keys):
        self.asked.extend(keys)
        # The gateway answers 422 for a key it cannot read, which fails the whole round (`contacts.service.resolve`).
        unreadable = [k for k in keys if not in_directory(k)]
        if unreadable:
            raise AssertionError(f"the directory cannot resolve {unreadable}")
        return {k: self.people.get(k, []) for k in keys}


@pytest.fixture
def directory(app):
    default, delivery = app.state.recipients, app.state.delivery
    # e-mail is on here (the deployment turns it on with an SMTP host; SMTP itself is tested in platform-core)
    app.state.delivery = Delivery(
        SendLog, inbox=reminders.write_inbox, email=LoggingSmsProvider(), sms=LoggingSmsProvider()
    )
    app.state.recipients = Directory(
        {
            UNIT_KEY: [HANDLER],
            "role:county_officer:411522": [OFFICER],
            "role:city_leader": [CITY_LEADER, COUNTY_LEADER],
        }
    )
    yield app.state.recipients
    app.state.recipients, app.state.delivery = default, delivery


async def set_parameter(session, app, key: str, value: int) -> None:
    session.add(Parameter(key=key, value=value, updated_by="test"))
    await session.flush()
    app.state.parameters.forget()


async def round_(session, app, now: datetime) -> int:
    """One reminder round inside the test's transaction (what `send_reminders` does before sending)."""
    lead = await reminders.lead_time(app, session)
    due = await cases.due_reminders(session, now=now, lead=lead)
    return await reminders.enqueue_reminders(session, app.state.delivery, app.state.recipients, due, now=now)


async def log_rows(session, key_prefix: str = "case:") -> list[tuple[str, str, str, str]]:
    rows = await session.execute(
        select(SendLog.message_key, SendLog.channel, SendLog.recipient, SendLog.status)
        .where(SendLog.message_key.startswith(key_prefix))
        .order_by(SendLog.id)
    )
    return [tuple(r) for r in rows]


def test_the_threshold_and_the_digest_hour_are_system_parameters(app):
    specs = app.state.parameters.specs
    assert specs[REMINDER_LEAD_HOURS].label == "到期提前提醒时长" and specs[REMINDER_LEAD_HOURS].default == 24
    assert specs[DIGEST_HOUR].label == "领导每日摘要发送时间" and specs[DIGEST_HOUR].maximum == 23


async def test_early_warning_at_the_threshold_and_not_before_once_per_channel_and_person(
    driver, app, session, clock, directory
):
    await set_parameter(session, app, REMINDER_LEAD_HOURS, 48)
    case = await driver.to_state(S.IN_PROGRESS)
    feedback_due = datetime.fromisoformat(case["first_feedback_due"])
    assert await round_(session, app, feedback_due - timedelta(hours=48, seconds=1)) == 0
    at = feedback_due - timedelta(hours=48)
    # the unit's inbox, SMS to its handler (who chose SMS, not e-mail), the officer's inbox and e-mail
    assert await round_(session, app, at) == 4
    key = f"case:{case['id']}:feedback_due:{feedback_due.astimezone(UTC).isoformat()}"
    assert await log_rows(session) == [
        (key, INBOX, UNIT_KEY, "sent"),
        (key, SMS, "user:8", "pending"),
        (key, INBOX, "user:4", "sent"),
        (key, EMAIL, "user:4", "pending"),
    ]
    assert UNIT_KEY in directory.asked and "role:county_officer:411522" in directory.asked
    # a repeated tick (or a second replica) adds nothing
    for minutes in (0, 5, 60):
        assert await round_(session, app, at + timedelta(minutes=minutes)) == 0
    inbox = (await session.scalars(select(Notification.recipient).where(Notification.kind == "feedback_due"))).all()
    assert sorted(inbox) == [UNIT_KEY, "user:4"]


async def test_overdue_reaches_the_unit_the_county_officer_and_the_assigning_officer(
    driver, app, session, clock, directory
):
    case = await driver.to_state(S.IN_PROGRESS)
    await session.execute(update(Case).where(Case.id == case["id"]).values(assigned_by="user:77"))
    directory.people["user:77"] = [Contact("user:77", "交办人", channels=frozenset({INBOX}))]
    resolve_due = datetime.fromisoformat(case["resolve_due"])
    await round_(session, app, resolve_due)  # due, not yet past it: early warnings only
    assert not [k for k, *_ in await log_rows(session) if ":overdue:" in k]
    await round_(session, app, resolve_due + timedelta(minutes=1))
    overdue = [(c, who) for k, c, who, _s in await log_rows(session) if ":overdue:" in k]
    assert overdue == [(INBOX, UNIT_KEY), (SMS, "user:8"), (INBOX, "user:4"), (EMAIL, "user:4"), (INBOX, "user:77")]
    assert await round_(session, app, resolve_due + timedelta(days=1)) == 0


async def test_a_case_assigned_by_no_person_is_still_reminded_of_to_its_unit_and_officers(
    driver, app, session, clock, directory
):
    """A case assigned by a machine client or the seed: the overdue round reaches the unit and the county officers,
    and asks the directory for no key it cannot read (it would refuse the whole round, every tick)."""
    case = await driver.to_state(S.IN_PROGRESS)
    for assigner in ("seed:county-411522", "client:province"):
        await session.execute(update(Case).where(Case.id == case["id"]).values(assigned_by=assigner))
        resolve_due = datetime.fromisoformat(case["resolve_due"])
        await round_(session, app, resolve_due + timedelta(minutes=1))
        assert assigner not in directory.asked
    overdue = [(c, who) for k, c, who, _s in await log_rows(session) if ":overdue:" in k]
    assert overdue == [(INBOX, UNIT_KEY), (SMS, "user:8"), (INBOX, "user:4"), (EMAIL, "user:4")]


async def test_quiet_hours_hold_sms_and_an_unchosen_channel_is_not_used(driver, app, session, clock, directory):
    sleeper = Contact(
        "user:8", phone="13912345678", channels=frozenset({INBOX, SMS}), quiet_start=time(0), quiet_end=time(23, 59)
    )
    inbox_only = Contact("user:4", email="gs@example.cn", channels=frozenset({INBOX}))
    directory.people[UNIT_KEY] = [sleeper]
    directory.people["role:county_officer:411522"] = [inbox_only]
    case = await driver.to_state(S.IN_PROGRESS)
    resolve_due = datetime.fromisoformat(case["resolve_due"])
    now = resolve_due - timedelta(hours=1)
    await round_(session, app, now)
    rows = await session.execute(
        select(SendLog.channel, SendLog.recipient, SendLog.status, SendLog.not_before).where(
            SendLog.message_key.contains(":due_tomorrow:")
        )
    )
    by_channel = {(r.channel, r.recipient): r for r in rows}
    assert set(by_channel) == {(INBOX, UNIT_KEY), (SMS, "user:8"), (INBOX, "user:4")}  # no e-mail: not chosen
    held = by_channel[(SMS, "user:8")]
    assert held.status == "held" and held.not_before > now


async def test_the_digest_counts_per_county_and_unit_once_a_day_per_leader(
    driver, app, session, clock, directory, regions
):
    first = await driver.to_state(S.IN_PROGRESS)
    second = await driver.to_state(S.IN_PROGRESS)
    third = await driver.to_state(S.IN_PROGRESS)
    await driver.to_state(S.SUBMITTED)  # not assigned: not counted
    # the second case is in 新县 and led by another unit; the first is yellow, the third red and overdue
    await session.execute(
        update(Case)
        .where(Case.id == second["id"])
        .values(
            region_code="411523",
            region_path=regions.path_of("411523"),
            lead_unit_id=CO_UNIT["unit_id"],
            lead_unit_name=CO_UNIT["unit_name"],
        )
    )
    await session.execute(update(Case).where(Case.id == first["id"]).values(warning_level="yellow"))
    now = clock()
    await session.execute(
        update(Case).where(Case.id == third["id"]).values(warning_level="red", resolve_due=now - timedelta(hours=1))
    )
    await session.flush()

    city = await reminders.digest_for(session, app.state.regions, "411500", now=now)
    assert (city.area.open, city.area.yellow, city.area.red, city.area.overdue) == (3, 1, 1, 1)
    counties = {c.name: (c.open, c.yellow, c.red, c.overdue) for c in city.counties}
    assert counties == {"光山县": (2, 1, 1, 1), "新县": (1, 0, 0, 0)}
    units = {u.name: (u.open, u.yellow, u.red, u.overdue) for u in city.units}
    assert units == {LEAD_UNIT["unit_name"]: (2, 1, 1, 1), CO_UNIT["unit_name"]: (1, 0, 0, 0)}
    county = await reminders.digest_for(session, app.state.regions, "411522", now=now)
    assert [c.name for c in county.counties] == ["光山县"] and county.area.open == 2

    today = now.astimezone(reminders.SHANGHAI).date()
    # the city leader by inbox and e-mail, the county leader by inbox
    assert await reminders.enqueue_digests(session, app, now=now, day=today) == 3
    assert await reminders.enqueue_digests(session, app, now=now + timedelta(hours=1), day=today) == 0
    notes = (
        await session.scalars(select(Notification).where(Notification.kind == "digest").order_by(Notification.id))
    ).all()
    assert [n.recipient for n in notes] == ["user:3", "user:20"]
    assert "光山县：在办2件，黄色预警1件，红色预警1件，超期1件" in (notes[0].body or "")
    assert "新县" not in (notes[1].body or "")
    tomorrow = today + timedelta(days=1)
    assert await reminders.enqueue_digests(session, app, now=now + timedelta(days=1), day=tomorrow) == 3


def test_the_digest_goes_at_the_digest_hour_or_when_run_by_hand():
    before = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)  # 07:30 on the 8th in Beijing
    assert reminders.digest_day(before, 8, manual=False) is None
    assert reminders.digest_day(before, 8, manual=True) == date(2026, 12, 8)
    assert reminders.digest_day(before + timedelta(minutes=30), 8, manual=False) == date(2026, 12, 8)


def test_the_digest_job_is_in_the_console_with_a_chinese_name(app):
    from case_service.main import jobs

    app.state.settings = CaseSettings(PLATFORM_ENV="test", digest_check_interval_s=900, timer_check_interval_s=0)
    try:
        named = {j.name: j.label for j in jobs(app)}
    finally:
        app.state.settings = CaseSettings(PLATFORM_ENV="test", sync_settle_seconds=0)
    assert named[reminders.DIGEST_JOB] == "领导每日诉求办理摘要"
