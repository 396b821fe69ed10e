"""Knowledge base (知识库): entries curated by officers (a county its own, the city's read-only to it), search ranked
by the service's text similarity (pg_trgm or the same measure in Python), the draft taken from a handled case,
instant answers on the enterprise's submit form, its outcomes recorded once per session key, and the rate of
submissions prevented with its numerator and denominator."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import CITY, GUANGSHAN, XINXIAN
from sqlalchemy import select
from test_case_support import A, case_fixtures

from case_service.core import AuditLog
from case_service.knowledge.models import KnowledgeEntry

globals().update(case_fixtures())

KB = "/api/v1/knowledge-entries"


def entry(**kw: Any) -> dict[str, Any]:
    """A create body: a city-wide published answer about land quotas."""
    body: dict[str, Any] = {
        "question": "厂房扩建用地指标如何申请",
        "answer": "向县自然资源局提交用地申请，纳入年度用地计划后办理报批。",
        "category_code": "land_planning",
        "tags": ["用地", "扩建"],
        "region_code": CITY,
        "status": "published",
    }
    body.update(kw)
    return body


async def create(client, role_headers, **kw: Any) -> dict[str, Any]:
    resp = await client.post(KB, json=entry(**kw), headers=role_headers)
    assert resp.status_code == 201, resp.text
    return resp.json()


async def patch(client, headers, item: dict[str, Any], **changes: Any):
    return await client.patch(
        f"{KB}/{item['id']}", json=changes, headers={**headers, "If-Match": f'"{item["version"]}"'}
    )


async def test_curate_search_and_scope(client, roles, session):
    city = await create(client, roles["city_officer"])
    gs = await create(
        client,
        roles["guangshan"],
        question="出口退税办理进度太慢怎么办",
        answer="可通过电子税务局查询退税进度，资料齐全的在规定时限内办结。",
        category_code="financing",
        tags=["退税"],
        region_code=GUANGSHAN,
    )
    xx = await create(client, roles["xinxian"], question="新县景区门票优惠政策咨询", region_code=XINXIAN)
    draft = await create(
        client, roles["guangshan"], question="融资担保费率补贴申请", status="draft", region_code=GUANGSHAN
    )
    assert (city["status_label"], city["category_name"], city["published_at"] is not None) == (
        "已发布",
        "用地规划",
        True,
    )
    assert draft["published_at"] is None

    # A county officer reads the city's answers and its own, never another county's; edits only its own.
    listed = (await client.get(KB, headers=roles["guangshan"])).json()
    by_id = {i["id"]: i for i in listed["items"]}
    assert set(by_id) == {city["id"], gs["id"], draft["id"]} and listed["total"] == 3
    assert by_id[city["id"]]["editable"] is False and by_id[gs["id"]]["editable"] is True
    assert (await client.get(f"{KB}/{xx['id']}", headers=roles["guangshan"])).status_code == 404
    refused = await patch(client, roles["guangshan"], city, answer="县区改写市级解答")
    assert refused.status_code == 403, refused.text
    assert (await patch(client, roles["city_officer"], gs, answer="市局可以修改县区的解答内容")).status_code == 200

    # Search ranks by similarity of the question, with its score; category and tag filter.
    found = (await client.get(KB, params={"q": "厂房扩建用地指标申请"}, headers=roles["guangshan"])).json()
    assert found["items"][0]["id"] == city["id"] and 0.5 < found["items"][0]["score"] <= 1
    assert [i["id"] for i in found["items"]] == [city["id"]]  # the unrelated answers are below the threshold
    # A few words typed into the search box: a low threshold, and a question holding them is always found.
    words = (await client.get(KB, params={"q": "退税办理"}, headers=roles["guangshan"])).json()
    assert [i["id"] for i in words["items"]] == [gs["id"]] and words["items"][0]["score"] < 0.5
    tagged = (await client.get(KB, params={"tag": "退税"}, headers=roles["guangshan"])).json()
    assert [i["id"] for i in tagged["items"]] == [gs["id"]]
    by_cat = (await client.get(KB, params={"category": "land_planning"}, headers=roles["city_officer"])).json()
    assert {i["id"] for i in by_cat["items"]} == {city["id"], xx["id"], draft["id"]}

    # Enterprises see published answers of their county and the city only.
    ent = (await client.get(KB, headers=roles["enterprise"])).json()
    assert {i["id"] for i in ent["items"]} == {city["id"], gs["id"]}
    assert (await client.get(f"{KB}/{draft['id']}", headers=roles["enterprise"])).status_code == 404
    assert (await client.post(KB, json=entry(), headers=roles["enterprise"])).status_code == 403

    # Retire: gone from the enterprise's view; publish again: back.
    retired = await patch(client, roles["city_officer"], city, status="retired")
    assert retired.status_code == 200 and retired.json()["status_label"] == "已停用"
    ent = (await client.get(KB, headers=roles["enterprise"])).json()
    assert {i["id"] for i in ent["items"]} == {gs["id"]}

    actions = set(
        (await session.scalars(select(AuditLog.action).where(AuditLog.entity_type == "knowledge_entry"))).all()
    )
    assert actions == {"knowledge_entry.create", "knowledge_entry.update"}


async def test_bad_input_names_the_field(client, roles, session):
    policy = await client.post(
        "/api/v1/policies",
        json={
            "doc_number": "X商字〔2021〕82号",
            "title": "“万人助万企”活动实施方案",
            "issuer": "信阳市商务局",
            "issue_date": "2021-06-16",
            "kind": "implementation_plan",
            "region_code": CITY,
        },
        headers=roles["city_officer"],
    )
    assert policy.status_code == 201, policy.text
    linked = await create(client, roles["guangshan"], policy_ids=[policy.json()["id"]], region_code=GUANGSHAN)
    assert linked["policies"] == [
        {"id": policy.json()["id"], "doc_number": "X商字〔2021〕82号", "title": "“万人助万企”活动实施方案"}
    ]
    for body, field, status in (
        (entry(category_code="nope"), "category_code", 422),
        (entry(policy_ids=[999999]), "policy_ids", 422),
        (entry(question="短"), "question", 422),
        (entry(status="retired"), "status", 422),
        (entry(source_case_id=999999), "source_case_id", 422),
        (entry(region_code=XINXIAN), "region_code", 403),
    ):
        resp = await client.post(KB, json=body, headers=roles["guangshan"])
        assert resp.status_code == status and resp.json()["errors"][0]["field"] == field, resp.text
    assert (await client.get(KB, params={"q": "x"}, headers=roles["guangshan"])).status_code == 422
    assert (await client.get(KB, params={"bogus": "1"}, headers=roles["guangshan"])).status_code == 422
    assert (await client.get(f"{KB}/suggestions", params={"q": "用地"}, headers=roles["enterprise"])).status_code == 422
    no_match = await client.patch(
        f"{KB}/{linked['id']}", json={"answer": "没有版本号的修改"}, headers=roles["guangshan"]
    )
    assert no_match.status_code == 428


async def test_take_a_handled_case_into_the_base(client, roles, driver):
    answered = await driver.create(title="出口信用保险保费补贴怎么申请", description="想了解今年的保费补贴政策。")
    await driver.act(answered["id"], A.ACCEPT)
    await driver.act(
        answered["id"], A.ANSWER_NOW, answer="登录商务厅申报系统填报，按实缴保费的50%补贴。", basis="豫商财〔2021〕3号"
    )
    draft = await client.get(f"/api/v1/cases/{answered['id']}/knowledge-draft", headers=roles["guangshan"])
    assert draft.status_code == 200, draft.text
    body = draft.json()
    assert body == {
        "question": "出口信用保险保费补贴怎么申请",
        "answer": "登录商务厅申报系统填报，按实缴保费的50%补贴。\n依据：豫商财〔2021〕3号",
        "category_code": "land_planning",
        "tags": [],
        "policy_ids": [],
        "source_case_id": answered["id"],
        "region_code": GUANGSHAN,
    }
    made = await create(client, roles["guangshan"], **body)
    assert made["source_case_id"] == answered["id"]

    open_case = await driver.create()
    for case_id, code in ((open_case["id"], "not_done"), (999999, "not_found")):
        resp = await client.get(f"/api/v1/cases/{case_id}/knowledge-draft", headers=roles["guangshan"])
        assert resp.status_code == 422 and resp.json()["errors"][0] == {
            "field": "case_id",
            "message": resp.json()["errors"][0]["message"],
            "code": code,
        }, resp.text
    assert (
        await client.get(f"/api/v1/cases/{answered['id']}/knowledge-draft", headers=roles["xinxian"])
    ).status_code == 422
    assert (
        await client.get(f"/api/v1/cases/{answered['id']}/knowledge-draft", headers=roles["enterprise"])
    ).status_code == 403
    refused = await client.post(
        KB, json=entry(source_case_id=open_case["id"], region_code=GUANGSHAN), headers=roles["guangshan"]
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "source_case_id"


async def test_instant_answers_outcomes_and_the_prevented_rate(client, roles, case_roles, driver, session, clock, app):
    city = await create(client, roles["city_officer"])
    await create(
        client, roles["xinxian"], question="厂房扩建用地指标怎么申请", region_code=XINXIAN
    )  # not the enterprise's county
    await create(client, roles["city_officer"], question="厂房扩建用地指标申请流程", status="draft")  # not published

    sug = await client.get(f"{KB}/suggestions", params={"q": "厂房扩建用地指标申请"}, headers=roles["enterprise"])
    assert sug.status_code == 200, sug.text
    body = sug.json()
    assert [i["id"] for i in body["items"]] == [city["id"]] and body["threshold"] == 0.2
    # PostgreSQL with pg_trgm compares in the database (the trigram index on the questions); else Python, same measure.
    assert body["method"] == ("pg_trgm" if app.state.trigram_schema else "python")
    assert (session.bind.dialect.name == "postgresql") == (body["method"] == "pg_trgm")
    assert 0.5 < body["items"][0]["score"] <= 1 and body["items"][0]["answer"].startswith("向县自然资源局")
    assert len(body["items"]) <= 5

    solved = {
        "session_key": "form-0001-abcdef",
        "outcome": "solved",
        "entry_id": city["id"],
        "shown_entry_ids": [city["id"]],
    }
    first = await client.post(f"{KB}/outcomes", json=solved, headers=roles["enterprise"])
    assert first.status_code == 201, first.text
    assert first.json()["outcome_label"] == "已解决，不再提交"
    again = await client.post(f"{KB}/outcomes", json=solved, headers=roles["enterprise"])
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    other = await client.post(
        f"{KB}/outcomes",
        json={**solved, "outcome": "submitted", "entry_id": None, "case_id": 1},
        headers=roles["enterprise"],
    )
    assert other.status_code == 409 and other.json()["code"] == "knowledge.outcome_recorded"

    submitted_case = await driver.create("enterprise")
    sent = {
        "session_key": "form-0002-abcdef",
        "outcome": "submitted",
        "case_id": submitted_case["id"],
        "shown_entry_ids": [city["id"]],
    }
    assert (await client.post(f"{KB}/outcomes", json=sent, headers=roles["enterprise"])).status_code == 201
    more = {"session_key": "form-0003-abcdef", "outcome": "solved", "entry_id": city["id"]}
    assert (await client.post(f"{KB}/outcomes", json=more, headers=roles["enterprise"])).status_code == 201

    for bad, field in (
        ({"session_key": "form-0004-abcdef", "outcome": "solved"}, "entry_id"),
        ({"session_key": "form-0004-abcdef", "outcome": "submitted"}, "case_id"),
        ({"session_key": "form-0004-abcdef", "outcome": "submitted", "case_id": 999999}, "case_id"),
        ({"session_key": "短", "outcome": "solved", "entry_id": city["id"]}, "session_key"),
        ({"session_key": "form-0004-abcdef", "outcome": "maybe"}, "outcome"),
    ):
        resp = await client.post(f"{KB}/outcomes", json=bad, headers=roles["enterprise"])
        assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == field, resp.text
    officer = await client.post(
        f"{KB}/outcomes", json={**more, "session_key": "form-0005-abcdef"}, headers=roles["guangshan"]
    )
    assert officer.status_code == 403

    period = clock().astimezone().strftime("%Y-%m")
    stats = await client.get(f"{KB}/deflection-rate", params={"period": period}, headers=roles["guangshan"])
    assert stats.status_code == 200, stats.text
    s = stats.json()
    assert (s["prevented"], s["submitted"]) == (2, 1)
    assert (s["rate"]["numerator"], s["rate"]["denominator"], s["rate"]["value"]) == (2, 3, pytest.approx(66.7))
    assert s["rate"]["numerator_label"] and s["rate"]["denominator_label"]
    assert [(r["region_code"], r["region_name"], r["prevented"], r["submitted"]) for r in s["by_region"]] == [
        (GUANGSHAN, "光山县", 2, 1)
    ]
    xx = (await client.get(f"{KB}/deflection-rate", params={"period": period}, headers=roles["xinxian"])).json()
    assert (xx["prevented"], xx["submitted"], xx["rate"]["value"]) == (0, 0, None)
    earlier = (
        await client.get(f"{KB}/deflection-rate", params={"period": "2020"}, headers=roles["city_officer"])
    ).json()
    assert earlier["prevented"] == 0
    bad = await client.get(f"{KB}/deflection-rate", params={"period": "2021-13"}, headers=roles["city_officer"])
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "period"
    assert (
        await client.get(f"{KB}/deflection-rate", params={"period": period}, headers=roles["enterprise"])
    ).status_code == 403

    audited = (await session.scalars(select(AuditLog.action).where(AuditLog.entity_type == "knowledge_outcome"))).all()
    assert audited == ["knowledge_outcome.create"] * 3


async def test_search_pages_its_matches(client, roles, session):
    made = [await create(client, roles["city_officer"], question=f"厂房扩建用地指标申请第{i}问") for i in range(3)]
    page = (
        await client.get(KB, params={"q": "厂房扩建用地指标申请", "page_size": 2}, headers=roles["city_officer"])
    ).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    scores = [i["score"] for i in page["items"]]
    assert scores == sorted(scores, reverse=True)
    rest = (
        await client.get(
            KB, params={"q": "厂房扩建用地指标申请", "page_size": 2, "page": 2}, headers=roles["city_officer"]
        )
    ).json()
    assert {i["id"] for i in page["items"] + rest["items"]} == {m["id"] for m in made}
    assert await session.scalar(select(KnowledgeEntry.id).where(KnowledgeEntry.id == made[0]["id"])) is not None
