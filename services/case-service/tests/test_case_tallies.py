"""Monthly case tallies: equal to a recount after every lifecycle action and after a rebuild, and the statistics
they serve equal to the statistics counted from the cases."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import timedelta

from sqlalchemy import select, update
from test_case_support import A, S, case_fixtures, local, stats_officer

from case_service.case.models import Case
from case_service.case.timers import TimerPolicy
from case_service.indicators import service as stats
from case_service.indicators import tally
from case_service.indicators.models import CaseMonthTally, CaseTally, CaseYearTally
from case_service.indicators.service import Tally
from platform_core.periods import parse_period

globals().update(case_fixtures())

CITY, GUANGSHAN = "411500", "411522"


async def assert_recounted(session) -> None:
    """The stored tallies, their roll-ups and the horizons are what a recount of the cases gives."""
    conn = await session.connection()
    expected, horizons = await conn.run_sync(lambda c: tally.recount(c))
    assert await conn.run_sync(tally.stored) == expected
    assert await conn.run_sync(tally.stored_rollups) == tally.rolled_up(expected)
    assert dict((await session.execute(select(Case.id, Case.stats_horizon))).all()) == horizons


PERIODS = ("2021", "2021-Q3", "2021-07", "2021-08", "2021-08-YTD", "2021-09")


async def assert_same_statistics(session, regions, now, periods: tuple[str, ...] = PERIODS) -> int:
    """Tallied and counted statistics agree for whole-month periods, scopes and filters; the groups compared."""
    compared = 0
    for period in periods:
        for region in (CITY, GUANGSHAN):
            for kw in ({}, {"source": "superior"}, {"region_code": GUANGSHAN}, {"region_code": "411523"}):
                args = dict(
                    principal=stats_officer(regions, region),
                    regions=regions,
                    period=parse_period(period),
                    now=now,
                    policy=TimerPolicy(),
                    **kw,
                )
                fast = await stats.compute(session, list_overdue=True, **args)
                slow = await stats.compute(session, use_tallies=False, list_overdue=True, **args)
                where = (period, region, kw)
                assert fast.total() == slow.total() and fast.as_of == slow.as_of, where
                assert fast.total(superior=True) == slow.total(superior=True), where
                assert fast.by(lambda k: k.region_code) == slow.by(lambda k: k.region_code), where
                by_unit = slow.by(lambda k: k.unit_id)
                assert fast.by(lambda k: k.unit_id) == by_unit, where
                assert {u: fast.unit_names[u] for u in by_unit} == {u: slow.unit_names[u] for u in by_unit}
                assert {i: t for i, t in fast.by_month().items() if t != Tally()} == slow.by_month(), where
                assert fast.overdue_cases == slow.overdue_cases
                compared += len(by_unit) + len(slow.by_month())
    return compared


async def test_tallies_follow_every_lifecycle_path_and_serve_the_same_statistics(
    driver, clock, session, regions, case_roles
):
    clock.set(local(2021, 7, 30, 9, 0))
    await assert_recounted(session)
    main = await driver.create()
    await assert_recounted(session)
    await driver.act(main["id"], A.ACCEPT)
    await driver.act(main["id"], A.ASSIGN)
    await assert_recounted(session)
    # A unit sends it back and it goes to another unit (the transfer path): the lead unit of its counts moves.
    await driver.act(main["id"], A.REQUEST_RETURN)
    await driver.act(main["id"], A.APPROVE_RETURN)
    await assert_recounted(session)
    clock.advance(days=1)
    await driver.act(main["id"], A.ASSIGN, lead_unit={"unit_id": 3, "unit_name": "市发展和改革委员会"}, co_units=[])
    await driver.act(main["id"], A.APPROVE_RETURN, expect=409)
    await assert_recounted(session)
    await driver.act(main["id"], A.SIGN, role="other_unit")
    clock.advance(days=2)
    await driver.act(main["id"], A.FEEDBACK, role="other_unit")
    await driver.act(main["id"], A.REQUEST_EXTENSION, role="other_unit")
    await driver.act(main["id"], A.APPROVE_EXTENSION)
    await driver.act(main["id"], A.ESCALATE)
    await driver.act(main["id"], A.DECIDE)
    await assert_recounted(session)
    clock.advance(days=3)
    await driver.act(main["id"], A.SUBMIT_RESULT, role="other_unit")
    await driver.act(main["id"], A.SEND_BACK)
    await driver.act(main["id"], A.SUBMIT_RESULT, role="other_unit")
    await driver.act(main["id"], A.APPROVE_RESULT)
    await driver.act(main["id"], A.REVISIT)  # dissatisfied
    await assert_recounted(session)
    # Reopened: resolved and submitted instants go, a fresh deadline comes; then resolved again, late.
    clock.advance(days=9)
    await driver.act(main["id"], A.REOPEN)
    await assert_recounted(session)
    await driver.act(main["id"], A.SUBMIT_RESULT, role="other_unit")
    await driver.act(main["id"], A.APPROVE_RESULT)
    await driver.act(main["id"], A.REVISIT, satisfaction="satisfied")
    await driver.act(main["id"], A.CLOSE)
    await assert_recounted(session)

    # Withdrawn from the flow at the door: rejected, merged, answered at once; one left in long-term tracking.
    rejected = await driver.create(source="superior", superior_doc_no="豫商办〔2021〕15号")
    await driver.act(rejected["id"], A.REJECT)
    merged = await driver.create()
    await driver.act(merged["id"], A.MERGE)
    answered = await driver.create(source="hotline")
    await driver.act(answered["id"], A.ACCEPT)
    await driver.act(answered["id"], A.ANSWER_NOW)
    await assert_recounted(session)
    clock.advance(days=1)
    tracked = await driver.to_state(S.LONG_TERM_TRACKING)
    late = await driver.to_state(S.IN_PROGRESS)
    await driver.act(late["id"], A.REQUEST_EXTENSION)
    await driver.act(late["id"], A.DENY_EXTENSION)
    await assert_recounted(session)
    assert tracked["state"] == "LONG_TERM_TRACKING"

    # Mid-August: July is complete in the tallies, August runs (its active cases are re-read).
    now = clock.now
    assert now.month == 8 and now.day > 1
    assert await assert_same_statistics(session, regions, now) > 50
    # And after August: every month complete; cut off at a month's first instant; and the year over.
    assert await assert_same_statistics(session, regions, local(2021, 10, 2, 8, 0)) > 50
    assert await assert_same_statistics(session, regions, local(2021, 9, 1)) > 50
    assert await assert_same_statistics(session, regions, local(2022, 1, 3)) > 50
    # Before everything: nothing, either way.
    assert await assert_same_statistics(session, regions, local(2021, 7, 15)) == 0

    clock.advance(minutes=1)  # the cut-off is now, exclusive: the cases just registered count from the next instant
    resp = await driver.client.get("/api/v1/cases/stats", params={"period": "2021"}, headers=case_roles["city_leader"])
    assert resp.status_code == 200, resp.text
    every = resp.json()["all"]
    assert every["flow"]["received"] == len(driver.created)
    assert every["flow"]["closed"] == 3  # the main case, the rejected and the merged one
    # The rejected and merged cases are counts of their own, outside both sides of 办结率.
    cohort = every["cohort"]
    assert (cohort["rejected"], cohort["merged"]) == (1, 1)
    assert cohort["accepted"] == len(driver.created) - 2 == every["rates"]["resolution"]["denominator"]
    assert cohort["resolved"] == 2 == every["rates"]["resolution"]["numerator"]  # the main case and the answered one


async def test_a_rebuild_restores_tallies_and_horizons(driver, clock, session, regions):
    clock.set(local(2021, 8, 20, 10, 0))
    for _ in range(2):
        case = await driver.create()
        await driver.act(case["id"], A.ACCEPT)
        await driver.act(case["id"], A.ASSIGN)
        clock.advance(days=20)
        await driver.act(case["id"], A.SIGN)
    before = await assert_same_statistics(session, regions, clock.now)
    await session.execute(update(CaseTally).values(received=CaseTally.received + 5))
    await session.execute(update(CaseYearTally).values(done=CaseYearTally.done + 1))
    await session.execute(update(CaseMonthTally).values(closed=CaseMonthTally.closed + 2))
    await session.execute(update(Case).values(stats_horizon=None, updated_at=Case.updated_at))
    stamps = dict((await session.execute(select(Case.id, Case.updated_at))).all())
    conn = await session.connection()
    expected, _ = await conn.run_sync(lambda c: tally.recount(c))
    assert await conn.run_sync(tally.stored) != expected
    assert await conn.run_sync(tally.stored_rollups) != tally.rolled_up(await conn.run_sync(tally.stored))
    written = await conn.run_sync(lambda c: tally.rebuild(c, batch=1))
    assert written == len(expected) > 0
    await assert_recounted(session)
    assert dict((await session.execute(select(Case.id, Case.updated_at))).all()) == stamps
    assert await assert_same_statistics(session, regions, clock.now) == before > 0


async def test_a_year_counts_what_is_complete_within_it(driver, clock, session, regions):
    # Registered and assigned at the end of one year, signed, answered and resolved in the next: the yearly
    # roll-ups keep what the old year completed and leave the rest to the statistics of a cut-off after it.
    clock.set(local(2021, 12, 30, 10, 0))
    spanning = await driver.create()
    await driver.act(spanning["id"], A.ACCEPT)
    await driver.act(spanning["id"], A.ASSIGN)
    within = await driver.create(source="superior", superior_doc_no="豫商办〔2021〕30号")
    await driver.act(within["id"], A.ACCEPT)
    await driver.act(within["id"], A.ASSIGN)
    await driver.act(within["id"], A.SIGN)
    clock.advance(days=3)
    await driver.act(spanning["id"], A.SIGN)
    await driver.act(spanning["id"], A.FEEDBACK)
    clock.advance(days=4)
    await driver.act(spanning["id"], A.SUBMIT_RESULT)
    await driver.act(spanning["id"], A.APPROVE_RESULT)
    await assert_recounted(session)
    years = ("2021", "2022", "2021-12", "2022-01", "2021-Q4")
    for now in (local(2021, 12, 31, 9, 0), local(2022, 1, 1), local(2022, 1, 4, 12, 0), local(2022, 2, 1, 8, 0)):
        assert await assert_same_statistics(session, regions, now, years) > 0, now
    conn = await session.connection()
    years_rolled, _ = await conn.run_sync(tally.stored_rollups)
    assert {k.year for k in years_rolled} == {2021, 2022}


def test_each_count_has_its_anchor_and_second_instant():
    t0 = local(2021, 7, 31, 23, 0)  # 31 July in Shanghai, 31 July 15:00 UTC
    values = {name: None for name in tally.TALLIED}
    values.update(
        source="superior",
        region_code=GUANGSHAN,
        region_path="/410000/411500/411522/",
        created_at=t0,
        assigned_at=t0 + timedelta(hours=2),
        sign_due=t0 + timedelta(days=1, hours=2),
        signed_at=t0 + timedelta(days=2),  # late
        first_feedback_due=t0 + timedelta(days=3, hours=2),
        first_feedback_at=t0 + timedelta(days=3),  # in time
        resolve_due=t0 + timedelta(days=7, hours=2),
        result_submitted_at=t0 + timedelta(days=7),
        resolved_at=t0 + timedelta(days=9),  # approved late, submitted in time: on time
        lead_unit_id=2,
        lead_unit_name="市自然资源和规划局",
    )
    got = {(m, a.date().isoformat(), s.date().isoformat()) for m, a, s in tally.instants(values)}
    july, aug = tally.month_of(t0), tally.month_of(t0 + timedelta(hours=2))
    assert (july, aug) == (2021 * 12 + 6, 2021 * 12 + 7)
    assert {m for m, *_ in got} == {
        "received", "done", "assigned", "sign_due", "feedback_due", "feedback_in_time", "resolved", "on_time",
    }  # fmt: skip
    rows = tally.contributions(values)
    assert rows[next(k for k in rows if (k.month, k.second_month) == (july, july))] == {"received": 1}
    assert rows[next(k for k in rows if (k.month, k.second_month) == (july, aug))] == {"done": 1}
    assert sum(rows.values(), start=Counter()) == Counter({m: 1 for m, *_ in got})
    assert all(k.lead_unit_id == 2 and k.source == "superior" for k in rows)
    assert tally.horizon(values) == t0 + timedelta(days=9)


PROBE = """
import sys
from sqlalchemy import event
from sqlalchemy.orm import Session
import {module}
hook = sys.modules.get("case_service.indicators.tally")
sys.exit(0 if hook is not None and event.contains(Session, "before_flush", hook._keep_tallies) else 1)
"""


def test_the_app_and_the_seed_keep_the_tallies():
    # A fresh interpreter each: in this one the test set-up has imported every module already.
    for module in ("case_service.main", "demo_data.case"):
        probe = PROBE.replace("{module}", module)
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{module} does not keep the tallies: {result.stderr[-2000:]}"
