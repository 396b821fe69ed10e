"""Demo data reproduces the report's anchors; `seed` loads the dictionary always and the demo once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from demo_data.investment import ROUND_DAY, ROUND_MONTHS, load_demo, seed_demo
from investment_service.core import SCHEMA
from investment_service.dictionary.models import IndustryChain
from investment_service.dictionary.service import seed_default_chains
from investment_service.funds.models import FundRecord
from investment_service.project.models import Project
from investment_service.settings import InvestmentSettings
from platform_core.db import Database
from platform_core.migrations import upgrade
from platform_core.periods import today

SERVICE_ROOT = Path(__file__).resolve().parents[1]


async def test_the_2021_report_figures(client, actors, session, regions):
    await load_demo(session, regions)
    resp = await client.get("/api/v1/investment/indicators?period=2021", headers=actors["city_leader"])
    figures = {f["code"]: f for f in resp.json()["figures"]}
    # every figure and rate of rows 10-24 has records behind it: the report of 2021 has no gaps here
    assert [code for code, f in figures.items() if Decimal(f["value"]) == 0] == []
    assert [r["code"] for r in resp.json()["rates"] if r["value"] is None] == []
    assert figures["rounds_held"]["value"] == "2"
    assert (figures["new_foreign_enterprises"]["value"], figures["new_foreign_enterprises"]["last_year"]) == ("15", "5")
    assert figures["new_foreign_enterprises"]["yoy_percent"] == 200.0
    capital = figures["foreign_capital_local"]
    assert (capital["value"], capital["yoy_percent"], capital["rank"]["rank"]) == ("66006.00", 6.5, 3)
    assert int(figures["projects_signed"]["value"]) > 0 and float(figures["out_of_province_funds"]["value"]) > 0
    # 居全省第X位 of rows 18 and 21: the province's bulletins rank the city on its seeded values
    funds, enterprises = figures["out_of_province_funds"], figures["new_foreign_enterprises"]
    assert (funds["rank"]["rank"], enterprises["rank"]["rank"]) == (4, 5)
    assert funds["yoy_percent"] is not None
    counties = {p.region_code for p in (await session.scalars(select(Project))).all()}
    assert len(counties) >= 8


async def test_this_year_is_alive_on_the_first_screens(client, actors, session, regions):
    # The dashboard's investment cards and the indicator page ask for the year to date, on any day of the year.
    on = today()
    await load_demo(session, regions)
    leader = actors["city_leader"]
    resp = await client.get(f"/api/v1/investment/indicators?period={on:%Y-%m}-YTD", headers=leader)
    assert resp.status_code == 200, resp.text
    figures = {f["code"]: f for f in resp.json()["figures"]}
    for code in ("projects_signed", "projects_started", "out_of_province_funds", "foreign_capital_local",
                 "foreign_capital_mofcom", "new_foreign_enterprises", "contracted_investment"):  # fmt: skip
        assert Decimal(figures[code]["value"]) > 0, code
    if on >= date(on.year, ROUND_MONTHS[0], ROUND_DAY):
        assert int(figures["rounds_held"]["value"]) > 0
    # against the same span of last year (when last year is not the report year, its own records)
    if on.year - 1 > 2021:
        assert all(Decimal(figures[c]["last_year"]) > 0 for c in ("projects_signed", "foreign_capital_local"))
    # this month's figures, for the month charts: every month of this year so far has signings and capital
    monthly = await client.get("/api/v1/investment/indicators/monthly", headers=leader)
    series = {s["code"]: s for s in monthly.json()["series"]}
    for code in ("projects_signed", "foreign_capital_local"):
        assert all(Decimal(v) > 0 for v in series[code]["values"][: on.month]), code
        assert all(Decimal(v) == 0 for v in series[code]["values"][on.month :]), code
    # nothing dated after today
    latest = await session.scalar(select(func.max(Project.signed_on)))
    assert latest is not None and latest <= on
    # last year's bulletins rank the city when last year is complete
    if on.year - 1 > 2021:
        last = await client.get(f"/api/v1/investment/indicators?period={on.year - 1}", headers=leader)
        ranks = {f["code"]: f["rank"] for f in last.json()["figures"]}
        assert ranks["foreign_capital_local"]["rank"] == 3 and ranks["out_of_province_funds"]["rank"] == 3
    # this year so far: the province's cumulative bulletin of the last finished month ranks the city
    ranked = {f["code"]: f["rank"] for f in figures.values()}
    if on.month > 1:
        funds = ranked["out_of_province_funds"]
        assert (funds["rank"], funds["period"]) == (3, f"{on.year}-{on.month - 1:02d}-YTD")
        assert funds["period_label"] == f"{on.year}年1-{on.month - 1}月"
    else:
        assert ranked["out_of_province_funds"] is None


async def test_a_new_year_starts_with_records_of_its_first_day(session, regions):
    # On January 1st the year to date is one day long: the signed-and-started project and this month's records.
    on = date(today().year, 1, 1)
    await load_demo(session, regions, on)
    signed = list(await session.scalars(select(Project).where(Project.signed_on >= on)))
    assert signed and {p.signed_on for p in signed} == {on} and on in {p.started_on for p in signed}
    funds = await session.scalar(select(func.sum(FundRecord.amount_wan_yuan)).where(FundRecord.month == on))
    assert funds is not None and funds > 0


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
            # the province's eight defaults and 南阳's addition
            province = select(func.count()).where(IndustryChain.region_code == "410000")
            assert await session.scalar(province) == 8
            assert await session.scalar(select(func.count()).select_from(IndustryChain)) == 9
            # the report years' 60 projects of 信阳 and the recent ones
            xinyang = Project.region_path.like("/410000/411500/%")
            assert await session.scalar(select(func.count()).where(Project.signed_on < date(2022, 1, 1), xinyang)) == 60
            assert await session.scalar(select(func.count()).select_from(Project)) > 60
    finally:
        await db.dispose()


async def test_a_second_city_and_the_province_have_records_of_their_own(client, headers, session, regions):
    await load_demo(session, regions)
    nanyang = headers("city_officer", "411300")
    projects = (await client.get("/api/v1/projects?page_size=100", headers=nanyang)).json()["items"]
    assert projects and all(p["region_code"].startswith("4113") for p in projects)
    assert {"411302", "411303", "411321"} <= {p["region_code"] for p in projects}
    assert len({p["stage"] for p in projects}) >= 4
    assert {p["investor"]["origin"] for p in projects} >= {"out_of_province", "foreign"}
    for path in ("/api/v1/project-funds", "/api/v1/foreign-enterprises", "/api/v1/foreign-capital"):
        assert (await client.get(path, headers=nanyang)).json()["total"] > 0, path
    rounds = (await client.get("/api/v1/rounds", headers=nanyang)).json()["items"]
    assert {(r["level"], r["region_code"]) for r in rounds} == {("province", "410000"), ("city", "411300")}
    chains = (await client.get("/api/v1/investment/industry-chains", headers=nanyang)).json()["items"]
    assert "nanyang_tcm" in {c["code"] for c in chains}
    last = today().year - 1
    figures = (await client.get(f"/api/v1/investment/indicators?period={last}", headers=nanyang)).json()["figures"]
    values = {f["code"]: Decimal(f["value"]) for f in figures}
    assert values["foreign_capital_local"] > 0 and values["out_of_province_funds"] > 0
    bulletins = (await client.get("/api/v1/investment/bulletins", headers=nanyang)).json()["items"]
    assert {b["city"]["entity_code"] for b in bulletins if b["city"]} == {"411300"}
    # the province reads every round: its own lists 南阳's project, never 信阳's rounds as its own
    province = headers("city_leader", "410000")
    every = (await client.get("/api/v1/rounds", headers=province)).json()["items"]
    own = [r for r in every if r["level"] == "province"]
    assert len(own) == 1 and own[0]["signed"]["count"] == 1
    assert {r["region_code"] for r in every} == {"410000", "411500", "411300"}
