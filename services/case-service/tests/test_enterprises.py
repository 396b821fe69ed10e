"""The enterprise directory: validation, scope, concurrency control, idempotency, audit, masking."""

from __future__ import annotations

from conftest import GUANGSHAN, XINXIAN
from sqlalchemy import func, select

from case_service.core import AuditLog
from case_service.enterprise.models import Enterprise
from platform_core.uscc import check_character


def uscc_for(region: str, body: str = "MA46H3Q2") -> str:
    first17 = f"91{region}{body}0"
    return first17 + check_character(first17)


def payload(region: str = GUANGSHAN, **kw) -> dict:
    body = {
        "uscc": uscc_for(region, kw.pop("body", "MA46H3Q2")),
        "name": "光山县测试茶叶有限公司",
        "region_code": region,
        "industry": "茶叶加工",
        "size": "small",
        "is_key": True,
        "contact_person": "李明",
        "contact_phone": "13837612345",
        "address": "光山县弦山街道",
    }
    body.update(kw)
    return body


async def count(session, model=Enterprise) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_create_returns_record_with_etag_location_and_audit(client, roles, session):
    resp = await client.post("/api/v1/enterprises", json=payload(), headers=roles["guangshan"])
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["region_name"] == "光山县"
    assert body["version"] == 1
    assert resp.headers["etag"] == '"1"'
    assert resp.headers["location"] == f"/api/v1/enterprises/{body['id']}"
    entry = await session.scalar(select(AuditLog).where(AuditLog.entity_id == str(body["id"])))
    assert entry is not None and entry.action == "enterprise.create" and entry.actor == "user:3"
    assert entry.after["uscc"] == body["uscc"] and entry.region_code == GUANGSHAN


async def test_bad_check_character_is_422_naming_uscc_and_stores_nothing(client, roles, session):
    before = await count(session)
    good = uscc_for(GUANGSHAN)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    resp = await client.post("/api/v1/enterprises", json=payload(uscc=bad), headers=roles["guangshan"])
    assert resp.status_code == 422
    assert resp.headers["content-type"].startswith("application/problem+json")
    problem = resp.json()
    assert problem["code"] == "validation_failed"
    assert problem["errors"][0]["field"] == "uscc"
    assert "校验位" in problem["errors"][0]["message"]
    assert await count(session) == before


async def test_english_messages_on_request(client, roles):
    resp = await client.post(
        "/api/v1/enterprises", json=payload(name="x"), headers={**roles["guangshan"], "Accept-Language": "en"}
    )
    assert resp.status_code == 422
    assert resp.json()["title"] == "Request validation failed"
    assert resp.json()["errors"][0]["field"] == "name"


async def test_duplicate_uscc_is_409_naming_the_field(client, roles):
    first = await client.post("/api/v1/enterprises", json=payload(), headers=roles["guangshan"])
    assert first.status_code == 201
    again = await client.post("/api/v1/enterprises", json=payload(name="另一家公司"), headers=roles["guangshan"])
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "uscc"


async def test_write_into_another_county_is_403_out_of_scope(client, roles, session):
    before = await count(session)
    resp = await client.post("/api/v1/enterprises", json=payload(region=XINXIAN), headers=roles["guangshan"])
    assert resp.status_code == 403
    assert resp.json()["code"] == "out_of_scope"
    assert resp.json()["errors"][0]["field"] == "region_code"
    assert await count(session) == before


async def test_unknown_region_is_422(client, roles):
    resp = await client.post("/api/v1/enterprises", json=payload(region_code="999999"), headers=roles["city_officer"])
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "region_code"


async def test_patch_requires_if_match_and_rejects_stale_versions(client, roles, session):
    created = (await client.post("/api/v1/enterprises", json=payload(), headers=roles["guangshan"])).json()
    url = f"/api/v1/enterprises/{created['id']}"
    missing = await client.patch(url, json={"name": "新名称有限公司"}, headers=roles["guangshan"])
    assert missing.status_code == 428
    ok = await client.patch(url, json={"name": "新名称有限公司"}, headers={**roles["guangshan"], "If-Match": '"1"'})
    assert ok.status_code == 200, ok.text
    assert ok.json()["version"] == 2 and ok.headers["etag"] == '"2"'
    stale = await client.patch(url, json={"name": "再改一次公司"}, headers={**roles["guangshan"], "If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    entry = await session.scalar(
        select(AuditLog).where(AuditLog.action == "enterprise.update", AuditLog.entity_id == str(created["id"]))
    )
    assert entry.before["name"] == "光山县测试茶叶有限公司" and entry.after["name"] == "新名称有限公司"


async def test_patch_cannot_change_uscc_or_move_out_of_scope(client, roles):
    created = (await client.post("/api/v1/enterprises", json=payload(), headers=roles["guangshan"])).json()
    url = f"/api/v1/enterprises/{created['id']}"
    h = {**roles["guangshan"], "If-Match": '"1"'}
    resp = await client.patch(url, json={"uscc": uscc_for(GUANGSHAN, "MA46H3Q3")}, headers=h)
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "uscc"
    moved = await client.patch(url, json={"region_code": XINXIAN}, headers=h)
    assert moved.status_code == 403
    detail = await client.get(url, headers=roles["guangshan"])
    assert detail.json()["region_code"] == GUANGSHAN and detail.json()["version"] == 1


async def test_idempotency_key_replays_and_refuses_other_bodies(client, roles, session):
    h = {**roles["guangshan"], "Idempotency-Key": "create-1"}
    first = await client.post("/api/v1/enterprises", json=payload(), headers=h)
    second = await client.post("/api/v1/enterprises", json=payload(), headers=h)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert second.headers["etag"] == first.headers["etag"]
    n = await session.scalar(
        select(func.count()).select_from(Enterprise).where(Enterprise.uscc == first.json()["uscc"])
    )
    assert n == 1
    other = await client.post("/api/v1/enterprises", json=payload(name="不同的公司名称"), headers=h)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


async def test_phone_masked_without_contact_permission(client, roles):
    created = (await client.post("/api/v1/enterprises", json=payload(), headers=roles["city_officer"])).json()
    assert created["contact_phone"] == "13837612345"
    leader = await client.get(f"/api/v1/enterprises/{created['id']}", headers=roles["city_leader"])
    assert leader.json()["contact_phone"] == "138****2345"


async def test_list_filters_sort_and_page_shape(client, roles):
    for i, body in enumerate(["MA46H3Q2", "MA46H3Q3", "MA46H3Q4"]):
        resp = await client.post(
            "/api/v1/enterprises",
            json=payload(body=body, name=f"光山县排序{i}号有限公司", is_key=i == 0),
            headers=roles["guangshan"],
        )
        assert resp.status_code == 201
    resp = await client.get(
        "/api/v1/enterprises", params={"q": "排序", "sort": "-name", "page_size": 2}, headers=roles["guangshan"]
    )
    page = resp.json()
    assert set(page) == {"items", "total", "total_exact", "page", "page_size"}
    assert page["total"] == 3 and page["page_size"] == 2 and len(page["items"]) == 2
    assert [i["name"] for i in page["items"]] == ["光山县排序2号有限公司", "光山县排序1号有限公司"]
    keyed = await client.get("/api/v1/enterprises", params={"q": "排序", "is_key": "true"}, headers=roles["guangshan"])
    assert keyed.json()["total"] == 1
    by_code = await client.get(
        "/api/v1/enterprises", params={"q": uscc_for(GUANGSHAN)[:12]}, headers=roles["guangshan"]
    )
    assert by_code.json()["total"] >= 1


async def test_one_statement_per_shape_serves_every_caller_with_their_own_values(client, roles):
    """The list statement is built once per shape and run with bound values: two counties asking the same
    shape of question each get their own rows, and every filter's value reaches the database."""
    made = [
        (GUANGSHAN, "MA46H3Q2", "光山县百分之百_茶业有限公司", True, "茶叶加工"),
        (GUANGSHAN, "MA46H3Q3", "光山县百分之九十茶业有限公司", False, "茶叶加工"),
        (XINXIAN, "MA46H3Q4", "新县百分之百_茶业有限公司", False, "旅游"),
    ]
    for region, body, name, key, industry in made:
        resp = await client.post(
            "/api/v1/enterprises",
            json=payload(region=region, body=body, name=name, is_key=key, industry=industry),
            headers=roles["city_officer"],
        )
        assert resp.status_code == 201, resp.text

    async def names(role: str, **params: str) -> list[str]:
        resp = await client.get("/api/v1/enterprises", params={"sort": "name", **params}, headers=roles[role])
        assert resp.status_code == 200, resp.text
        return [i["name"] for i in resp.json()["items"]]

    for _ in range(2):  # the second round runs on statements built in the first
        assert await names("guangshan") == ["光山县百分之九十茶业有限公司", "光山县百分之百_茶业有限公司"]
        assert await names("xinxian") == ["新县百分之百_茶业有限公司"]
        # `_` and `%` in a search are plain characters, not LIKE wildcards.
        assert await names("guangshan", q="百_") == ["光山县百分之百_茶业有限公司"]
        assert await names("guangshan", q="%") == []
        assert await names("xinxian", q="百_") == ["新县百分之百_茶业有限公司"]
        assert await names("guangshan", is_key="false") == ["光山县百分之九十茶业有限公司"]
        assert await names("guangshan", is_key="true") == ["光山县百分之百_茶业有限公司"]
        assert await names("city_officer", industry="旅游") == ["新县百分之百_茶业有限公司"]
        assert await names("city_officer", region_code=XINXIAN) == ["新县百分之百_茶业有限公司"]
        assert await names("xinxian", region_code=GUANGSHAN) == []


async def test_unknown_query_parameter_and_bad_sort_are_422(client, roles):
    unknown = await client.get("/api/v1/enterprises", params={"colour": "red"}, headers=roles["city_officer"])
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "colour"
    bad_sort = await client.get("/api/v1/enterprises", params={"sort": "password"}, headers=roles["city_officer"])
    assert bad_sort.status_code == 422 and bad_sort.json()["errors"][0]["field"] == "sort"
    too_big = await client.get("/api/v1/enterprises", params={"page_size": 101}, headers=roles["city_officer"])
    assert too_big.status_code == 422 and too_big.json()["errors"][0]["field"] == "page_size"


async def test_region_filter_uses_the_tree(client, roles):
    await client.post("/api/v1/enterprises", json=payload(), headers=roles["city_officer"])
    await client.post(
        "/api/v1/enterprises", json=payload(region=XINXIAN, body="MA46H3Q9"), headers=roles["city_officer"]
    )
    city = await client.get("/api/v1/enterprises", params={"region_code": "411500"}, headers=roles["city_officer"])
    county = await client.get("/api/v1/enterprises", params={"region_code": XINXIAN}, headers=roles["city_officer"])
    assert city.json()["total"] == 2
    assert [i["region_code"] for i in county.json()["items"]] == [XINXIAN]


async def test_stats_count_within_scope(client, roles):
    await client.post("/api/v1/enterprises", json=payload(), headers=roles["city_officer"])
    await client.post(
        "/api/v1/enterprises", json=payload(region=XINXIAN, body="MA46H3Q9"), headers=roles["city_officer"]
    )
    city = (await client.get("/api/v1/enterprises/stats/by-region", headers=roles["city_officer"])).json()
    assert {i["region_code"]: i["count"] for i in city["items"]} == {GUANGSHAN: 1, XINXIAN: 1}
    county = (await client.get("/api/v1/enterprises/stats/by-region", headers=roles["guangshan"])).json()
    assert county["total"] == 1 and county["items"][0]["region_name"] == "光山县"
    industry = (await client.get("/api/v1/enterprises/stats/by-industry", headers=roles["guangshan"])).json()
    assert industry["items"] == [{"industry": "茶叶加工", "count": 1}]


async def test_delete_needs_permission_and_leaves_a_tombstone(client, roles, session):
    created = (await client.post("/api/v1/enterprises", json=payload(), headers=roles["city_officer"])).json()
    url = f"/api/v1/enterprises/{created['id']}"
    county = await client.delete(url, headers={**roles["guangshan"], "If-Match": '"1"'})
    assert county.status_code == 403
    gone = await client.delete(url, headers={**roles["city_officer"], "If-Match": '"1"'})
    assert gone.status_code == 204
    assert (await client.get(url, headers=roles["city_officer"])).status_code == 404
    row = await session.get(Enterprise, created["id"])
    assert row is not None and row.deleted_at is not None


async def test_the_enterprise_type_is_recorded_listed_and_checked(client, roles, session):
    """企业类型 comes from the 业务字典's codes; an unknown one is refused naming the field and stores nothing."""
    created = await client.post(
        "/api/v1/enterprises", json=payload(enterprise_type="private"), headers=roles["guangshan"]
    )
    assert created.status_code == 201, created.text
    assert created.json()["enterprise_type"] == "private"
    url = f"/api/v1/enterprises/{created.json()['id']}"
    changed = await client.patch(
        url, json={"enterprise_type": "foreign"}, headers={**roles["guangshan"], "If-Match": '"1"'}
    )
    assert changed.status_code == 200 and changed.json()["enterprise_type"] == "foreign"
    listed = await client.get("/api/v1/enterprises", params={"q": "测试茶叶"}, headers=roles["guangshan"])
    assert [i["enterprise_type"] for i in listed.json()["items"]] == ["foreign"]
    before = await count(session)
    wrong = await client.post(
        "/api/v1/enterprises", json=payload(body="MA46H3Q3", enterprise_type="上市公司"), headers=roles["guangshan"]
    )
    assert wrong.status_code == 422 and [e["field"] for e in wrong.json()["errors"]] == ["enterprise_type"]
    assert await count(session) == before
