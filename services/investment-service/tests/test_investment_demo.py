"""Demo data reproduces the report's anchors; `seed` loads the dictionary always and the demo once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from demo_data.investment import load_demo, seed_demo
from investment_service.core import SCHEMA
from investment_service.dictionary.models import IndustryChain
from investment_service.dictionary.service import seed_default_chains
from investment_service.project.models import Project
from investment_service.settings import InvestmentSettings
from platform_core.db import Database
from platform_core.migrations import upgrade

SERVICE_ROOT = Path(__file__).resolve().parents[1]


async def test_the_2021_report_figures(client, actors, session, regions):
    await load_demo(session, regions)
    resp = await client.get("/api/v1/investment/indicators?period=2021", headers=actors["city_leader"])
    figures = {f["code"]: f for f in resp.json()["figures"]}
    assert figures["rounds_held"]["value"] == "2"
    assert (figures["new_foreign_enterprises"]["value"], figures["new_foreign_enterprises"]["last_year"]) == ("15", "5")
    assert figures["new_foreign_enterprises"]["yoy_percent"] == 200.0
    capital = figures["foreign_capital_local"]
    assert (capital["value"], capital["yoy_percent"], capital["rank"]["rank"]) == ("66006.00", 6.5, 3)
    assert int(figures["projects_signed"]["value"]) > 0 and float(figures["out_of_province_funds"]["value"]) > 0
    counties = {p.region_code for p in (await session.scalars(select(Project))).all()}
    assert len(counties) >= 8


async def test_seed_loads_the_dictionary_and_the_demo_once(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'seed.db'}"
    upgrade(SERVICE_ROOT, url)
    settings = InvestmentSettings(PLATFORM_ENV="test")
    db = Database(url, SCHEMA)
    try:
        await seed_default_chains(db, settings)
        await seed_demo(db, settings)
        await seed_demo(db, settings)
        async with db.sessionmaker() as session:
            assert await session.scalar(select(func.count()).select_from(IndustryChain)) == 8
            assert await session.scalar(select(func.count()).select_from(Project)) == 60
    finally:
        await db.dispose()
