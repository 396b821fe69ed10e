"""Visits (走访): records with found problems, CRUD with ETag and idempotency, audit, scope and sync."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from test_pairing_support import (
    ENTERPRISE_USCC,
    GUANGSHAN,
    ROLES,
    XINXIAN_USCC,
    if_match,
    province_headers,
    uscc_for,
)

from case_service.core import AuditLog
from case_service.visit.models import Visit, VisitProblem

URL = "/api/v1/visits"


def body(uscc: str = ENTERPRISE_USCC, **kw) -> dict:
    data = {
        "visit_date": "2021-07-20",
        "enterprise_uscc": uscc,
        "visitors": ["李建国", " 王晓梅 ", "李建国"],
        "unit_id": 1,
        "unit_name": "市商务局",
        "campaign": "千家外企大走访",
        "notes": "了解企业生产经营情况",
        "problems": ["用工短缺，需对接劳务资源", "出口退税办理周期长"],
    }
    data.update(kw)
    return data


async def test_create_with_problems_update_and_delete(client, roles, session, ents):
    created = await client.post(URL, json=body(), headers=roles["guangshan"])
    assert created.status_code == 201, created.text
    out = created.json()
    assert out["visitors"] == ["李建国", "王晓梅"]
    assert [(p["seq"], p["description"], p["case_id"]) for p in out["problems"]] == [
        (1, "用工短缺，需对接劳务资源", None),
        (2, "出口退税办理周期长", None),
    ]
    assert out["problem_count"] == 2 and out["case_count"] == 0
    assert out["enterprise"]["name"] == "光山县茶业有限公司" and created.headers["etag"] == '"1"'
    url = f"{URL}/{out['id']}"
    first, second = out["problems"]
    replaced = await client.patch(
        url,
        json={"problems": [{"id": second["id"], "description": "出口退税办理周期长"}, {"description": "物流成本高"}]},
        headers=if_match(roles["guangshan"], 1),
    )
    assert replaced.status_code == 200, replaced.text
    assert [(p["seq"], p["description"]) for p in replaced.json()["problems"]] == [
        (1, "出口退税办理周期长"),
        (2, "物流成本高"),
    ]
    assert replaced.json()["problems"][0]["id"] == second["id"]
    assert await session.get(VisitProblem, first["id"]) is None
    foreign = await client.patch(
        url, json={"problems": [{"id": 999999, "description": "别的问题"}]}, headers=if_match(roles["guangshan"], 2)
    )
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "problems.0.id"
    assert (await client.patch(url, json={"notes": "x"}, headers=if_match(roles["guangshan"], 1))).status_code == 412
    assert (await client.delete(url, headers=roles["guangshan"])).status_code == 428
    assert (await client.delete(url, headers=if_match(roles["guangshan"], 2))).status_code == 204
    assert (await client.get(url, headers=roles["guangshan"])).status_code == 404
    entries = (
        await session.scalars(select(AuditLog).where(AuditLog.entity_type == "visit").order_by(AuditLog.id))
    ).all()
    assert [e.action for e in entries] == ["visit.create", "visit.update", "visit.delete"]
    assert [p["description"] for p in entries[1].after["problems"]] == ["出口退税办理周期长", "物流成本高"]


async def test_problems_turned_into_cases_cannot_be_dropped_or_changed(client, roles, session, ents):
    out = (await client.post(URL, json=body(), headers=roles["guangshan"])).json()
    problem = await session.get(VisitProblem, out["problems"][0]["id"])
    problem.case_id = 4242
    await session.flush()
    url = f"{URL}/{out['id']}"
    dropped = await client.patch(url, json={"problems": []}, headers=if_match(roles["guangshan"], 1))
    assert dropped.status_code == 409
    changed = await client.patch(
        url, json={"problems": [{"id": problem.id, "description": "改写"}]}, headers=if_match(roles["guangshan"], 1)
    )
    assert changed.status_code == 422 and changed.json()["errors"][0]["field"] == "problems.0.description"
    assert (await client.delete(url, headers=if_match(roles["guangshan"], 1))).status_code == 409


async def test_idempotency_and_validation(client, roles, session, ents):
    h = {**roles["city_officer"], "Idempotency-Key": "visit-1"}
    first = await client.post(URL, json=body(), headers=h)
    again = await client.post(URL, json=body(), headers=h)
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert len((await session.scalars(select(Visit))).all()) == 1
    no_visitors = await client.post(URL, json=body(visitors=[" "]), headers=roles["city_officer"])
    assert no_visitors.status_code == 422 and no_visitors.json()["errors"][0]["field"] == "visitors"
    unknown = await client.post(URL, json=body(uscc=uscc_for(GUANGSHAN, "MA47K2P99")), headers=roles["city_officer"])
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "enterprise_uscc"
    out_of_scope = await client.post(URL, json=body(uscc=XINXIAN_USCC), headers=roles["guangshan"])
    assert out_of_scope.status_code == 403 and out_of_scope.json()["code"] == "out_of_scope"


async def test_filters(client, roles, ents):
    h = roles["city_officer"]
    await client.post(URL, json=body(), headers=h)
    await client.post(URL, json=body(uscc=XINXIAN_USCC, visit_date="2021-08-02", campaign=None), headers=h)

    async def dates(**params) -> list[str]:
        resp = await client.get(URL, params=params, headers=h)
        assert resp.status_code == 200, resp.text
        return [i["visit_date"] for i in resp.json()["items"]]

    assert await dates() == ["2021-08-02", "2021-07-20"]
    assert await dates(campaign="千家外企大走访") == ["2021-07-20"]
    assert await dates(date_from="2021-08-01", date_to="2021-08-31") == ["2021-08-02"]
    assert await dates(region_code=GUANGSHAN) == ["2021-07-20"]
    assert await dates(enterprise_uscc=XINXIAN_USCC) == ["2021-08-02"]
    assert await dates(q="红色旅游") == ["2021-08-02"]
    assert await dates(sort="visit_date") == ["2021-07-20", "2021-08-02"]


MATRIX: dict[str, tuple[bool, bool] | None] = {
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
WRITES = {
    "city_leader": (403, 403),
    "city_officer": (200, 200),
    "guangshan": (200, 404),
    "xinxian": (404, 200),
}


@pytest.fixture
async def two_visits(session, ents):
    rows = {
        key: Visit(visit_date=date(2021, 7, 1), enterprise_uscc=ent.uscc, visitors=["甲"], problems=[])
        for key, ent in ents.items()
    }
    session.add_all(rows.values())
    await session.flush()
    return {k: v.id for k, v in rows.items()}


@pytest.mark.parametrize("role", ROLES)
async def test_scope_matrix_list_detail_write(client, roles, tokens, regions, two_visits, role):
    h = roles[role] if role != "province" else province_headers(tokens, regions)
    listed = await client.get(URL, headers=h)
    details = [(await client.get(f"{URL}/{two_visits[k]}", headers=h)).status_code for k in ("gs", "xx")]
    expected = MATRIX[role]
    if expected is None:
        assert listed.status_code == 403 and details == [403, 403]
    else:
        ids = {i["id"] for i in listed.json()["items"]}
        assert (two_visits["gs"] in ids, two_visits["xx"] in ids) == expected
        assert details == [200 if seen else 404 for seen in expected]
    writes = [
        (await client.patch(f"{URL}/{two_visits[k]}", json={"notes": "补充"}, headers=if_match(h, 1))).status_code
        for k in ("gs", "xx")
    ]
    assert tuple(writes) == WRITES.get(role, (403, 403))


async def test_sync_for_the_province_with_tombstones(client, roles, tokens, regions, ents):
    h = roles["city_officer"]
    a = (await client.post(URL, json=body(), headers=h)).json()
    await client.post(URL, json=body(uscc=XINXIAN_USCC), headers=h)
    await client.delete(f"{URL}/{a['id']}", headers=if_match(h, 1))
    province = province_headers(tokens, regions)
    resp = await client.get("/open/v1/visits", params={"limit": 500}, headers=province)
    assert resp.status_code == 200, resp.text
    by_uscc = {i["enterprise_uscc"]: i for i in resp.json()["items"]}
    assert by_uscc[ENTERPRISE_USCC]["deleted"] is True and by_uscc[ENTERPRISE_USCC]["problems"] is None
    assert by_uscc[XINXIAN_USCC]["deleted"] is False and len(by_uscc[XINXIAN_USCC]["problems"]) == 2
    cursor = resp.json()["next_cursor"]
    later = await client.get("/open/v1/visits", params={"cursor": cursor}, headers=province)
    assert later.json()["items"] == [] and later.json()["has_more"] is False
    guangshan_client = province_headers(tokens, regions, GUANGSHAN)
    only_gs = await client.get("/open/v1/visits", headers=guangshan_client)
    assert [i["enterprise_uscc"] for i in only_gs.json()["items"]] == [ENTERPRISE_USCC]
    assert (await client.get("/open/v1/visits", headers=roles["province"])).status_code == 403
