"""Writing notices (idempotently) and reading the inbox of a user and their unit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.notification.models import Notification, NotificationKind, SendLog
from platform_core.auth import Principal
from platform_core.db import Database, utcnow
from platform_core.delivery import GAVE_UP, SENT
from platform_core.jobs import Job
from platform_core.pagination import PageParams, paginate
from platform_core.retention import purge


def unit_recipient(unit_id: int) -> str:
    """The recipient key of a unit's inbox."""
    return f"unit:{unit_id}"


def enterprise_recipient(uscc: str) -> str:
    """The recipient key of an enterprise's inbox (every user of the enterprise reads it)."""
    return f"enterprise:{uscc}"


def recipients_of(principal: Principal) -> list[str]:
    """The inboxes a principal reads: their own, their unit's and their enterprise's."""
    keys = [principal.subject]
    if principal.unit_id is not None:
        keys.append(unit_recipient(principal.unit_id))
    if principal.enterprise_uscc:
        keys.append(enterprise_recipient(principal.enterprise_uscc))
    return keys


async def notify(
    session: AsyncSession,
    *,
    recipients: Iterable[str | None],
    kind: NotificationKind,
    due_at: datetime,
    title: str,
    body: str | None = None,
    case_id: int | None = None,
    supervision_id: int | None = None,
) -> int:
    """Add one notice per recipient; a (case, kind, due instant, recipient) already noticed is skipped.

    INSERT .. ON CONFLICT DO NOTHING keeps two concurrent timer checks from failing each other.
    """
    keys = sorted({r for r in recipients if r})
    rows = [notice_row(key, kind, due_at, title, body, case_id, supervision_id) for key in keys]
    return await write_notices(session, rows)


def notice_row(
    recipient: str,
    kind: NotificationKind,
    due_at: datetime,
    title: str,
    body: str | None = None,
    case_id: int | None = None,
    supervision_id: int | None = None,
) -> dict[str, Any]:
    """The columns of one notice."""
    return {
        "recipient": recipient,
        "kind": kind.value,
        "case_id": case_id,
        "supervision_id": supervision_id,
        "due_at": due_at,
        "title": title[:200],
        "body": body[:500] if body else None,
        "created_at": utcnow(),
    }


#: Notices per INSERT (a policy push writes thousands; SQLite binds at most 32,766 parameters).
CHUNK = 500


async def write_notices(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> int:
    """Insert notice rows, skipping any already there; how many were added."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    added = 0
    for start in range(0, len(rows), CHUNK):
        result = await session.execute(
            insert(Notification).values(list(rows[start : start + CHUNK])).on_conflict_do_nothing()
        )
        added += int(getattr(result, "rowcount", 0) or 0)
    return added


def _inbox(principal: Principal) -> Select[tuple[Notification]]:
    return select(Notification).where(Notification.recipient.in_(recipients_of(principal)))


async def list_notifications(
    session: AsyncSession,
    *,
    principal: Principal,
    page: PageParams,
    unread: bool | None = None,
    kind: NotificationKind | None = None,
) -> tuple[list[Notification], int]:
    """A page of the caller's and their unit's notices, newest first."""
    stmt = _inbox(principal)
    if unread is True:
        stmt = stmt.where(Notification.read_at.is_(None))
    elif unread is False:
        stmt = stmt.where(Notification.read_at.is_not(None))
    if kind is not None:
        stmt = stmt.where(Notification.kind == kind.value)
    return await paginate(session, stmt.order_by(Notification.id.desc()), page)


async def unread_count(session: AsyncSession, *, principal: Principal) -> int:
    """Unread notices of the caller and their unit (the SPA badge)."""
    stmt = select(func.count()).where(
        Notification.recipient.in_(recipients_of(principal)), Notification.read_at.is_(None)
    )
    return int(await session.scalar(stmt) or 0)


async def get_notification(session: AsyncSession, *, principal: Principal, notification_id: int) -> Notification | None:
    """One notice of the caller's inboxes, or None (someone else's looks absent)."""
    return await session.scalar(_inbox(principal).where(Notification.id == notification_id))


async def mark_read(session: AsyncSession, *, principal: Principal, item: Notification) -> Notification:
    """Mark a notice read (reading it again keeps the first reader and time)."""
    if item.read_at is None:
        item.read_at = utcnow()
        item.read_by = principal.subject
        await session.flush()
    return item


async def mark_all_read(session: AsyncSession, *, principal: Principal) -> int:
    """Mark every unread notice of the caller's inboxes read; returns how many changed."""
    result = await session.execute(
        update(Notification)
        .where(Notification.recipient.in_(recipients_of(principal)), Notification.read_at.is_(None))
        .values(read_at=utcnow(), read_by=principal.subject)
    )
    return int(getattr(result, "rowcount", 0) or 0)


#: Read notices are kept half a year; unread ones stay until someone reads them.
READ_NOTICES_KEPT = timedelta(days=180)


def purge_job(db: Database) -> Job:
    """A daily purge of notices read more than half a year ago."""

    async def run(_slot: datetime) -> str:
        cutoff = utcnow() - READ_NOTICES_KEPT
        n = await purge(db, Notification, [Notification.read_at.is_not(None), Notification.read_at < cutoff])
        # The send log of finished deliveries goes after the same half year (a pending or held row stays).
        done = SendLog.status.in_([SENT, GAVE_UP])
        logged = await purge(db, SendLog, [done, SendLog.updated_at < cutoff])
        return f"删除半年前已读的提醒{n}条、发送记录{logged}条"

    return Job("purge-notifications", 86400, run, "清理已读提醒")
