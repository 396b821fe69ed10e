"""The administrator's job console (`/internal/jobs`): two app instances on one database (SQLite here,
PostgreSQL with TEST_DATABASE_URL) honour a pause and a run-now request given to either of them, and a
run-now request runs exactly once across the replicas."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, text

from platform_core.app import create_service_app
from platform_core.db import is_sqlite, make_base
from platform_core.jobs import Job, JobControlMixin, JobRunMixin, JobRunner
from platform_core.settings import CommonSettings
from platform_core.testing import INTERNAL_HEADERS

SCHEMA = f"console_{uuid.uuid4().hex[:8]}"
Base = make_base(SCHEMA)


class JobRun(JobRunMixin, Base):
    pass


class JobControl(JobControlMixin, Base):
    pass


RUNS: list[str] = []


async def recount(slot: datetime) -> str:
    """A stand-in job: notes the slot it ran for."""
    RUNS.append(slot.isoformat())
    await asyncio.sleep(0.02)
    return "重算3项"


def jobs(_app: FastAPI) -> list[Job]:
    return [Job("stats-recount", 3600, recount, "统计重算"), Job("digest", 86400, recount)]


@pytest.fixture
async def replicas(tmp_path) -> AsyncIterator[list[tuple[FastAPI, httpx.AsyncClient, JobRunner]]]:
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite+aiosqlite:///{tmp_path / 'jobs.db'}"
    settings = CommonSettings(database_url=url)
    apps = [
        create_service_app(
            name="things",
            title="t",
            settings=settings,
            schema=SCHEMA,
            routers=[],
            job_model=JobRun,
            job_control_model=JobControl,
            jobs=jobs,
        )
        for _ in range(2)
    ]
    async with apps[0].state.db.engine.begin() as conn:
        if not is_sqlite(url):
            await conn.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
        await conn.run_sync(Base.metadata.create_all)
    out = []
    for n, app in enumerate(apps, 1):
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t", headers=INTERNAL_HEADERS
        )
        runner = JobRunner(JobRun, app.state.db, control=JobControl, runner_name=f"replica-{n}", poll_s=0.05)
        out.append((app, client, runner))
    RUNS.clear()
    yield out
    for _app, client, runner in out:
        await runner.stop()
        await client.aclose()
    if not is_sqlite(url):
        async with apps[0].state.db.engine.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{SCHEMA}" CASCADE'))
    for app in apps:
        await app.state.db.dispose()


async def runs_of(app: FastAPI, job: str) -> list[Any]:
    async with app.state.db.session(write=False) as session:
        return list((await session.scalars(select(JobRun).where(JobRun.job == job).order_by(JobRun.id))).all())


async def test_the_console_lists_jobs_and_refuses_outsiders(replicas):
    (app, client, _runner), _second = replicas
    outsider = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
    async with outsider:
        assert (await outsider.get("/internal/jobs")).status_code == 404
        assert (await outsider.post("/internal/jobs/digest/pause", json={"by": "x"})).status_code == 404
    listed = (await client.get("/internal/jobs")).json()
    assert [(j["name"], j["label"], j["interval_s"], j["paused"]) for j in listed] == [
        ("stats-recount", "统计重算", 3600, False),
        ("digest", "digest", 86400, False),
    ]
    assert datetime.fromisoformat(listed[0]["next_slot"]) > datetime.now(UTC)
    assert (await client.post("/internal/jobs/nothing/run", json={"by": "x"})).status_code == 404
    assert (await client.post("/internal/jobs/digest/stop", json={"by": "x"})).status_code == 422
    assert (await client.post("/internal/jobs/digest/run", json={"by": ""})).status_code == 422
    assert (await client.get("/internal/jobs/runs", params={"outcome": "maybe"})).status_code == 422


async def test_run_now_runs_exactly_once_across_two_replicas(replicas):
    (app, first, one), (_app2, _second, two) = replicas
    job = jobs(app)[0]
    asked = await first.post(f"/internal/jobs/{job.name}/run", json={"by": "系统管理员"})
    assert asked.status_code == 200 and asked.json()["run_requested_at"] and asked.json()["changed_by"] == "系统管理员"
    # Both replicas look several times at once: the request is taken by one of them, once.
    ran = await asyncio.gather(*(runner.tick(job, None) for runner in (one, two, one, two, one, two)))
    assert sorted(ran) == [False] * 5 + [True]
    rows = await runs_of(app, job.name)
    assert [(r.trigger, r.outcome, r.detail) for r in rows] == [("manual", "ok", "重算3项")]
    listed = (await first.get("/internal/jobs")).json()[0]
    assert listed["run_requested_at"] is None
    assert [r["trigger"] for r in listed["last_runs"]] == ["manual"]


async def test_a_pause_given_to_one_replica_holds_on_both_until_resumed(replicas):
    (app, first, one), (_app2, second, two) = replicas
    job = jobs(app)[0]
    assert (await second.post(f"/internal/jobs/{job.name}/pause", json={"by": "管理员甲"})).json()["paused"] is True
    due = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    assert await asyncio.gather(one.tick(job, due), two.tick(job, due)) == [False, False]
    assert (await first.get("/internal/jobs")).json()[0]["paused"] is True
    # A run-now request is the administrator's explicit wish: it runs even while the schedule is paused.
    await first.post(f"/internal/jobs/{job.name}/run", json={"by": "管理员甲"})
    assert sorted(await asyncio.gather(one.tick(job, None), two.tick(job, None))) == [False, True]
    assert (await first.post(f"/internal/jobs/{job.name}/resume", json={"by": "管理员乙"})).json()["paused"] is False
    assert sorted(await asyncio.gather(one.tick(job, due), two.tick(job, due))) == [False, True]
    rows = await runs_of(app, job.name)
    assert [r.trigger for r in rows] == ["manual", "schedule"]
    log = (await first.get("/internal/jobs/runs", params={"job": job.name, "page_size": 1})).json()
    assert log["total"] == 2 and len(log["items"]) == 1 and log["items"][0]["trigger"] == "schedule"
    assert (await first.get("/internal/jobs/runs", params={"outcome": "failed"})).json()["total"] == 0


async def test_started_replicas_honour_a_request_within_their_poll(replicas):
    (app, first, one), (_app2, _second, two) = replicas
    job = jobs(app)[1]  # daily: only a request can make it run during the test
    for runner in (one, two):
        runner.start(job)
    await first.post(f"/internal/jobs/{job.name}/run", json={"by": "系统管理员"})
    for _ in range(200):
        if [r for r in await runs_of(app, job.name) if r.outcome == "ok"]:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)  # several more looks by both replicas: none of them runs it again
    rows = await runs_of(app, job.name)
    assert [(r.trigger, r.outcome) for r in rows] == [("manual", "ok")]
