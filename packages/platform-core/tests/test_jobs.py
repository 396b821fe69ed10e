"""Periodic jobs run exactly once per tick across replicas (two runners on one database), with a run log,
on SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

import asyncio
import os
import uuid
from datetime import UTC, datetime

import pytest
from prometheus_client import generate_latest
from sqlalchemy import select, text

from platform_core.db import Database, is_sqlite, make_base
from platform_core.jobs import Job, JobRunMixin, JobRunner, slot_of
from platform_core.observability import Metrics

SCHEMA = f"jobs_{uuid.uuid4().hex[:8]}"
Base = make_base(SCHEMA)


class JobRun(JobRunMixin, Base):
    pass


@pytest.fixture(scope="module")
async def replicas(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('j') / 'j.db'}"
    first, second = Database(url, SCHEMA), Database(url, SCHEMA)
    async with first.engine.begin() as conn:
        if not is_sqlite(url):
            await conn.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
        await conn.run_sync(Base.metadata.create_all)
    yield JobRunner(JobRun, first, runner_name="replica-1"), JobRunner(JobRun, second, runner_name="replica-2")
    if not is_sqlite(url):
        async with first.engine.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{SCHEMA}" CASCADE'))
    await first.dispose()
    await second.dispose()


def test_slots_are_aligned_to_the_interval():
    at = datetime(2026, 12, 6, 9, 7, 31, tzinfo=UTC)
    assert slot_of(at, 300) == datetime(2026, 12, 6, 9, 5, tzinfo=UTC)
    assert slot_of(at, 3600) == datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


async def test_of_two_replicas_exactly_one_runs_each_tick(replicas):
    one, two = replicas
    runs: list[str] = []

    async def work(slot: datetime) -> str:
        runs.append(slot.isoformat())
        await asyncio.sleep(0.05)
        return "检查3件"

    job = Job("timer", 300, work)
    for minute in (0, 5, 10):
        slot = datetime(2026, 12, 6, 9, minute, tzinfo=UTC)
        ran = await asyncio.gather(*(runner.run_slot(job, slot) for runner in (one, two, one, two)))
        assert sorted(ran) == [False, False, False, True]
    assert len(runs) == 3 and len(set(runs)) == 3
    async with one.db.session(write=False) as session:
        rows = (await session.scalars(select(JobRun).where(JobRun.job == "timer").order_by(JobRun.slot))).all()
    assert [r.outcome for r in rows] == ["ok", "ok", "ok"]
    assert all(r.detail == "检查3件" and r.finished_at and r.duration_ms is not None for r in rows)


async def test_a_failed_run_is_recorded_and_the_next_tick_runs_again(replicas):
    one, two = replicas
    attempts = 0

    async def flaky(slot: datetime) -> str:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise RuntimeError("数据库暂不可用")
        return "完成"

    job = Job("flaky", 60, flaky)
    assert await one.run_slot(job, datetime(2026, 12, 6, 9, 0, tzinfo=UTC))
    assert await two.run_slot(job, datetime(2026, 12, 6, 9, 1, tzinfo=UTC))
    async with one.db.session(write=False) as session:
        rows = (await session.scalars(select(JobRun).where(JobRun.job == "flaky").order_by(JobRun.slot))).all()
    assert [(r.outcome, r.runner) for r in rows] == [("failed", "replica-1"), ("ok", "replica-2")]
    assert "RuntimeError" in rows[0].detail


async def test_started_jobs_run_at_their_slots_and_stop(replicas):
    one, _two = replicas
    ran = asyncio.Event()

    async def tick(slot: datetime) -> str:
        ran.set()
        return "ok"

    one.start(Job("fast", 0.2, tick))
    await asyncio.wait_for(ran.wait(), timeout=5)
    await one.stop()


async def test_a_purge_deletes_in_batches_and_keeps_what_is_recent(replicas):
    from datetime import timedelta

    from platform_core.retention import purge

    one, _two = replicas
    old = datetime(2026, 1, 1, tzinfo=UTC)
    async with one.db.session() as session:
        session.add_all(JobRun(job="old", slot=old + timedelta(minutes=i), started_at=old) for i in range(25))
        session.add(JobRun(job="new", slot=old, started_at=datetime(2026, 12, 1, tzinfo=UTC)))
        await session.commit()
    deleted = await purge(one.db, JobRun, [JobRun.started_at < datetime(2026, 6, 1, tzinfo=UTC)], batch=10)
    assert deleted == 25
    async with one.db.session(write=False) as session:
        left = (await session.scalars(select(JobRun.job).where(JobRun.job.in_(["old", "new"])))).all()
    assert left == ["new"]


async def test_runs_are_counted_in_the_metrics_with_the_last_success(replicas):
    one, _two = replicas
    metrics = Metrics("case")
    counted = JobRunner(JobRun, one.db, runner_name="replica-3", metrics=metrics)

    async def fails_once(slot: datetime) -> str:
        if slot.minute == 0:
            raise RuntimeError("下游不可用")
        return "完成"

    job = Job("digest", 60, fails_once)
    assert await counted.run_slot(job, datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    labels = {"service": "case", "job": "digest"}
    assert metrics.registry.get_sample_value("job_last_success_timestamp_seconds", labels) is None
    assert await counted.run_slot(job, datetime(2026, 12, 7, 8, 1, tzinfo=UTC))
    runs = {
        outcome: metrics.registry.get_sample_value(
            "job_runs_total", {"service": "case", "job": "digest", "outcome": outcome}
        )
        for outcome in ("ok", "failed")
    }
    assert runs == {"ok": 1.0, "failed": 1.0}
    last = metrics.registry.get_sample_value("job_last_success_timestamp_seconds", labels)
    assert last is not None and abs(last - datetime.now(UTC).timestamp()) < 60
    text_out = generate_latest(metrics.registry).decode()
    assert 'job_duration_seconds_count{job="digest",service="case"} 2.0' in text_out
