"""诉求分类 per level: the province keeps the defaults, each city its additions; every level reads the levels above
and below it (never another city's), and changes only its own."""

from __future__ import annotations

import pytest
from test_case_support import NANYANG, PROVINCE, case_fixtures, new_case

globals().update(case_fixtures())

CATS, URL_CASES = "/api/v1/case-categories", "/api/v1/cases"


async def names(client, headers) -> set[str]:
    resp = await client.get(CATS, params={"include_inactive": True}, headers=headers)
    assert resp.status_code == 200, resp.text
    return {c["name"] for c in resp.json()["items"]}


@pytest.fixture
async def levels(client, case_roles) -> dict[str, dict]:
    """A 信阳 addition and a 南阳 addition beside the province's defaults."""
    xinyang = await client.post(
        CATS, json={"code": "tea_trade", "name": "茶叶购销"}, headers=case_roles["city_officer"]
    )
    nanyang = await client.post(CATS, json={"code": "jade_trade", "name": "玉雕产销"}, headers=case_roles["nanyang"])
    assert xinyang.status_code == 201 and nanyang.status_code == 201, (xinyang.text, nanyang.text)
    items = (await client.get(CATS, headers=case_roles["province_officer"])).json()["items"]
    province = next(c for c in items if c["code"] == "financing")
    return {"province": province, "xinyang": xinyang.json(), "nanyang": nanyang.json()}


async def test_the_defaults_are_the_provinces(client, case_roles):
    items = (await client.get(CATS, headers=case_roles["city_officer"])).json()["items"]
    assert items and {(c["region_code"], c["level"], c["region_name"]) for c in items} == {
        (PROVINCE, "province", "河南省")
    }
    assert not any(c["editable"] for c in items)


async def test_each_level_reads_the_levels_above_and_below_never_another_city(client, case_roles, levels):
    defaults = {"用地规划", "融资信贷", "其他"}
    xinyang = await names(client, case_roles["city_officer"])
    assert defaults <= xinyang and "茶叶购销" in xinyang and "玉雕产销" not in xinyang
    county = await names(client, case_roles["guangshan"])
    assert defaults <= county and "茶叶购销" in county and "玉雕产销" not in county
    nanyang = await names(client, case_roles["nanyang"])
    assert defaults <= nanyang and "玉雕产销" in nanyang and "茶叶购销" not in nanyang
    province = await names(client, case_roles["province_officer"])
    assert defaults | {"茶叶购销", "玉雕产销"} <= province
    assert levels["xinyang"]["level"] == "city" and levels["xinyang"]["region_name"] == "信阳市"
    assert levels["nanyang"]["region_code"] == NANYANG and levels["nanyang"]["editable"] is True


async def test_a_city_changes_only_its_own_level(client, case_roles, levels):
    h = {**case_roles["city_officer"], "If-Match": "*"}
    province = await client.patch(f"{CATS}/{levels['province']['id']}", json={"name": "融资"}, headers=h)
    assert province.status_code == 403 and province.headers["content-type"].startswith("application/problem+json")
    assert province.json()["errors"][0]["field"] == "region_code"
    # Another city's entry does not exist for 信阳.
    other = await client.patch(f"{CATS}/{levels['nanyang']['id']}", json={"is_active": False}, headers=h)
    assert other.status_code == 404
    own = await client.patch(f"{CATS}/{levels['xinyang']['id']}", json={"name": "茶叶流通"}, headers=h)
    assert own.status_code == 200 and own.json()["name"] == "茶叶流通" and own.json()["editable"] is True
    county = await client.patch(
        f"{CATS}/{levels['xinyang']['id']}",
        json={"sort_order": 1},
        headers={**case_roles["guangshan"], "If-Match": "*"},
    )
    assert county.status_code == 403


async def test_the_province_changes_its_defaults_not_a_citys_addition(client, case_roles, levels):
    h = {**case_roles["province_officer"], "If-Match": "*"}
    own = await client.patch(f"{CATS}/{levels['province']['id']}", json={"sort_order": 15}, headers=h)
    assert own.status_code == 200 and own.json()["editable"] is True
    city = await client.patch(f"{CATS}/{levels['nanyang']['id']}", json={"is_active": False}, headers=h)
    assert city.status_code == 403 and city.json()["errors"][0]["field"] == "region_code"
    created = await client.post(
        CATS, json={"code": "export_credit", "name": "出口信保"}, headers=case_roles["province_officer"]
    )
    assert created.status_code == 201 and created.json()["region_code"] == PROVINCE
    assert "出口信保" in await names(client, case_roles["nanyang"])


async def test_a_name_is_used_once_along_a_branch(client, case_roles, levels):
    # A city may not add a name the province already has …
    same = await client.post(CATS, json={"code": "loans", "name": "融资信贷"}, headers=case_roles["city_officer"])
    assert same.status_code == 409 and same.json()["errors"][0]["field"] == "name"
    # … nor the province one a city has; two cities may each keep their own.
    up = await client.post(CATS, json={"code": "tea", "name": "茶叶购销"}, headers=case_roles["province_officer"])
    assert up.status_code == 409
    beside = await client.post(CATS, json={"code": "tea_nanyang", "name": "茶叶购销"}, headers=case_roles["nanyang"])
    assert beside.status_code == 201
    rename = await client.patch(
        f"{CATS}/{levels['xinyang']['id']}",
        json={"name": "其他"},
        headers={**case_roles["city_officer"], "If-Match": "*"},
    )
    assert rename.status_code == 409 and rename.json()["errors"][0]["field"] == "name"
    # Codes stay unique everywhere: cases, rules and answers refer to the code alone.
    code = await client.post(CATS, json={"code": "tea_trade", "name": "茶园"}, headers=case_roles["nanyang"])
    assert code.status_code == 409 and code.json()["errors"][0]["field"] == "code"


async def test_a_county_officer_cannot_add_categories(client, case_roles):
    resp = await client.post(CATS, json={"code": "tax", "name": "税费"}, headers=case_roles["guangshan"])
    assert resp.status_code == 403


async def test_a_case_takes_only_a_category_of_its_levels(client, case_roles, enterprises, levels):
    theirs = await client.post(URL_CASES, json=new_case(category_code="jade_trade"), headers=case_roles["guangshan"])
    assert theirs.status_code == 422 and theirs.json()["errors"][0]["field"] == "category_code"
    ours = await client.post(URL_CASES, json=new_case(category_code="tea_trade"), headers=case_roles["guangshan"])
    assert ours.status_code == 201, ours.text
