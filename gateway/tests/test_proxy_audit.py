"""The merged audit log: the gateway's own entries and every service's, newest first, one page shape;
a service that is down is reported in `partial`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from edge_support import Upstream, bearer, serve
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.iam.models import AuditLog
from platform_core.db import Database
from platform_core.testing import bind_session, rolled_back_session

pytest_plugins = ["edge_fixtures"]

AUDITOR = ["audit:log:list"]
BASE = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def entry(service: str, id_: int, minutes: int, actor: str = "user:3", action: str = "enterprise.update") -> dict:
    return {
        "id": id_,
        "service": service,
        "occurred_at": (BASE + timedelta(minutes=minutes)).isoformat(),
        "actor": actor,
        "actor_name": "市局业务科室",
        "action": action,
        "entity_type": "enterprise",
        "entity_id": str(id_),
        "region_code": "411522",
        "before": None,
        "after": None,
        "result": "success",
        "detail": None,
        "request_id": None,
        "client_ip": None,
    }


@pytest.fixture
async def investment() -> AsyncIterator[Upstream]:
    upstream = Upstream(name="investment")
    upstream.audit_items = [entry("investment", i, minutes=10 * i + 5, action="project.create") for i in range(1, 4)]
    async with serve(upstream) as url:
        upstream.url = url
        yield upstream


@pytest.fixture
async def merged(
    make_gateway, edge_upstream: Upstream, investment: Upstream, database: Database
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient, AsyncSession]]:
    edge_upstream.audit_items = [entry("case", i, minutes=10 * i) for i in range(1, 6)]
    app = await make_gateway(investment_service_url=investment.url)
    async with rolled_back_session(database) as session:
        bind_session(app, session)
        for minutes in (1, 33):
            session.add(
                AuditLog(
                    occurred_at=BASE + timedelta(minutes=minutes),
                    actor="user:1",
                    actor_name="系统管理员",
                    action="user.create",
                    entity_type="user",
                    entity_id=str(minutes),
                )
            )
        await session.flush()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
            yield app, client, session
    edge_upstream.audit_items = []


async def test_merged_newest_first_with_partial(merged):
    app, client, _ = merged
    resp = await client.get("/api/v1/audit/logs", params={"page_size": 100}, headers=bearer(app, AUDITOR))
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["partial"] == ["trade"]
    services = {i["service"] for i in body["items"]}
    assert {"gateway", "case", "investment"} <= services
    times = [datetime.fromisoformat(i["occurred_at"]) for i in body["items"]]
    assert times == sorted(times, reverse=True)
    assert body["page"] == 1
    assert body["page_size"] == 100
    gateway_total = sum(1 for i in body["items"] if i["service"] == "gateway")
    assert body["total"] == 5 + 3 + gateway_total


async def test_pages_cut_the_merged_order(merged):
    app, client, _ = merged
    headers = bearer(app, AUDITOR)
    everything = (await client.get("/api/v1/audit/logs", params={"page_size": 100}, headers=headers)).json()
    page2 = (await client.get("/api/v1/audit/logs", params={"page": 2, "page_size": 3}, headers=headers)).json()
    assert page2["items"] == everything["items"][3:6]
    assert page2["total"] == everything["total"]


async def test_a_source_is_cut_in_the_merge_order_not_the_insert_order(merged):
    """Entries written out of time order (a job's, a back-dated import's) keep their place on every page."""
    app, client, session = merged
    # Written newest first, so the later rows carry the earlier times.
    for minutes in (59, 58, 57, 56):
        session.add(
            AuditLog(
                occurred_at=BASE + timedelta(minutes=minutes),
                actor="user:1",
                action="user.update",
                entity_type="user",
                entity_id=f"late-{minutes}",
            )
        )
    await session.flush()
    headers = bearer(app, AUDITOR)
    everything = (await client.get("/api/v1/audit/logs", params={"page_size": 100}, headers=headers)).json()
    for number in (1, 2, 3):
        page = (await client.get("/api/v1/audit/logs", params={"page": number, "page_size": 2}, headers=headers)).json()
        assert page["items"] == everything["items"][(number - 1) * 2 : number * 2], number
    ours = [i["entity_id"] for i in everything["items"] if i["entity_id"] and i["entity_id"].startswith("late-")]
    assert ours == ["late-59", "late-58", "late-57", "late-56"]


async def test_one_service_and_filters_pass_through(merged, edge_upstream: Upstream, investment: Upstream):
    app, client, _ = merged
    params = {"service": "case", "actor": "user:3", "action": "enterprise.", "from": "2026-11-20T08:00:00+08:00"}
    before_investment = len(investment.seen)
    resp = await client.get("/api/v1/audit/logs", params={**params, "page_size": 2}, headers=bearer(app, AUDITOR))
    assert resp.status_code == 200
    body = resp.json()
    assert body["partial"] == []
    assert body["total"] == 5
    assert [i["id"] for i in body["items"]] == [5, 4]
    assert len(investment.seen) == before_investment  # only the chosen source was asked
    sent = dict(httpx.QueryParams(edge_upstream.seen[-1].query_string.decode()))
    assert sent == {
        "actor": "user:3",
        "action": "enterprise.",
        "from": "2026-11-20T08:00:00+08:00",
        "page": "1",
        "page_size": "2",
    }


async def test_a_source_past_its_counting_limit_makes_the_merged_total_a_lower_bound(merged, investment):
    app, client, _ = merged
    exact = (await client.get("/api/v1/audit/logs", headers=bearer(app, AUDITOR))).json()
    assert exact["total_exact"] is True
    investment.audit_count_limit = 2  # of its three entries
    merged_page = (await client.get("/api/v1/audit/logs", headers=bearer(app, AUDITOR))).json()
    assert merged_page["total_exact"] is False and merged_page["total"] == exact["total"] - 1
    alone = await client.get("/api/v1/audit/logs", params={"service": "investment"}, headers=bearer(app, AUDITOR))
    assert (alone.json()["total"], alone.json()["total_exact"]) == (2, False)


async def test_a_down_service_alone_is_an_empty_partial_page(merged):
    app, client, _ = merged
    resp = await client.get("/api/v1/audit/logs", params={"service": "trade"}, headers=bearer(app, AUDITOR))
    assert resp.status_code == 200
    assert resp.json() == {
        "items": [],
        "total": 0,
        "total_exact": True,
        "page": 1,
        "page_size": 20,
        "partial": ["trade"],
    }


async def test_auditor_permission_required_and_unknown_parameters_refused(merged):
    app, client, _ = merged
    denied = await client.get("/api/v1/audit/logs", headers=bearer(app, ["enterprise:enterprise:list"]))
    assert denied.status_code == 403
    unknown = await client.get("/api/v1/audit/logs", params={"sort": "id"}, headers=bearer(app, AUDITOR))
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "unknown_parameter"
    for moment in ("0", "1700000000", "2026-11-20"):
        number = await client.get("/api/v1/audit/logs", params={"from": moment}, headers=bearer(app, AUDITOR))
        assert number.status_code == 422 and [e["field"] for e in number.json()["errors"]] == ["from"], moment
    wrong_service = await client.get("/api/v1/audit/logs", params={"service": "hr"}, headers=bearer(app, AUDITOR))
    assert wrong_service.status_code == 422
    too_deep = await client.get(
        "/api/v1/audit/logs", params={"page": 1000, "page_size": 100}, headers=bearer(app, AUDITOR)
    )
    assert too_deep.status_code == 422


async def test_sensitive_permission_changes_are_a_category_of_their_own(merged, edge_upstream: Upstream):
    app, client, session = merged
    for minutes, action in ((40, "role.sensitive_grant"), (41, "role.update"), (42, "role.sensitive_revoke")):
        session.add(
            AuditLog(
                occurred_at=BASE + timedelta(minutes=minutes),
                actor="user:2",
                actor_name="安全管理员",
                action=action,
                entity_type="role",
                entity_id="city_leader",
            )
        )
    await session.flush()
    asked = len(edge_upstream.seen)
    headers = bearer(app, AUDITOR)
    url = "/api/v1/audit/logs"
    body = (await client.get(url, params={"category": "sensitive_permission"}, headers=headers)).json()
    assert [i["action"] for i in body["items"]] == ["role.sensitive_revoke", "role.sensitive_grant"]
    assert body["total"] == 2 and body["partial"] == []
    assert len(edge_upstream.seen) == asked  # only the gateway keeps these entries
    grants = (
        await client.get(
            url, params={"category": "sensitive_permission", "action": "role.sensitive_grant"}, headers=headers
        )
    ).json()
    assert [i["action"] for i in grants["items"]] == ["role.sensitive_grant"]
    other = (
        await client.get(url, params={"category": "sensitive_permission", "action": "user."}, headers=headers)
    ).json()
    assert other["items"] == [] and other["total"] == 0
    elsewhere = await client.get(url, params={"category": "sensitive_permission", "service": "case"}, headers=headers)
    assert elsewhere.json()["total"] == 0
    assert (await client.get(url, params={"category": "secrets"}, headers=headers)).status_code == 422
