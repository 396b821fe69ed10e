"""Projects: validation of the investor, category warnings, codes, the dictionary, ETags, idempotency,
progress reports, deletion, filters, the funnel and provincial sync."""

from __future__ import annotations

import pytest
from conftest import GUANGSHAN, XINXIAN, chain, etag, project_body
from sqlalchemy import select

from investment_service.core import AuditLog


async def create(client, actors, role="guangshan", **overrides):
    return await client.post("/api/v1/projects", json=project_body(**overrides), headers=actors[role])


async def test_threshold_warnings_never_block(client, actors):
    resp = await create(client, actors, contracted_investment_wan_yuan="25000.50")
    assert resp.status_code == 201
    assert resp.json()["warnings"] == ["制造业项目签约投资额一般不低于3亿元，当前为2.50005亿元，请核实"]
    assert resp.json()["contracted_investment_wan_yuan"] == "25000.50"
    infra = await create(
        client, actors, code="GS2021-002", category="infrastructure", contracted_investment_wan_yuan="100000"
    )
    assert infra.json()["warnings"] == []
    social = await create(client, actors, code="GS2021-003", category="social", contracted_investment_wan_yuan="19999")
    assert "社会事业项目" in social.json()["warnings"][0] and "2亿元" in social.json()["warnings"][0]


@pytest.mark.parametrize(
    ("investor", "field", "text"),
    [
        ({"name": "某某投资", "origin": "out_of_province"}, "investor", "省份"),
        ({"name": "某某投资", "origin": "out_of_province", "province_code": "810000"}, "investor", "港澳台"),
        ({"name": "某某投资", "origin": "foreign"}, "investor", "国别"),
        ({"name": "某某投资", "origin": "local", "country_region": "韩国"}, "investor", "省内"),
        (
            {"name": "某某投资", "origin": "out_of_province", "province_code": "410000"},
            "investor.province_code",
            "本省",
        ),
        ({"name": "某某投资", "origin": "out_of_province", "province_code": "990000"}, "investor.province_code", ""),
        ({"name": "某某投资", "origin": "local", "uscc": "91411522MA45R7K370"}, "investor.uscc", "校验位"),
    ],
)
async def test_investor_origin_rules(client, actors, investor, field, text):
    resp = await create(client, actors, investor=investor)
    assert resp.status_code == 422, resp.text
    error = resp.json()["errors"][0]
    assert error["field"] == field and text in error["message"]


async def test_hong_kong_macao_and_taiwan_investors_are_foreign(client, actors):
    resp = await create(client, actors, investor={"name": "港资公司", "origin": "foreign", "country_region": "香港"})
    assert resp.status_code == 201
    assert resp.json()["investor"]["origin_label"] == "境外"


async def test_codes_are_unique(client, actors):
    assert (await create(client, actors)).status_code == 201
    again = await create(client, actors, role="xinxian", region_code=XINXIAN)
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "code"


async def test_industry_chain_must_be_active(client, actors, session):
    session.add_all(
        [
            chain("green_food", "绿色食品", is_leading=True),
            chain("old_chain", "旧产业链", is_active=False),
        ]
    )
    await session.flush()
    ok = await create(client, actors, industry_chain_code="green_food")
    assert ok.json()["industry_chain_name"] == "绿色食品"
    refused = await create(client, actors, code="GS2021-002", industry_chain_code="old_chain")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "industry_chain_code"


async def test_the_dictionary_is_the_city_officers(client, actors):
    body = {"code": "green_food", "name": "绿色食品", "is_leading": True}
    assert (
        await client.post("/api/v1/investment/industry-chains", json=body, headers=actors["guangshan"])
    ).status_code == 403
    created = await client.post("/api/v1/investment/industry-chains", json=body, headers=actors["city_officer"])
    assert created.status_code == 201
    chain_id = created.json()["id"]
    url = f"/api/v1/investment/industry-chains/{chain_id}"
    assert (await client.patch(url, json={"is_active": False}, headers=actors["city_officer"])).status_code == 428
    updated = await client.patch(url, json={"is_active": False}, headers={**actors["city_officer"], **etag(created)})
    assert updated.json()["is_active"] is False
    listed = await client.get("/api/v1/investment/industry-chains", headers=actors["guangshan"])
    assert listed.json()["items"] == []
    everything = await client.get(
        "/api/v1/investment/industry-chains?include_inactive=true", headers=actors["guangshan"]
    )
    assert [c["code"] for c in everything.json()["items"]] == ["green_food"]
    dup = await client.post("/api/v1/investment/industry-chains", json=body, headers=actors["city_officer"])
    assert dup.status_code == 409


async def test_update_needs_if_match_and_is_audited(client, actors, session):
    created = await create(client, actors)
    url = f"/api/v1/projects/{created.json()['id']}"
    change = {"contracted_investment_wan_yuan": "40000", "chief_service_officer": "王建国", "linked_case_ids": [12, 15]}
    assert (await client.patch(url, json=change, headers=actors["guangshan"])).status_code == 428
    stale = await client.patch(url, json=change, headers={**actors["guangshan"], "If-Match": '"7"'})
    assert stale.status_code == 412
    resp = await client.patch(url, json=change, headers={**actors["guangshan"], **etag(created)})
    assert resp.status_code == 200 and resp.headers["etag"] == '"2"'
    assert resp.json()["linked_case_ids"] == [12, 15]
    moved = await client.patch(url, json={"region_code": XINXIAN}, headers={**actors["guangshan"], **etag(resp)})
    assert moved.status_code == 403 and moved.json()["errors"][0]["field"] == "region_code"
    entry = await session.scalar(select(AuditLog).where(AuditLog.action == "project.update"))
    assert entry.before["contracted_investment_wan_yuan"] == "35000.00"
    assert entry.after["contracted_investment_wan_yuan"] == "40000.00"
    assert entry.after["chief_service_officer"] == "王建国"


async def test_creates_replay_with_the_same_idempotency_key(client, actors):
    headers = {**actors["guangshan"], "Idempotency-Key": "p-1"}
    first = await client.post("/api/v1/projects", json=project_body(), headers=headers)
    again = await client.post("/api/v1/projects", json=project_body(), headers=headers)
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    other = await client.post("/api/v1/projects", json=project_body(name="另一个项目"), headers=headers)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


async def test_writes_outside_the_county_are_refused(client, actors):
    resp = await create(client, actors, role="xinxian")
    assert resp.status_code == 403 and resp.json()["errors"][0]["field"] == "region_code"
    unknown = await create(client, actors, region_code="999999")
    assert unknown.status_code == 422


async def test_progress_reports(client, actors, session):
    pid = (await create(client, actors)).json()["id"]
    url = f"/api/v1/projects/{pid}/progress"
    body = {"reported_on": "2021-08-01", "content": "完成土地摘牌", "problems": "用电增容待协调"}
    resp = await client.post(url, json=body, headers={**actors["guangshan"], "Idempotency-Key": "pr-1"})
    assert resp.status_code == 201 and resp.json()["reported_by_name"] == "county_officer"
    replay = await client.post(url, json=body, headers={**actors["guangshan"], "Idempotency-Key": "pr-1"})
    assert replay.json()["id"] == resp.json()["id"]
    await client.post(url, json={**body, "reported_on": "2021-09-01"}, headers=actors["guangshan"])
    listed = await client.get(url, headers=actors["city_leader"])
    assert [r["reported_on"] for r in listed.json()["items"]] == ["2021-09-01", "2021-08-01"]
    assert await session.scalar(select(AuditLog.id).where(AuditLog.action == "project.progress"))


async def test_delete_leaves_a_tombstone_for_sync(client, actors):
    created = await create(client, actors)
    pid = created.json()["id"]
    assert (await client.delete(f"/api/v1/projects/{pid}", headers=actors["guangshan"])).status_code == 428
    resp = await client.delete(f"/api/v1/projects/{pid}", headers={**actors["guangshan"], **etag(created)})
    assert resp.status_code == 204
    assert (await client.get(f"/api/v1/projects/{pid}", headers=actors["guangshan"])).status_code == 404
    items = (await client.get("/open/v1/projects", headers=actors["province"])).json()["items"]
    assert [(i["id"], i["deleted"], i["name"]) for i in items] == [(pid, True, None)]


async def test_sync_pages_with_a_cursor(client, actors):
    for i in range(3):
        await create(client, actors, code=f"GS2021-10{i}")
    first = (await client.get("/open/v1/projects?limit=2", headers=actors["province"])).json()
    assert len(first["items"]) == 2 and first["has_more"] is True
    rest = (await client.get(f"/open/v1/projects?cursor={first['next_cursor']}", headers=actors["province"])).json()
    assert [i["code"] for i in rest["items"]] == ["GS2021-102"] and rest["has_more"] is False
    assert first["items"][0]["contracted_investment_wan_yuan"] == "35000.00"


async def test_list_filters_and_the_funnel(client, actors, build):
    await build.project(GUANGSHAN, stage="signed", origin="out_of_province")
    await build.project(GUANGSHAN, stage="started", amount="50000")
    await build.project(XINXIAN, stage="started")
    page = (await client.get("/api/v1/projects?stage=started&region_code=411522", headers=actors["city_leader"])).json()
    assert page["total"] == 1 and page["items"][0]["stage"] == "started"
    both = await client.get(
        "/api/v1/projects?stage=started&stage=signed&sort=-contracted_investment_wan_yuan",
        headers=actors["city_leader"],
    )
    assert [i["contracted_investment_wan_yuan"] for i in both.json()["items"]] == ["50000.00", "10000.00", "10000.00"]
    origin = await client.get("/api/v1/projects?origin=out_of_province", headers=actors["city_leader"])
    assert origin.json()["total"] == 1
    funnel = (await client.get("/api/v1/projects/stats/by-stage", headers=actors["guangshan"])).json()
    counts = {i["stage"]: i["count"] for i in funnel["items"]}
    assert counts["started"] == 1 and counts["signed"] == 1 and funnel["total"] == 2
    assert (await client.get("/api/v1/projects?sort=nope", headers=actors["city_leader"])).status_code == 422
    assert (await client.get("/api/v1/projects?colour=red", headers=actors["city_leader"])).status_code == 422


async def test_linked_cases_must_exist_and_be_the_callers_to_see(client, actors):
    created = await create(client, actors)
    url = f"/api/v1/projects/{created.json()['id']}"
    # 21 is 新县's case, 99 no case at all: neither may be linked by 光山县's officer, and the answer names both.
    refused = await client.patch(
        url, json={"linked_case_ids": [12, 21, 99]}, headers={**actors["guangshan"], **etag(created)}
    )
    assert refused.status_code == 422
    error = refused.json()["errors"][0]
    assert error["field"] == "linked_case_ids" and "21" in error["message"] and "99" in error["message"]
    assert "12" not in error["message"]
    kept = await client.get(url, headers=actors["guangshan"])
    assert kept.json()["linked_case_ids"] == [] and kept.headers["etag"] == created.headers["etag"]
    body = project_body(code="GS2021-777", linked_case_ids=[21])
    assert (await client.post("/api/v1/projects", json=body, headers=actors["guangshan"])).status_code == 422
    # The city sees every county's cases.
    linked = await client.post(
        "/api/v1/projects", json=body | {"region_code": GUANGSHAN}, headers=actors["city_officer"]
    )
    assert linked.status_code == 201 and linked.json()["linked_case_ids"] == [21]
