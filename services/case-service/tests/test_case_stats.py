"""Case statistics: each 13710 KPI and its denominator against a hand-computed fixture, by source and scope."""

from __future__ import annotations

from datetime import datetime

import pytest
from test_pairing_support import (
    CITY,
    GUANGSHAN,
    ROLES,
    UNIT_OTHER,
    UNIT_ZRZY,
    XINXIAN,
    local,
    make_case,
    province_headers,
)

URL = "/api/v1/cases/stats"


def rate(block: dict, name: str) -> tuple:
    r = block["rates"][name]
    return r["value"], r["numerator"], r["denominator"]


async def test_every_kpi_of_the_quarter_with_its_denominator(client, roles, q3):
    resp = await client.get(URL, params={"period": "2021-Q3"}, headers=roles["city_leader"])
    assert resp.status_code == 200, resp.text
    data = resp.json()
    assert data["period"] == {
        "kind": "quarter",
        "label": "2021年第3季度",
        "first_day": "2021-07-01",
        "last_day": "2021-09-30",
    }
    assert datetime.fromisoformat(data["as_of"]) == local(2021, 10, 1)
    every = data["all"]
    assert every["flow"] == {"received": 8, "assigned": 7, "resolved": 4, "closed": 2, "rated": 3}
    # Eight registered, case 7 rejected: 办结率 is the 2 resolved by the cut-off (1, 2; 11 only in October) of the
    # 7 accepted; the rejection is a count of its own, in neither side.
    assert every["cohort"] == {"registered": 8, "rejected": 1, "merged": 0, "accepted": 7, "resolved": 2}
    assert rate(every, "resolution") == (28.6, 2, 7)
    assert rate(every, "on_time") == (50.0, 2, 4)
    assert rate(every, "sign_timely") == (71.4, 5, 7)
    assert rate(every, "feedback_timely") == (60.0, 3, 5)
    assert rate(every, "satisfaction") == (66.7, 2, 3)
    assert every["snapshot"] == {"open": 5, "open_without_plan": 4, "yellow": 0, "red": 1, "escalated": 2, "overdue": 1}
    assert every["rates"]["resolution"]["denominator_label"] == "期内登记的诉求件数(不含不予受理、合并办理)"
    bases = {name: r["basis"] for name, r in every["rates"].items()}
    assert bases == {
        "resolution": "cohort",
        "on_time": "flow",
        "sign_timely": "cohort",
        "feedback_timely": "cohort",
        "satisfaction": "flow",
    }
    assert every["rates"]["resolution"]["basis_label"].startswith("期内登记")
    # The figures say the timer settings they were computed under, and how the rankings score.
    assert data["settings"]["calendar"] == "natural" and data["settings"]["calendar_label"] == "自然日"
    assert data["settings"]["major_limit"] == "month" and data["settings"]["major_limit_label"] == "1个月(30日)"
    assert "超期未办结每件2分" in data["settings"]["ranking_rule"]
    assert every["rates"]["satisfaction"]["numerator_label"] == "评价为满意或基本满意的件数"


async def test_superior_cases_are_reported_separately(client, roles, q3):
    sup = (await client.get(URL, params={"period": "2021-Q3"}, headers=roles["city_leader"])).json()["superior"]
    assert sup["flow"] == {"received": 3, "assigned": 3, "resolved": 2, "closed": 1, "rated": 1}
    assert rate(sup, "resolution") == (33.3, 1, 3)
    assert rate(sup, "on_time") == (100.0, 2, 2)
    assert rate(sup, "sign_timely") == (100.0, 3, 3)
    assert rate(sup, "feedback_timely") == (50.0, 1, 2)
    assert rate(sup, "satisfaction") == (100.0, 1, 1)
    assert sup["snapshot"] == {"open": 2, "open_without_plan": 1, "yellow": 0, "red": 0, "escalated": 1, "overdue": 1}
    only = (
        await client.get(URL, params={"period": "2021-Q3", "source": "superior"}, headers=roles["city_leader"])
    ).json()
    assert only["all"] == sup and only["filters"] == {"source": "superior"}


async def test_breakdowns_by_region_unit_and_month(client, roles, q3):
    data = (await client.get(URL, params={"period": "2021-Q3"}, headers=roles["city_leader"])).json()
    regions = {r["region_code"]: r for r in data["by_region"]}
    assert set(regions) == {GUANGSHAN, XINXIAN} and regions[XINXIAN]["region_name"] == "新县"
    xx = regions[XINXIAN]
    assert xx["flow"] == {"received": 1, "assigned": 1, "resolved": 1, "closed": 0, "rated": 1}
    assert rate(xx, "on_time") == (0.0, 0, 1) and rate(xx, "satisfaction") == (0.0, 0, 1)
    assert xx["snapshot"]["open"] == 1 and xx["snapshot"]["open_without_plan"] == 1
    assert regions[GUANGSHAN]["flow"]["received"] == 7 and rate(regions[GUANGSHAN], "resolution") == (33.3, 2, 6)

    units = {u["unit_id"]: u for u in data["by_unit"]}
    assert [u["unit_id"] for u in data["by_unit"]] == [UNIT_ZRZY, UNIT_OTHER, None]
    assert units[UNIT_OTHER]["unit_name"] == "市发展和改革委员会"
    assert units[None]["flow"]["received"] == 2 and rate(units[None], "resolution") == (0.0, 0, 1)
    assert units[None]["cohort"]["rejected"] == 1
    assert units[UNIT_ZRZY]["flow"]["assigned"] == 6 and units[UNIT_ZRZY]["snapshot"]["overdue"] == 1

    months = [(m["month"], m["flow"]["received"], m["flow"]["resolved"]) for m in data["by_month"]]
    assert months == [("2021-07", 4, 4), ("2021-08", 1, 0), ("2021-09", 3, 0)]
    assert data["by_month"][0]["label"] == "2021年7月"


async def test_snapshot_as_at_now_within_the_period(client, roles, app, q3):
    # On 10 August case 3 is past its 7 days but not yet past the month: red; later cases do not exist yet.
    app.state.clock = lambda: local(2021, 8, 10, 12)
    try:
        data = (await client.get(URL, params={"period": "2021-Q3"}, headers=roles["city_leader"])).json()
    finally:
        app.state.clock = None
    assert datetime.fromisoformat(data["as_of"]) == local(2021, 8, 10, 12)
    every = data["all"]
    assert every["flow"]["received"] == 5
    assert every["snapshot"] == {"open": 2, "open_without_plan": 2, "yellow": 0, "red": 1, "escalated": 0, "overdue": 1}
    assert rate(every, "resolution") == (50.0, 2, 4)
    assert every["cohort"]["rejected"] == 1


async def test_rejected_and_merged_cases_are_counted_apart(client, roles, session, regions, ents):
    march = dict(region=GUANGSHAN)
    await make_case(
        session, regions, ents, state="VISITED", created=local(2022, 3, 1), assigned=local(2022, 3, 1, 10),
        submitted=local(2022, 3, 4), resolved=local(2022, 3, 5), **march,
    )  # fmt: skip
    await make_case(
        session, regions, ents, state="IN_PROGRESS", created=local(2022, 3, 2), assigned=local(2022, 3, 2, 9)
    )
    for n, reason in enumerate(("rejected", "merged", "merged")):
        await make_case(
            session, regions, ents, state="CLOSED", closed_reason=reason, created=local(2022, 3, 3 + n),
            closed=local(2022, 3, 3 + n, 16), **march,
        )  # fmt: skip
    # A merged case registered in February: in March's flow of closes, not in March's cohort.
    await make_case(
        session, regions, ents, state="CLOSED", closed_reason="merged", created=local(2022, 2, 28),
        closed=local(2022, 3, 1, 9), **march,
    )  # fmt: skip

    async def stats(**params) -> dict:
        resp = await client.get(URL, params=params, headers=roles["city_leader"])
        assert resp.status_code == 200, resp.text
        return resp.json()["all"]

    # The month from the tallies, and counted from the cases (a category filter bypasses the tallies): the same.
    for every in (await stats(period="2022-03"), await stats(period="2022-03", category="land_planning")):
        assert every["cohort"] == {"registered": 5, "rejected": 1, "merged": 2, "accepted": 2, "resolved": 1}
        assert rate(every, "resolution") == (50.0, 1, 2)
        assert every["rates"]["resolution"]["basis"] == "cohort"
        assert every["flow"]["received"] == 5 and every["flow"]["resolved"] == 1 and every["flow"]["closed"] == 4
    # At February's cut-off that case was not merged yet: accepted and open then.
    feb = await stats(period="2022-02")
    assert feb["cohort"] == {"registered": 1, "rejected": 0, "merged": 0, "accepted": 1, "resolved": 0}
    assert rate(feb, "resolution") == (0.0, 0, 1)


async def test_periods_across_the_year_boundary(client, roles, session, regions, ents):
    await make_case(session, regions, ents, state="SUBMITTED", created=local(2021, 12, 31, 23, 30))
    await make_case(session, regions, ents, state="SUBMITTED", created=local(2022, 1, 1, 0, 30))  # 2021-12-31 UTC

    async def received(period: str) -> int:
        resp = await client.get(URL, params={"period": period}, headers=roles["city_leader"])
        assert resp.status_code == 200, resp.text
        return resp.json()["all"]["flow"]["received"]

    assert await received("2021") == 1
    assert await received("2022") == 1
    assert await received("2021-Q4") == 1 and await received("2022-Q1") == 1
    assert await received("2022-01-YTD") == 1
    span = await client.get(URL, params={"period": "2021-12-01..2022-01-31"}, headers=roles["city_leader"])
    assert [(m["month"], m["flow"]["received"]) for m in span.json()["by_month"]] == [("2021-12", 1), ("2022-01", 1)]
    bad = await client.get(URL, params={"period": "2021-Q5"}, headers=roles["city_leader"])
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "period"


async def test_filters_region_unit_and_category(client, roles, q3):
    h = roles["city_leader"]

    async def received(**params) -> int:
        resp = await client.get(URL, params={"period": "2021-Q3", **params}, headers=h)
        assert resp.status_code == 200, resp.text
        return resp.json()["all"]["flow"]["received"]

    assert await received(region_code=XINXIAN) == 1
    assert await received(unit_id=UNIT_ZRZY) == 6
    assert await received(category="land_planning") == 8
    assert await received(category="other") == 0
    unknown = await client.get(URL, params={"period": "2021-Q3", "region_code": "999999"}, headers=h)
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "region_code"
    extra = await client.get(URL, params={"period": "2021-Q3", "state": "x"}, headers=h)
    assert extra.status_code == 422 and extra.json()["code"] == "unknown_parameter"


# role: received in 2021-Q3 within its scope; None = 403
SCOPE = {
    "city_leader": 8,
    "city_officer": 8,
    "guangshan": 7,
    "xinxian": 1,
    "unit": 6,  # unit 2 handles (as lead unit) six of the eight
    "enterprise": None,
    "admin": None,
    "auditor": None,
    "province": None,
}


@pytest.mark.parametrize("role", ROLES)
async def test_scope_matrix(client, roles, tokens, regions, q3, role):
    h = roles[role] if role != "province" else province_headers(tokens, regions)
    resp = await client.get(URL, params={"period": "2021-Q3"}, headers=h)
    if SCOPE[role] is None:
        assert resp.status_code == 403
    else:
        assert resp.status_code == 200, resp.text
        assert resp.json()["all"]["flow"]["received"] == SCOPE[role]


async def test_county_sees_its_county_even_when_asking_for_the_city(client, roles, q3):
    data = (await client.get(URL, params={"period": "2021-Q3", "region_code": CITY}, headers=roles["xinxian"])).json()
    assert data["all"]["flow"]["received"] == 1
    assert [r["region_code"] for r in data["by_region"]] == [XINXIAN]
