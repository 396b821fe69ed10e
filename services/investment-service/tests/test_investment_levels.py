"""One installation, many cities: rounds and industry chains kept per level, and "本市" from the caller's region.

Rounds and chains are read down the tree (a county: the province's and its city's; a city: the province's and its
own; the province: every one) and changed only at the caller's own level; a project uses only the province's and
its city's; county names in an import are those of the caller's city; a bulletin ranks the caller's city.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import CITY, GUANGSHAN, NANYANG, PROVINCE, WANCHENG, chain, project_body

from investment_service.settings import InvestmentSettings
from platform_core.permissions import ROLES_BY_CODE
from platform_core.testing import role_token_kwargs

INVESTMENT_OFFICER = [p for p in ROLES_BY_CODE["city_officer"].permissions if p.startswith("investment:")]


@pytest.fixture
def who(tokens, regions, headers):
    """Tokens of the officers of two cities, a county, and the province (REGION_AND_BELOW at 410000)."""

    def officer(region: str, subject: str, permissions: list[str] | None = None) -> dict[str, str]:
        kwargs = role_token_kwargs("city_officer", region_code=region, region_path=regions.path_of(region))
        kwargs |= {"subject": subject, "permissions": permissions or INVESTMENT_OFFICER}
        return tokens.headers(**kwargs)

    return {
        "xinyang": officer(CITY, "user:21"),
        "nanyang": officer(NANYANG, "user:22"),
        "province": officer(PROVINCE, "user:23"),
        "guangshan": headers("county_officer", GUANGSHAN, subject="user:24"),
        # A county user given the round and dictionary permissions still keeps no list of its own.
        "county_with_perms": officer(GUANGSHAN, "user:25"),
    }


@pytest.fixture
async def levels(build, session):
    """A province round, a 信阳 round and a 南阳 round; a province chain, a 信阳 chain and a 南阳 chain."""
    rounds = {
        "province": await build.round(7, date(2021, 7, 10), region=PROVINCE),
        "xinyang": await build.round(7, date(2021, 7, 10)),
        "nanyang": await build.round(1, date(2021, 5, 20), kind="city", region=NANYANG),
    }
    chains = {
        "province": chain("green_food", "绿色食品"),
        "xinyang": chain("tea", "信阳毛尖", region=CITY),
        "nanyang": chain("nanyang_tcm", "中医药", region=NANYANG),
    }
    session.add_all(chains.values())
    await session.flush()
    return {"round": {k: r.id for k, r in rounds.items()}, "chain": {k: c.id for k, c in chains.items()}}


ANY = {"If-Match": "*"}


async def round_ids(client, headers) -> set[int]:
    resp = await client.get("/api/v1/rounds", headers=headers)
    assert resp.status_code == 200, resp.text
    return {r["id"] for r in resp.json()["items"]}


async def test_rounds_are_read_down_the_tree(client, who, actors, levels):
    ids = levels["round"]
    assert await round_ids(client, who["xinyang"]) == {ids["province"], ids["xinyang"]}
    assert await round_ids(client, who["nanyang"]) == {ids["province"], ids["nanyang"]}
    assert await round_ids(client, who["guangshan"]) == {ids["province"], ids["xinyang"]}
    assert await round_ids(client, who["province"]) == set(ids.values())
    # another city's round is not there for a reader
    resp = await client.get(f"/api/v1/rounds/{ids['nanyang']}", headers=who["xinyang"])
    assert resp.status_code == 404
    listed = (await client.get("/api/v1/rounds", headers=who["xinyang"])).json()["items"]
    by_id = {r["id"]: r for r in listed}
    assert (by_id[ids["province"]]["level"], by_id[ids["province"]]["region_name"]) == ("province", "河南省")
    assert (by_id[ids["xinyang"]]["level"], by_id[ids["xinyang"]]["region_name"]) == ("city", "信阳市")
    assert not by_id[ids["province"]]["editable"] and by_id[ids["xinyang"]]["editable"]


async def test_rounds_are_changed_only_at_the_callers_level(client, who, levels):
    ids = levels["round"]
    for target in ("nanyang", "province"):
        resp = await client.patch(
            f"/api/v1/rounds/{ids[target]}", json={"venue": "改"}, headers={**who["xinyang"], **ANY}
        )
        assert resp.status_code == 403, resp.text
        assert resp.headers["content-type"].startswith("application/problem+json")
        assert resp.json()["errors"][0]["field"] == "region_code"
    ok = await client.patch(
        f"/api/v1/rounds/{ids['xinyang']}", json={"venue": "主会场"}, headers={**who["xinyang"], **ANY}
    )
    assert ok.status_code == 200 and ok.json()["venue"] == "主会场"
    # the province changes its own round, never a city's
    resp = await client.patch(
        f"/api/v1/rounds/{ids['province']}", json={"venue": "郑州"}, headers={**who["province"], **ANY}
    )
    assert resp.status_code == 200
    resp = await client.patch(
        f"/api/v1/rounds/{ids['xinyang']}", json={"venue": "郑州"}, headers={**who["province"], **ANY}
    )
    assert resp.status_code == 403


async def test_a_round_is_placed_at_the_callers_level_and_unique_there(client, who):
    body = {"number": 5, "held_on": "2021-09-18", "venue": "分会场"}
    xinyang = await client.post("/api/v1/rounds", json=body, headers=who["xinyang"])
    assert xinyang.status_code == 201, xinyang.text
    assert (xinyang.json()["region_code"], xinyang.json()["level"]) == (CITY, "city")
    # the same kind and number in another city, and at the province
    nanyang = await client.post("/api/v1/rounds", json=body, headers=who["nanyang"])
    assert nanyang.status_code == 201 and nanyang.json()["region_code"] == NANYANG
    province = await client.post("/api/v1/rounds", json=body, headers=who["province"])
    assert province.status_code == 201 and province.json()["level"] == "province"
    # twice in one city
    again = await client.post("/api/v1/rounds", json=body, headers=who["xinyang"])
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "number"
    # the province's rounds are its 全省集中 events
    own = await client.post("/api/v1/rounds", json={**body, "kind": "city"}, headers=who["province"])
    assert own.status_code == 422 and own.json()["errors"][0]["field"] == "kind"


async def test_a_county_keeps_no_rounds(client, who):
    body = {"number": 5, "held_on": "2021-09-18", "venue": "分会场"}
    assert (await client.post("/api/v1/rounds", json=body, headers=who["guangshan"])).status_code == 403
    resp = await client.post("/api/v1/rounds", json=body, headers=who["county_with_perms"])
    assert resp.status_code == 403 and resp.json()["errors"][0]["field"] == "region_code"


async def test_a_project_is_listed_only_in_its_citys_or_the_provinces_rounds(client, who, levels):
    ids = levels["round"]
    signed = {"date": "2021-07-10"}
    refused = await client.post(
        "/api/v1/projects",
        json=project_body(code="GS-R-1", signed={**signed, "round_id": ids["nanyang"]}),
        headers=who["xinyang"],
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "round_id"
    for n, key in enumerate(("province", "xinyang")):
        body = project_body(code=f"GS-R-{n + 2}", signed={**signed, "round_id": ids[key]})
        resp = await client.post("/api/v1/projects", json=body, headers=who["xinyang"])
        assert resp.status_code == 201, resp.text
    code = await client.get(
        f"/api/v1/projects/next-code?region_code={GUANGSHAN}&round_id={ids['nanyang']}", headers=who["xinyang"]
    )
    assert code.status_code == 422 and code.json()["errors"][0]["field"] == "round_id"


async def chain_ids(client, headers) -> set[int]:
    resp = await client.get("/api/v1/investment/industry-chains", headers=headers)
    assert resp.status_code == 200, resp.text
    return {c["id"] for c in resp.json()["items"]}


async def test_industry_chains_are_province_defaults_plus_city_additions(client, who, levels):
    ids = levels["chain"]
    assert await chain_ids(client, who["xinyang"]) == {ids["province"], ids["xinyang"]}
    assert await chain_ids(client, who["nanyang"]) == {ids["province"], ids["nanyang"]}
    assert await chain_ids(client, who["guangshan"]) == {ids["province"], ids["xinyang"]}
    assert await chain_ids(client, who["province"]) == set(ids.values())
    items = (await client.get("/api/v1/investment/industry-chains", headers=who["xinyang"])).json()["items"]
    assert [(c["level"], c["region_name"], c["editable"]) for c in items] == [
        ("province", "河南省", False),
        ("city", "信阳市", True),
    ]
    # changed only at one's own level
    for target in ("province", "nanyang"):
        url = f"/api/v1/investment/industry-chains/{ids[target]}"
        resp = await client.patch(url, json={"name": "改名"}, headers={**who["xinyang"], **ANY})
        assert resp.status_code == 403 and resp.json()["errors"][0]["field"] == "region_code"
    url = f"/api/v1/investment/industry-chains/{ids['province']}"
    assert (await client.patch(url, json={"is_leading": True}, headers={**who["province"], **ANY})).status_code == 200
    # created at one's own level; names unique per level, codes across the province
    body = {"code": "jade", "name": "玉雕文创"}
    resp = await client.post("/api/v1/investment/industry-chains", json=body, headers=who["nanyang"])
    assert resp.status_code == 201 and resp.json()["region_code"] == NANYANG
    same_name = await client.post(
        "/api/v1/investment/industry-chains", json={"code": "jade_xy", "name": "玉雕文创"}, headers=who["xinyang"]
    )
    assert same_name.status_code == 201 and same_name.json()["region_code"] == CITY
    twice = await client.post(
        "/api/v1/investment/industry-chains", json={"code": "jade2", "name": "玉雕文创"}, headers=who["nanyang"]
    )
    assert twice.status_code == 409 and twice.json()["errors"][0]["field"] == "name"
    taken = await client.post(
        "/api/v1/investment/industry-chains", json={"code": "jade", "name": "玉器"}, headers=who["xinyang"]
    )
    assert taken.status_code == 409 and taken.json()["errors"][0]["field"] == "code"
    county = await client.post(
        "/api/v1/investment/industry-chains",
        json={"code": "gs_tea", "name": "光山茶"},
        headers=who["county_with_perms"],
    )
    assert county.status_code == 403


async def test_a_project_uses_its_citys_or_the_provinces_chains(client, who, levels):
    refused = await client.post(
        "/api/v1/projects", json=project_body(code="GS-C-1", industry_chain_code="nanyang_tcm"), headers=who["xinyang"]
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "industry_chain_code"
    for n, code in enumerate(("green_food", "tea")):
        body = project_body(code=f"GS-C-{n + 2}", industry_chain_code=code)
        assert (await client.post("/api/v1/projects", json=body, headers=who["xinyang"])).status_code == 201


IMPORT_ROW = {
    "code": "IMP-1",
    "name": "导入项目",
    "investor_name": "某公司",
    "investor_origin": "local",
    "category": "social",
    "contracted_investment_wan_yuan": "30000",
}


async def test_import_reads_county_names_in_the_callers_city(client, who, levels):
    ok = await client.post(
        "/api/v1/projects/import", json={"rows": [{**IMPORT_ROW, "region": "宛城区"}]}, headers=who["nanyang"]
    )
    assert ok.status_code == 201, ok.text
    project = (await client.get(f"/api/v1/projects/{ok.json()['ids'][0]}", headers=who["nanyang"])).json()
    assert project["region_code"] == WANCHENG
    for caller in ("xinyang", "province"):
        row = {**IMPORT_ROW, "code": f"IMP-{caller}", "region": "宛城区"}
        resp = await client.post("/api/v1/projects/import", json={"rows": [row]}, headers=who[caller])
        assert resp.status_code == 422, resp.text
        assert resp.json()["errors"][0]["field"] == "region"
    # the province names the city and the county, or gives a code
    rows = [
        {**IMPORT_ROW, "code": "IMP-P1", "region": "南阳市宛城区"},
        {**IMPORT_ROW, "code": "IMP-P2", "region": "信阳市 光山县"},
        {**IMPORT_ROW, "code": "IMP-P3", "region": "411303"},
    ]
    resp = await client.post("/api/v1/projects/import", json={"rows": rows}, headers=who["province"])
    assert resp.status_code == 201, resp.text
    got = [
        (await client.get(f"/api/v1/projects/{i}", headers=who["province"])).json()["region_code"]
        for i in resp.json()["ids"]
    ]
    assert got == [WANCHENG, GUANGSHAN, "411303"]


async def test_import_lists_a_row_in_its_citys_rounds(client, who, levels):
    # 信阳 recorded round 7 itself: its own record is the one its projects are listed in
    row = {**IMPORT_ROW, "region": "光山县", "signed_on": "2021-07-10", "signed_round": "7"}
    resp = await client.post("/api/v1/projects/import", json={"rows": [row]}, headers=who["xinyang"])
    assert resp.status_code == 201, resp.text
    project = (await client.get(f"/api/v1/projects/{resp.json()['ids'][0]}", headers=who["xinyang"])).json()
    assert project["signed_round_id"] == levels["round"]["xinyang"]
    # 南阳 has no round 7 of its own: the province's
    row = {**IMPORT_ROW, "code": "IMP-2", "region": "宛城区", "signed_on": "2021-07-10", "signed_round": "7"}
    resp = await client.post("/api/v1/projects/import", json={"rows": [row]}, headers=who["nanyang"])
    assert resp.status_code == 201, resp.text
    project = (await client.get(f"/api/v1/projects/{resp.json()['ids'][0]}", headers=who["nanyang"])).json()
    assert project["signed_round_id"] == levels["round"]["province"]


BULLETIN = {
    "indicator_code": "foreign_capital_local",
    "period": "2021",
    "source_document": "全省利用外资通报",
    "rows": [
        {"entity_name": "郑州市", "entity_code": "410100", "value": "482301"},
        {"entity_name": "信阳市", "entity_code": "411500", "value": "66006"},
        {"entity_name": "南阳市", "entity_code": "411300", "value": "64280"},
    ],
}


async def test_a_bulletin_ranks_the_callers_city(client, who, actors):
    resp = await client.post("/api/v1/investment/bulletins", json=BULLETIN, headers=who["nanyang"])
    assert resp.status_code == 201, resp.text
    assert resp.json()["city"]["entity_code"] == NANYANG and resp.json()["city"]["rank"] == 3
    bulletin = resp.json()["id"]
    mine = await client.get(f"/api/v1/investment/bulletins/{bulletin}", headers=who["xinyang"])
    assert (mine.json()["city"]["entity_code"], mine.json()["city"]["rank"]) == (CITY, 2)
    county = await client.get("/api/v1/investment/bulletins", headers=who["guangshan"])
    assert county.json()["items"][0]["city"]["entity_code"] == CITY
    # the province has no single place of its own: every city's rank is in the rows
    province = await client.get(f"/api/v1/investment/bulletins/{bulletin}", headers=who["province"])
    assert province.json()["city"] is None
    assert [r["rank"] for r in province.json()["rows"]] == [1, 2, 3]
    imported = await client.post("/api/v1/investment/bulletins", json=BULLETIN, headers=who["province"])
    assert imported.status_code == 201 and imported.json()["warnings"] == []


async def test_rounds_held_count_each_round_once_for_the_region(client, who, levels):
    # the province's round 7 and 信阳's own record of it are one round held
    for caller, expected in (("xinyang", "1"), ("province", "1"), ("nanyang", "1")):
        resp = await client.get("/api/v1/investment/indicators?period=2021", headers=who[caller])
        figures = {f["code"]: f["value"] for f in resp.json()["figures"]}
        assert figures["rounds_held"] == expected, caller


def test_no_setting_names_a_city():
    assert "city_code" not in InvestmentSettings.model_fields


async def test_a_project_moved_to_another_city_keeps_only_rounds_and_chains_it_may_use(client, who, levels):
    ids = levels["round"]
    body = project_body(
        code="GS-M-1", industry_chain_code="tea", signed={"date": "2021-07-10", "round_id": ids["xinyang"]}
    )
    created = await client.post("/api/v1/projects", json=body, headers=who["province"])
    assert created.status_code == 201, created.text
    url = f"/api/v1/projects/{created.json()['id']}"
    moved = await client.patch(url, json={"region_code": WANCHENG}, headers={**who["province"], **ANY})
    assert moved.status_code == 422 and moved.json()["errors"][0]["field"] == "region_code"
    # within its city it moves freely
    resp = await client.patch(url, json={"region_code": "411523"}, headers={**who["province"], **ANY})
    assert resp.status_code == 200, resp.text
