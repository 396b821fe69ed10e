"""撤单质检: a rejected, merged or returned case becomes a candidate, drawn for review by the sampling parameters
(all / a deterministic random share / rules); a reviewer in scope records the verdict once, against the ETag, and
a failed verdict reaches the responsible unit's inbox; the statistics count candidates, samples, reviews and
不合格 per county and unit with their numerators and denominators."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import CITY, GUANGSHAN, XINXIAN
from sqlalchemy import func, select
from test_case_support import LEAD_UNIT, XINXIAN_USCC, A, S, case_fixtures

from case_service.case.models import Case, CaseEvent
from case_service.core import AuditLog, Parameter
from case_service.notification.models import Notification
from case_service.quality import flows
from case_service.quality.models import QualitySample
from case_service.quality.parameters import SamplingRule
from platform_core.auth import Principal
from platform_core.periods import SHANGHAI

globals().update(case_fixtures())

SAMPLES = "/api/v1/quality/samples"
STATS = "/api/v1/quality/stats"


@pytest.fixture
def reviewers(headers) -> dict[str, dict[str, str]]:
    """撤单质检员 of the city, of 光山县 and of 新县."""
    return {
        "city": headers("quality_reviewer", CITY, subject="user:21"),
        "guangshan": headers("quality_reviewer", GUANGSHAN, subject="user:22"),
        "xinxian": headers("quality_reviewer", XINXIAN, subject="user:23"),
    }


async def set_params(session, **values) -> None:
    """Edit the sampling parameters as the 系统参数 page would (the draw reads the table in its transaction)."""
    for key, value in values.items():
        session.add(Parameter(key=f"quality_{key}", value=value, updated_by="user:7"))
    await session.flush()


async def samples_of(session, case_id: int) -> list[QualitySample]:
    rows = await session.scalars(
        select(QualitySample).where(QualitySample.case_id == case_id).order_by(QualitySample.id)
    )
    return list(rows)


async def returned_case(driver) -> dict:
    case = await driver.to_state(S.RETURN_REQUESTED)
    return await driver.act(case["id"], A.APPROVE_RETURN)


async def test_every_kind_of_撤单_is_a_candidate_drawn_when_the_mode_is_all(driver, session):
    await set_params(session, mode="all")
    rejected = await driver.create()
    await driver.act(rejected["id"], A.REJECT)
    merged = await driver.create()
    await driver.act(merged["id"], A.MERGE)
    returned = await returned_case(driver)
    accepted = await driver.to_state(S.ACCEPTED)  # other actions make no candidate

    (r,) = await samples_of(session, rejected["id"])
    assert (r.event, r.occurrence, r.status, r.sampled_by) == ("rejected", 1, "pending", "all")
    assert r.event_reason == "不属于政府职责范围" and r.region_code == GUANGSHAN
    (m,) = await samples_of(session, merged["id"])
    assert (m.event, m.status) == ("merged", "pending")
    (b,) = await samples_of(session, returned["id"])
    # A return is charged to the unit that returned the case, named as the case named it.
    assert (b.event, b.unit_id, b.unit_name) == ("returned", LEAD_UNIT["unit_id"], LEAD_UNIT["unit_name"])
    event = await session.get(CaseEvent, b.event_id)
    assert event is not None and event.action == "approve_return"
    assert await samples_of(session, accepted["id"]) == []
    draws = await session.scalar(select(func.count()).where(AuditLog.action == "quality_sample.draw"))
    assert draws == 3


async def test_the_random_draw_follows_the_rate_and_is_the_same_on_every_retry(driver, session):
    await set_params(session, mode="random", rate=50)
    ids = []
    for _ in range(8):
        case = await driver.create()
        await driver.act(case["id"], A.REJECT)
        ids.append(case["id"])
    for case_id in ids:
        (row,) = await samples_of(session, case_id)
        expected = flows.share_of(case_id, "rejected", 1) < 50
        assert row.status == ("pending" if expected else "skipped"), case_id
        assert row.sampled_by == ("random" if expected else None)
    # The draw of a candidate depends on nothing but the candidate and the rate.
    rule = SamplingRule(mode="random", rate=50)
    again = [
        flows.drawn_by(rule, case_id=i, source="enterprise", event="rejected", occurrence=1, unit_returns=0)
        for i in ids
    ]
    assert again == [("random" if flows.share_of(i, "rejected", 1) < 50 else None) for i in ids]
    assert all(
        flows.drawn_by(
            SamplingRule(mode="random", rate=100), case_id=i, source="x", event="merged", occurrence=1, unit_returns=0
        )
        == "random"
        for i in ids
    )


async def test_rules_draw_a_source_and_a_unit_returning_too_often(driver, session):
    await set_params(session, mode="rule", rule_source="superior", rule_unit_returns=1)
    superior = await driver.create(source="superior", superior_doc_no="豫商〔2026〕1号")
    await driver.act(superior["id"], A.REJECT)
    ordinary = await driver.create()
    await driver.act(ordinary["id"], A.REJECT)
    assert [s.status for s in await samples_of(session, superior["id"])] == ["pending"]
    assert [s.status for s in await samples_of(session, ordinary["id"])] == ["skipped"]

    # The unit's first return in 30 days is within the limit of 1; its second is over it and is drawn.
    first = await returned_case(driver)
    second = await returned_case(driver)
    assert [(s.status, s.sampled_by) for s in await samples_of(session, first["id"])] == [("skipped", None)]
    assert [(s.status, s.sampled_by) for s in await samples_of(session, second["id"])] == [("pending", "unit_returns")]


async def test_a_case_is_a_candidate_once_per_event(driver, session):
    await set_params(session, mode="all")
    case = await returned_case(driver)
    # Returned again after a new 交办: a second event, a second candidate.
    for action in (A.ASSIGN, A.REQUEST_RETURN, A.APPROVE_RETURN):
        await driver.act(case["id"], action)
    rows = await samples_of(session, case["id"])
    assert [(s.event, s.occurrence) for s in rows] == [("returned", 1), ("returned", 2)]

    # A retried or replayed registration of the same event (another replica, a retry) adds nothing.
    item = await session.get(Case, case["id"])
    event = await session.get(CaseEvent, rows[1].event_id)
    principal = Principal(
        subject="user:3",
        kind="user",
        name="张光山",
        roles=frozenset(),
        permissions=frozenset(),
        data_scopes=frozenset(),
    )
    # The count of earlier events is what a retry of the second return's transaction would see.
    await session.delete(rows[1])
    await session.flush()
    again = await flows.record_candidate(
        session,
        item=item,
        action="approve_return",
        event=event,
        principal=principal,
        unit_id=2,
        unit_name="x",
        now=rows[1].event_at,
    )
    assert again is not None and (again.occurrence, again.status, again.sampled_by) == (2, "pending", "all")
    # Inserting the very same (case, event, occurrence) twice keeps one row: the unique key and ON CONFLICT DO NOTHING.
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    values = {
        "case_id": item.id,
        "event": "returned",
        "occurrence": 2,
        "event_at": rows[1].event_at,
        "region_code": item.region_code,
        "status": "pending",
        "version": 1,
        "created_at": rows[1].event_at,
    }
    result = await session.execute(insert(QualitySample).values(values).on_conflict_do_nothing())
    assert result.rowcount == 0
    assert [(s.event, s.occurrence) for s in await samples_of(session, case["id"])] == [
        ("returned", 1),
        ("returned", 2),
    ]


async def test_reviewers_see_their_scope_only(driver, session, client, reviewers, case_roles):
    await set_params(session, mode="all")
    gs = await driver.create()
    await driver.act(gs["id"], A.REJECT)
    xx = await driver.create(role="xinxian", enterprise_uscc=XINXIAN_USCC)
    await driver.act(xx["id"], A.REJECT, role="xinxian")

    def ids(resp) -> set[int]:
        assert resp.status_code == 200, resp.text
        return {s["case_id"] for s in resp.json()["items"]}

    assert ids(await client.get(SAMPLES, headers=reviewers["city"])) == {gs["id"], xx["id"]}
    assert ids(await client.get(SAMPLES, headers=reviewers["guangshan"])) == {gs["id"]}
    assert ids(await client.get(SAMPLES, headers=reviewers["xinxian"])) == {xx["id"]}
    assert ids(await client.get(SAMPLES, params={"region_code": XINXIAN}, headers=reviewers["city"])) == {xx["id"]}
    (xx_sample,) = await samples_of(session, xx["id"])
    # Another county's sample does not exist for a county reviewer; writing to it neither.
    assert (await client.get(f"{SAMPLES}/{xx_sample.id}", headers=reviewers["guangshan"])).status_code == 404
    resp = await client.post(
        f"{SAMPLES}/{xx_sample.id}/review",
        json={"verdict": "qualified"},
        headers={**reviewers["guangshan"], "If-Match": '"1"'},
    )
    assert resp.status_code == 404
    # The county bureau reads its samples but records no verdict; the enterprise sees none.
    assert ids(await client.get(SAMPLES, headers=case_roles["guangshan"])) == {gs["id"]}
    denied = await client.post(
        f"{SAMPLES}/{xx_sample.id}/review", json={"verdict": "qualified"}, headers=case_roles["xinxian"]
    )
    assert denied.status_code == 403
    assert (await client.get(SAMPLES, headers=case_roles["enterprise"])).status_code == 403
    assert (await client.get(SAMPLES, params={"status": "skipped"}, headers=reviewers["city"])).status_code == 422


async def test_the_verdict_is_validated_recorded_once_audited_and_a_failure_notifies_the_unit(
    driver, session, client, reviewers
):
    await set_params(session, mode="all")
    case = await returned_case(driver)
    (sample,) = await samples_of(session, case["id"])
    url = f"{SAMPLES}/{sample.id}"
    detail = await client.get(url, headers=reviewers["guangshan"])
    assert detail.status_code == 200, detail.text
    body = detail.json()
    assert detail.headers["etag"] == '"1"'
    assert (body["event"], body["status"], body["unit_name"]) == ("returned", "pending", LEAD_UNIT["unit_name"])
    assert [e["action"] for e in body["timeline"]] == ["create", "accept", "assign", "request_return", "approve_return"]

    review = f"{url}/review"
    failing = {"verdict": "unqualified", "remarks": "退回理由不成立，属于本单位职责"}
    h = reviewers["guangshan"]
    assert (await client.post(review, json=failing, headers=h)).status_code == 428
    assert (await client.post(review, json=failing, headers={**h, "If-Match": '"7"'})).status_code == 412
    missing = await client.post(review, json={"verdict": "unqualified"}, headers={**h, "If-Match": '"1"'})
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["remarks"]
    wrong = await client.post(review, json={"verdict": "bad"}, headers={**h, "If-Match": '"1"'})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "verdict"

    done = await client.post(review, json=failing, headers={**h, "If-Match": '"1"'})
    assert done.status_code == 200, done.text
    assert done.headers["etag"] == '"2"'
    out = done.json()
    assert (out["status"], out["verdict"], out["remarks"]) == ("reviewed", "unqualified", failing["remarks"])
    assert out["reviewer_name"] and out["reviewed_at"]
    again = await client.post(review, json={"verdict": "qualified"}, headers={**h, "If-Match": '"2"'})
    assert again.status_code == 409 and again.json()["code"] == "quality.already_reviewed"

    entry = await session.scalar(select(AuditLog).where(AuditLog.action == "quality_sample.review"))
    assert entry is not None and entry.entity_type == "quality_sample" and entry.entity_id == str(sample.id)
    assert entry.after == {"status": "reviewed", "verdict": "unqualified"} and entry.region_code == GUANGSHAN
    notices = list(await session.scalars(select(Notification).where(Notification.kind == "quality")))
    assert [(n.recipient, n.case_id) for n in notices] == [(f"unit:{LEAD_UNIT['unit_id']}", case["id"])]
    assert notices[0].title.startswith("撤单质检不合格")

    # A pass notifies nobody.
    other = await returned_case(driver)
    (second,) = await samples_of(session, other["id"])
    ok = await client.post(
        f"{SAMPLES}/{second.id}/review", json={"verdict": "qualified"}, headers={**h, "If-Match": '"1"'}
    )
    assert ok.status_code == 200 and ok.json()["remarks"] is None
    assert await session.scalar(select(func.count()).where(Notification.kind == "quality")) == 1


async def test_statistics_count_samples_reviews_and_failures_per_county_and_unit(
    driver, session, client, reviewers, case_roles
):
    await set_params(session, mode="rule", rule_source="any", rule_unit_returns=0)
    rejected = await driver.create()
    await driver.act(rejected["id"], A.REJECT)  # a candidate the rules do not draw
    first = await returned_case(driver)
    second = await returned_case(driver)
    xx = await driver.create(role="xinxian", enterprise_uscc=XINXIAN_USCC)
    await driver.act(xx["id"], A.REJECT, role="xinxian")
    h = reviewers["city"]
    for case, verdict in ((first, "unqualified"), (second, "qualified")):
        (s,) = await samples_of(session, case["id"])
        body = {"verdict": verdict, "remarks": "理由不充分"}
        resp = await client.post(f"{SAMPLES}/{s.id}/review", json=body, headers={**h, "If-Match": '"1"'})
        assert resp.status_code == 200, resp.text

    year = str(datetime.now(SHANGHAI).year)
    resp = await client.get(STATS, params={"period": year}, headers=case_roles["city_officer"])
    assert resp.status_code == 200, resp.text
    stats = resp.json()
    total = stats["total"]
    assert (total["candidates"], total["sampled"], total["reviewed"], total["unqualified"]) == (4, 2, 2, 1)
    assert (total["sampling_rate"]["numerator"], total["sampling_rate"]["denominator"]) == (2, 4)
    assert total["sampling_rate"]["value"] == 50.0
    assert (total["unqualified_rate"]["numerator"], total["unqualified_rate"]["denominator"]) == (1, 2)
    assert total["unqualified_rate"]["value"] == 50.0 and total["unqualified_rate"]["numerator_label"]
    assert total["review_rate"]["value"] == 100.0
    regions = {r["region_code"]: r for r in stats["by_region"]}
    assert set(regions) == {GUANGSHAN, XINXIAN}
    assert (regions[GUANGSHAN]["candidates"], regions[GUANGSHAN]["unqualified"]) == (3, 1)
    assert regions[GUANGSHAN]["region_name"] == "光山县"
    assert (regions[XINXIAN]["candidates"], regions[XINXIAN]["sampled"]) == (1, 0)
    assert regions[XINXIAN]["unqualified_rate"]["value"] is None  # nothing reviewed: no rate, not 0
    units = {u["unit_id"]: u for u in stats["by_unit"]}
    unit = units[LEAD_UNIT["unit_id"]]
    assert (unit["unit_name"], unit["candidates"], unit["reviewed"], unit["unqualified"]) == (
        LEAD_UNIT["unit_name"],
        2,
        2,
        1,
    )
    events = {e["event"]: e["candidates"] for e in stats["by_event"]}
    assert events == {"rejected": 2, "returned": 2}

    # A county sees its own county; another period holds nothing.
    county = (await client.get(STATS, params={"period": year}, headers=case_roles["xinxian"])).json()
    assert county["total"]["candidates"] == 1
    empty = (await client.get(STATS, params={"period": "2021"}, headers=h)).json()
    assert empty["total"]["candidates"] == 0 and empty["total"]["sampling_rate"]["value"] is None
    bad = await client.get(STATS, params={"period": "2021-13"}, headers=h)
    assert bad.status_code == 422


async def test_a_failed_rejection_notifies_the_officer_who_rejected(driver, session, client, reviewers):
    await set_params(session, mode="all")
    case = await driver.create()
    await driver.act(case["id"], A.REJECT)
    (sample,) = await samples_of(session, case["id"])
    assert sample.unit_id is None  # the intake's decision, not a handling unit's
    body = {"verdict": "rectify", "remarks": "应先受理再转交有关部门"}
    resp = await client.post(
        f"{SAMPLES}/{sample.id}/review", json=body, headers={**reviewers["city"], "If-Match": '"1"'}
    )
    assert resp.status_code == 200, resp.text
    notices = list(await session.scalars(select(Notification).where(Notification.kind == "quality")))
    assert [(n.recipient, n.title[:7]) for n in notices] == [("user:3", "撤单质检需整改")]


async def test_concurrent_registrations_of_one_event_keep_one_candidate(database, regions):
    """Two replicas registering the same event at once, each in its own committed transaction: one row."""
    import asyncio
    from datetime import UTC

    from sqlalchemy import delete

    from case_service.enterprise.models import Enterprise

    uscc = "91411522MA47K2P99X"
    async with database.session() as s:
        ent = Enterprise(uscc=uscc, name="并发测试企业", region_code=GUANGSHAN, region_path=regions.path_of(GUANGSHAN))
        s.add(ent)
        await s.flush()
        item = Case(
            source="enterprise",
            category_code="land_planning",
            enterprise_id=ent.id,
            enterprise_uscc=uscc,
            enterprise_name=ent.name,
            region_code=GUANGSHAN,
            region_path=regions.path_of(GUANGSHAN),
            title="并发质检",
            description="并发登记同一事件",
            state="CLOSED",
            created_by="user:3",
        )
        s.add(item)
        s.add(Parameter(key="quality_mode", value="all", updated_by="user:7"))
        await s.flush()
        event = CaseEvent(
            case_id=item.id,
            occurred_at=datetime.now(UTC),
            action="reject",
            actor="user:3",
            comment="不属于政府职责范围",
        )
        s.add(event)
        await s.commit()
    principal = Principal(
        subject="user:3",
        kind="user",
        name="张光山",
        roles=frozenset(),
        permissions=frozenset(),
        data_scopes=frozenset(),
    )
    now = datetime.now(UTC)

    async def register() -> int:
        async with database.session() as s:
            case = await s.get(Case, item.id)
            row = await flows.record_candidate(
                s,
                item=case,
                action="reject",
                event=event,
                principal=principal,
                unit_id=None,
                unit_name=None,
                now=now,
            )
            await s.commit()
            return row.id

    try:
        ids = await asyncio.gather(register(), register())
        async with database.session() as s:
            rows = list(await s.scalars(select(QualitySample).where(QualitySample.case_id == item.id)))
        assert [(r.event, r.occurrence, r.status) for r in rows] == [("rejected", 1, "pending")]
        assert set(ids) == {rows[0].id}  # both replicas answer with the one candidate
    finally:
        async with database.session() as s:
            await s.execute(delete(AuditLog).where(AuditLog.entity_type == "quality_sample"))
            await s.execute(delete(QualitySample).where(QualitySample.case_id == item.id))
            await s.execute(delete(CaseEvent).where(CaseEvent.case_id == item.id))
            await s.execute(delete(Case).where(Case.id == item.id))
            await s.execute(delete(Enterprise).where(Enterprise.uscc == uscc))
            await s.execute(delete(Parameter).where(Parameter.key == "quality_mode"))
            await s.commit()
