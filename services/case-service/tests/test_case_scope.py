"""Scope matrix for every case endpoint: a unit sees only cases assigned to it, an enterprise only its own, a
county only its county (another county's case is a 404), a city only its own (南阳's cases do not exist for 信阳
and the other way round), the province's officer both cities, the provincial client only through /open."""

from __future__ import annotations

import pytest
from test_case_support import NANYANG, URL, WOLONG, WOLONG_USCC, XINXIAN_USCC, A, S, case_fixtures

from case_service.enterprise.models import Enterprise

globals().update(case_fixtures())

ROLES = (
    "city_leader",
    "city_officer",
    "guangshan",
    "xinxian",
    "unit",
    "other_unit",
    "enterprise",
    "other_enterprise",
    "admin",
    "auditor",
    "province",
    "province_officer",
    "nanyang",
)
NO_CASE_PERMISSIONS = {"admin", "auditor", "province"}

#: Which of the cases each role sees: a = 光山, assigned to unit 2; b = 新县, submitted; c = 光山, submitted;
#: d = 南阳 卧龙区, submitted.
SEES = {
    "city_leader": {"a", "b", "c"},
    "city_officer": {"a", "b", "c"},
    "province_officer": {"a", "b", "c", "d"},
    "nanyang": {"d"},
    "guangshan": {"a", "c"},
    "xinxian": {"b"},
    "unit": {"a"},
    "other_unit": set(),
    "enterprise": {"a", "c"},
    "other_enterprise": {"b"},
}


@pytest.fixture
async def three(driver, clock, session, regions) -> dict[str, int]:
    a = await driver.to_state(S.ASSIGNED)
    b = await driver.create(role="xinxian", enterprise_uscc=XINXIAN_USCC, title="新县企业用电增容")
    c = await driver.create(title="光山企业融资需求", category_code="financing")
    session.add(
        Enterprise(
            uscc=WOLONG_USCC,
            name="南阳卧龙光电科技有限公司",
            region_code=WOLONG,
            region_path=regions.path_of(WOLONG),
            contact_phone="13900003333",
        )
    )
    await session.flush()
    d = await driver.create(role="nanyang", enterprise_uscc=WOLONG_USCC, title="南阳企业用工招聘需求")
    assert regions.path_of(WOLONG).startswith(regions.path_of(NANYANG))
    return {"a": a["id"], "b": b["id"], "c": c["id"], "d": d["id"]}


def code_for(role: str, key: str, permission_roles: set[str] | None = None) -> int:
    """The status of a read: 403 without the permission, 404 out of scope, 200 otherwise."""
    if role in NO_CASE_PERMISSIONS or (permission_roles is not None and role not in permission_roles):
        return 403
    return 200 if key in SEES[role] else 404


@pytest.mark.parametrize("role", ROLES)
async def test_scope_matrix(client, case_roles, three, attachment_dir, role):
    """Reads first, then the writes (upload, edit, actions), on the same three cases."""
    h = case_roles[role]
    # list
    resp = await client.get(URL, params={"page_size": 100}, headers=h)
    if role in NO_CASE_PERMISSIONS:
        assert resp.status_code == 403
    else:
        ids = {i["id"] for i in resp.json()["items"]}
        assert {k for k, v in three.items() if v in ids} == SEES[role]
        assert resp.json()["total"] == len(SEES[role])
    # detail, timeline, attachment list
    for key, case_id in three.items():
        for path in ("", "/events", "/attachments"):
            resp = await client.get(f"{URL}/{case_id}{path}", headers=h)
            assert resp.status_code == code_for(role, key), (key, path, resp.text)
    # provincial sync: the provincial client only
    resp = await client.get("/open/v1/cases", params={"limit": 500}, headers=h)
    if role == "province":
        # The provincial systems' client of 信阳 (its region is the city): 信阳's cases, not 南阳's.
        synced = {i["id"] for i in resp.json()["items"]}
        assert synced >= {three[k] for k in "abc"} and three["d"] not in synced
    else:
        assert resp.status_code == 403
    # upload
    uploaders = {
        "city_officer",
        "guangshan",
        "xinxian",
        "unit",
        "other_unit",
        "enterprise",
        "other_enterprise",
        "province_officer",
        "nanyang",
    }
    for key, case_id in three.items():
        resp = await client.post(
            f"{URL}/{case_id}/attachments",
            files={"file": ("说明.txt", "用地情况说明".encode(), "text/plain")},
            headers=h,
        )
        want = code_for(role, key, uploaders)
        assert resp.status_code == (201 if want == 200 else want), (key, resp.text)
    # edit before assignment
    editors = {"city_officer", "guangshan", "xinxian", "province_officer", "nanyang"}
    for key in ("b", "c", "d"):
        resp = await client.patch(f"{URL}/{three[key]}", json={"urgency": "critical"}, headers={**h, "If-Match": "*"})
        assert resp.status_code == code_for(role, key, editors), (key, resp.text)
    # actions: accepting the submitted cases (officers in scope); signing (the lead unit's handler)
    acceptors = {"city_officer", "guangshan", "xinxian", "province_officer", "nanyang"}
    for key in ("b", "c", "d"):
        resp = await client.post(f"{URL}/{three[key]}/accept", json={}, headers=h)
        assert resp.status_code == code_for(role, key, acceptors), (key, resp.text)
    resp = await client.post(f"{URL}/{three['a']}/sign", json={}, headers=h)
    assert resp.status_code == code_for(role, "a", {"unit", "other_unit"}), resp.text


async def test_province_client_of_another_city_sees_nothing(client, tokens, regions, three):
    from platform_core.testing import client_token_kwargs

    zhengzhou = tokens.headers(
        **client_token_kwargs(
            "zz",
            ["open:case:read"],
            data_scope="REGION_AND_BELOW",
            region_code="410100",
            region_path=regions.path_of("410100"),
        )
    )
    resp = await client.get("/open/v1/cases", headers=zhengzhou)
    assert resp.status_code == 200 and resp.json()["items"] == []


async def test_no_scope_sees_nothing(client, tokens, three):
    h = tokens.headers(subject="user:99", permissions=["case:case:list", "case:case:read"], data_scopes=[])
    assert (await client.get(URL, headers=h)).json()["total"] == 0
    assert (await client.get(f"{URL}/{three['a']}", headers=h)).status_code == 404


async def test_a_co_unit_sees_the_case_but_cannot_handle_it(driver, client, case_roles, three):
    assert (await client.get(f"{URL}/{three['a']}", headers=case_roles["co_unit"])).status_code == 200
    mine = await client.get(URL, params={"mine": "unit"}, headers=case_roles["co_unit"])
    assert [i["id"] for i in mine.json()["items"]] == [three["a"]]
    resp = await client.post(f"{URL}/{three['a']}/sign", json={}, headers=case_roles["co_unit"])
    assert resp.status_code == 403


async def test_a_returned_case_leaves_the_units_scope(driver, client, case_roles, three):
    await driver.act(three["a"], A.REQUEST_RETURN)
    await driver.act(three["a"], A.APPROVE_RETURN)
    assert (await client.get(f"{URL}/{three['a']}", headers=case_roles["unit"])).status_code == 404
    assert (await client.get(URL, headers=case_roles["unit"])).json()["total"] == 0
