"""Campaign figures 1-9: each computed from staff, policy documents, pairings and cases, with its provenance."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

import httpx
import pytest
from test_pairing_support import (
    CITY,
    GUANGSHAN,
    ROLES,
    L,
    add_enterprise,
    make_case,
    province_headers,
    two_enterprises,
    uscc_for,
)

from case_service.indicators.campaign import CAMPAIGN
from case_service.pairing.models import Pairing
from case_service.policy.models import PolicyDocument
from case_service.staff.models import CampaignStaff

URL = "/api/v1/campaign/figures"
AREAS = [f"方面{i}" for i in range(1, 12)]


@pytest.fixture
async def campaign(session, regions):
    ents = await two_enterprises(session, regions)
    plain = await add_enterprise(session, regions, uscc_for(GUANGSHAN, "MA47K2P30"), GUANGSHAN, "光山县普通企业", False)
    city, gs = regions.path_of(CITY), regions.path_of(GUANGSHAN)
    staff = [
        ("甲", "task_force", CITY, city, date(2021, 6, 1), None),
        ("乙", "task_force", CITY, city, date(2021, 6, 1), date(2021, 12, 31)),
        ("丙", "task_force", CITY, city, date(2021, 6, 10), None),
        ("丁", "coordination_group", CITY, city, date(2021, 6, 1), None),
        ("戊", "other", CITY, city, date(2021, 7, 1), None),
        ("己", "task_force", CITY, city, date(2020, 1, 1), date(2020, 12, 31)),  # before 2021
        ("庚", "task_force", GUANGSHAN, gs, date(2021, 6, 1), None),  # the county's own task force
    ]
    rows = [
        CampaignStaff(name=n, unit_name="市商务局", group=g, region_code=r, region_path=p, from_date=f, to_date=t)
        for n, g, r, p, f, t in staff
    ]
    docs = [
        PolicyDocument(
            doc_number="X商字〔2021〕82号", title="“万人助万企”活动信阳市商务局实施方案", issuer="信阳市商务局",
            issue_date=date(2021, 6, 16), kind="implementation_plan", measure_areas=[], region_code=CITY,
            region_path=city,
        ),
        PolicyDocument(
            doc_number="光商〔2021〕9号", title="光山县实施方案", issuer="光山县商务局", issue_date=date(2021, 7, 1),
            kind="implementation_plan", measure_areas=[], region_code=GUANGSHAN, region_path=gs,
        ),
        PolicyDocument(
            doc_number="X商字〔2021〕95号", title="信阳市商务系统服务“万人助万企”活动若干措施", issuer="信阳市商务局",
            issue_date=date(2021, 7, 20), kind="measures", measure_areas=AREAS, region_code=CITY, region_path=city,
        ),
    ]  # fmt: skip
    june = date(2021, 6, 1)
    pairs = [
        (1, "李建国", ents["gs"].uscc, "leader"),
        (1, "李建国", ents["xx"].uscc, "leader"),
        (1, "李建国", plain.uscc, "leader"),
        (9, "张华", ents["gs"].uscc, "leader"),
        (9, "张华", ents["xx"].uscc, "leader"),
        (None, "王专员", plain.uscc, "service_commissioner"),
    ]
    pairings = [Pairing(user_id=u, person_name=n, enterprise_uscc=e, kind=k, start_date=june) for u, n, e, k in pairs]
    session.add_all([*rows, *docs, *pairings])
    await make_case(session, regions, ents, source="superior", state="RESOLVED", created=L(2021, 3, 1),
                    assigned=L(2021, 3, 1, 10), submitted=L(2021, 3, 5), resolved=L(2021, 3, 6))  # fmt: skip
    await make_case(session, regions, ents, source="superior", state="IN_PROGRESS", created=L(2021, 11, 1),
                    assigned=L(2021, 11, 1, 10))  # fmt: skip
    await make_case(session, regions, ents, source="superior", state="CLOSED", closed_reason="resolved",
                    created=L(2021, 12, 1), resolved=L(2021, 12, 5), closed=L(2021, 12, 8))  # fmt: skip
    await make_case(session, regions, ents, state="SUBMITTED", created=L(2021, 5, 1))
    await make_case(session, regions, ents, source="superior", state="SUBMITTED", created=L(2022, 1, 3))
    await session.flush()
    return {"staff": {r.name: r.id for r in rows}, "docs": {d.doc_number: d.id for d in docs}}


async def figures(client, headers, period="2021") -> dict[int, dict]:
    resp = await client.get(URL, params={"period": period}, headers=headers)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert [f["no"] for f in body["figures"]] == list(range(1, 10))
    return {f["no"]: f for f in body["figures"]}


async def test_figures_of_the_2021_report(client, roles, campaign):
    f = await figures(client, roles["city_leader"])
    assert (f[1]["value"], f[2]["value"], f[3]["value"]) == (5, 3, 1)
    assert f[1]["text"] == "从商务部门抽调5名精兵强将参加“万人助万企”活动"
    ids = campaign["staff"]
    assert sorted(f[2]["provenance"]["record_ids"]) == sorted([ids["甲"], ids["乙"], ids["丙"]])
    assert f[3]["provenance"]["records"][0]["name"] == "丁"

    assert f[4]["value"] == {"issue_date": "2021-06-16", "doc_number": "X商字〔2021〕82号"}
    assert f[4]["text"] == "6月16日印发了《“万人助万企”活动信阳市商务局实施方案》（X商字〔2021〕82号）"
    assert f[4]["provenance"]["record_ids"] == [campaign["docs"]["X商字〔2021〕82号"]]

    assert f[5]["value"] == 2 and f[5]["unit"] == "家/人"
    assert f[5]["text"] == "局领导每人包联2家重点企业（2位局领导）"
    leaders = {r["person_name"]: r for r in f[5]["provenance"]["records"]}
    assert leaders["李建国"] == {"person_name": "李建国", "enterprises": 3, "key_enterprises": 2}
    assert len(f[5]["provenance"]["record_ids"]) == 5  # the service commissioner is not a leader

    assert (f[6]["value"], f[7]["value"], f[8]["value"]) == (3, 2, 66.7)
    assert (f[8]["provenance"]["numerator"], f[8]["provenance"]["denominator"]) == (2, 3)
    assert len(f[6]["provenance"]["record_ids"]) == 3 and len(f[7]["provenance"]["record_ids"]) == 2
    assert f[8]["text"] == "办结率达66.7%"

    assert f[9]["value"] == {"doc_number": "X商字〔2021〕95号", "title": f[9]["value"]["title"], "measure_areas": 11}
    assert f[9]["provenance"]["records"][0]["measure_areas"] == AREAS


async def test_figures_follow_the_period(client, roles, campaign):
    h1 = await figures(client, roles["city_leader"], "2021-01-01..2021-06-30")
    assert h1[1]["value"] == 4  # 戊 arrived in July
    assert h1[9]["value"] is None and h1[9]["text"] == "截至期末未登记若干措施"
    assert (h1[6]["value"], h1[7]["value"]) == (1, 1)
    y2020 = await figures(client, roles["city_leader"], "2020")
    assert y2020[1]["value"] == 1 and y2020[4]["value"] is None and y2020[8]["value"] is None
    assert y2020[5]["value"] is None and y2020[8]["text"] == "期内无上级交办件"


async def test_a_county_gets_its_own_figures(client, roles, campaign):
    f = await figures(client, roles["guangshan"])
    assert f[1]["value"] == 1 and f[1]["provenance"]["records"][0]["name"] == "庚"
    assert f[4]["value"]["doc_number"] == "光商〔2021〕9号"
    # Pairings with 光山 enterprises only: 李建国 keeps one key enterprise (and the plain one), 张华 one.
    assert f[5]["value"] == 1


@pytest.mark.parametrize("role", ROLES)
async def test_who_may_read_the_figures(client, roles, tokens, regions, campaign, role):
    h = roles[role] if role != "province" else province_headers(tokens, regions)
    resp = await client.get(URL, params={"period": "2021"}, headers=h)
    allowed = {"city_leader", "city_officer", "guangshan", "xinxian", "unit"}
    assert resp.status_code == (200 if role in allowed else 403)


async def test_a_failing_figure_is_a_500_whose_log_names_the_figure(app, client, roles, campaign, caplog):
    async def broken(ctx):
        raise RuntimeError("a bug in figure 6")

    at = CAMPAIGN.keys().index("superior_received")
    kept = CAMPAIGN.specs[at]
    CAMPAIGN.specs[at] = replace(kept, read=broken)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as quiet:
            with caplog.at_level(logging.ERROR, logger="platform_core.problems"):
                resp = await quiet.get(URL, params={"period": "2021"}, headers=roles["city_leader"])
    finally:
        CAMPAIGN.specs[at] = kept
    assert resp.status_code == 500 and resp.headers["content-type"].startswith("application/problem+json")
    (logged,) = [r for r in caplog.records if r.getMessage() == "unhandled error"]
    assert logged.exc_info is not None
    printed = logging.Formatter().formatException(logged.exc_info)
    assert "RuntimeError: a bug in figure 6" in printed
    assert "case: 图表 superior_received（接上级交办件数），函数 test_case_stats_figures" in printed
    assert (await client.get(URL, params={"period": "2021"}, headers=roles["city_leader"])).status_code == 200
