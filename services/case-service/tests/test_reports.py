"""Rhythm reports: dispatch lists, comparisons, weighted rankings with ties, the configured weights, XLSX content."""

from __future__ import annotations

import io
from datetime import datetime
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from test_pairing_support import (
    GUANGSHAN,
    ROLES,
    UNIT_OTHER,
    UNIT_ZRZY,
    XINXIAN,
    L,
    add_enterprise,
    make_case,
    province_headers,
    uscc_for,
)

from case_service.indicators.service import Tally
from case_service.reports.schemas import RankingWeights, RankRow
from case_service.reports.service import ranked, score
from platform_core.testing import assert_readable_export

URL = "/api/v1/case-reports"
SHANGCHENG = "411524"


async def report(client, headers, kind: str, period: str, **params) -> dict:
    resp = await client.get(f"{URL}/{kind}", params={"period": period, **params}, headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()


def row(code: str, value: float | None) -> RankRow:
    return RankRow(
        rank=None, code=code, name=code, score=value, on_time=None, resolution=None, satisfaction=None,
        received=0, resolved=0, overdue=0, red=0, penalty=0.0,
    )  # fmt: skip


def test_ties_share_a_rank_and_rows_without_data_come_last():
    out = ranked([row("a", 80.0), row("b", 95.5), row("c", None), row("d", 95.5), row("e", 70.0)])
    assert [(r.code, r.rank) for r in out] == [("b", 1), ("d", 1), ("a", 3), ("e", 4), ("c", None)]


def test_score_weights_and_rates_without_data():
    weights = RankingWeights(
        on_time=0.4, resolution=0.3, satisfaction=0.3, overdue_penalty=2.0, red_penalty=1.0, rule=""
    )
    full = Tally(received=4, done=2, resolved=4, on_time=3, rated=2, satisfied=2)
    assert score(full, weights) == round(0.4 * 75.0 + 0.3 * 50.0 + 0.3 * 100.0, 2)
    unrated = Tally(received=4, done=2, resolved=4, on_time=3)
    assert score(unrated, weights) == round((0.4 * 75.0 + 0.3 * 50.0) / 0.7, 2)
    assert score(Tally(), weights) is None
    # Rejected and merged cases leave the resolution rate: 2 of 4 - 1 - 1.
    assert score(Tally(received=4, done=2, rejected=1, merged=1), weights) == 100.0
    # Cases overdue and red at the cut-off cost 2 and 1 points each; without rates they still rank, below zero.
    late = Tally(received=4, done=2, resolved=4, on_time=3, rated=2, satisfied=2, overdue=1, red=2)
    assert score(late, weights) == round(0.4 * 75.0 + 0.3 * 50.0 + 0.3 * 100.0 - 2 - 2, 2)
    assert score(Tally(overdue=1, red=1), weights) == -3.0


async def test_quarterly_ranking_of_counties_and_units(client, roles, q3):
    data = await report(client, roles["city_leader"], "quarterly", "2021-Q3")
    assert data["kind_label"] == "季度讲评" and data["title"] == "信阳市2021年第3季度“万人助万企”诉求办理季度讲评"
    weights = data["weights"]
    assert {k: weights[k] for k in ("on_time", "resolution", "satisfaction", "overdue_penalty", "red_penalty")} == {
        "on_time": 0.4, "resolution": 0.3, "satisfaction": 0.3, "overdue_penalty": 2.0, "red_penalty": 1.0,
    }  # fmt: skip
    assert "超期未办结每件2分" in weights["rule"] and weights["rule"] in data["notes"]
    counties = data["county_ranking"]
    # 光山: 0.4 × 2/3 + 0.3 × 2/6 (case 7 rejected) + 0.3 × 100 % = 66.67, less 2 for case 3 (overdue) and 1 for case
    # 4 (red: unsigned past its sign deadline).
    assert [(c["name"], c["rank"], c["score"]) for c in counties[:2]] == [("光山县", 1, 63.67), ("新县", 2, 0.0)]
    assert (counties[0]["on_time"], counties[0]["resolution"], counties[0]["satisfaction"]) == (66.7, 33.3, 100.0)
    assert (counties[0]["overdue"], counties[0]["red"], counties[0]["penalty"]) == (1, 1, 3.0)
    assert all(c["rank"] is None and c["score"] is None for c in counties[2:])
    assert {c["name"] for c in counties} >= {"罗山县", "息县", "浉河区"}
    units = data["unit_ranking"]
    assert [(u["code"], u["rank"], u["score"]) for u in units] == [
        (str(UNIT_ZRZY), 1, 63.67),
        (str(UNIT_OTHER), 2, 0.0),
    ]
    assert [t["key"] for t in data["tables"]] == ["by_region", "by_unit", "county_ranking", "unit_ranking"]
    assert data["summary"]["rates"]["resolution"]["denominator"] == 7  # 8 registered, 1 rejected


@pytest.fixture
async def three_counties(session, regions, ents):
    """One case in each of 光山, 新县 and 商城, resolved and rated; 光山 and 新县 alike, 商城 late."""
    shangcheng = await add_enterprise(session, regions, uscc_for(SHANGCHENG), SHANGCHENG, "商城县茶叶有限公司")
    ents = {**ents, "sc": shangcheng}
    for region, key, submitted, satisfaction in (
        (GUANGSHAN, "gs", L(2021, 7, 5), "satisfied"),
        (XINXIAN, "xx", L(2021, 7, 5), "satisfied"),
        (SHANGCHENG, "sc", L(2021, 7, 20), "dissatisfied"),
    ):
        item = await make_case(
            session, regions, {"gs": ents[key], "xx": ents[key]}, region=region, state="VISITED",
            created=L(2021, 7, 1), assigned=L(2021, 7, 1, 10), signed=L(2021, 7, 1, 11), fed=L(2021, 7, 2),
            submitted=submitted, resolved=submitted, rated=L(2021, 7, 25), satisfaction=satisfaction,
            unit=UNIT_ZRZY if region != SHANGCHENG else UNIT_OTHER,
        )  # fmt: skip
        assert item.enterprise_uscc == ents[key].uscc
    await session.flush()


async def test_equal_scores_share_a_rank(client, roles, three_counties):
    counties = (await report(client, roles["city_leader"], "quarterly", "2021-Q3"))["county_ranking"]
    ranks = {c["code"]: (c["rank"], c["score"]) for c in counties if c["score"] is not None}
    assert ranks == {GUANGSHAN: (1, 100.0), XINXIAN: (1, 100.0), SHANGCHENG: (3, 30.0)}


async def test_overdue_cases_break_a_tie(client, roles, session, regions, ents, three_counties):
    # 新县 also has a case registered in June, still open at the end of September: past its 7 days (overdue) and its
    # month (escalated, not red). Its Q3 rates are those of 光山; the overdue case costs it 2 points and the tie.
    await make_case(
        session, regions, ents, region=XINXIAN, state="IN_PROGRESS", created=L(2021, 6, 20),
        assigned=L(2021, 6, 20, 10), signed=L(2021, 6, 20, 11), fed=L(2021, 6, 21),
    )  # fmt: skip
    counties = (await report(client, roles["city_leader"], "quarterly", "2021-Q3"))["county_ranking"]
    ranks = {c["code"]: (c["rank"], c["score"], c["overdue"], c["red"], c["penalty"]) for c in counties if c["score"]}
    assert ranks == {
        GUANGSHAN: (1, 100.0, 0, 0, 0.0),
        XINXIAN: (2, 98.0, 1, 0, 2.0),
        SHANGCHENG: (3, 30.0, 0, 0, 0.0),
    }


async def test_weights_come_from_settings(client, roles, app, session, regions, ents):
    # 光山: on time but dissatisfied; 新县: late but satisfied. Both resolved everything received.
    for region, submitted, satisfaction in (
        (GUANGSHAN, L(2021, 7, 3), "dissatisfied"),
        (XINXIAN, L(2021, 7, 20), "satisfied"),
    ):
        await make_case(
            session, regions, ents, region=region, state="VISITED", created=L(2021, 7, 1),
            assigned=L(2021, 7, 1, 10), submitted=submitted, resolved=submitted, rated=L(2021, 7, 25),
            satisfaction=satisfaction,
        )  # fmt: skip

    async def first() -> str:
        return (await report(client, roles["city_leader"], "quarterly", "2021-Q3"))["county_ranking"][0]["name"]

    assert await first() == "光山县"
    saved = app.state.settings
    app.state.settings = saved.model_copy(
        update={"ranking_weight_on_time": 0.1, "ranking_weight_resolution": 0.3, "ranking_weight_satisfaction": 0.6}
    )
    try:
        assert await first() == "新县"
        weights = (await report(client, roles["city_leader"], "annual", "2021"))["weights"]
        assert (weights["on_time"], weights["resolution"], weights["satisfaction"]) == (0.1, 0.3, 0.6)
    finally:
        app.state.settings = saved


async def test_biweekly_dispatch_snapshot_and_overdue_list(client, roles, q3):
    data = await report(client, roles["city_leader"], "biweekly", "2021-09-30")
    assert data["period"]["first_day"] == "2021-09-17" and data["period"]["last_day"] == "2021-09-30"
    assert datetime.fromisoformat(data["as_of"]) == L(2021, 10, 1)
    assert data["summary"]["snapshot"]["overdue"] == 1 and data["summary"]["flow"]["received"] == 3
    [late] = data["overdue"]
    assert (late["case_id"], late["unit_id"], late["days_overdue"], late["level"]) == (
        q3[3].id,
        UNIT_ZRZY,
        53,
        "escalated",
    )
    assert late["superior"] is True and late["region_name"] == "光山县"
    dispatch = next(t for t in data["tables"] if t["key"] == "dispatch")
    by_unit = {r["unit"]: r for r in dispatch["rows"]}
    assert by_unit["市自然资源和规划局"] == {
        "unit": "市自然资源和规划局", "open": 4, "overdue": 1, "yellow": 0, "red": 1, "escalated": 2,
        "assigned": 3, "resolved": 0,
    }  # fmt: skip
    assert by_unit["未交办"]["open"] == 1 and by_unit["合计"]["open"] == 5
    bad = await client.get(f"{URL}/biweekly", params={"period": "2021-02-30"}, headers=roles["city_leader"])
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "period"


async def test_monthly_summary_compares_with_last_month_and_last_year(client, roles, q3):
    data = await report(client, roles["city_leader"], "monthly", "2021-07")
    comparisons = {(c["metric"], c["basis"]): c for c in data["comparisons"]}
    assert comparisons[("登记数", "环比")] == {
        "metric": "登记数", "basis": "环比", "current": 4, "previous": 2, "change_percent": 100.0,
    }  # fmt: skip
    assert comparisons[("办结数", "环比")]["current"] == 4 and comparisons[("办结数", "环比")]["previous"] == 0
    assert (
        comparisons[("登记数", "同比")]["previous"] == 0 and comparisons[("登记数", "同比")]["change_percent"] is None
    )
    wrong = await client.get(f"{URL}/monthly", params={"period": "2021-Q3"}, headers=roles["city_leader"])
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "period"


async def test_annual_assessment_has_the_months_and_the_ranking(client, roles, q3):
    data = await report(client, roles["city_leader"], "annual", "2021")
    months = next(t for t in data["tables"] if t["key"] == "by_month")
    assert len(months["rows"]) == 12 and months["rows"][6]["month"] == "2021年7月"
    assert [r["received"] for r in months["rows"]][5:9] == [2, 4, 1, 3]
    assert data["county_ranking"][0]["name"] == "光山县"
    assert [c["basis"] for c in data["comparisons"]] == ["同比", "同比"]
    assert (
        await client.get(f"{URL}/weekly", params={"period": "2021"}, headers=roles["city_leader"])
    ).status_code == 422


async def test_xlsx_has_titles_frozen_chinese_headers_and_the_values(client, roles, q3):
    resp = await client.get(
        f"{URL}/quarterly", params={"period": "2021-Q3", "format": "xlsx"}, headers=roles["city_leader"]
    )
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = "信阳市2021年第3季度“万人助万企”诉求办理季度讲评.xlsx"
    assert resp.headers["content-disposition"] == (
        f"attachment; filename=\"case-report-quarterly-2021-07-01-2021-09-30.xlsx\"; filename*=UTF-8''{quote(name)}"
    )
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["概况", "分县区情况", "分单位情况", "县区排名", "单位排名"]

    ranking = wb["县区排名"]
    assert ranking["A1"].value == "信阳市2021年第3季度“万人助万企”诉求办理季度讲评——县区排名"
    assert "2021-07-01至2021-09-30" in ranking["A2"].value
    headers = [c.value for c in ranking[3]]
    assert headers == [
        "名次", "县区", "得分", "按期办结率(%)", "办结率(%)", "满意率(%)", "登记数", "办结数", "超期数",
        "红色预警", "扣分",
    ]  # fmt: skip
    assert [c.value for c in ranking[4]][:6] == [1, "光山县", 63.67, 66.7, 33.3, 100]
    assert [c.value for c in ranking[5]][:3] == [2, "新县", 0]
    assert ranking.freeze_panes == "A4"
    assert ranking.column_dimensions["B"].width >= 8 and ranking.column_dimensions["D"].width >= 15

    summary = wb["概况"]
    rows = {r[0].value: [c.value for c in r] for r in summary.iter_rows(min_row=4)}
    assert rows["登记数"][:3] == ["登记数", 8, 3]
    assert rows["期内登记中不予受理数"][:3] == ["期内登记中不予受理数", 1, 0]
    assert rows["办结率(%)"][:5] == ["办结率(%)", 28.6, 33.3, 2, 7]
    basis = "期内受理的诉求中截至统计时点已办结的件数 ÷ 期内登记的诉求件数(不含不予受理、合并办理)"
    assert rows["办结率(%)"][5] == basis
    assert rows["超期数"][1] == 1

    regions = wb["分县区情况"]
    assert [c.value for c in regions[3]][:3] == ["县区", "登记数", "交办数"]
    assert_readable_export(resp.content)
    assert [c.value for c in regions[regions.max_row]][:2] == ["合计", 8]


async def test_biweekly_xlsx_lists_the_overdue_cases(client, roles, q3):
    resp = await client.get(
        f"{URL}/biweekly", params={"period": "2021-09-30", "format": "xlsx"}, headers=roles["city_leader"]
    )
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["概况", "各单位调度情况", "超期诉求清单"]
    sheet = wb["超期诉求清单"]
    assert [c.value for c in sheet[3]][:3] == ["牵头单位", "诉求编号", "诉求标题"]
    values = [c.value for c in sheet[4]]
    assert values[0] == "市自然资源和规划局" and values[5] == datetime(2021, 8, 9, 9, 0) and values[6] == 53
    assert values[7] == "升级" and values[9] == "上级交办"
    # The row says which deadlines it passed: unfed for 3 days, past its 7 days and past the month.
    assert values[8] == "首次反馈期限(3日内反馈)、办结期限、1个月总时限"
    # Levels and sources by name, never `escalated` or `superior`.
    assert_readable_export(resp.content, codes=["green", "yellow", "red", "escalated", "superior"])


# role: status of the quarterly report, and how many cases it counts
SCOPE = {
    "city_leader": (200, 8),
    "city_officer": (200, 8),
    "guangshan": (200, 7),
    "xinxian": (200, 1),
    "unit": (403, None),
    "enterprise": (403, None),
    "admin": (403, None),
    "auditor": (403, None),
    "province": (403, None),
}


@pytest.mark.parametrize("role", ROLES)
async def test_scope_matrix(client, roles, tokens, regions, q3, role):
    h = roles[role] if role != "province" else province_headers(tokens, regions)
    resp = await client.get(f"{URL}/quarterly", params={"period": "2021-Q3"}, headers=h)
    status, received = SCOPE[role]
    assert resp.status_code == status
    if received is not None:
        assert resp.json()["summary"]["flow"]["received"] == received
