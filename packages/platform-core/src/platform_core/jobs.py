"""Periodic jobs that run exactly once per tick, however many replicas of an app are up.

Time is cut into slots of the job's interval (aligned to the epoch). At each slot every replica tries to
claim it by inserting `(job, slot)` into the app's `job_run` table, committed on its own; the unique key
lets exactly one succeed, and only that one runs the job. The row then records how the run went
(outcome, duration, a line of detail), which is also the job's run log. On the embedded default the one
process claims every slot the same way. A replica that dies mid-run leaves its row `running`: the next
slot is claimed afresh.
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

from sqlalchemy import Integer, String, Text, UniqueConstraint, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from platform_core.db import BigIntPK, Database, UTCDateTime, utcnow
from platform_core.observability import Metrics

log = logging.getLogger(__name__)

#: What a job does with one slot: returns a short line for the run log.
JobFunction = Callable[[datetime], Awaitable[str]]


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


class JobRunner:
    """Claims slots and runs an app's periodic jobs (one asyncio task per job)."""

    def __init__(
        self, model: type[Any], db: Database, *, runner_name: str = "", metrics: Metrics | None = None
    ) -> None:
        """Bind the app's `job_run` model and database (and its metrics, which count the runs)."""
        self.model = model
        self.db = db
        self.metrics = metrics
        self.runner_name = runner_name or f"pid-{os.getpid()}"
        self._tasks: list[asyncio.Task[None]] = []

    async def claim(self, job: str, slot: datetime) -> int | None:
        """The id of a new run for the slot, or None when another process has it."""
        async with self.db.session() as session:
            row = self.model(job=job, slot=slot, runner=self.runner_name)
            session.add(row)
            try:
                await session.commit()
            except IntegrityError:
                return None
            return int(row.id)

    async def run_slot(self, job: Job, slot: datetime) -> bool:
        """Run the job for one slot if this process claims it; whether it ran."""
        run_id = await self.claim(job.name, slot)
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

    def start(self, job: Job, *, clock: Callable[[], datetime] = utcnow) -> None:
        """Run the job at every slot from the next one on, until `stop()`."""

        async def loop() -> None:
            while True:
                now = clock()
                following = slot_of(now, job.interval_s).timestamp() + job.interval_s
                await asyncio.sleep(max(0.0, following - now.timestamp()))
                try:
                    await self.run_slot(job, slot_of(clock(), job.interval_s))
                except Exception:  # the database may be away: try again at the next slot
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


__all__ = ["Job", "JobFunction", "JobRunMixin", "JobRunner", "slot_of"]
