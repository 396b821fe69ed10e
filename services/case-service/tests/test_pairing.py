"""Pairings (包联): CRUD with ETag and idempotency, audit, validation, "my enterprises", scope and sync."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from test_pairing_support import (
    ENTERPRISE_USCC,
    GUANGSHAN,
    ROLES,
    XINXIAN,
    XINXIAN_USCC,
    L,
    add_enterprise,
    if_match,
    make_case,
    province_headers,
    uscc_for,
)

from case_service.core import AuditLog
from case_service.pairing.models import Pairing

URL = "/api/v1/pairings"


def body(uscc: str = ENTERPRISE_USCC, **kw) -> dict:
    data = {
        "user_id": 1,
        "person_name": "李建国",
        "person_title": "副局长",
        "unit_id": 1,
        "unit_name": "市商务局",
        "enterprise_uscc": uscc,
        "kind": "leader",
        "start_date": "2021-06-01",
    }
    data.update(kw)
    return data


async def test_create_read_update_delete_with_etag_and_audit(client, roles, session, ents):
    created = await client.post(URL, json=body(), headers=roles["city_officer"])
    assert created.status_code == 201, created.text
    out = created.json()
    assert created.headers["etag"] == '"1"' and created.headers["location"] == f"{URL}/{out['id']}"
    assert out["kind_label"] == "包联领导" and out["active"] is True
    assert out["enterprise"] == {
        "uscc": ENTERPRISE_USCC,
        "name": "光山县茶业有限公司",
        "region_code": GUANGSHAN,
        "region_name": "光山县",
        "is_key": True,
        "industry": None,
    }
    url = f"{URL}/{out['id']}"
    got = await client.get(url, headers=roles["city_leader"])
    assert got.status_code == 200 and got.headers["etag"] == '"1"'

    assert (await client.patch(url, json={"end_date": "2021-12-31"}, headers=roles["city_officer"])).status_code == 428
    ended = await client.patch(url, json={"end_date": "2021-12-31"}, headers=if_match(roles["city_officer"], 1))
    assert ended.status_code == 200 and ended.json()["active"] is False and ended.headers["etag"] == '"2"'
    stale = await client.patch(url, json={"note": "x"}, headers=if_match(roles["city_officer"], 1))
    assert stale.status_code == 412

    assert (await client.delete(url, headers=roles["city_officer"])).status_code == 428
    assert (await client.delete(url, headers=if_match(roles["city_officer"], 2))).status_code == 204
    assert (await client.get(url, headers=roles["city_leader"])).status_code == 404

    actions = (
        await session.scalars(select(AuditLog.action).where(AuditLog.entity_id == str(out["id"])).order_by(AuditLog.id))
    ).all()
    assert actions == ["pairing.create", "pairing.update", "pairing.delete"]
    update = await session.scalar(select(AuditLog).where(AuditLog.action == "pairing.update"))
    assert update.before["end_date"] is None and update.after["end_date"] == "2021-12-31"
    assert update.region_code == GUANGSHAN and update.actor == "user:2"


async def test_idempotency_key_replays_the_first_answer(client, roles, session, ents):
    h = {**roles["city_officer"], "Idempotency-Key": "pair-1"}
    first = await client.post(URL, json=body(), headers=h)
    again = await client.post(URL, json=body(), headers=h)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert await session.scalar(select(func.count()).select_from(Pairing)) == 1
    other = await client.post(URL, json=body(kind="service_commissioner"), headers=h)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


async def test_validation_names_the_field(client, roles, ents):
    h = roles["city_officer"]
    unknown = await client.post(URL, json=body(uscc=uscc_for(GUANGSHAN, "MA47K2P11")), headers=h)
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "enterprise_uscc"
    bad_code = await client.post(URL, json=body(uscc="91411522MA47K2P10X"), headers=h)
    assert bad_code.status_code == 422 and bad_code.json()["errors"][0]["field"] == "enterprise_uscc"
    backwards = await client.post(URL, json=body(end_date="2021-01-01"), headers=h)
    assert backwards.status_code == 422
    kind = await client.post(URL, json=body(kind="mentor"), headers=h)
    assert kind.status_code == 422 and kind.json()["errors"][0]["field"] == "kind"
    extra = await client.post(URL, json=body(region_code=GUANGSHAN), headers=h)
    assert extra.status_code == 422


async def test_overlapping_pairing_of_the_same_person_is_409(client, roles, ents):
    h = roles["city_officer"]
    assert (await client.post(URL, json=body(end_date="2021-12-31"), headers=h)).status_code == 201
    overlap = await client.post(URL, json=body(start_date="2021-12-01"), headers=h)
    assert overlap.status_code == 409 and overlap.json()["errors"][0]["field"] == "start_date"
    after = await client.post(URL, json=body(start_date="2022-01-01"), headers=h)
    assert after.status_code == 201
    other_kind = await client.post(URL, json=body(kind="chief_service_officer"), headers=h)
    assert other_kind.status_code == 201


async def test_county_writes_only_its_own_enterprises(client, roles, session, ents):
    refused = await client.post(URL, json=body(uscc=XINXIAN_USCC), headers=roles["guangshan"])
    assert refused.status_code == 403 and refused.json()["code"] == "out_of_scope"
    assert refused.json()["errors"][0]["field"] == "enterprise_uscc"
    assert (await client.post(URL, json=body(), headers=roles["guangshan"])).status_code == 201
    assert await session.scalar(select(func.count()).select_from(Pairing)) == 1


async def test_filters_and_sort(client, roles, ents):
    h = roles["city_officer"]
    await client.post(URL, json=body(), headers=h)
    await client.post(
        URL, json=body(uscc=XINXIAN_USCC, person_name="王强", user_id=9, start_date="2021-03-01"), headers=h
    )
    await client.post(URL, json=body(kind="chief_service_officer", end_date="2021-06-30"), headers=h)

    async def names(**params) -> list[str]:
        resp = await client.get(URL, params=params, headers=h)
        assert resp.status_code == 200, resp.text
        return [f"{i['person_name']}/{i['kind']}" for i in resp.json()["items"]]

    assert await names(region_code=XINXIAN) == ["王强/leader"]
    assert await names(kind="chief_service_officer") == ["李建国/chief_service_officer"]
    assert await names(user_id=9) == ["王强/leader"]
    assert sorted(await names(active_on="2021-07-01")) == ["李建国/leader", "王强/leader"]
    assert await names(q="新县") == ["王强/leader"]
    assert (await names(sort="start_date"))[0] == "王强/leader"
    bad = await client.get(URL, params={"sort": "secret"}, headers=h)
    assert bad.status_code == 422
    unknown = await client.get(URL, params={"debug": 1}, headers=h)
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_parameter"


async def test_my_enterprises_lists_current_pairings_of_the_caller(client, roles, session, regions, ents):
    h = roles["city_officer"]
    other = await add_enterprise(
        session, regions, uscc_for(GUANGSHAN, "MA47K2P20"), GUANGSHAN, "光山县羽绒服饰有限公司"
    )
    await client.post(URL, json=body(), headers=h)  # user:1 = the city leader of the fixture
    await client.post(URL, json=body(uscc=other.uscc, start_date="2020-01-01", end_date="2020-12-31"), headers=h)
    await client.post(URL, json=body(uscc=XINXIAN_USCC, user_id=7), headers=h)
    # Cases of the paired enterprise: one long overdue, one just registered, one resolved, one closed.
    await make_case(session, regions, ents, state="IN_PROGRESS", created=L(2021, 7, 1), assigned=L(2021, 7, 1, 10))
    await make_case(session, regions, ents, state="SUBMITTED", created=L(2021, 7, 2))
    await make_case(session, regions, ents, state="RESOLVED", created=L(2021, 7, 3), resolved=L(2021, 7, 4))
    await make_case(session, regions, ents, state="CLOSED", created=L(2021, 7, 3), closed=L(2021, 7, 4))
    await make_case(session, regions, ents, region=XINXIAN, state="SUBMITTED", created=L(2021, 7, 2))
    mine = await client.get(f"{URL}/mine", headers=roles["city_leader"])
    assert mine.status_code == 200, mine.text
    data = mine.json()
    assert [i["enterprise"]["uscc"] for i in data["items"]] == [ENTERPRISE_USCC]
    assert data["items"][0]["kind_label"] == "包联领导"
    assert (data["items"][0]["open_cases"], data["items"][0]["overdue_cases"]) == (2, 1)
    assert data["total"] == 1 and data["open_cases"] == 2
    # Someone without pairings gets an empty list, not an error.
    empty = await client.get(f"{URL}/mine", headers=roles["guangshan"])
    assert empty.json() == {"items": [], "total": 0, "open_cases": 0}


async def test_a_free_text_pairing_linked_to_an_account_shows_under_my_enterprises(client, roles, ents):
    """包联人 chosen from accounts: the pairing appears in that account's 我的包联企业; a name typed for someone
    without an account stays readable in the list but belongs to nobody's 我的包联企业."""
    typed = await client.post(URL, json=body(user_id=None, person_name="张光山"), headers=roles["city_officer"])
    assert typed.status_code == 201 and typed.json()["user_id"] is None
    assert (await client.get(f"{URL}/mine", headers=roles["guangshan"])).json()["total"] == 0
    listed = (await client.get(URL, params={"q": "张光山"}, headers=roles["guangshan"])).json()["items"]
    assert [(p["person_name"], p["user_id"]) for p in listed] == [("张光山", None)]
    # The same person gets an account (user:3, the 光山县 officer of the fixture) and the pairing is linked to it.
    linked = await client.patch(
        f"{URL}/{typed.json()['id']}", json={"user_id": 3}, headers=if_match(roles["city_officer"], 1)
    )
    assert linked.status_code == 200 and linked.json()["user_id"] == 3
    mine = (await client.get(f"{URL}/mine", headers=roles["guangshan"])).json()
    assert [i["enterprise"]["uscc"] for i in mine["items"]] == [ENTERPRISE_USCC]
    by_account = (await client.get(URL, params={"user_id": 3}, headers=roles["city_officer"])).json()["items"]
    assert [p["person_name"] for p in by_account] == ["张光山"]


# role: (sees 光山 pairing, sees 新县 pairing) on list and detail; None = 403
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
# role: (PATCH 光山, PATCH 新县)
WRITES = {
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


@pytest.fixture
async def two_pairings(session, ents):
    rows = {
        key: Pairing(
            user_id=1,
            person_name="李建国",
            enterprise_uscc=ent.uscc,
            kind="leader",
            start_date=date(2021, 6, 1),
        )
        for key, ent in ents.items()
    }
    session.add_all(rows.values())
    await session.flush()
    return {k: r.id for k, r in rows.items()}


@pytest.mark.parametrize("role", ROLES)
async def test_scope_matrix_list_detail_write(client, roles, tokens, regions, two_pairings, role):
    h = roles[role] if role != "province" else province_headers(tokens, regions)
    listed = await client.get(URL, headers=h)
    details = [(await client.get(f"{URL}/{two_pairings[k]}", headers=h)).status_code for k in ("gs", "xx")]
    expected = MATRIX[role]
    if expected is None:
        assert listed.status_code == 403 and details == [403, 403]
    else:
        ids = {i["id"] for i in listed.json()["items"]}
        assert (two_pairings["gs"] in ids, two_pairings["xx"] in ids) == expected
        assert details == [200 if seen else 404 for seen in expected]
    writes = [
        (await client.patch(f"{URL}/{two_pairings[k]}", json={"note": "走访"}, headers=if_match(h, 1))).status_code
        for k in ("gs", "xx")
    ]
    assert tuple(writes) == WRITES[role]


async def test_unit_scope_sees_pairings_of_its_own_unit(client, tokens, session, ents):
    session.add_all(
        [
            Pairing(
                person_name="甲", unit_id=2, enterprise_uscc=ENTERPRISE_USCC, kind="leader", start_date=date(2021, 1, 1)
            ),
            Pairing(
                person_name="乙", unit_id=3, enterprise_uscc=XINXIAN_USCC, kind="leader", start_date=date(2021, 1, 1)
            ),
        ]
    )
    await session.flush()
    h = tokens.headers(subject="user:50", permissions=["case:pairing:list"], data_scopes=["UNIT"], unit_id=2)
    resp = await client.get(URL, headers=h)
    assert [i["person_name"] for i in resp.json()["items"]] == ["甲"]


async def test_sync_for_the_province_with_tombstones(client, roles, tokens, regions, session, ents):
    h = roles["city_officer"]
    a = (await client.post(URL, json=body(), headers=h)).json()
    await client.post(URL, json=body(uscc=XINXIAN_USCC), headers=h)
    await client.delete(f"{URL}/{a['id']}", headers=if_match(h, 1))
    province = province_headers(tokens, regions)
    first = await client.get("/open/v1/pairings", params={"limit": 1}, headers=province)
    assert first.status_code == 200, first.text
    page = first.json()
    assert page["has_more"] is True and len(page["items"]) == 1
    rest = await client.get("/open/v1/pairings", params={"cursor": page["next_cursor"]}, headers=province)
    items = page["items"] + rest.json()["items"]
    by_uscc = {i["enterprise_uscc"]: i for i in items}
    assert by_uscc[ENTERPRISE_USCC]["deleted"] is True and by_uscc[ENTERPRISE_USCC]["person_name"] is None
    assert by_uscc[XINXIAN_USCC]["deleted"] is False and by_uscc[XINXIAN_USCC]["kind"] == "leader"
    # Another city's client sees none of these; officers without the open permission are refused.
    zhengzhou = province_headers(tokens, regions, "410100")
    assert (await client.get("/open/v1/pairings", headers=zhengzhou)).json()["items"] == []
    assert (await client.get("/open/v1/pairings", headers=h)).status_code == 403


async def test_the_account_must_be_one_the_caller_could_pick(client, roles, ents):
    """A 包联人 account is checked against the gateway's people directory as the caller sees it."""
    unknown = await client.post(URL, json=body(user_id=99), headers=roles["city_officer"])
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "user_id"
    # 新县's cadre is not in 光山县's directory (only its own county's and the city's staff are).
    other_county = await client.post(URL, json=body(user_id=7, person_name="赵服务"), headers=roles["guangshan"])
    assert other_county.status_code == 422 and other_county.json()["errors"][0]["field"] == "user_id"
    own = await client.post(URL, json=body(user_id=3, person_name="张光山"), headers=roles["guangshan"])
    assert own.status_code == 201, own.text
