"""Monthly archives of the audit log: each finished month (Asia/Shanghai) written once, never changed.

A daily job of every app writes each month that has ended and has entries into `audit_archive`: the month's
entries in id order as gzip-compressed JSON lines, with their count, first and last id and the SHA-256 of the
compressed bytes. An archive row is only ever inserted (one per month: the unique month refuses a second
writer), and audit entries are never updated. Entries stay in the live table for `AUDIT_KEEP_MONTHS` months
(0, the default: for ever; otherwise at least 6, as 等保 asks) and are removed only when their month's
archive exists. `python -m <app>.cli audit-archive --month YYYY-MM --out FILE` writes an archive out after
checking its digest.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Date, Integer, LargeBinary, String, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from platform_core.db import BigIntPK, Database, UTCDateTime, utcnow
from platform_core.jobs import Job
from platform_core.periods import SHANGHAI

#: At least this many months stay in the live table when a retention is set.
MIN_KEEP_MONTHS = 6


class AuditArchiveMixin:
    """One month of a service's audit log, archived once."""

    __tablename__ = "audit_archive"

    @declared_attr.directive
    def __table_args__(cls) -> dict[str, Any]:  # noqa: N805
        """A table comment."""
        return {"comment": "审计日志月度归档"}

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    month: Mapped[date] = mapped_column(Date, unique=True, comment="归档月份(当月1日，北京时间)")
    entries: Mapped[int] = mapped_column(Integer, comment="条数")
    first_id: Mapped[int] = mapped_column(BigInteger, comment="首条日志ID")
    last_id: Mapped[int] = mapped_column(BigInteger, comment="末条日志ID")
    sha256: Mapped[str] = mapped_column(String(64), comment="压缩内容的SHA-256")
    content: Mapped[bytes] = mapped_column(LargeBinary, comment="gzip 压缩的 JSON Lines")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="归档时间")


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The instants a month (Asia/Shanghai) starts and ends, as aware datetimes."""
    start = datetime(month.year, month.month, 1, tzinfo=SHANGHAI)
    following = datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=SHANGHAI)
    return start, following


def add_months(month: date, n: int) -> date:
    """The first day of the month `n` months after (or before) `month`."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def _entry(row: Any) -> dict[str, Any]:
    out = {c.key: getattr(row, c.key) for c in row.__table__.columns}
    out["occurred_at"] = row.occurred_at.isoformat()
    return out


def pack(rows: list[Any]) -> bytes:
    """Entries as gzip-compressed JSON lines (mtime fixed: the same entries give the same bytes)."""
    text = "".join(json.dumps(_entry(r), ensure_ascii=False, sort_keys=True, default=str) + "\n" for r in rows)
    return gzip.compress(text.encode(), mtime=0)


def unpack(archive: Any) -> list[dict[str, Any]]:
    """The entries of an archive row, after checking its digest (ValueError when it does not match)."""
    if hashlib.sha256(archive.content).hexdigest() != archive.sha256:
        raise ValueError(f"audit archive {archive.month:%Y-%m} does not match its digest")
    return [json.loads(line) for line in gzip.decompress(archive.content).decode().splitlines()]


async def archive_month(db: Database, audit_model: type[Any], archive_model: type[Any], month: date) -> int | None:
    """Archive one finished month; the number of entries, or None when it is archived already or empty."""
    start, end = month_bounds(month)
    async with db.session() as session:
        if await session.scalar(select(archive_model.id).where(archive_model.month == month)) is not None:
            return None
        stmt = select(audit_model).where(audit_model.occurred_at >= start, audit_model.occurred_at < end)
        rows = list((await session.scalars(stmt.order_by(audit_model.id))).all())
        if not rows:
            return None
        content = pack(rows)
        session.add(
            archive_model(
                month=month,
                entries=len(rows),
                first_id=rows[0].id,
                last_id=rows[-1].id,
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
            )
        )
        try:
            await session.commit()
        except IntegrityError:  # another replica archived the month first
            return None
    return len(rows)


async def archive_finished_months(
    db: Database, audit_model: type[Any], archive_model: type[Any], *, today: date, keep_months: int = 0
) -> str:
    """Archive every finished month not archived yet; then drop live entries past the retention, if one is set."""
    async with db.session(write=False) as session:
        oldest = await session.scalar(select(func.min(audit_model.occurred_at)))
    this_month = today.replace(day=1)
    archived = 0
    if oldest is not None:
        month = oldest.astimezone(SHANGHAI).date().replace(day=1)
        while month < this_month:
            archived += await archive_month(db, audit_model, archive_model, month) or 0
            month = add_months(month, 1)
    removed = 0
    if keep_months:
        keep = max(keep_months, MIN_KEEP_MONTHS)
        removed = await _drop_archived(db, audit_model, archive_model, before=add_months(this_month, -keep))
    return f"归档审计日志{archived}条，清理已归档的过期日志{removed}条"


async def _drop_archived(db: Database, audit_model: type[Any], archive_model: type[Any], *, before: date) -> int:
    """Delete live entries of archived months that started before `before` (never of a month not archived)."""
    removed = 0
    async with db.session() as session:
        months = (await session.scalars(select(archive_model.month).where(archive_model.month < before))).all()
        for month in months:
            start, end = month_bounds(month)
            result = await session.execute(
                delete(audit_model).where(audit_model.occurred_at >= start, audit_model.occurred_at < end)
            )
            removed += result.rowcount or 0
        await session.commit()
    return removed


def audit_archive_job(db: Database, audit_model: type[Any], archive_model: type[Any], keep_months: int = 0) -> Job:
    """Daily: archive the finished months, then apply the retention (if any)."""

    async def run(_slot: Any) -> str:
        today = utcnow().astimezone(SHANGHAI).date()
        return await archive_finished_months(db, audit_model, archive_model, today=today, keep_months=keep_months)

    return Job("archive-audit-log", 86400, run, "审计日志月度归档")


async def export_archive(db: Database, archive_model: type[Any], month: date) -> bytes:
    """The archived bytes of a month, after checking their digest (LookupError when not archived)."""
    async with db.session(write=False) as session:
        row = await session.scalar(select(archive_model).where(archive_model.month == month))
    if row is None:
        raise LookupError(f"{month:%Y-%m} has no audit archive")
    unpack(row)  # raises when the bytes do not match their digest
    return bytes(row.content)
