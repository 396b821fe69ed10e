"""Every indicator against a hand-computed fixture: YoY across the year boundary, rates, calibers, ranks with ties,
the data scope, per county and month by month."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import GUANGSHAN, XINXIAN

from investment_service.bulletins.models import Bulletin, BulletinRow
from platform_core.bulletins import BULLETIN_ROWS, BulletinScope, save_bulletin

D = date
ZHONGYUAN = "410102"  # a district of another city: never in this city's figures


async def bulletin(session, indicator, period, rows, scope=BulletinScope.PROVINCE, doc="通报"):
    parsed = BULLETIN_ROWS.read_records(
        [{"entity_name": f"地区{code}", "entity_code": code, "value": value} for code, value in rows]
    )
    await save_bulletin(
        session,
        Bulletin,
        BulletinRow,
        indicator_code=indicator,
        period=period,
        scope=scope,
        source_document=doc,
        rows=parsed.models,
        imported_by="user:2",
    )


@pytest.fixture
async def data(build, session):
    """The fixture the expected values below are computed from by hand."""
    await build.round(1, D(2021, 7, 10))
    await build.round(2, D(2021, 10, 28))
    await build.round(1, D(2021, 5, 1), kind="city")  # the city's own event: not a provincial round
    p1 = await build.project(
        GUANGSHAN,
        amount="30000",
        origin="out_of_province",
        signed_on=D(2021, 1, 1),
        landed_on=D(2021, 3, 1),
        started_on=D(2021, 6, 1),
    )
    await build.project(GUANGSHAN, amount="12000.50", signed_on=D(2021, 12, 31), landed_on=D(2022, 1, 10))
    p3 = await build.project(
        XINXIAN,
        amount="50000",
        origin="out_of_province",
        signed_on=D(2021, 7, 10),
        landed_on=D(2021, 8, 1),
        started_on=D(2021, 10, 28),
        in_production_on=D(2021, 12, 20),
    )
    p4 = await build.project(
        XINXIAN,
        amount="20000",
        origin="out_of_province",
        signed_on=D(2020, 12, 31),
        landed_on=D(2021, 1, 2),
        started_on=D(2021, 2, 1),
    )
    await build.project(GUANGSHAN, amount="8000", signed_on=D(2020, 5, 1), landed_on=D(2020, 6, 1))
    gone = await build.project(GUANGSHAN, amount="99999", signed_on=D(2021, 5, 1))
    gone.deleted_at = datetime(2021, 6, 1, tzinfo=UTC)
    await build.project(ZHONGYUAN, amount="77777", origin="out_of_province", signed_on=D(2021, 3, 1))

    await build.fund(p1, D(2021, 1, 1), "100")
    await build.fund(p1, D(2021, 12, 1), "200.30")
    await build.fund(p1, D(2020, 12, 1), "300")
    await build.fund(p4, D(2021, 1, 1), "999", current=False)
    await build.fund(p4, D(2021, 1, 1), "50", revision=2)
    await build.fund(p3, D(2022, 1, 1), "70")

    await build.foreign_enterprise(GUANGSHAN, D(2021, 1, 1))
    await build.foreign_enterprise(XINXIAN, D(2021, 12, 31))
    await build.foreign_enterprise(GUANGSHAN, D(2020, 12, 31))
    await build.foreign_enterprise(GUANGSHAN, D(2019, 6, 1))
    deleted = await build.foreign_enterprise(GUANGSHAN, D(2021, 2, 2))
    deleted.deleted_at = datetime(2021, 3, 1, tzinfo=UTC)
    await build.foreign_enterprise(ZHONGYUAN, D(2021, 4, 4))

    await build.capital(GUANGSHAN, D(2021, 1, 1), "100")
    await build.capital(XINXIAN, D(2021, 12, 1), "50.5")
    await build.capital(GUANGSHAN, D(2020, 12, 1), "120")
    await build.capital(GUANGSHAN, D(2021, 3, 1), "70", caliber="mofcom")
    await build.capital(GUANGSHAN, D(2020, 3, 1), "35", caliber="mofcom")
    await build.capital(ZHONGYUAN, D(2021, 3, 1), "9999")

    older = [("410100", "200"), ("410300", "190"), ("411300", "180"), ("411500", "150.5")]
    await bulletin(session, "foreign_capital_local", "2021", older, doc="初版")
    ties = [("410100", "200"), ("411500", "150.5"), ("410300", "150.5"), ("411300", "100")]
    await bulletin(session, "foreign_capital_local", "2021", ties, doc="更正版")
    await bulletin(session, "projects_signed", "2021-Q1", [("411500", "1"), ("410100", "9")])
    await bulletin(
        session, "new_foreign_enterprises", "2021", [("411500", "1"), ("410100", "9")], BulletinScope.NATIONAL
    )
    await bulletin(session, "performance_rate", "2021", [("411500", "66.7"), ("410100", "70")])
    await session.flush()


async def get(client, actors, role="city_leader", **params):
    resp = await client.get("/api/v1/investment/indicators", params=params, headers=actors[role])
    assert resp.status_code == 200, resp.text
    body = resp.json()
    return body, {f["code"]: f for f in body["figures"]}, {r["code"]: r for r in body["rates"]}


def triple(f):
    return f["value"], f["last_year"], f["yoy_percent"]


async def test_the_year_for_the_city(client, actors, data):
    body, figures, rates = await get(client, actors, period="2021")
    assert (body["period"], body["region_code"], body["last_year_label"]) == ("2021", "411500", "2020年")
    assert triple(figures["rounds_held"]) == ("2", "0", None)
    assert triple(figures["projects_signed"]) == ("3", "2", 50.0)
    assert triple(figures["contracted_investment"]) == ("9.200050", "2.800000", 228.6)
    assert triple(figures["projects_landed"]) == ("3", "1", 200.0)
    assert triple(figures["projects_started"]) == ("3", "0", None)
    assert triple(figures["projects_in_production"]) == ("1", "0", None)
    assert triple(figures["out_of_province_projects"]) == ("2", "1", 100.0)
    assert triple(figures["out_of_province_funds"]) == ("0.035030", "0.030000", 16.8)
    assert triple(figures["new_foreign_enterprises"]) == ("2", "1", 100.0)
    assert triple(figures["foreign_capital_local"]) == ("150.50", "120.00", 25.4)
    assert triple(figures["foreign_capital_mofcom"]) == ("70.00", "35.00", 100.0)
    assert (figures["foreign_capital_local"]["caliber"], figures["foreign_capital_mofcom"]["caliber"]) == (
        "local",
        "mofcom",
    )
    performance = rates["performance_rate"]
    assert (performance["value"], performance["numerator"], performance["denominator"]) == ("66.7", 2, 3)
    assert performance["last_year"] == {"value": "50.0", "numerator": 1, "denominator": 2}
    assert performance["yoy_percent"] == 33.4
    assert (rates["start_rate"]["value"], rates["start_rate"]["last_year"]["value"]) == ("66.7", "0.0")
    assert rates["start_rate"]["yoy_percent"] is None
    assert (rates["production_rate"]["value"], rates["production_rate"]["numerator"]) == ("33.3", 1)


async def test_ranks_come_from_the_newest_bulletin_of_the_period_with_ties(client, actors, data):
    _, figures, rates = await get(client, actors, period="2021")
    rank = figures["foreign_capital_local"]["rank"]
    assert (rank["rank"], rank["of"], rank["source_document"], rank["scope"]) == (2, 4, "更正版", "province")
    assert figures["projects_signed"]["rank"] is None  # its bulletin is for 2021-Q1
    assert figures["new_foreign_enterprises"]["rank"] is None  # a national bulletin is not the province's rank
    assert rates["performance_rate"]["rank"]["rank"] == 2
    _, q1, _ = await get(client, actors, period="2021-q1")
    assert q1["projects_signed"]["rank"]["rank"] == 2
    county, _, _ = await get(client, actors, role="guangshan", period="2021")
    assert all(f["rank"] is None for f in county["figures"])  # the bulletin ranks cities, not counties


async def test_a_year_in_progress_is_ranked_by_the_newest_cumulative_bulletin(client, actors, data, session):
    """No bulletin of the year itself: the newest year-to-date one of that year ranks it, and says so."""
    await bulletin(session, "out_of_province_funds", "2022-04-YTD", [("411500", "3"), ("410100", "5")], doc="1-4月")
    await bulletin(session, "out_of_province_funds", "2022-07-YTD", [("411500", "9"), ("410100", "5")], doc="1-7月")
    await bulletin(session, "out_of_province_funds", "2022-10-YTD", [("411500", "1"), ("410100", "5")], doc="1-10月")
    await session.flush()
    for period in ("2022-08-YTD", "2022-07-YTD"):
        _, figures, _ = await get(client, actors, period=period)
        rank = figures["out_of_province_funds"]["rank"]
        assert (rank["rank"], rank["of"], rank["period"], rank["period_label"], rank["source_document"]) == (
            1,
            2,
            "2022-07-YTD",
            "2022年1-7月",
            "1-7月",
        )
    _, year, _ = await get(client, actors, period="2022")
    assert (year["out_of_province_funds"]["rank"]["rank"], year["out_of_province_funds"]["rank"]["period"]) == (
        2,
        "2022-10-YTD",
    )
    _, march, _ = await get(client, actors, period="2022-03-YTD")
    assert march["out_of_province_funds"]["rank"] is None  # nothing published that early
    _, month, _ = await get(client, actors, period="2022-07")
    assert month["out_of_province_funds"]["rank"] is None  # a month is ranked only by a bulletin of that month
    _, full, _ = await get(client, actors, period="2021")
    assert full["foreign_capital_local"]["rank"]["period"] == "2021"


async def test_quarter_and_month_against_last_year(client, actors, data):
    _, q1, _ = await get(client, actors, period="2021-Q1")
    assert triple(q1["projects_signed"]) == ("1", "0", None)
    assert triple(q1["projects_landed"]) == ("2", "0", None)
    assert triple(q1["new_foreign_enterprises"]) == ("1", "0", None)
    body, jan, _ = await get(client, actors, period="2021-01")
    assert body["last_year_label"] == "2020年1月"
    assert triple(jan["out_of_province_funds"]) == ("0.015000", "0.000000", None)
    _, dec, _ = await get(client, actors, period="2020-12")
    assert triple(dec["projects_signed"]) == ("1", "0", None)
    assert triple(dec["out_of_province_funds"]) == ("0.030000", "0.000000", None)


async def test_a_period_across_the_year_boundary(client, actors, data):
    body, figures, rates = await get(client, actors, period="2020-12-01..2021-01-31")
    assert body["last_year_label"] == "2019-12-01至2020-01-31"
    assert triple(figures["projects_signed"]) == ("2", "0", None)
    assert triple(figures["projects_landed"]) == ("1", "0", None)
    assert triple(figures["out_of_province_funds"]) == ("0.045000", "0.000000", None)
    assert triple(figures["new_foreign_enterprises"]) == ("2", "0", None)
    assert triple(figures["foreign_capital_local"]) == ("220.00", "0.00", None)
    assert (rates["performance_rate"]["numerator"], rates["performance_rate"]["denominator"]) == (1, 2)


async def test_year_to_date(client, actors, data):
    _, figures, _ = await get(client, actors, period="2021-06-YTD")
    assert triple(figures["projects_signed"]) == ("1", "1", 0.0)
    assert triple(figures["projects_started"]) == ("2", "0", None)


async def test_through_the_data_scope(client, actors, data):
    body, county, _ = await get(client, actors, role="guangshan", period="2021")
    assert body["region_code"] == GUANGSHAN
    assert triple(county["projects_signed"]) == ("2", "1", 100.0)
    assert triple(county["foreign_capital_local"]) == ("100.00", "120.00", -16.7)
    _, xinxian, _ = await get(client, actors, role="city_leader", period="2021", region_code=XINXIAN)
    assert triple(xinxian["projects_signed"]) == ("1", "1", 0.0)
    refused = await client.get(
        "/api/v1/investment/indicators", params={"region_code": XINXIAN}, headers=actors["guangshan"]
    )
    assert refused.status_code == 403 and refused.json()["errors"][0]["field"] == "region_code"
    refused = await client.get(
        "/api/v1/investment/indicators", params={"region_code": "411500"}, headers=actors["guangshan"]
    )
    assert refused.status_code == 403
    bad = await client.get("/api/v1/investment/indicators", params={"period": "sometime"}, headers=actors["guangshan"])
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "period"


async def test_by_county(client, actors, data):
    resp = await client.get(
        "/api/v1/investment/indicators/by-region", params={"period": "2021"}, headers=actors["city_leader"]
    )
    body = resp.json()
    by_code = {i["region_code"]: i for i in body["items"]}
    assert by_code[GUANGSHAN]["values"]["projects_signed"] == "2"
    assert by_code[XINXIAN]["values"]["projects_signed"] == "1"
    assert by_code[XINXIAN]["values"]["projects_in_production"] == "1"
    assert by_code[GUANGSHAN]["rates"]["performance_rate"] == {"value": "50.0", "numerator": 1, "denominator": 2}
    assert by_code["411521"]["values"]["projects_signed"] == "0"  # every county listed, zeros included
    assert body["units"]["out_of_province_funds"] == "亿元" and "rounds_held" not in body["units"]


async def test_month_by_month(client, actors, data):
    resp = await client.get(
        "/api/v1/investment/indicators/monthly", params={"year": 2021}, headers=actors["city_leader"]
    )
    series = {s["code"]: s for s in resp.json()["series"]}
    signed = series["projects_signed"]
    assert signed["values"] == ["1", "0", "0", "0", "0", "0", "1", "0", "0", "0", "0", "1"]
    assert signed["last_year"] == ["0", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "1"]
    assert series["rounds_held"]["values"][6] == "1" and series["rounds_held"]["values"][9] == "1"
    assert series["foreign_capital_mofcom"]["values"][2] == "70.00"


async def test_the_provincial_client_gets_the_same_figures(client, actors, data):
    resp = await client.get("/open/v1/investment/indicators", params={"period": "2021"}, headers=actors["province"])
    assert resp.status_code == 200
    figures = {f["code"]: f for f in resp.json()["figures"]}
    assert figures["foreign_capital_local"]["value"] == "150.50"
    assert figures["foreign_capital_local"]["rank"]["rank"] == 2


async def test_an_empty_database_has_zeros_not_errors(client, actors):
    _, figures, rates = await get(client, actors, period="2021")
    assert figures["projects_signed"]["value"] == "0" and figures["projects_signed"]["yoy_percent"] is None
    assert rates["performance_rate"]["value"] is None


async def test_projects_signed_at_the_rounds_keep_the_rounds_caliber(client, actors, build):
    """The report's 「先后两期共签约项目…」 counts the rounds' signings; every signing of the year stays apart."""
    r1 = await build.round(1, D(2021, 4, 20))
    r2 = await build.round(2, D(2021, 10, 28))
    own = await build.round(1, D(2021, 6, 1), kind="city")  # the city's own event is no provincial round
    before = await build.round(4, D(2020, 11, 1))
    at = {"signed_on": D(2021, 4, 20), "signed_round_id": r1.id}
    await build.project(GUANGSHAN, amount="10000", landed_on=D(2021, 6, 1), started_on=D(2021, 9, 1), **at)
    done = {"landed_on": D(2021, 11, 1), "started_on": D(2021, 12, 1), "in_production_on": D(2021, 12, 20)}
    await build.project(XINXIAN, amount="5000.50", signed_on=D(2021, 10, 28), signed_round_id=r2.id, **done)
    await build.project(GUANGSHAN, amount="3000", signed_on=D(2021, 10, 28), signed_round_id=r2.id)
    await build.project(GUANGSHAN, amount="7000", signed_on=D(2021, 6, 1), signed_round_id=own.id)
    await build.project(GUANGSHAN, amount="9000", signed_on=D(2021, 8, 8))
    await build.project(XINXIAN, amount="2000", signed_on=D(2020, 11, 1), signed_round_id=before.id)

    _, figures, _ = await get(client, actors, period="2021")
    assert triple(figures["round_projects_signed"]) == ("3", "1", 200.0)
    assert figures["round_projects_signed"]["name"] == "“三个一批”活动签约项目"
    assert figures["round_contracted_investment"]["value"] == "1.800050"
    assert (figures["round_projects_landed"]["value"], figures["round_projects_started"]["value"]) == ("2", "2")
    assert figures["round_projects_in_production"]["value"] == "1"
    assert figures["projects_signed"]["value"] == "5"  # every signing of the year, shown apart
    assert figures["projects_signed"]["name"] == "签约项目（全部）"

    # A county sees its own signings at the rounds only.
    _, county, _ = await get(client, actors, role="xinxian", period="2021")
    assert county["round_projects_signed"]["value"] == "1"
