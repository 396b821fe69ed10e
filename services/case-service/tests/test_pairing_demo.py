"""Demo data of the campaign: the 2021 plan and measures, seconded staff, leaders' pairings and visits, once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from case_service.core import SCHEMA
from case_service.pairing.models import Pairing
from case_service.policy.models import PolicyDocument
from case_service.settings import CaseSettings
from case_service.staff.models import CampaignStaff
from case_service.visit.models import Visit
from demo_data.case import MEASURE_AREAS_2021, NANYANG, NANYANG_PLAN_DOC_NUMBER, seed_demo
from platform_core.demo import DEMO_ENTERPRISE_USCC, DEMO_LEADER_NAME, DEMO_LEADER_USER_ID
from platform_core.testing import migrated_database

SERVICE_ROOT = Path(__file__).resolve().parents[1]


async def test_demo_seed_loads_the_campaign_records_once(tmp_path):
    # A database of its own: seeding commits, and the shared test database must stay as the fixtures leave it.
    db = await migrated_database(SERVICE_ROOT, SCHEMA, f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}")
    settings = CaseSettings(PLATFORM_ENV="test")
    try:
        await seed_demo(db, settings)
        async with db.sessionmaker() as session:
            docs = {d.doc_number: d for d in await session.scalars(select(PolicyDocument))}
            plan = docs["信商字〔2021〕82号"]
            assert (plan.kind, plan.issue_date.isoformat(), plan.region_code) == (
                "implementation_plan",
                "2021-06-16",
                "411500",
            )
            measures = next(d for d in docs.values() if d.kind == "measures")
            assert measures.measure_areas == list(MEASURE_AREAS_2021) and len(measures.measure_areas) == 11

            groups = dict(
                (
                    await session.execute(
                        select(CampaignStaff.group, func.count())
                        .where(CampaignStaff.region_code == "411500")
                        .group_by(CampaignStaff.group)
                    )
                ).all()
            )
            assert groups == {"task_force": 7, "coordination_group": 3}
            # 南阳 keeps its own plan and staff beside 信阳's.
            assert docs[NANYANG_PLAN_DOC_NUMBER].region_code == NANYANG
            nanyang_staff = select(func.count()).where(CampaignStaff.region_code == NANYANG)
            assert await session.scalar(nanyang_staff) == 2

            mine = (await session.scalars(select(Pairing).where(Pairing.user_id == DEMO_LEADER_USER_ID))).all()
            assert len(mine) == 2 and {p.person_name for p in mine} == {DEMO_LEADER_NAME}
            assert DEMO_ENTERPRISE_USCC in {p.enterprise_uscc for p in mine}
            per_leader = dict(
                (
                    await session.execute(
                        select(Pairing.person_name, func.count())
                        .where(Pairing.kind == "leader")
                        .group_by(Pairing.person_name)
                    )
                ).all()
            )
            assert len(per_leader) == 5 and set(per_leader.values()) == {2}
            visits = (await session.scalars(select(Visit))).all()
            assert len(visits) >= 10 and any(v.campaign == "千家外企大走访" for v in visits)
            assert sum(len(v.problems) for v in visits) > 0
            counts = [
                await session.scalar(select(func.count()).select_from(m)) for m in (PolicyDocument, Pairing, Visit)
            ]
        await seed_demo(db, settings)
        async with db.sessionmaker() as session:
            again = [
                await session.scalar(select(func.count()).select_from(m)) for m in (PolicyDocument, Pairing, Visit)
            ]
        assert again == counts
    finally:
        await db.dispose()
