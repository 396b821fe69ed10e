"""Demo cases: every state across the counties, some red and escalated, work for the demo unit, the demo
enterprise's own cases; loaded once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from case_service.case.models import Case, CaseEvent
from case_service.case.service import due_reminders
from case_service.core import SCHEMA
from case_service.enterprise.models import Enterprise
from case_service.indicators import tally
from case_service.notification.models import Notification
from case_service.pairing.models import Pairing
from case_service.settings import CaseSettings
from case_service.visit.models import Visit
from demo_data.case import (
    CASES_2021,
    MEASURE_AREAS_2021,
    NANYANG,
    NANYANG_CASES,
    NANYANG_ENTERPRISES,
    PLAN_DOC_NUMBER,
    demo_enterprises,
    load_campaign,
    load_cases,
    load_nanyang,
    seed_cases,
)
from platform_core.demo import DEMO_CITY_UNITS, DEMO_ENTERPRISE_USCC, DEMO_SECOND_CITY_UNITS
from platform_core.periods import SHANGHAI, today
from platform_core.testing import migrated_database
from platform_core.uscc import check_character

SERVICE_ROOT = Path(__file__).resolve().parents[1]


async def test_demo_cases_cover_the_lifecycle_once(tmp_path, regions):
    # A database of its own: seeding commits, and the shared test database must stay as the fixtures leave it.
    db = await migrated_database(SERVICE_ROOT, SCHEMA, f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}")
    settings = CaseSettings(PLATFORM_ENV="test")
    try:
        async with db.sessionmaker() as session:
            for row in demo_enterprises(regions, per_county=3):
                session.add(Enterprise(**row, region_path=regions.path_of(str(row["region_code"])), created_by="seed"))
            await session.commit()
        await seed_cases(db, regions, settings)
        async with db.sessionmaker() as session:
            cases = list(await session.scalars(select(Case)))
            assert {c.state for c in cases} == {
                "SUBMITTED",
                "ACCEPTED",
                "ASSIGNED",
                "RETURN_REQUESTED",
                "IN_PROGRESS",
                "EXTENSION_REQUESTED",
                "ESCALATED",
                "LONG_TERM_TRACKING",
                "PENDING_REVIEW",
                "RESOLVED",
                "VISITED",
                "CLOSED",
            }
            assert {c.closed_reason for c in cases if c.state == "CLOSED"} == {"resolved", "rejected", "merged"}
            levels = [c.warning_level for c in cases]
            assert levels.count("red") >= 3 and "escalated" in levels and "yellow" in levels
            zrzy = DEMO_CITY_UNITS[1]
            assert zrzy[1] == "信阳市自然资源和规划局"
            mine = [c for c in cases if c.lead_unit_id == zrzy[0]]
            assert len(mine) > len(cases) / 2 and all(c.lead_unit_name == zrzy[1] for c in mine)
            assert any(c.warning_level == "red" for c in mine)
            assert len({c.region_code for c in cases}) >= 8
            own = {c.state for c in cases if c.enterprise_uscc == DEMO_ENTERPRISE_USCC and c.source == "enterprise"}
            assert {"SUBMITTED", "IN_PROGRESS", "RESOLVED"} <= own
            # registered when the demo's past clock says, so ages, timers and period counts spread as in a real year
            created = dict((await session.execute(select(CaseEvent.case_id, CaseEvent.occurred_at)
                                                  .where(CaseEvent.action == "create"))).all())  # fmt: skip
            assert all(c.created_at == created[c.id] for c in cases)
            assert all(c.assigned_at is None or c.created_at < c.assigned_at for c in cases)
            ages = sorted(c.created_at for c in cases)
            assert ages[-1] - ages[0] > timedelta(days=300)
            resolved = [c for c in cases if c.resolved_at is not None]
            late = [c for c in resolved if (c.result_submitted_at or c.resolved_at) > c.resolve_due]
            assert 0 < len(late) < len(resolved)
            months = {c.created_at.astimezone(SHANGHAI).strftime("%Y-%m") for c in cases}
            assert len(months) >= 10
            # the lifecycle ran for real: every case has a timeline, the unit has an inbox
            events = await session.scalar(select(func.count(func.distinct(CaseEvent.case_id))))
            assert events == len(cases)
            inbox = await session.scalar(
                select(func.count()).select_from(Notification).where(Notification.recipient == f"unit:{zrzy[0]}")
            )
            assert inbox > 0
        async with db.engine.connect() as conn:  # the seeded cases count in the statistics' tallies
            expected, _ = await conn.run_sync(lambda c: tally.recount(c))
            assert expected and await conn.run_sync(tally.stored) == expected
        await seed_cases(db, regions, settings)
        async with db.sessionmaker() as session:
            assert await session.scalar(select(func.count()).select_from(Case)) == len(cases)
    finally:
        await db.dispose()


async def _load(session, regions, on=None, now=None) -> None:
    for row in demo_enterprises(regions, per_county=8):
        session.add(Enterprise(**row, region_path=regions.path_of(str(row["region_code"])), created_by="seed"))
    await session.flush()
    await load_campaign(session, regions, on)
    await load_cases(session, regions, CaseSettings(PLATFORM_ENV="test"), now)


async def test_the_first_screens_show_this_year_and_the_report_year(client, session, roles, regions):
    # As the demo city leader: the dashboard's case cards (the year to date) and the 2021 work report's figures 1-9.
    await _load(session, regions)
    on = today()
    leader = roles["city_leader"]
    stats = await client.get("/api/v1/cases/stats", params={"period": f"{on:%Y-%m}-YTD"}, headers=leader)
    assert stats.status_code == 200, stats.text
    flow = stats.json()["all"]["flow"]
    assert flow["received"] > 0
    resp = await client.get("/api/v1/campaign/figures", params={"period": "2021"}, headers=leader)
    assert resp.status_code == 200, resp.text
    figures = {f["no"]: f["value"] for f in resp.json()["figures"]}
    superior = sum(1 for *_, source in CASES_2021 if source == "superior")
    assert (figures[6], figures[7], figures[8]) == (superior, superior, 100.0)  # 接上级交办…已办结…办结率达100%
    assert (figures[1], figures[2], figures[3]) == (10, 7, 3)
    assert figures[4]["doc_number"] == PLAN_DOC_NUMBER and figures[5] == 2
    assert figures[9]["measure_areas"] == len(MEASURE_AREAS_2021)
    report_year = await client.get("/api/v1/cases/stats", params={"period": "2021"}, headers=leader)
    assert report_year.json()["superior"]["flow"]["received"] == superior
    # the leaders keep visiting, and officers were paired with enterprises this year
    first = date(on.year, 1, 1)
    visits = await session.scalar(select(func.count()).select_from(Visit).where(Visit.visit_date >= first))
    assert visits and await session.scalar(select(func.max(Visit.visit_date))) <= on
    assert await session.scalar(select(func.count()).select_from(Pairing).where(Pairing.start_date >= first))


async def test_a_new_year_starts_with_cases_of_its_first_hours(session, regions):
    # Seeded ten minutes into January 1st: the cases just submitted belong to the new year, and so does a visit.
    now = datetime(today().year, 1, 1, 0, 10, tzinfo=SHANGHAI)
    await _load(session, regions, now.date(), now)
    created = list(await session.scalars(select(Case.created_at).where(Case.created_at >= now - timedelta(minutes=10))))
    assert len(created) >= 2 and max(created) <= now
    assert await session.scalar(select(func.max(Visit.visit_date))) == now.date()


async def test_nanyang_has_a_little_of_every_module_and_xinyang_stays_as_it_was(
    client, session, roles, headers, regions
):
    # 南阳 is loaded after 信阳: 信阳's leader reads the same figures, 南阳's officer only 南阳's records.
    now = datetime.now(UTC)
    await _load(session, regions, now=now)
    leader = roles["city_leader"]
    on = today()
    params = {"period": f"{on:%Y-%m}-YTD"}
    before = (await client.get("/api/v1/cases/stats", params=params, headers=leader)).json()
    before.pop("as_of")
    figures = (await client.get("/api/v1/campaign/figures", params={"period": "2021"}, headers=leader)).json()
    listed = (await client.get("/api/v1/cases", params={"page_size": 1}, headers=leader)).json()["total"]
    await load_nanyang(session, regions, CaseSettings(PLATFORM_ENV="test"), now)
    after = (await client.get("/api/v1/cases/stats", params=params, headers=leader)).json()
    after.pop("as_of")
    assert after == before
    assert (await client.get("/api/v1/campaign/figures", params={"period": "2021"}, headers=leader)).json() == figures
    assert (await client.get("/api/v1/cases", params={"page_size": 1}, headers=leader)).json()["total"] == listed

    nanyang = headers("city_officer", NANYANG)
    ents = (await client.get("/api/v1/enterprises", params={"page_size": 100}, headers=nanyang)).json()["items"]
    assert len(ents) == len(NANYANG_ENTERPRISES) and {e["region_code"] for e in ents} == {"411302", "411303", "411321"}
    assert all(e["uscc"][-1] == check_character(e["uscc"][:17]) for e in ents)
    mine = list(await session.scalars(select(Case).where(Case.region_path.startswith("/410000/411300/"))))
    assert {c.state for c in mine} == {"SUBMITTED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "CLOSED"}
    assert {c.closed_reason for c in mine if c.state == "CLOSED"} == {"resolved", "rejected"}
    assert all(c.created_at <= now for c in mine)
    # Assigned ones go to 南阳's units by the ids the gateway gives them (`test_seed` holds those ids), and one of
    # them is past its deadline, so the province's map and 南阳's warning list have something red.
    assigned = {(c.lead_unit_id, c.lead_unit_name) for c in mine if c.lead_unit_id is not None}
    assert assigned == {(17, "南阳市商务局"), (18, "南阳市自然资源和规划局"), (23, "卧龙区商务局")}
    assert assigned <= set(DEMO_SECOND_CITY_UNITS)
    late = [c for c in mine if c.resolve_due is not None and c.state == "IN_PROGRESS" and c.resolve_due < now]
    assert [(c.lead_unit_name, c.warning_level) for c in late] == [("卧龙区商务局", "red")]
    # Its 逾期 notice is in the unit's inbox already: the service's first timer check finds nothing due for it.
    assert [r.case_id for r in await due_reminders(session, now=now)] == []
    unit_view = headers("unit_handler", "411303", unit_id=23, subject="user:31")
    theirs = (await client.get("/api/v1/cases", params={"page_size": 100}, headers=unit_view)).json()["items"]
    assert [c["lead_unit_name"] for c in theirs] == ["卧龙区商务局"]
    listed = (await client.get("/api/v1/cases", params={"page_size": 100}, headers=nanyang)).json()
    assert listed["total"] == len(NANYANG_CASES)
    visits = list(await session.scalars(select(Visit).where(Visit.enterprise_uscc.in_([e["uscc"] for e in ents]))))
    assert visits and max(v.visit_date for v in visits) <= on
    paired = await session.scalar(
        select(func.count()).select_from(Pairing).where(Pairing.enterprise_uscc.in_([e["uscc"] for e in ents]))
    )
    assert paired == 3
    # 南阳's own category beside the province's, a case of it; 信阳 reads neither.
    cats = (await client.get("/api/v1/case-categories", headers=nanyang)).json()["items"]
    own = [c for c in cats if c["region_code"] == NANYANG]
    assert [(c["name"], c["level"], c["region_name"], c["editable"]) for c in own] == [
        ("玉雕产业", "city", "南阳市", True)
    ]
    assert any(c.category_code == own[0]["code"] for c in mine)
    theirs = (await client.get("/api/v1/case-categories", headers=leader)).json()["items"]
    assert own[0]["code"] not in {c["code"] for c in theirs}
    # 信阳's leader does not see 南阳's enterprises.
    xinyang = (await client.get("/api/v1/enterprises", params={"page_size": 1, "q": "南阳"}, headers=leader)).json()
    assert xinyang["total"] == 0
