"""Demo cases: every state across the counties, some red and escalated, work for the demo unit, the demo
enterprise's own cases; loaded once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from case_service.case.models import Case, CaseEvent
from case_service.core import SCHEMA
from case_service.enterprise.models import Enterprise
from case_service.indicators import tally
from case_service.notification.models import Notification
from case_service.settings import CaseSettings
from demo_data.case import demo_enterprises, seed_cases
from platform_core.demo import DEMO_CITY_UNITS, DEMO_ENTERPRISE_USCC
from platform_core.periods import SHANGHAI
from platform_core.testing import migrated_database

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
            assert zrzy[1] == "市自然资源和规划局"
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
