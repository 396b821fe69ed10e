"""Scope matrix: every role × a record in and out of its scope × list, detail, write, stats and sync."""

from __future__ import annotations

import pytest
from conftest import ENTERPRISE_USCC, GUANGSHAN, XINXIAN

from case_service.enterprise.models import Enterprise
from platform_core.uscc import check_character


def _uscc(region: str) -> str:
    first17 = f"91{region}MA47K2P10"
    return first17 + check_character(first17)


@pytest.fixture
async def two_enterprises(session, regions):
    """One enterprise in 光山县 (the demo enterprise user's own) and one in 新县."""
    gs = Enterprise(
        uscc=ENTERPRISE_USCC,
        name="光山县茶业有限公司",
        region_code=GUANGSHAN,
        region_path=regions.path_of(GUANGSHAN),
        contact_phone="13900001111",
    )
    xx = Enterprise(
        uscc=_uscc(XINXIAN),
        name="新县红色旅游商贸有限公司",
        region_code=XINXIAN,
        region_path=regions.path_of(XINXIAN),
        contact_phone="13900002222",
    )
    session.add_all([gs, xx])
    await session.flush()
    return {"gs": gs.id, "xx": xx.id}


# role: (sees 光山, sees 新县) for list; None = no list permission (403)
LIST = {
    "city_leader": (True, True),
    "city_officer": (True, True),
    "guangshan": (True, False),
    "xinxian": (False, True),
    "unit": None,
    "enterprise": None,
    "admin": None,
    "auditor": None,
    "province": None,
}
# role: (detail 光山, detail 新县)
DETAIL = {
    "city_leader": (200, 200),
    "city_officer": (200, 200),
    "guangshan": (200, 404),
    "xinxian": (404, 200),
    "unit": (403, 403),
    "enterprise": (200, 404),
    "admin": (403, 403),
    "auditor": (403, 403),
    "province": (403, 403),
}
# role: (patch 光山, patch 新县)
WRITE = {
    "city_leader": (403, 403),
    "city_officer": (200, 200),
    "guangshan": (200, 404),
    "xinxian": (404, 200),
    "unit": (403, 403),
    "enterprise": (403, 403),
    "admin": (403, 403),
    "auditor": (403, 403),
    "province": (403, 403),
}
# role: set of enterprises in the sync stream; None = 403
SYNC = {role: None for role in LIST} | {"province": {"gs", "xx"}}
# role: stats totals; None = 403
STATS = {
    "city_leader": 2,
    "city_officer": 2,
    "guangshan": 1,
    "xinxian": 1,
    "unit": None,
    "enterprise": None,
    "admin": None,
    "auditor": None,
    "province": None,
}


@pytest.mark.parametrize("role", list(LIST))
async def test_list(client, roles, two_enterprises, role):
    resp = await client.get("/api/v1/enterprises", headers=roles[role])
    expected = LIST[role]
    if expected is None:
        assert resp.status_code == 403
        return
    assert resp.status_code == 200
    ids = {i["id"] for i in resp.json()["items"]}
    assert (two_enterprises["gs"] in ids, two_enterprises["xx"] in ids) == expected


@pytest.mark.parametrize("role", list(DETAIL))
async def test_detail(client, roles, two_enterprises, role):
    got = []
    for k in ("gs", "xx"):
        got.append((await client.get(f"/api/v1/enterprises/{two_enterprises[k]}", headers=roles[role])).status_code)
    assert tuple(got) == DETAIL[role]


@pytest.mark.parametrize("role", list(WRITE))
async def test_write(client, roles, two_enterprises, role):
    got = []
    for k in ("gs", "xx"):
        resp = await client.patch(
            f"/api/v1/enterprises/{two_enterprises[k]}",
            json={"industry": "茶叶加工"},
            headers={**roles[role], "If-Match": '"1"'},
        )
        got.append(resp.status_code)
    assert tuple(got) == WRITE[role]


@pytest.mark.parametrize("role", list(SYNC))
async def test_sync(client, roles, two_enterprises, role):
    resp = await client.get("/open/v1/enterprises", params={"limit": 500}, headers=roles[role])
    expected = SYNC[role]
    if expected is None:
        assert resp.status_code == 403
        return
    ids = {i["id"] for i in resp.json()["items"]}
    assert {k for k, v in two_enterprises.items() if v in ids} == expected


@pytest.mark.parametrize("role", list(STATS))
async def test_stats(client, roles, two_enterprises, role):
    resp = await client.get("/api/v1/enterprises/stats/by-region", headers=roles[role])
    if STATS[role] is None:
        assert resp.status_code == 403
    else:
        assert resp.json()["total"] == STATS[role]


async def test_province_in_another_city_sees_nothing(client, tokens, regions, two_enterprises):
    from platform_core.testing import client_token_kwargs

    zhengzhou = tokens.headers(
        **client_token_kwargs(
            "zz",
            ["open:enterprise:read"],
            data_scope="REGION_AND_BELOW",
            region_code="410100",
            region_path=regions.path_of("410100"),
        )
    )
    resp = await client.get("/open/v1/enterprises", headers=zhengzhou)
    assert resp.status_code == 200 and resp.json()["items"] == []


async def test_no_scope_sees_nothing(client, tokens, two_enterprises):
    # A role with list permission but no data scope at all: deny by default.
    h = tokens.headers(subject="user:99", permissions=["enterprise:enterprise:list"], data_scopes=[])
    resp = await client.get("/api/v1/enterprises", headers=h)
    assert resp.status_code == 200 and resp.json()["total"] == 0
