"""Periodic jobs that run exactly once per tick, however many replicas of an app are up.

Time is cut into slots of the job's interval (aligned to the epoch). At each slot every replica tries to
claim it by inserting `(job, slot)` into the app's `job_run` table, committed on its own; the unique key
lets exactly one succeed, and only that one runs the job. The row then records how the run went
(outcome, duration, a line of detail), which is also the job's run log. On the embedded default the one
process claims every slot the same way. A replica that dies mid-run leaves its row `running`: the next
slot is claimed afresh.

The administrator steers each job through the app's `job_control` table (`JobControlMixin`): a paused job
skips its slots, and a run-now request is taken by exactly one replica, by a compare-and-swap on the
request's instant, and run as a slot of its own (`trigger = manual`). Every replica looks at the controls
every `CONTROL_POLL_S` seconds, so a request is honoured within that time whatever the job's interval.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, Integer, String, Text, UniqueConstraint, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from platform_core.db import BigIntPK, Database, UTCDateTime, utcnow
from platform_core.observability import Metrics

log = logging.getLogger(__name__)

#: What a job does with one slot: returns a short line for the run log.
JobFunction = Callable[[datetime], Awaitable[str]]
#: How often a replica looks for a pause or a run-now request between a job's slots.
CONTROL_POLL_S = 5.0
SCHEDULE, MANUAL = "schedule", "manual"


class JobRunMixin:
    """One claimed slot of a periodic job, and how its run went."""

    __tablename__ = "job_run"

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:  # noqa: N805
        """One run per job and slot."""
        return (UniqueConstraint("job", "slot"), {"comment": "定时任务运行记录"})

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    job: Mapped[str] = mapped_column(String(64), comment="任务名")
    slot: Mapped[datetime] = mapped_column(UTCDateTime(), comment="时间片起点")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="开始时间")
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="结束时间")
    outcome: Mapped[str] = mapped_column(String(16), default="running", comment="结果：running/ok/failed")
    duration_ms: Mapped[int | None] = mapped_column(Integer, comment="耗时(毫秒)")
    detail: Mapped[str | None] = mapped_column(Text, comment="运行说明或错误")
    runner: Mapped[str | None] = mapped_column(String(64), comment="执行的进程")
    trigger: Mapped[str] = mapped_column(
        String(16), default=SCHEDULE, server_default=SCHEDULE, comment="触发方式：schedule 按计划/manual 立即执行"
    )


class JobControlMixin:
    """The administrator's steering of one periodic job: paused or not, and a pending run-now request."""

    __tablename__ = "job_control"
    __table_args__ = {"comment": "定时任务控制"}

    job: Mapped[str] = mapped_column(String(64), primary_key=True, comment="任务名")
    paused: Mapped[bool] = mapped_column(Boolean, default=False, comment="是否暂停")
    run_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="待执行的立即执行请求时间")
    run_requested_by: Mapped[str | None] = mapped_column(String(128), comment="请求立即执行的人")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="最后变更时间")
    changed_by: Mapped[str | None] = mapped_column(String(128), comment="最后变更的人")


def slot_of(now: datetime, interval_s: float) -> datetime:
    """The start of the slot an instant falls in."""
    start = math.floor(now.timestamp() / interval_s) * interval_s
    return datetime.fromtimestamp(start, UTC)


@dataclass
class Job:
    """A periodic job of an app."""

    name: str
    interval_s: float
    run: JobFunction
    #: What the administrator reads for it (任务名称).
    label: str = ""


class JobRunner:
    """Claims slots and runs an app's periodic jobs (one asyncio task per job)."""

    def __init__(
        self,
        model: type[Any],
        db: Database,
        *,
        control: type[Any] | None = None,
        runner_name: str = "",
        metrics: Metrics | None = None,
        poll_s: float = CONTROL_POLL_S,
    ) -> None:
        """Bind the app's `job_run` model and database (its `job_control` model, which steers the jobs, and
        its metrics, which count the runs)."""
        self.model = model
        self.control = control
        self.db = db
        self.metrics = metrics
        self.runner_name = runner_name or f"pid-{os.getpid()}"
        self.poll_s = poll_s
        self._tasks: list[asyncio.Task[None]] = []

    async def claim(self, job: str, slot: datetime, trigger: str = SCHEDULE) -> int | None:
        """The id of a new run for the slot, or None when another process has it."""
        async with self.db.session() as session:
            row = self.model(job=job, slot=slot, runner=self.runner_name, trigger=trigger)
            session.add(row)
            try:
                await session.commit()
            except IntegrityError:
                return None
            return int(row.id)

    async def run_slot(self, job: Job, slot: datetime, trigger: str = SCHEDULE) -> bool:
        """Run the job for one slot if this process claims it; whether it ran."""
        run_id = await self.claim(job.name, slot, trigger)
        if run_id is None:
            return False
        started = time.perf_counter()
        outcome, detail = "ok", ""
        try:
            detail = await job.run(slot)
        except Exception as exc:  # a failed run is logged and recorded; the next slot runs again
            log.exception("job %s failed for slot %s", job.name, slot.isoformat())
            outcome, detail = "failed", f"{type(exc).__name__}: {exc}"[:2000]
        m = self.model
        async with self.db.session() as session:
            await session.execute(
                update(m)
                .where(m.id == run_id)
                .values(
                    outcome=outcome,
                    detail=detail,
                    finished_at=utcnow(),
                    duration_ms=int((time.perf_counter() - started) * 1000),
                )
            )
            await session.commit()
        if self.metrics is not None:
            self.metrics.job_ran(job.name, outcome, time.perf_counter() - started)
        return True

    async def paused(self, job: str) -> bool:
        """Whether the administrator has paused the job."""
        if self.control is None:
            return False
        async with self.db.session() as session:
            return bool(await session.scalar(select(self.control.paused).where(self.control.job == job)))

    async def take_request(self, job: str) -> datetime | None:
        """The instant of a pending run-now request if this process takes it (one process does), else None."""
        if self.control is None:
            return None
        c = self.control
        async with self.db.session() as session:
            requested = await session.scalar(select(c.run_requested_at).where(c.job == job))
            if requested is None:
                return None
            # Compare-and-swap on the instant: of the replicas that saw it, the first update wins the rest 0 rows.
            taken = await session.execute(
                update(c).where(c.job == job, c.run_requested_at == requested).values(run_requested_at=None)
            )
            await session.commit()
        return requested if taken.rowcount == 1 else None  # type: ignore[attr-defined]

    async def tick(self, job: Job, due: datetime | None) -> bool:
        """One look at the job: run a pending run-now request, then the due slot (if any) unless paused;
        whether this process ran anything."""
        ran = False
        requested = await self.take_request(job.name)
        if requested is not None:
            ran = await self.run_slot(job, requested, MANUAL)
        if due is not None and not await self.paused(job.name):
            ran = await self.run_slot(job, due) or ran
        return ran

    def start(self, job: Job, *, clock: Callable[[], datetime] = utcnow) -> None:
        """Run the job at every slot from the next one on (and on request), until `stop()`."""

        async def loop() -> None:
            following = slot_of(clock(), job.interval_s).timestamp() + job.interval_s
            while True:
                wait = following - clock().timestamp()
                await asyncio.sleep(max(0.0, min(wait, self.poll_s) if self.control is not None else wait))
                now = clock()
                due = None
                if now.timestamp() >= following:
                    due = slot_of(now, job.interval_s)
                    following = due.timestamp() + job.interval_s
                try:
                    await self.tick(job, due)
                except Exception:  # the database may be away: try again at the next look
                    log.exception("job %s could not claim its slot", job.name)

        self._tasks.append(asyncio.create_task(loop(), name=f"job:{job.name}"))

    async def stop(self) -> None:
        """Cancel every job loop."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()


__all__ = [
    "CONTROL_POLL_S",
    "MANUAL",
    "SCHEDULE",
    "Job",
    "JobControlMixin",
    "JobFunction",
    "JobRunMixin",
    "JobRunner",
    "slot_of",
]
