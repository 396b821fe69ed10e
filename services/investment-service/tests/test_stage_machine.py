"""The stage machine: allowed and forbidden steps, dates that must not run backwards, rounds, the timeline."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import etag, project_body
from sqlalchemy import select

from investment_service.core import AuditLog
from investment_service.project.flows import Stage, allowed_targets


def test_allowed_targets_of_every_stage():
    s = Stage
    assert allowed_targets(s.NEGOTIATING) == [s.SIGNED, s.STALLED, s.CANCELLED]
    assert allowed_targets(s.SIGNED) == [s.LANDED, s.STALLED, s.CANCELLED]
    assert allowed_targets(s.LANDED) == [s.STARTED, s.STALLED, s.CANCELLED]
    assert allowed_targets(s.STARTED) == [s.IN_PRODUCTION, s.STALLED, s.CANCELLED]
    assert allowed_targets(s.IN_PRODUCTION) == [s.AT_CAPACITY, s.STALLED]
    assert allowed_targets(s.AT_CAPACITY) == []
    assert allowed_targets(s.CANCELLED) == []
    assert allowed_targets(s.STALLED, s.LANDED) == [s.LANDED, s.STARTED, s.CANCELLED]
    assert allowed_targets(s.STALLED, s.IN_PRODUCTION) == [s.IN_PRODUCTION, s.AT_CAPACITY]


@pytest.fixture
async def project(client, actors):
    resp = await client.post("/api/v1/projects", json=project_body(), headers=actors["guangshan"])
    assert resp.status_code == 201, resp.text
    return resp


async def step(client, actors, resp, stage, on, **extra):
    body = {"stage": stage, "date": on, **extra}
    pid = resp.json()["id"]
    return await client.post(f"/api/v1/projects/{pid}/stage", json=body, headers={**actors["guangshan"], **etag(resp)})


async def test_the_whole_pipeline_with_rounds_and_timeline(client, actors, build, project):
    r1 = await build.round(1, date(2021, 7, 10))
    r2 = await build.round(2, date(2021, 10, 28))
    resp = project
    for stage, on, round_id in (
        ("signed", "2021-07-10", r1.id),
        ("landed", "2021-08-20", None),
        ("started", "2021-10-28", r2.id),
        ("in_production", "2022-03-01", None),
        ("at_capacity", "2022-09-30", None),
    ):
        resp = await step(client, actors, resp, stage, on, round_id=round_id, evidence=f"{stage}佐证")
        assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["stage"] == "at_capacity" and body["next_stages"] == []
    assert (body["signed_on"], body["landed_on"], body["started_on"]) == ("2021-07-10", "2021-08-20", "2021-10-28")
    assert (body["signed_round_id"], body["started_round_id"]) == (r1.id, r2.id)
    assert [(s["from_stage"], s["to_stage"], s["round"]["number"] if s["round"] else None) for s in body["stages"]] == [
        ("negotiating", "signed", 1),
        ("signed", "landed", None),
        ("landed", "started", 2),
        ("started", "in_production", None),
        ("in_production", "at_capacity", None),
    ]
    assert body["version"] == 6 and resp.headers["etag"] == '"6"'
    listed = await client.get(f"/api/v1/rounds/{r2.id}/projects?stage=started", headers=actors["city_leader"])
    assert [p["id"] for p in listed.json()["items"]] == [body["id"]]
    rounds = (await client.get("/api/v1/rounds?year=2021", headers=actors["city_leader"])).json()["items"]
    assert [(r["number"], r["signed"]["count"], r["started"]["count"]) for r in rounds] == [(2, 0, 1), (1, 1, 0)]


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ((), "landed"),
        ((), "in_production"),
        (("signed",), "signed"),
        (("signed",), "started"),
        (("signed", "landed", "started", "in_production"), "cancelled"),
        (("cancelled",), "signed"),
    ],
)
async def test_forbidden_steps_are_409_naming_both_stages(client, actors, project, path, target):
    resp = project
    for i, stage in enumerate(path):
        resp = await step(client, actors, resp, stage, f"2021-0{i + 1}-15")
        assert resp.status_code == 200, resp.text
    current = resp.json()["stage"]
    refused = await step(client, actors, resp, target, "2021-09-01")
    assert refused.status_code == 409
    problem = refused.json()
    assert (problem["current_stage"], problem["target_stage"]) == (current, target)
    assert target not in problem["allowed"]
    assert problem["errors"][0]["field"] == "stage"


async def test_dates_must_not_run_backwards(client, actors, project):
    resp = await step(client, actors, project, "signed", "2021-07-10")
    refused = await step(client, actors, resp, "landed", "2021-07-09")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "date"
    assert "2021-07-10" in refused.json()["errors"][0]["message"]
    same_day = await step(client, actors, resp, "landed", "2021-07-10")
    assert same_day.status_code == 200
    future = await step(client, actors, same_day, "started", "2999-01-01")
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "date"


async def test_stall_and_resume_keep_the_first_dates(client, actors, project):
    resp = await step(client, actors, project, "signed", "2021-03-01")
    resp = await step(client, actors, resp, "stalled", "2021-04-01")
    assert resp.json()["stage_before_stall"] == "signed"
    assert resp.json()["next_stages"] == ["signed", "landed", "cancelled"]
    refused = await step(client, actors, resp, "started", "2021-05-01")
    assert refused.status_code == 409
    resp = await step(client, actors, resp, "signed", "2021-05-01")
    assert resp.json()["stage"] == "signed" and resp.json()["signed_on"] == "2021-03-01"
    assert resp.json()["stage_before_stall"] is None


async def test_only_signing_starting_and_production_name_a_round(client, actors, build, project):
    r = await build.round(1, date(2021, 7, 10))
    resp = await step(client, actors, project, "signed", "2021-07-10", round_id=r.id)
    refused = await step(client, actors, resp, "landed", "2021-08-01", round_id=r.id)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "round_id"
    missing = await step(client, actors, resp, "landed", "2021-08-01", round_id=999)
    assert missing.status_code == 422


async def test_a_step_needs_the_current_etag(client, actors, project):
    pid = project.json()["id"]
    url = f"/api/v1/projects/{pid}/stage"
    body = {"stage": "signed", "date": "2021-07-10"}
    assert (await client.post(url, json=body, headers=actors["guangshan"])).status_code == 428
    stale = await client.post(url, json=body, headers={**actors["guangshan"], "If-Match": '"9"'})
    assert stale.status_code == 412


async def test_each_step_is_audited(client, actors, session, project):
    await step(client, actors, project, "signed", "2021-07-10", evidence="合同")
    entries = (await session.scalars(select(AuditLog).where(AuditLog.action == "project.stage"))).all()
    assert len(entries) == 1
    assert entries[0].before["stage"] == "negotiating"
    assert entries[0].after == {"stage": "signed", "date": "2021-07-10", "round_id": None, "evidence": "合同"}


async def test_created_as_signed(client, actors):
    body = project_body(code="GS2021-009", signed={"date": "2021-07-10", "evidence": "签约仪式"})
    resp = await client.post("/api/v1/projects", json=body, headers=actors["guangshan"])
    assert resp.status_code == 201
    out = resp.json()
    assert out["stage"] == "signed" and out["signed_on"] == "2021-07-10" and len(out["stages"]) == 1
    assert resp.headers["etag"] == '"1"'  # created and signed in one transaction: one version
