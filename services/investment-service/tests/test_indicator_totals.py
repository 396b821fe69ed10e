"""The project totals the indicators read for years, quarters, months and year-to-date count exactly what a
scan of the projects counts, through entries, steps, edits, moves and deletions; a rebuild gives the same."""

from __future__ import annotations

from datetime import date

from conftest import GUANGSHAN, XINXIAN, etag, project_body
from sqlalchemy import select

from investment_service.indicators import service
from investment_service.project import totals
from investment_service.project.models import ProjectCohortTotal, ProjectMonthTotal
from platform_core.auth import Principal
from platform_core.periods import parse_period
from platform_core.scope import DataScope

PERIODS = ["2021", "2020", "2021-Q1", "2021-Q3", "2021-07", "2021-06-YTD", "2021-12-YTD"]
CITY_PATH = "/410000/411500/"


async def both(session, principal) -> tuple[list, list]:
    """Per period, the counters from the totals and from the scan, region by region."""
    periods = [parse_period(p) for p in PERIODS]
    from_totals: list = [{} for _ in periods]
    scanned: list = [{} for _ in periods]
    await service._projects_from_totals(session, principal, CITY_PATH, periods, from_totals)
    await service._projects_scan(session, principal, CITY_PATH, periods, scanned)
    # The scan leaves out regions with nothing in the span; the totals may keep a region at zero.
    clean = [{path: t for path, t in g.items() if t != service.Tally()} for g in from_totals]
    return clean, [{path: t for path, t in g.items() if t != service.Tally()} for g in scanned]


async def test_totals_equal_a_scan_through_every_kind_of_write(client, actors, session, build):
    city = actors["city_officer"]
    # Rows put straight into the session count too.
    await build.project(GUANGSHAN, amount="5000", signed_on=date(2020, 11, 3), landed_on=date(2021, 1, 4))
    await build.project(XINXIAN, amount="7000", origin="out_of_province", signed_on=date(2021, 2, 1))

    made = await client.post(
        "/api/v1/projects",
        json=project_body(
            code="TOT-1",
            signed={"date": "2021-03-15"},
            investor={"name": "某公司", "origin": "out_of_province", "province_code": "440000"},
        ),
        headers=city,
    )
    assert made.status_code == 201, made.text
    pid = made.json()["id"]
    tag = etag(made)
    for stage, on in (("landed", "2021-07-01"), ("started", "2021-09-30"), ("in_production", "2021-12-01")):
        stepped = await client.post(
            f"/api/v1/projects/{pid}/stage", json={"stage": stage, "date": on}, headers={**city, **tag}
        )
        assert stepped.status_code == 200, stepped.text
        tag = etag(stepped)
    edited = await client.patch(
        f"/api/v1/projects/{pid}",
        json={"contracted_investment_wan_yuan": "45000.25", "region_code": XINXIAN},
        headers={**city, **tag},
    )
    assert edited.status_code == 200, edited.text

    other = await client.post(
        "/api/v1/projects", json=project_body(code="TOT-2", signed={"date": "2021-06-30"}), headers=city
    )
    assert other.status_code == 201
    gone = await client.delete(f"/api/v1/projects/{other.json()['id']}", headers={**city, **etag(other)})
    assert gone.status_code == 204

    principal = Principal(
        subject="user:2",
        kind="user",
        name="市局",
        roles=frozenset({"city_officer"}),
        permissions=frozenset({"investment:stats:read"}),
        data_scopes=frozenset({DataScope.REGION_AND_BELOW}),
        region_code="411500",
        region_path=CITY_PATH,
    )
    from_totals, scanned = await both(session, principal)
    assert from_totals == scanned
    q3 = PERIODS.index("2021-Q3")
    xinxian = next(t for path, t in from_totals[q3].items() if path.endswith(f"/{XINXIAN}/"))
    assert (xinxian.landed, xinxian.signed) == (1, 0)

    # Summing everything again gives the same rows.
    async def rows():
        months = (
            await session.execute(
                select(
                    ProjectMonthTotal.region_code,
                    ProjectMonthTotal.month,
                    ProjectMonthTotal.signed,
                    ProjectMonthTotal.contracted_wan_yuan,
                    ProjectMonthTotal.landed,
                    ProjectMonthTotal.started,
                    ProjectMonthTotal.in_production,
                    ProjectMonthTotal.signed_out_of_province,
                )
            )
        ).all()
        cohorts = (
            await session.execute(
                select(
                    ProjectCohortTotal.region_code,
                    ProjectCohortTotal.signed_month,
                    ProjectCohortTotal.milestone,
                    ProjectCohortTotal.milestone_month,
                    ProjectCohortTotal.projects,
                )
            )
        ).all()
        nonzero = {tuple(r[:2]): tuple(r[2:]) for r in months if any(r[2:])}
        return nonzero, {tuple(r[:4]): r[4] for r in cohorts if r[4]}

    before = await rows()
    await totals.rebuild(session)
    assert await rows() == before
