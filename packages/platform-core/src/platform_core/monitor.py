"""What an app process reports about itself to the server monitor (系统监控): status, version, uptime, memory,
CPU, its database pool and its database.

Every app serves it at `/internal/monitor` for the platform's own callers (the internal token, like
`/metrics`); the gateway gathers the reports of all apps for the administrator's monitor page. Read-only:
nothing here changes the process.
"""

from __future__ import annotations

import os
import platform
import resource
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Request
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.engine import make_url

from platform_core.observability import require_internal_token

#: The process's start (module import is part of the start).
STARTED_MONOTONIC = time.monotonic()
STARTED_AT = datetime.now(UTC)


class PoolStatus(BaseModel):
    """The app's pool of database connections (PostgreSQL; SQLite opens a connection per use)."""

    size: int | None = Field(description="连接池容量")
    checked_out: int | None = Field(description="使用中的连接")
    idle: int | None = Field(description="空闲连接")
    overflow: int | None = Field(description="超出容量临时打开的连接")


class DatabaseStatus(BaseModel):
    """The app's database as the app sees it."""

    kind: Literal["postgresql", "sqlite"] = Field(description="数据库类型")
    status: Literal["up", "down"] = Field(description="是否可连接")
    size_bytes: int | None = Field(description="数据库大小（字节）")
    connections: int | None = Field(description="数据库当前连接数（PostgreSQL）")
    max_connections: int | None = Field(description="数据库允许的最大连接数（PostgreSQL）")


class ProcessStatus(BaseModel):
    """One app process."""

    app: str = Field(description="应用标识")
    status: Literal["up", "down"] = Field(description="运行状态")
    version: str | None = Field(description="版本")
    python: str | None = Field(description="Python 版本")
    pid: int | None = Field(description="进程号")
    started_at: datetime | None = Field(description="启动时间")
    uptime_s: int | None = Field(description="已运行秒数")
    memory_mb: float | None = Field(description="常驻内存（MB）")
    cpu_s: float | None = Field(description="累计 CPU 时间（秒）")
    pool: PoolStatus | None = Field(description="数据库连接池")
    database: DatabaseStatus | None = Field(description="数据库")
    reason: str | None = Field(default=None, description="不可用的原因")


def resident_mb() -> float:
    """Resident memory of this process in MB (from /proc where there is one, else the peak)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def pool_status(app: FastAPI) -> PoolStatus:
    """Counts of the app's connection pool (None where the pool does not keep any)."""
    pool: Any = app.state.db.engine.sync_engine.pool

    def read(name: str) -> int | None:
        method = getattr(pool, name, None)
        return int(method()) if callable(method) else None

    return PoolStatus(
        size=read("size"), checked_out=read("checkedout"), idle=read("checkedin"), overflow=read("overflow")
    )


def file_size(path: str | None) -> int | None:
    """Bytes of a database file (None for an in-memory database or a missing file)."""
    file = Path(path) if path and path != ":memory:" else None
    return file.stat().st_size if file is not None and file.exists() else None


async def database_status(app: FastAPI) -> DatabaseStatus:
    """Size and connections of the app's database (a failed query reports it down)."""
    db = app.state.db
    if db.is_sqlite:
        size = file_size(make_url(db.url).database)
        return DatabaseStatus(kind="sqlite", status="up", size_bytes=size, connections=None, max_connections=None)
    try:
        async with db.engine.connect() as conn:
            row = (
                await conn.execute(
                    text(
                        "SELECT pg_database_size(current_database()),"
                        " (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()),"
                        " current_setting('max_connections')::int"
                    )
                )
            ).one()
    except Exception:  # any driver error means the same to the monitor: not reachable
        return DatabaseStatus(kind="postgresql", status="down", size_bytes=None, connections=None, max_connections=None)
    return DatabaseStatus(
        kind="postgresql", status="up", size_bytes=int(row[0]), connections=int(row[1]), max_connections=int(row[2])
    )


async def process_status(app: FastAPI) -> ProcessStatus:
    """This process's report."""
    times = os.times()
    return ProcessStatus(
        app=app.state.service_name,
        status="up",
        version=app.version,
        python=platform.python_version(),
        pid=os.getpid(),
        started_at=STARTED_AT,
        uptime_s=int(time.monotonic() - STARTED_MONOTONIC),
        memory_mb=resident_mb(),
        cpu_s=round(times.user + times.system, 2),
        pool=pool_status(app),
        database=await database_status(app),
    )


def down(app: str, reason: str) -> ProcessStatus:
    """The report of an app that could not be asked."""
    return ProcessStatus(
        app=app, status="down", version=None, python=None, pid=None, started_at=None, uptime_s=None,
        memory_mb=None, cpu_s=None, pool=None, database=None, reason=reason,
    )  # fmt: skip


def monitor_router() -> APIRouter:
    """`GET /internal/monitor` for the platform's own callers."""
    router = APIRouter(include_in_schema=False, dependencies=[Depends(require_internal_token)])

    @router.get("/internal/monitor")
    async def monitor(request: Request) -> ProcessStatus:
        """This process's status for the server monitor."""
        return await process_status(request.app)

    return router
