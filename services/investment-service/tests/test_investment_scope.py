"""The scope matrix: every role × every endpoint × a record in 光山县 and one in 新县.

Expected statuses follow from the role's permissions and data scope: 403 without the permission, 404 for a
record outside the scope (403 for a write placed in a region outside it), success otherwise; lists and sync
streams show exactly the records in scope. Two cities and the province share the installation: an officer of
南阳 sees none of 信阳's records, the province's officer sees them all; the rounds and chains kept by 信阳 are
read by the province but changed only by 信阳 (another level's entry: 403).
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import CITY, GUANGSHAN, NANYANG, PROVINCE, XINXIAN, chain, project_body, uscc

from investment_service.core import (
    BULLETIN_IMPORT,
    DICTIONARY_MANAGE,
    FOREIGN_LIST,
    FOREIGN_MANAGE,
    FUNDS_MANAGE,
    OPEN_READ,
    PROJECT_LIST,
    PROJECT_MANAGE,
    ROUND_MANAGE,
    STATS_READ,
)
from platform_core.permissions import PROVINCE_CLIENT_PERMISSIONS, ROLES_BY_CODE
from platform_core.testing import role_token_kwargs

ROLE_CODES = {
    "city_leader": "city_leader",
    "city_officer": "city_officer",
    "guangshan": "county_officer",
    "xinxian": "county_officer",
    "unit": "unit_handler",
    "enterprise": "enterprise_user",
    "admin": "system_admin",
    "auditor": "auditor",
}
SEES = {"city_leader": {"gs", "xx"}, "city_officer": {"gs", "xx"}, "guangshan": {"gs"}, "xinxian": {"xx"}}
SEES |= {"province": {"gs", "xx"}, "province_officer": {"gs", "xx"}, "nanyang": set()}
#: Users of the province (410000, REGION_AND_BELOW) and of a second city, with the investment officer's
#: permissions (rounds and the dictionary included).
OFFICER_PERMISSIONS = {p for p in ROLES_BY_CODE["city_officer"].permissions if p.startswith("investment:")}
LEVEL_USERS = {"province_officer": PROVINCE, "nanyang": NANYANG}
#: What the round and the chain the matrix uses (kept by 信阳) answer other than the rule above: another city
#: does not read them (404) and cannot change them (403); the province reads them but cannot change them (403).
OTHER_LEVEL = {
    ("GET", "/api/v1/rounds/{round}"): {"nanyang": 404},
    ("GET", "/api/v1/rounds/{round}/projects"): {"nanyang": 404},
    ("PATCH", "/api/v1/rounds/{round}"): {"nanyang": 403, "province_officer": 403},
    ("PATCH", "/api/v1/investment/industry-chains/{chain}"): {"nanyang": 403, "province_officer": 403},
}


def perms(role: str) -> set[str]:
    if role == "province":
        return set(PROVINCE_CLIENT_PERMISSIONS)
    if role in LEVEL_USERS:
        return OFFICER_PERMISSIONS
    return set(ROLES_BY_CODE[ROLE_CODES[role]].permissions)


def expected(
    role: str,
    perm: str,
    target: str | None,
    ok: int,
    refused_outside_gs: int | None = None,
    at: tuple[str, str] | None = None,
) -> int:
    if perm not in perms(role):
        return 403
    if target is not None and target not in SEES.get(role, set()):
        return 404
    if at is not None and role in OTHER_LEVEL.get(at, {}):
        return OTHER_LEVEL[at][role]
    if refused_outside_gs is not None and "gs" not in SEES.get(role, set()):
        return refused_outside_gs
    return ok


@pytest.fixture
def actors(actors, tokens, regions):
    """The shared roles, a province officer and an officer of 南阳."""
    extra = {}
    for role, region in LEVEL_USERS.items():
        kwargs = role_token_kwargs("city_officer", region_code=region, region_path=regions.path_of(region))
        extra[role] = tokens.headers(**(kwargs | {"permissions": sorted(OFFICER_PERMISSIONS), "subject": f"u:{role}"}))
    return actors | extra


@pytest.fixture
async def world(build, session):
    r = await build.round(1, date(2021, 7, 10))
    ids = {"round": r.id}
    for key, region in (("gs", GUANGSHAN), ("xx", XINXIAN)):
        p = await build.project(region, stage="signed", signed_on=date(2021, 3, 1), last_step_on=date(2021, 3, 1))
        await build.fund(p, date(2021, 6, 1), "10")
        e = await build.foreign_enterprise(region, date(2021, 2, 1))
        c = await build.capital(region, date(2021, 6, 1), "5")
        ids |= {f"p_{key}": p.id, f"e_{key}": e.id, f"c_{key}": c.id}
    green = chain("green_food", "绿色食品", region=CITY)
    session.add(green)
    await session.flush()
    ids["chain"] = green.id
    return ids


READS = [
    # (path, permission, target key or None)
    ("/api/v1/projects/{p}", PROJECT_LIST, "p"),
    ("/api/v1/projects/{p}/progress", PROJECT_LIST, "p"),
    ("/api/v1/projects/{p}/funds", PROJECT_LIST, "p"),
    ("/api/v1/projects/{p}/funds/2021-06", PROJECT_LIST, "p"),
    ("/api/v1/foreign-enterprises/{e}", FOREIGN_LIST, "e"),
    ("/api/v1/foreign-enterprises/{e}/visits", FOREIGN_LIST, "e"),
    ("/api/v1/foreign-capital/{c}", FOREIGN_LIST, "c"),
    ("/api/v1/projects/stats/by-stage", PROJECT_LIST, None),
    ("/api/v1/rounds", PROJECT_LIST, None),
    ("/api/v1/rounds/{round}", PROJECT_LIST, None),
    ("/api/v1/rounds/{round}/projects", PROJECT_LIST, None),
    ("/api/v1/investment/industry-chains", PROJECT_LIST, None),
    ("/api/v1/projects/import-template", PROJECT_MANAGE, None),
    ("/api/v1/investment/bulletins", STATS_READ, None),
    ("/api/v1/investment/bulletins/template", BULLETIN_IMPORT, None),
    ("/api/v1/investment/indicators?period=2021", STATS_READ, None),
    ("/api/v1/investment/indicators/by-region?period=2021", STATS_READ, None),
    ("/api/v1/investment/indicators/monthly?year=2021", STATS_READ, None),
    ("/api/v1/foreign-capital/totals?period=2021&caliber=local", FOREIGN_LIST, None),
    ("/open/v1/investment/indicators?period=2021", OPEN_READ, None),
]
LISTS = [
    # (path, permission, key prefix of the ids listed, how an item names its record)
    ("/api/v1/projects", PROJECT_LIST, "p", "id"),
    ("/api/v1/project-funds", PROJECT_LIST, "p", "project_id"),
    ("/api/v1/foreign-enterprises", FOREIGN_LIST, "e", "id"),
    ("/api/v1/foreign-capital", FOREIGN_LIST, "c", "id"),
    ("/open/v1/projects", OPEN_READ, "p", "id"),
    ("/open/v1/project-funds", OPEN_READ, "p", "project_id"),
    ("/open/v1/foreign-enterprises", OPEN_READ, "e", "id"),
]
ANY = {"If-Match": "*"}
TARGETED_WRITES = [
    # (method, path, permission, body, success status)
    ("PATCH", "/api/v1/projects/{p}", PROJECT_MANAGE, {"chief_service_officer": "王建国"}, 200),
    ("POST", "/api/v1/projects/{p}/stage", PROJECT_MANAGE, {"stage": "landed", "date": "2021-04-01"}, 200),
    ("POST", "/api/v1/projects/{p}/progress", PROJECT_MANAGE, {"reported_on": "2021-04-02", "content": "推进"}, 201),
    ("POST", "/api/v1/projects/{p}/funds", FUNDS_MANAGE, {"month": "2021-07", "amount_wan_yuan": "3"}, 201),
    ("PUT", "/api/v1/projects/{p}/funds/2021-06", FUNDS_MANAGE, {"amount_wan_yuan": "4", "reason": "更正"}, 200),
    ("PATCH", "/api/v1/foreign-enterprises/{e}", FOREIGN_MANAGE, {"is_white_listed": True}, 200),
    (
        "POST",
        "/api/v1/foreign-enterprises/{e}/visits",
        FOREIGN_MANAGE,
        {"visited_on": "2021-05-01", "visitors": ["甲"]},
        201,
    ),
    ("PATCH", "/api/v1/foreign-capital/{c}", FOREIGN_MANAGE, {"amount_wan_usd": "6"}, 200),
    ("DELETE", "/api/v1/foreign-capital/{c}", FOREIGN_MANAGE, None, 204),
    ("DELETE", "/api/v1/foreign-enterprises/{e}", FOREIGN_MANAGE, None, 204),
    ("DELETE", "/api/v1/projects/{p}", PROJECT_MANAGE, None, 204),
]
IMPORT_ROW = {
    "code": "GS-IMP-1",
    "name": "导入项目",
    "investor_name": "某公司",
    "investor_origin": "local",
    "category": "social",
    # By code: a county's name is looked up in the caller's city, and the province names city and county.
    "region": GUANGSHAN,
    "contracted_investment_wan_yuan": "30000",
}
BULLETIN = {
    "indicator_code": "projects_signed",
    "period": "2021",
    "source_document": "通报",
    "rows": [{"entity_name": "信阳市", "entity_code": "411500", "value": "1"}],
}
OTHER_WRITES = [
    # (method, path, permission, body, success status, status when 光山县 is outside the caller's scope)
    ("POST", "/api/v1/projects", PROJECT_MANAGE, project_body(code="GS-NEW-1"), 201, 403),
    # An import reports a row placed outside the scope as that row's error.
    ("POST", "/api/v1/projects/import", PROJECT_MANAGE, {"rows": [IMPORT_ROW]}, 201, 422),
    (
        "POST",
        "/api/v1/foreign-enterprises",
        FOREIGN_MANAGE,
        {
            "uscc": uscc(GUANGSHAN, "MA99K2P10"),
            "name": "新外资企业",
            "investor_country_region": "韩国",
            "region_code": GUANGSHAN,
            "established_on": "2021-01-01",
        },
        201,
        403,
    ),
    (
        "POST",
        "/api/v1/foreign-capital",
        FOREIGN_MANAGE,
        {"month": "2021-01", "caliber": "local", "amount_wan_usd": "1", "region_code": GUANGSHAN},
        201,
        403,
    ),
    ("POST", "/api/v1/rounds", ROUND_MANAGE, {"number": 3, "held_on": "2022-01-10", "venue": "分会场"}, 201, None),
    ("PATCH", "/api/v1/rounds/{round}", ROUND_MANAGE, {"venue": "主会场"}, 200, None),
    ("POST", "/api/v1/investment/bulletins", BULLETIN_IMPORT, BULLETIN, 201, None),
    ("POST", "/api/v1/investment/industry-chains", DICTIONARY_MANAGE, {"code": "textile", "name": "纺织"}, 201, None),
    ("PATCH", "/api/v1/investment/industry-chains/{chain}", DICTIONARY_MANAGE, {"name": "绿色食品产业"}, 200, None),
]
ALL_ROLES = [*ROLE_CODES, "province", *LEVEL_USERS]


def fill(path: str, ids: dict[str, int], key: str | None = None) -> str:
    values = {"round": ids["round"], "chain": ids["chain"]}
    if key is not None:
        values |= {"p": ids[f"p_{key}"], "e": ids[f"e_{key}"], "c": ids[f"c_{key}"]}
    return path.format(**values)


@pytest.mark.parametrize("role", ALL_ROLES)
async def test_reads(client, actors, world, role):
    got, want = [], []
    for path, perm, target in READS:
        for key in ("gs", "xx") if target else (None,):
            resp = await client.get(fill(path, world, key), headers=actors[role])
            got.append((path, key, resp.status_code))
            want.append((path, key, expected(role, perm, key, 200, at=("GET", path))))
    assert got == want


@pytest.mark.parametrize("role", ALL_ROLES)
async def test_lists_and_sync_show_only_records_in_scope(client, actors, world, role):
    for path, perm, prefix, id_field in LISTS:
        resp = await client.get(path, headers=actors[role])
        if perm not in perms(role):
            assert resp.status_code == 403, path
            continue
        ids = {i[id_field] for i in resp.json()["items"]}
        visible = {key for key in ("gs", "xx") if world[f"{prefix}_{key}"] in ids}
        assert visible == SEES.get(role, set()), path


@pytest.mark.parametrize("role", ALL_ROLES)
async def test_writes(client, actors, world, role):
    got, want = [], []
    for method, path, perm, body, ok in TARGETED_WRITES:
        for key in ("gs", "xx"):
            resp = await client.request(method, fill(path, world, key), json=body, headers={**actors[role], **ANY})
            got.append((method, path, key, resp.status_code))
            want.append((method, path, key, expected(role, perm, key, ok)))
    for method, path, perm, body, ok, refused in OTHER_WRITES:
        resp = await client.request(method, fill(path, world), json=body, headers={**actors[role], **ANY})
        got.append((method, path, None, resp.status_code))
        want.append((method, path, None, expected(role, perm, None, ok, refused, at=(method, path))))
    assert got == want


async def test_a_province_client_of_another_city_sees_nothing(client, tokens, regions, world):
    from platform_core.testing import client_token_kwargs

    zhengzhou = tokens.headers(
        **client_token_kwargs(
            "zz",
            [OPEN_READ],
            data_scope="REGION_AND_BELOW",
            region_code="410100",
            region_path=regions.path_of("410100"),
        )
    )
    for path in ("/open/v1/projects", "/open/v1/project-funds", "/open/v1/foreign-enterprises"):
        assert (await client.get(path, headers=zhengzhou)).json()["items"] == []
    refused = await client.get("/open/v1/investment/indicators?region_code=411500", headers=zhengzhou)
    assert refused.status_code == 403


async def test_without_a_token_everything_is_401(client, world):
    for path, _, target in READS:
        assert (await client.get(fill(path, world, "gs" if target else None))).status_code == 401
