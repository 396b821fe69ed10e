"""The audit log's monthly archive: each finished month (Asia/Shanghai) written once as gzip JSON lines with
its digest, whatever the number of replicas; live entries removed only past the retention and only when their
month is archived; a tampered archive refused. On SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from platform_core.audit import AuditLogMixin
from platform_core.audit_archive import (
    AuditArchiveMixin,
    archive_finished_months,
    export_archive,
    month_bounds,
    unpack,
)
from platform_core.db import Database, make_base
from platform_core.settings import CommonSettings
from platform_core.testing import scratch_tables
from platform_core.testing import test_database_url as database_url

SCHEMA = f"arch_{uuid.uuid4().hex[:8]}"
Base = make_base(SCHEMA)


class AuditLog(AuditLogMixin, Base):
    pass


class AuditArchive(AuditArchiveMixin, Base):
    pass


#: Instants and the Shanghai month they belong to: 2026-09-30 16:30 UTC is already 1 October in Beijing.
ENTRIES = [
    (datetime(2026, 9, 3, 2, 0, tzinfo=UTC), "2026-09"),
    (datetime(2026, 9, 30, 15, 59, tzinfo=UTC), "2026-09"),
    (datetime(2026, 9, 30, 16, 30, tzinfo=UTC), "2026-10"),
    (datetime(2026, 11, 11, 8, 0, tzinfo=UTC), "2026-11"),
    (datetime(2026, 12, 2, 8, 0, tzinfo=UTC), "2026-12"),
]


@pytest.fixture
async def db(tmp_path):
    async with scratch_tables(database_url(tmp_path, "archive"), SCHEMA, Base.metadata) as database:
        async with database.session() as s:
            for i, (at, _month) in enumerate(ENTRIES):
                s.add(
                    AuditLog(
                        occurred_at=at, actor=f"user:{i}", action="case.create", entity_type="case", entity_id=str(i)
                    )
                )
            await s.commit()
        yield database


async def archives(db: Database) -> dict[str, int]:
    async with db.session(write=False) as s:
        rows = (await s.scalars(select(AuditArchive).order_by(AuditArchive.month))).all()
    return {f"{r.month:%Y-%m}": r.entries for r in rows}


async def live(db: Database) -> int:
    async with db.session(write=False) as s:
        return int(await s.scalar(select(func.count()).select_from(AuditLog)) or 0)


async def test_finished_months_are_archived_once_by_the_shanghai_calendar(db):
    today = date(2026, 12, 6)
    done = await asyncio.gather(*(archive_finished_months(db, AuditLog, AuditArchive, today=today) for _ in range(3)))
    assert await archives(db) == {"2026-09": 2, "2026-10": 1, "2026-11": 1}  # December is not over
    assert sum(int(d.split("归档审计日志")[1].split("条")[0]) for d in done) == 4
    again = await archive_finished_months(db, AuditLog, AuditArchive, today=today)
    assert again.startswith("归档审计日志0条") and await live(db) == 5
    async with db.session(write=False) as s:
        october = await s.scalar(select(AuditArchive).where(AuditArchive.month == date(2026, 10, 1)))
    (entry,) = unpack(october)
    assert entry["entity_id"] == "2" and entry["occurred_at"].startswith("2026-09-30T16:30")
    start, end = month_bounds(date(2026, 10, 1))
    assert start.isoformat() == "2026-10-01T00:00:00+08:00" and end.isoformat() == "2026-11-01T00:00:00+08:00"


async def test_a_tampered_archive_is_refused(db):
    await archive_finished_months(db, AuditLog, AuditArchive, today=date(2026, 12, 6))
    assert len(await export_archive(db, AuditArchive, date(2026, 9, 1))) > 0
    async with db.session() as s:
        row = await s.scalar(select(AuditArchive).where(AuditArchive.month == date(2026, 9, 1)))
        row.content = row.content[:-1] + bytes([row.content[-1] ^ 0xFF])
        await s.commit()
    with pytest.raises(ValueError, match="digest"):
        await export_archive(db, AuditArchive, date(2026, 9, 1))
    with pytest.raises(LookupError):
        await export_archive(db, AuditArchive, date(2025, 1, 1))


async def test_the_retention_removes_only_archived_months_past_it(db):
    assert (await archive_finished_months(db, AuditLog, AuditArchive, today=date(2027, 3, 6), keep_months=6)).endswith(
        "清理已归档的过期日志0条"
    )  # the cut-off is September 2026 itself: nothing began before it
    # April 2027 with six months kept: September 2026 goes (archived first), October onwards stays.
    first = await archive_finished_months(db, AuditLog, AuditArchive, today=date(2027, 4, 6), keep_months=6)
    assert first.endswith("清理已归档的过期日志2条") and await live(db) == 3
    second = await archive_finished_months(db, AuditLog, AuditArchive, today=date(2027, 5, 6), keep_months=6)
    assert second.endswith("清理已归档的过期日志1条") and await live(db) == 2
    # The archives stay: removed entries are still in their month's archive.
    assert await archives(db) == {"2026-09": 2, "2026-10": 1, "2026-11": 1, "2026-12": 1}
    async with db.session(write=False) as s:
        september = await s.scalar(select(AuditArchive).where(AuditArchive.month == date(2026, 9, 1)))
    assert [e["entity_id"] for e in unpack(september)] == ["0", "1"]


def test_a_retention_shorter_than_six_months_is_refused():
    with pytest.raises(ValueError, match="AUDIT_KEEP_MONTHS"):
        CommonSettings(AUDIT_KEEP_MONTHS=3)
    assert CommonSettings(AUDIT_KEEP_MONTHS=0).audit_keep_months == 0
    assert CommonSettings(AUDIT_KEEP_MONTHS=12).audit_keep_months == 12
