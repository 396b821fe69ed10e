"""The work report's figures composed from the real services: a year entered through their public APIs, each
figure found with its value, comparison and provenance; a service down leaves its figures missing, never 0."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
from report_stack import YEAR, Stack, live_stack

from gateway.reports.catalogue import FIGURES

pytest_plugins = ["report_fixtures"]

URL = "/api/v1/reports/figures"


@pytest.fixture
def stack(report_stack: Stack) -> Stack:
    return report_stack


@pytest.fixture
def gw(report_gw: httpx.AsyncClient) -> httpx.AsyncClient:
    return report_gw


def by_key(body: dict) -> dict[str, dict]:
    return {f["key"]: f for f in body["figures"]}


async def test_every_figure_of_the_year_comes_from_the_services(gw, stack):
    resp = await gw.get(URL, params={"period": str(YEAR)}, headers=stack.headers("city_officer"))
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["period"]["key"] == str(YEAR) and body["region_name"] == "信阳市"
    assert [s["ok"] for s in body["services"]] == [True, True, True]
    figures = by_key(body)
    assert set(figures) == {f.key for f in FIGURES}
    expected = {
        "staff_seconded": 3,
        "staff_task_force": 2,
        "staff_coordination": 1,
        "plan_doc_number": f"信商字〔{YEAR}〕82号",
        "leader_key_enterprises": 2,
        "superior_received": 2,
        "superior_resolved": 1,
        "measure_areas": 11,
        "rounds_held": "1",
        "projects_signed": "2",
        "projects_signed_all": "2",
        "contracted_investment": "4.20",
        "projects_landed": "1",
        "projects_started": "1",
        "projects_in_production": "1",
        "performance_rate": "50.0",
        "out_of_province_projects": "1",
        "out_of_province_funds": "2.50",
        "new_foreign_enterprises": "1",
        "foreign_capital_local": "6600.00",
        "labour_exchange_events": "1",
        "labour_dispatched": "3",
        "fund_disbursed_enterprises": "1",
        "fund_disbursed_wan_yuan": "12.50",
        "fair_participants": "1",
        "trainings_held": "1",
        "training_attendees": "120",
        "export_registrations": "1",
        "first_exports": "1",
        "shipment_trains": "2",
        "shipment_batches": "2",
        "shipment_goods_value_wan_yuan": "450.00",
        "promotion_events": "3",
        "promotion_consumption_yi_yuan": "1.25",
        "honours_created": "2",
        "labour_brands": "信阳",
        "shipment_train_names": "中欧班列——信阳绿茶专列",
        "cuisine_contests": "信阳养生菜推广大赛",
        "food_seasons": "“寻味黄河·品飨信阳”信阳美食季",
        "food_towns": "信阳市（中国茶筵之乡）、商城县（中国炖菜之乡）",
        "featured_brands": "信阳菜",
        "time_honoured_titles": "河南老字号",
        "honours_by_kind": "省级老字号1个，省级“绿色商场”1个",
        "streets_named": "浉河区胜利路步行街",
        "ecommerce_national_promotions": f"{int(stack.created['promoted_on'][5:7])}月息县",
        "ecommerce_brand_names": "“息县味道”",
        "streets_renovated": "1",
        "ecommerce_promotions_to_national": "1",
        "ecommerce_public_brands": "1",
        "ecommerce_station_coverage_poor_villages": "100.0",
        "ecommerce_express_coverage_villages": "100.0",
        "ecommerce_training_person_times": "450",
    }
    for key, value in expected.items():
        figure = figures[key]
        assert figure["missing"] is False, (key, figure["reason"])
        shown = figure["value"] if isinstance(value, int) else figure["display"]
        assert shown == value, (key, figure)
    # 办结率 of the cases assigned from above: 1 of 2, with its numerator and denominator.
    rate = figures["superior_resolution_rate"]
    assert rate["display"] == "50.0" and (rate["provenance"]["numerator"], rate["provenance"]["denominator"]) == (1, 2)
    assert len(figures["superior_received"]["provenance"]["record_ids"]) == 2
    assert figures["superior_received"]["provenance"]["link"]["query"]["source"] == "superior"
    # The 三个一批 sentence keeps the rounds page's caliber; named facts name the records they come from.
    assert figures["projects_signed"]["provenance"]["link"]["path"] == "/investment/rounds"
    assert figures["projects_signed"]["provenance"]["indicator"] == "round_projects_signed"
    assert len(figures["food_towns"]["provenance"]["record_ids"]) == 2
    # 同比 from last year's shipment (one batch worth 300.00 万元), rank from the imported bulletin (3rd of 3).
    value = figures["shipment_goods_value_wan_yuan"]["comparison"]
    assert value["yoy_percent"] == 50.0 and Decimal(str(value["last_year_value"])) == Decimal("300.00")
    assert figures["shipment_batches"]["comparison"]["yoy_percent"] == 100.0
    rank = figures["foreign_capital_local"]["comparison"]["rank"]
    assert (rank["rank"], rank["of"], rank["scope"]) == (3, 3, "province")
    # Provenance: the query asked and the SPA page of the records.
    funds = figures["out_of_province_funds"]["provenance"]
    assert funds["query"] == f"GET /api/v1/investment/indicators?period={YEAR}"
    assert funds["link"] == {"path": "/investment/funds", "query": {"period": str(YEAR)}}
    # Nothing entered for these: missing with a reason, never a zero.
    mofcom = figures["foreign_capital_mofcom"]
    assert mofcom["missing"] is True and mofcom["value"] is None and mofcom["reason"]
    assert "foreign_capital_mofcom" in {m["key"] for m in body["missing"]}
    assert all(f["value"] not in (0, "0") for f in body["figures"])


async def test_a_county_sees_its_own_figures_and_empty_modules_are_missing_not_zero(gw, stack):
    resp = await gw.get(URL, params={"period": str(YEAR), "region": "411523"}, headers=stack.headers("city_officer"))
    assert resp.status_code == 200, resp.text
    figures = by_key(resp.json())
    # 新县 has one key enterprise paired with the leader, and nothing in investment or trade.
    assert figures["leader_key_enterprises"]["value"] == 1
    for key in ("projects_signed", "labour_dispatched", "shipment_batches", "fund_disbursed_wan_yuan"):
        assert figures[key]["missing"] is True and figures[key]["value"] is None, key
    missing = {m["key"] for m in resp.json()["missing"]}
    assert {"projects_signed", "labour_dispatched"} <= missing


async def test_figures_need_the_permission_and_a_valid_period(gw, stack):
    assert (await gw.get(URL, params={"period": str(YEAR)})).status_code == 401
    auditor = stack.headers("auditor")
    denied = await gw.get(URL, params={"period": str(YEAR)}, headers=auditor)
    assert denied.status_code == 403 and denied.json()["missing_permissions"] == ["report:figures:read"]
    bad = await gw.get(URL, params={"period": "2021-13"}, headers=stack.headers("city_leader"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "period"


async def test_a_service_down_leaves_its_figures_missing(settings, database, tmp_path, report_stack):
    async with live_stack(settings, database, tmp_path, down=("trade",), databases=report_stack.databases) as s:
        transport = httpx.ASGITransport(app=s.gateway)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test", timeout=30) as client:
            resp = await client.get(URL, params={"period": str(YEAR)}, headers=s.headers("city_leader"))
    assert resp.status_code == 200, resp.text
    body = resp.json()
    states = {x["service"]: x for x in body["services"]}
    assert states["trade"]["ok"] is False and states["trade"]["reason"] == "服务暂不可用"
    assert states["case"]["ok"] is True and states["investment"]["ok"] is True
    trade = [f for f in body["figures"] if f["provenance"]["service"] == "trade"]
    assert trade and all(f["missing"] and f["value"] is None for f in trade)
    assert all(f["reason"] == "对外经贸服务暂不可用" for f in trade)
    assert {f["key"] for f in trade} <= {m["key"] for m in body["missing"]}
