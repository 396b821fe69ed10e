"""Scope matrix: every resource × every role × a record in 光山县 and one in 新县 × list, detail, create, update,
delete; plus the worker export, the indicators, bulletins, imports and the provincial sync. Beside 信阳 the matrix
has the province's officer (its whole tree) and 南阳's: the province reads and writes both cities, each city only its
own — no one writes across cities."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from support import CITY, GUANGSHAN, XINXIAN, create, id_number, program, province, uscc, worker_body

from platform_core.testing import client_token_kwargs

ROLES = (
    "city_leader",
    "city_officer",
    "guangshan",
    "xinxian",
    "unit",
    "enterprise",
    "admin",
    "auditor",
    "province",
    "province_officer",
    "nanyang",
)
PROVINCE, NANYANG, WOLONG = "410000", "411300", "411303"
NO_ACCESS = ("unit", "enterprise", "admin", "auditor", "province")

# role: (sees 光山, sees 新县) in lists; None = 403
LIST: dict[str, tuple[bool, bool] | None] = {
    "city_leader": (True, True),
    "city_officer": (True, True),
    "guangshan": (True, False),
    "xinxian": (False, True),
    "province_officer": (True, True),
    "nanyang": (False, False),
} | dict.fromkeys(NO_ACCESS)
DETAIL = {
    "city_leader": (200, 200),
    "city_officer": (200, 200),
    "guangshan": (200, 404),
    "xinxian": (404, 200),
    "province_officer": (200, 200),
    "nanyang": (404, 404),
} | dict.fromkeys(NO_ACCESS, (403, 403))
WRITE = {
    "city_leader": (403, 403),
    "city_officer": (200, 200),
    "guangshan": (200, 404),
    "xinxian": (404, 200),
    "province_officer": (200, 200),
    "nanyang": (404, 404),
} | dict.fromkeys(NO_ACCESS, (403, 403))
# Creating a record in 光山县.
CREATE = {
    "city_leader": 403,
    "city_officer": 201,
    "guangshan": 201,
    "xinxian": 403,
    "province_officer": 201,
    "nanyang": 403,
} | dict.fromkeys(NO_ACCESS, 403)

Body = Callable[[str, dict[str, Any], int], dict[str, Any]]


def _n(region: str, i: int) -> str:
    return f"{region[-2:]}{i}"


# path, body(region, parents, i), patch
RESOURCES: dict[str, tuple[str, Body, dict[str, Any]]] = {
    "labour_programs": (
        "/api/v1/trade/labour/programs",
        lambda r, p, i: {"code": f"P{_n(r, i)}", "name": "中韩雇佣制", "destination_country": "韩国", "region_code": r},
        {"description": "改"},
    ),
    "labour_batches": (
        "/api/v1/trade/labour/batches",
        lambda r, p, i: {
            "program_id": p["program"],
            "batch_no": _n(r, i),
            "departs_on": "2021-03-01",
            "region_code": r,
        },
        {"notes": "改"},
    ),
    "labour_events": (
        "/api/v1/trade/labour/exchange-events",
        lambda r, p, i: {"name": "中韩合作线上交流会", "held_on": "2021-04-01", "mode": "online", "region_code": r},
        {"participants": 30},
    ),
    "labour_workers": (
        "/api/v1/trade/labour/workers",
        lambda r, p, i: worker_body(p["program"], region=r, id_number=id_number(r, seq=i)),
        {"sector": "农业"},
    ),
    "fund_programs": (
        "/api/v1/trade/funds/programs",
        lambda r, p, i: {"code": f"F{_n(r, i)}", "name": "中小开", "kind": "sme_market_development", "region_code": r},
        {"description": "改"},
    ),
    "fund_grants": (
        "/api/v1/trade/funds/grants",
        lambda r, p, i: {
            "program_id": p["fund"],
            "enterprise_uscc": uscc(r, f"MA46H3{i:02d}"),
            "enterprise_name": "测试外贸有限公司",
            "region_code": r,
            "amount_wan_yuan": "12.50",
            "approved_on": "2021-05-01",
        },
        {"disbursed_on": "2021-06-01"},
    ),
    "fairs": (
        "/api/v1/trade/fairs",
        lambda r, p, i: {
            "name": "广交会",
            "mode": "online",
            "starts_on": "2021-04-15",
            "ends_on": "2021-04-24",
            "region_code": r,
        },
        {"location": "广州"},
    ),
    "fair_participants": (
        "/api/v1/trade/fairs/{fair}/participants",
        lambda r, p, i: {
            "enterprise_uscc": uscc(r, f"MA47H3{i:02d}"),
            "enterprise_name": "测试外贸有限公司",
            "region_code": r,
            "intended_deal_wan_usd": "10.00",
        },
        {"intended_deal_wan_usd": "20.00"},
    ),
    "trainings": (
        "/api/v1/trade/trainings",
        lambda r, p, i: {
            "topic": "RCEP 培训",
            "held_on": "2021-06-01",
            "mode": "online",
            "attendee_count": 50,
            "region_code": r,
        },
        {"attendee_count": 60},
    ),
    "export_registrations": (
        "/api/v1/trade/export-registrations",
        lambda r, p, i: {
            "enterprise_uscc": uscc(r, f"MA48H3{i:02d}"),
            "enterprise_name": "测试食品有限公司",
            "region_code": r,
            "product": "冻鸭肉",
            "destination_country": "哈萨克斯坦",
            "registered_on": "2021-03-01",
        },
        {"first_exported_on": "2021-08-01"},
    ),
    "shipments": (
        "/api/v1/trade/shipments",
        lambda r, p, i: {
            "region_code": r,
            "product": "茶叶",
            "channel": "china_europe_railway",
            "train_no": f"T{i}",
            "shipped_on": "2021-05-01",
            "goods_value_wan_yuan": "100.00",
        },
        {"goods_value_wan_yuan": "120.00"},
    ),
    "foreign_trade_stats": (
        "/api/v1/trade/foreign-trade/stats",
        lambda r, p, i: {
            "region_code": r,
            "year": 1990 + i,
            "month": 1,
            "import_wan_usd": "1.00",
            "export_wan_usd": "2.00",
        },
        {"export_wan_usd": "3.00"},
    ),
    "promotions": (
        "/api/v1/trade/domestic/promotions",
        lambda r, p, i: {
            "name": "美食节",
            "kind": "food_festival",
            "starts_on": "2021-05-01",
            "ends_on": "2021-05-03",
            "region_code": r,
        },
        {"consumption_driven_yi_yuan": "0.5000"},
    ),
    "honours": (
        "/api/v1/trade/domestic/honours",
        lambda r, p, i: {
            "kind": "green_mall",
            "level": "provincial",
            "holder_name": f"商场{_n(r, i)}",
            "awarded_on": "2021-09-01",
            "region_code": r,
        },
        {"document_no": "豫商〔2021〕1号"},
    ),
    "streets": (
        "/api/v1/trade/domestic/streets",
        lambda r, p, i: {
            "name": "胜利路步行街",
            "kind": "pedestrian_street",
            "completed_on": "2021-10-01",
            "region_code": r,
        },
        {"notes": "改"},
    ),
    "demo_counties": (
        "/api/v1/trade/ecommerce/demo-counties",
        lambda r, p, i: {"region_code": r, "approved_level": "provincial", "approved_year": 2018},
        {"promoted_to_national_on": "2021-06-01"},
    ),
    "village_coverage": (
        "/api/v1/trade/ecommerce/village-coverage",
        lambda r, p, i: {
            "region_code": r,
            "as_of": (date(2021, 1, 1) + timedelta(days=i)).isoformat(),
            "villages_total": 300,
            "villages_with_station": 280,
            "villages_with_express": 300,
            "poor_villages_total": 80,
            "poor_villages_with_station": 80,
        },
        {"villages_with_station": 290},
    ),
    "brands": (
        "/api/v1/trade/ecommerce/brands",
        lambda r, p, i: {"name": f"品牌{_n(r, i)}", "region_code": r},
        {"owner": "县供销社"},
    ),
    "ecommerce_trainings": (
        "/api/v1/trade/ecommerce/trainings",
        lambda r, p, i: {
            "title": "电商培训",
            "region_code": r,
            "held_on": "2021-07-01",
            "sessions": 2,
            "person_times": 120,
        },
        {"person_times": 150},
    ),
}


@pytest.fixture
def roles(roles, headers):
    """The conftest roles plus the province's officer and 南阳's city officer (the same permissions as 信阳's)."""
    return {
        **roles,
        "province_officer": headers("city_officer", PROVINCE, subject="user:12"),
        "nanyang": headers("city_officer", NANYANG, subject="user:13"),
    }


@pytest.fixture
async def parents(client, roles):
    """City-level parents the records hang off: a labour program, a fund program, a fair."""
    officer = roles["city_officer"]
    fund = await create(
        client,
        "/api/v1/trade/funds/programs",
        {"code": "ZXK", "name": "中小开", "kind": "sme_market_development", "region_code": CITY},
        officer,
    )
    fair = await create(
        client,
        "/api/v1/trade/fairs",
        {
            "name": "第129届广交会",
            "mode": "online",
            "starts_on": "2021-04-15",
            "ends_on": "2021-04-24",
            "region_code": CITY,
        },
        officer,
    )
    return {"program": (await program(client, officer))["id"], "fund": fund["id"], "fair": fair["id"]}


@pytest.fixture
def counter():
    return iter(range(1, 10_000))


async def _pair(client, roles, parents, counter, name: str) -> tuple[str, dict[str, int]]:
    path, body, _ = RESOURCES[name]
    path = path.format(**{k: v for k, v in parents.items()})
    ids = {}
    for key, region in (("gs", GUANGSHAN), ("xx", XINXIAN)):
        ids[key] = (await create(client, path, body(region, parents, next(counter)), roles["city_officer"]))["id"]
    return path, ids


@pytest.mark.parametrize("name", list(RESOURCES))
async def test_list(client, roles, parents, counter, name):
    path, ids = await _pair(client, roles, parents, counter, name)
    for role in ROLES:
        resp = await client.get(path, params={"page_size": 100}, headers=roles[role])
        expected = LIST[role]
        if expected is None:
            assert resp.status_code == 403, (role, resp.text)
            continue
        if role == "nanyang" and "{fair}" in RESOURCES[name][0]:
            # 信阳's fair does not exist for 南阳: neither do its participants.
            assert resp.status_code == 404, resp.text
            continue
        seen = {i["id"] for i in resp.json()["items"]}
        assert (ids["gs"] in seen, ids["xx"] in seen) == expected, role


@pytest.mark.parametrize("name", list(RESOURCES))
async def test_detail(client, roles, parents, counter, name):
    path, ids = await _pair(client, roles, parents, counter, name)
    for role in ROLES:
        got = tuple([(await client.get(f"{path}/{ids[k]}", headers=roles[role])).status_code for k in ("gs", "xx")])
        assert got == DETAIL[role], role


@pytest.mark.parametrize("name", list(RESOURCES))
async def test_update_and_delete(client, roles, parents, counter, name):
    path, ids = await _pair(client, roles, parents, counter, name)
    patch = RESOURCES[name][2]
    for role in ROLES:
        got = []
        for k in ("gs", "xx"):
            url = f"{path}/{ids[k]}"
            current = (await client.get(url, headers=roles["city_officer"])).json()["version"]
            resp = await client.patch(url, json=patch, headers={**roles[role], "If-Match": f'"{current}"'})
            got.append(resp.status_code)
        assert tuple(got) == WRITE[role], (role, resp.text)
    for role in ("city_leader", "xinxian", "unit", "province"):
        resp = await client.delete(f"{path}/{ids['gs']}", headers={**roles[role], "If-Match": "*"})
        assert resp.status_code in (403, 404), role
    gone = await client.delete(f"{path}/{ids['gs']}", headers={**roles["guangshan"], "If-Match": "*"})
    assert gone.status_code == 204
    assert (await client.get(f"{path}/{ids['gs']}", headers=roles["city_officer"])).status_code == 404


@pytest.mark.parametrize("name", list(RESOURCES))
async def test_create(client, roles, parents, counter, name):
    path, body, _ = RESOURCES[name]
    path = path.format(**parents)
    for role in ROLES:
        resp = await client.post(path, json=body(GUANGSHAN, parents, next(counter) + 50), headers=roles[role])
        # 信阳's fair does not exist for 南阳 (404); every other record is refused for its region.
        nested = role == "nanyang" and "{fair}" in RESOURCES[name][0]
        assert resp.status_code == (404 if nested else CREATE[role]), (role, resp.text)
        if role in ("xinxian", "nanyang") and not nested:
            assert resp.json()["code"] == "out_of_scope" and resp.json()["errors"][0]["field"] == "region_code"
        if resp.status_code == 201:  # out of the way of the next role's create (some records are unique)
            gone = await client.delete(resp.headers["location"], headers={**roles["city_officer"], "If-Match": "*"})
            assert gone.status_code == 204


#: Records without a parent, placed by 南阳's officer in 卧龙区.
NANYANG_RESOURCES = [
    n for n in RESOURCES if n not in ("labour_batches", "labour_workers", "fund_grants", "fair_participants")
]


@pytest.mark.parametrize("name", NANYANG_RESOURCES)
async def test_another_citys_records_are_read_by_the_province_and_that_city_only(client, roles, parents, counter, name):
    path, body, patch = RESOURCES[name]
    path = path.format(**parents)
    made = await create(client, path, body(WOLONG, parents, next(counter) + 70), roles["nanyang"])
    sees = {"nanyang": True, "province_officer": True, "city_leader": False, "city_officer": False, "guangshan": False}
    for role, visible in sees.items():
        listed = await client.get(path, params={"page_size": 100}, headers=roles[role])
        assert (made["id"] in {i["id"] for i in listed.json()["items"]}) is visible, role
        detail = await client.get(f"{path}/{made['id']}", headers=roles[role])
        assert detail.status_code == (200 if visible else 404), role
    # 信阳 writes nothing of 南阳's, nor 南阳 in 信阳; the province writes down its tree.
    for role in ("city_officer", "guangshan"):
        resp = await client.patch(f"{path}/{made['id']}", json=patch, headers={**roles[role], "If-Match": "*"})
        assert resp.status_code == 404, role
    resp = await client.post(path, json=body(GUANGSHAN, parents, next(counter) + 80), headers=roles["nanyang"])
    assert resp.status_code == 403 and resp.json()["errors"][0]["field"] == "region_code"
    resp = await client.patch(
        f"{path}/{made['id']}", json=patch, headers={**roles["province_officer"], "If-Match": "*"}
    )
    assert resp.status_code == 200, resp.text
    gone = await client.delete(f"{path}/{made['id']}", headers={**roles["city_officer"], "If-Match": "*"})
    assert gone.status_code == 404


@pytest.mark.parametrize(
    "name", ["labour_programs", "labour_batches", "labour_events", "fund_programs", "fairs", "trainings"]
)
async def test_city_records_are_read_by_counties_but_written_only_by_the_city(client, roles, parents, counter, name):
    path, body, patch = RESOURCES[name]
    made = await create(client, path, body(CITY, parents, next(counter)), roles["city_officer"])
    for role in ("guangshan", "xinxian"):
        assert (await client.get(f"{path}/{made['id']}", headers=roles[role])).status_code == 200
        listed = await client.get(path, params={"page_size": 100}, headers=roles[role])
        assert made["id"] in {i["id"] for i in listed.json()["items"]}
        resp = await client.patch(f"{path}/{made['id']}", json=patch, headers={**roles[role], "If-Match": "*"})
        assert resp.status_code == 403 and resp.json()["code"] == "out_of_scope"


async def test_participants_of_a_fair_follow_the_enterprise_county(client, roles, parents, counter):
    _, ids = await _pair(client, roles, parents, counter, "fair_participants")
    fair = (await client.get(f"/api/v1/trade/fairs/{parents['fair']}", headers=roles["guangshan"])).json()
    assert fair["participant_count"] == 1 and fair["intended_deal_wan_usd"] == "10.00"
    city = (await client.get(f"/api/v1/trade/fairs/{parents['fair']}", headers=roles["city_leader"])).json()
    assert city["participant_count"] == 2 and city["intended_deal_wan_usd"] == "20.00"
    assert (
        await client.get("/api/v1/trade/fairs/999999/participants", headers=roles["city_officer"])
    ).status_code == 404
    assert (
        await client.get(f"/api/v1/trade/fairs/999999/participants/{ids['gs']}", headers=roles["city_officer"])
    ).status_code == 404


# Export, sync, indicators, bulletins, imports --------------------------------------------------------------


async def test_worker_export_scope(client, roles, parents, counter):
    await _pair(client, roles, parents, counter, "labour_workers")
    from io import BytesIO

    from openpyxl import load_workbook

    for role in ROLES:
        resp = await client.get("/api/v1/trade/labour/workers/export", headers=roles[role])
        expected = LIST[role]
        if expected is None:
            assert resp.status_code == 403, role
            continue
        # The sheet numbers its rows and names the county (no ids): each of the pair is known by its county.
        sheet = load_workbook(BytesIO(resp.content)).active
        county = [c.value for c in next(sheet.iter_rows(max_row=1))].index("县区")
        seen = {r[county] for r in sheet.iter_rows(min_row=2, values_only=True)}
        assert ("光山县" in seen, "新县" in seen) == expected, role


async def test_worker_sync_scope(client, roles, tokens, regions, parents, counter):
    _, ids = await _pair(client, roles, parents, counter, "labour_workers")
    for role in ROLES:
        resp = await client.get("/open/v1/trade/labour/workers", headers=roles[role])
        assert resp.status_code == 403, role
    seen = {
        i["id"]
        for i in (
            await client.get("/open/v1/trade/labour/workers", params={"limit": 500}, headers=province(tokens, regions))
        ).json()["items"]
    }
    assert {ids["gs"], ids["xx"]} <= seen
    zhengzhou = tokens.headers(
        **client_token_kwargs(
            "zz",
            ["open:trade:read"],
            data_scope="REGION_AND_BELOW",
            region_code="410100",
            region_path=regions.path_of("410100"),
        )
    )
    assert (await client.get("/open/v1/trade/labour/workers", headers=zhengzhou)).json()["items"] == []


INDICATORS = {
    "city_leader": {None: 200, GUANGSHAN: 200, XINXIAN: 200},
    "city_officer": {None: 200, GUANGSHAN: 200, XINXIAN: 200},
    "guangshan": {None: 200, GUANGSHAN: 200, XINXIAN: 403},
    "xinxian": {None: 200, GUANGSHAN: 403, XINXIAN: 200},
    "province_officer": {None: 200, GUANGSHAN: 200, XINXIAN: 200, NANYANG: 200},
    "nanyang": {None: 200, GUANGSHAN: 403, XINXIAN: 403, CITY: 403},
} | {role: {None: 403, GUANGSHAN: 403, XINXIAN: 403} for role in NO_ACCESS}
DEFAULT_REGION = {
    "city_leader": CITY,
    "city_officer": CITY,
    "guangshan": GUANGSHAN,
    "xinxian": XINXIAN,
    "province_officer": PROVINCE,
    "nanyang": NANYANG,
}


async def test_indicator_scope(client, roles, parents, counter):
    await _pair(client, roles, parents, counter, "promotions")
    for role in ROLES:
        for region, expected in INDICATORS[role].items():
            params = {"period": "2021"} | ({"region_code": region} if region else {})
            resp = await client.get("/api/v1/trade/indicators", params=params, headers=roles[role])
            assert resp.status_code == expected, (role, region, resp.text)
            if expected == 200:
                body = resp.json()
                events = next(i for i in body["items"] if i["key"] == "promotion_events")
                shown = region or DEFAULT_REGION[role]
                assert body["region_code"] == shown
                # The pair (光山, 新县) counts in 信阳 and in the province, never in 南阳.
                assert events["value"] == {CITY: 2, PROVINCE: 2, NANYANG: 0}.get(shown, 1), (role, region)


READERS = ("city_leader", "city_officer", "guangshan", "xinxian", "province_officer", "nanyang")


async def test_bulletins_scope(client, roles):
    for role in ROLES:
        resp = await client.get("/api/v1/trade/bulletins", headers=roles[role])
        assert resp.status_code == (200 if role in READERS else 403), role
    files = {"file": ("b.csv", "地区名称,地区代码,数值\n信阳市,411500,100\n".encode(), "text/csv")}
    form = {"indicator_code": "labour_dispatched", "period": "2021", "scope": "national", "source_document": "通报"}
    for role, expected in (("guangshan", 403), ("city_leader", 403), ("unit", 403), ("city_officer", 201)):
        resp = await client.post("/api/v1/trade/bulletins/import", data=form, files=files, headers=roles[role])
        assert resp.status_code == expected, (role, resp.text)


async def test_foreign_trade_import_scope(client, roles):
    csv = "区划代码,年份,月份,进口额(万美元),出口额(万美元)\n411522,2021,1,1,2\n411523,2021,1,3,4\n".encode()
    files = {"file": ("s.csv", csv, "text/csv")}
    county = await client.post("/api/v1/trade/foreign-trade/import", files=files, headers=roles["guangshan"])
    assert county.status_code == 422 and county.json()["errors"][0]["code"] == "out_of_scope"
    assert county.json()["errors"][0]["row"] == 3
    for role in ("city_leader", "unit", "enterprise", "province"):
        assert (
            await client.post("/api/v1/trade/foreign-trade/import", files=files, headers=roles[role])
        ).status_code == 403
    city = await client.post("/api/v1/trade/foreign-trade/import", files=files, headers=roles["city_officer"])
    assert city.status_code == 200 and city.json() == {"row_count": 2, "created": 2, "updated": 0}


async def test_worker_transition_scope(client, roles, parents, counter):
    for role in ROLES:
        _, ids = await _pair(client, roles, parents, counter, "labour_workers")
        got = []
        for k in ("gs", "xx"):
            resp = await client.post(
                f"/api/v1/trade/labour/workers/{ids[k]}/transitions",
                json={"to": "trained", "on": "2021-02-01"},
                headers=roles[role],
            )
            got.append(resp.status_code)
        assert tuple(got) == WRITE[role], role
        # Only the transitions allowed above changed anything.
        statuses = [
            (await client.get(f"/api/v1/trade/labour/workers/{ids[k]}", headers=roles["city_officer"])).json()["status"]
            for k in ("gs", "xx")
        ]
        assert statuses == ["trained" if code == 200 else "registered" for code in got], role


async def test_templates_and_bulletin_detail_scope(client, roles):
    files = {"file": ("b.csv", "地区名称,地区代码,数值\n信阳市,411500,100\n".encode(), "text/csv")}
    form = {"indicator_code": "labour_dispatched", "period": "2021", "scope": "national", "source_document": "通报"}
    made = await client.post("/api/v1/trade/bulletins/import", data=form, files=files, headers=roles["city_officer"])
    assert made.status_code == 201, made.text
    for role in ROLES:
        expected = 200 if role in READERS else 403
        for url in (
            "/api/v1/trade/foreign-trade/template",
            "/api/v1/trade/bulletins/template",
            f"/api/v1/trade/bulletins/{made.json()['id']}",
        ):
            assert (await client.get(url, headers=roles[role])).status_code == expected, (role, url)
