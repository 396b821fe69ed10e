"""Duplicates (重复诉求): similar open or recent cases at intake and acceptance with their similarity (pg_trgm on
PostgreSQL, the same measure in Python elsewhere, the two agreeing), links, split into cases with their own
timers, the repeat rate; never a case outside the caller's scope."""

from __future__ import annotations

import pytest
from conftest import ENTERPRISE_USCC
from sqlalchemy import select, text
from test_case_support import URL, XINXIAN_USCC, A, S, case_fixtures

from case_service.case.models import Case
from case_service.core import AuditLog
from case_service.similarity import similarity, trigram_schema, trigrams

globals().update(case_fixtures())

SAMPLES = [
    ("厂房扩建用地指标申请", "厂房扩建用地申请"),
    ("厂房扩建用地指标申请 企业扩大生产，需新增工业用地20亩", "企业扩大生产需新增工业用地二十亩，请协调指标"),
    ("Land quota for the NEW plant", "land QUOTA for a new plant!"),
    ("融资贷款利率过高", "用工招聘困难"),
    ("水电气暖 供电不稳定", "供电不稳定，影响生产"),
    ("", "任何文本"),
]


def test_python_trigrams_are_pg_trgm_s():
    """The measure pg_trgm documents: lower case, words padded with two spaces before and one after."""
    assert trigrams("Ab c") == {"  a", " ab", "ab ", "  c", " c "}
    assert similarity("厂房扩建用地指标申请", "厂房扩建用地申请") == pytest.approx(7 / 13)
    assert similarity("同一文本", "同一文本") == 1.0 and similarity("", "x") == 0.0


async def test_the_two_methods_agree_on_sample_texts(session):
    schema = await trigram_schema(session)
    if session.bind.dialect.name == "sqlite":
        assert schema is None  # SQLite: Python compares
        return
    assert schema is not None, "the migration creates pg_trgm where the server has it"
    for a, b in SAMPLES:
        sql = await session.scalar(text(f'SELECT "{schema}".similarity(:a, :b)'), {"a": a, "b": b})
        assert float(sql) == pytest.approx(similarity(a, b), abs=1e-6), (a, b)


async def test_similar_cases_at_intake_with_their_similarity(client, roles, case_roles, driver, app):
    first = await driver.create()
    other = await driver.create(
        title="融资贷款利率过高", description="流动资金贷款利率上浮，请协调银行。", category_code="financing"
    )
    elsewhere = await driver.create("xinxian", enterprise_uscc=XINXIAN_USCC)  # same text, another county
    params = {
        "enterprise_uscc": ENTERPRISE_USCC,
        "title": "厂房扩建用地指标申请",
        "description": "企业扩大生产，需新增工业用地20亩，请协调用地指标。",
    }
    resp = await client.get(f"{URL}/similar", params=params, headers=roles["guangshan"])
    assert resp.status_code == 200, resp.text
    body = resp.json()
    expected = "pg_trgm" if app.state.trigram_schema else "python"
    assert (body["method"], body["threshold"], body["window_days"]) == (expected, 0.3, 90)
    items = {i["id"]: i for i in body["items"]}
    assert items[first["id"]]["similarity"] == 1.0 and items[first["id"]]["same_enterprise"] is True
    # Same enterprise: shown whatever the text, with its low similarity.
    assert items[other["id"]]["similarity"] < 0.3 and items[other["id"]]["same_enterprise"] is True
    assert body["items"][0]["id"] == first["id"]
    assert elsewhere["id"] not in items  # another county's case: outside the caller's scope
    # The Xinxian officer never sees the Guangshan cases, whatever the text.
    xx = await client.get(
        f"{URL}/similar", params={**params, "enterprise_uscc": XINXIAN_USCC}, headers=roles["xinxian"]
    )
    assert [i["id"] for i in xx.json()["items"]] == [elsewhere["id"]]
    # Bad input names the field.
    for bad, field in (({"title": "厂房"}, "enterprise_uscc"), ({**params, "title": "x"}, "title")):
        r = await client.get(f"{URL}/similar", params=bad, headers=roles["guangshan"])
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, r.text
    unknown = await client.get(
        f"{URL}/similar", params={**params, "enterprise_uscc": XINXIAN_USCC}, headers=roles["guangshan"]
    )
    assert unknown.status_code == 422


async def test_old_closed_cases_drop_out_of_the_window(client, roles, driver, clock, session):
    old = await driver.create()
    await driver.act(old["id"], A.REJECT)
    clock.advance(days=100)
    fresh = await driver.create()
    resp = await client.get(f"{URL}/{fresh['id']}/similar", headers=roles["guangshan"])
    assert resp.status_code == 200
    assert old["id"] not in [i["id"] for i in resp.json()["items"]]
    clock.advance(days=-99)  # back inside the window of the rejected case
    resp = await client.get(f"{URL}/{fresh['id']}/similar", headers=roles["guangshan"])
    assert old["id"] in [i["id"] for i in resp.json()["items"]]


async def test_link_related_and_duplicate_and_the_repeat_rate(client, roles, driver, session, clock):
    first = await driver.create()
    repeat = await driver.create()
    related = await driver.create(title="厂房扩建环评审批", description="扩建项目环评手续办理。")
    merged = await driver.create()
    await driver.act(merged["id"], A.MERGE, into_case_id=first["id"])
    await driver.create()  # registered, not a repeat

    similar = (await client.get(f"{URL}/{repeat['id']}/similar", headers=roles["guangshan"])).json()["items"]
    assert first["id"] in [i["id"] for i in similar] and all(i["linked"] is False for i in similar)

    link = f"{URL}/{repeat['id']}/links"
    resp = await client.post(link, json={"other_case_id": first["id"], "kind": "duplicate"}, headers=roles["guangshan"])
    assert resp.status_code == 201, resp.text
    (out,) = resp.json()["items"]
    assert (out["kind"], out["direction"], out["case"]["id"], out["similarity"]) == (
        "duplicate",
        "outgoing",
        first["id"],
        1.0,
    )
    resp = await client.post(
        link, json={"other_case_id": related["id"], "kind": "related", "note": "同一项目"}, headers=roles["guangshan"]
    )
    assert resp.status_code == 201 and len(resp.json()["items"]) == 2
    again = await client.post(link, json={"other_case_id": first["id"], "kind": "related"}, headers=roles["guangshan"])
    assert again.status_code == 409 and again.json()["code"] == "case.already_linked"
    for body, field in (
        ({"other_case_id": repeat["id"], "kind": "related"}, "other_case_id"),
        ({"other_case_id": 999999, "kind": "related"}, "other_case_id"),
        ({"other_case_id": first["id"], "kind": "split"}, "kind"),
    ):
        r = await client.post(link, json=body, headers=roles["guangshan"])
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, r.text
    assert (
        await client.post(link, json={"other_case_id": first["id"], "kind": "related"}, headers=roles["unit"])
    ).status_code == 403

    # Both ends show the link; the timeline and the audit log keep it.
    theirs = (await client.get(f"{URL}/{first['id']}/links", headers=roles["guangshan"])).json()["items"]
    assert [(i["direction"], i["case"]["id"]) for i in theirs] == [("incoming", repeat["id"])]
    events = (await client.get(f"{URL}/{first['id']}/events", headers=roles["guangshan"])).json()["items"]
    assert events[-1]["action"] == "linked" and events[-1]["data"]["case_id"] == repeat["id"]
    audited = await session.scalar(select(AuditLog.action).where(AuditLog.action == "case.link_duplicate"))
    assert audited == "case.link_duplicate"

    stats = await client.get(f"{URL}/repeat-rate", params={"period": "2021-07"}, headers=roles["city_officer"])
    assert stats.status_code == 200, stats.text
    body = stats.json()
    assert (body["registered"], body["linked_duplicates"], body["merged"]) == (5, 1, 1)
    rate = body["repeat_rate"]
    assert (rate["numerator"], rate["denominator"], rate["value"]) == (2, 5, 40.0)
    assert rate["numerator_label"] and rate["denominator_label"]
    other = (await client.get(f"{URL}/repeat-rate", params={"period": "2021-07"}, headers=roles["xinxian"])).json()
    assert other["registered"] == 0 and other["repeat_rate"]["value"] is None


async def test_links_never_show_a_case_outside_scope(client, roles, driver, session):
    mine = await driver.create()
    theirs = await driver.create("xinxian", enterprise_uscc=XINXIAN_USCC)
    # The city officer sees both counties and links them.
    resp = await client.post(
        f"{URL}/{mine['id']}/links",
        json={"other_case_id": theirs["id"], "kind": "related"},
        headers=roles["city_officer"],
    )
    assert resp.status_code == 201, resp.text
    assert (await client.get(f"{URL}/{mine['id']}/links", headers=roles["guangshan"])).json()["items"] == []
    assert len((await client.get(f"{URL}/{mine['id']}/links", headers=roles["city_officer"])).json()["items"]) == 1
    # Guangshan cannot link to the Xinxian case either.
    r = await client.post(
        f"{URL}/{mine['id']}/links",
        json={"other_case_id": theirs["id"], "kind": "duplicate"},
        headers=roles["guangshan"],
    )
    assert r.status_code == 422


async def test_split_gives_cases_with_their_own_timers(client, roles, driver, clock, session):
    original = await driver.to_state(S.ACCEPTED)
    body = {
        "parts": [
            {"title": "新增工业用地指标", "description": "需新增工业用地20亩。"},
            {"title": "扩建项目融资", "description": "扩建资金缺口500万元。", "category_code": "financing"},
        ],
        "comment": "一件诉求含两个事项，分别交办",
    }
    url = f"{URL}/{original['id']}/split"
    resp = await client.post(url, json=body, headers={**roles["guangshan"], "Idempotency-Key": "split-1"})
    assert resp.status_code == 201, resp.text
    parts = resp.json()["cases"]
    assert [(p["state"], p["category_code"], p["enterprise_uscc"]) for p in parts] == [
        ("ACCEPTED", "land_planning", ENTERPRISE_USCC),
        ("ACCEPTED", "financing", ENTERPRISE_USCC),
    ]
    replay = await client.post(url, json=body, headers={**roles["guangshan"], "Idempotency-Key": "split-1"})
    assert replay.status_code == 201 and replay.headers.get("idempotent-replayed") == "true"
    assert (await client.post(url, json=body, headers=roles["guangshan"])).json()["code"] == "case.already_split"

    # Each part runs its own clock from its own assignment.
    await driver.act(parts[0]["id"], A.ASSIGN)
    clock.advance(days=2)
    second = await driver.act(parts[1]["id"], A.ASSIGN)
    first = await driver.detail(parts[0]["id"])
    assert first["sign_due"] != second["sign_due"]
    assert first["assigned_at"] < second["assigned_at"]
    links = (await client.get(f"{URL}/{original['id']}/links", headers=roles["guangshan"])).json()["items"]
    assert {(i["kind"], i["direction"], i["case"]["id"]) for i in links} == {
        ("split", "incoming", parts[0]["id"]),
        ("split", "incoming", parts[1]["id"]),
    }
    events = (await client.get(f"{URL}/{original['id']}/events", headers=roles["guangshan"])).json()["items"]
    split_event = next(e for e in events if e["action"] == "split")
    assert split_event["data"]["case_ids"] == [p["id"] for p in parts]
    assert (await session.get(Case, original["id"])).state == "ACCEPTED"  # the original stays, linked

    assigned = await driver.to_state(S.ASSIGNED)
    late = await client.post(f"{URL}/{assigned['id']}/split", json=body, headers=roles["guangshan"])
    assert late.status_code == 409 and late.json()["code"] == "case.split_not_allowed"
    empty = await client.post(f"{URL}/{original['id']}/split", json={"parts": []}, headers=roles["guangshan"])
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "parts"
    outside = await client.post(url, json=body, headers=roles["xinxian"])
    assert outside.status_code == 404


async def test_splitting_a_submitted_case_keeps_the_parts_submitted(client, roles, driver):
    original = await driver.create()
    resp = await client.post(
        f"{URL}/{original['id']}/split",
        json={"parts": [{"title": "用工招聘", "description": "招工难。", "category_code": "employment"}]},
        headers=roles["guangshan"],
    )
    assert resp.status_code == 201
    assert resp.json()["cases"][0]["state"] == "SUBMITTED"
