"""Notices: who is addressed (roles, regions with their sub-regions, named users, cut to the publisher's
region), drafting, publishing, withdrawing, attachments, read receipts and the read rate."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.admin import service as admin_service
from gateway.iam.dependencies import audit_trail
from gateway.iam.models import Region, User, UserRole
from gateway.iam.service import roles_by_code
from gateway.notice.models import (
    AudienceKind,
    Notice,
    NoticeAttachment,
    NoticeAudience,
    NoticeRead,
    NoticeStatus,
)
from gateway.notice.schemas import (
    AttachmentOut,
    Audience,
    AudienceOut,
    MyNotice,
    NoticeCreate,
    NoticeOut,
    NoticeUpdate,
    ReadRate,
)
from platform_core.auth import Principal
from platform_core.blobs import BlobStore
from platform_core.pagination import PageParams, paginate
from platform_core.problems import ProblemError, field_error
from platform_core.scope import DataScope
from platform_core.settings import ImportLimits
from platform_core.uploads import MIME_TYPES, checked_kind, clean_filename

# --- the publisher's side -------------------------------------------------------------------------


def scoped_notices(principal: Principal) -> Select[tuple[Notice]]:
    """Notices the publisher may see: those published from a region inside their data scope."""
    return (
        select(Notice)
        .join(Region, Region.code == Notice.region_code)
        .where(admin_service.region_scope(principal, region_code=Notice.region_code))
    )


async def find_notice(session: AsyncSession, *, principal: Principal, notice_id: int) -> Notice | None:
    """A notice inside the publisher's scope."""
    stmt = scoped_notices(principal).where(Notice.id == notice_id).execution_options(populate_existing=True)
    return await session.scalar(stmt)


async def list_notices(
    session: AsyncSession,
    *,
    principal: Principal,
    page: PageParams,
    status: NoticeStatus | None,
    keyword: str | None,
) -> tuple[list[Notice], int]:
    """The publisher's notices, pinned first, newest first."""
    stmt = scoped_notices(principal)
    if status is not None:
        stmt = stmt.where(Notice.status == status.value)
    if keyword:
        stmt = stmt.where(Notice.title.contains(keyword, autoescape=True))
    stmt = stmt.order_by(Notice.pinned.desc(), Notice.updated_at.desc(), Notice.id.desc())
    return await paginate(session, stmt, page)


def audience_limit(principal: Principal) -> str | None:
    """The region path a publisher's notices are cut to (None: the publisher sees everything)."""
    if DataScope.ALL in principal.data_scopes:
        return None
    # Deny by default: a publisher without a region reaches nobody outside the named path.
    return principal.region_path or "/-/"


async def checked_audience(
    session: AsyncSession, *, principal: Principal, audience: Audience
) -> list[tuple[str, str, str | None]]:
    """The audience rows (kind, value, region path) after checking every code and id against the publisher's
    scope: unknown codes are 422, a region outside the scope 403, each naming the field."""
    rows: list[tuple[str, str, str | None]] = []
    roles = await roles_by_code(session, codes=audience.role_codes)
    for code in dict.fromkeys(audience.role_codes):
        if code not in roles:
            raise field_error("audience.role_codes", f"角色不存在：{code}", code="unknown_role")
        rows.append((AudienceKind.ROLE.value, code, None))
    for code in dict.fromkeys(audience.region_codes):
        region = await admin_service.writable_region(
            session, principal=principal, code=code, field="audience.region_codes"
        )
        rows.append((AudienceKind.REGION.value, code, region.path))
    for user_id in dict.fromkeys(audience.user_ids):
        user = await admin_service.find_user(session, principal=principal, user_id=user_id)
        if user is None or not user.is_active:
            raise field_error("audience.user_ids", f"用户不存在或超出数据范围：{user_id}", code="unknown_user")
        rows.append((AudienceKind.USER.value, str(user_id), None))
    return rows


async def audience_rows(session: AsyncSession, notice_ids: Sequence[int]) -> dict[int, list[NoticeAudience]]:
    """The audience rows of notices, by notice."""
    out: dict[int, list[NoticeAudience]] = {i: [] for i in notice_ids}
    if notice_ids:
        stmt = select(NoticeAudience).where(NoticeAudience.notice_id.in_(notice_ids)).order_by(NoticeAudience.id)
        for row in await session.scalars(stmt):
            out[row.notice_id].append(row)
    return out


async def replace_audience(session: AsyncSession, *, notice: Notice, rows: list[tuple[str, str, str | None]]) -> None:
    """Put a notice's audience in place of the one it had."""
    for old in (await audience_rows(session, [notice.id]))[notice.id]:
        await session.delete(old)
    await session.flush()
    for kind, value, path in rows:
        session.add(NoticeAudience(notice_id=notice.id, kind=kind, value=value, region_path=path))
    await session.flush()


def snapshot(notice: Notice, rows: list[tuple[str, str, str | None]] | None = None) -> dict[str, Any]:
    """What the audit log keeps of a notice."""
    out: dict[str, Any] = {
        "title": notice.title,
        "pinned": notice.pinned,
        "status": notice.status,
        "body_chars": len(notice.body),
    }
    if rows is not None:
        out["audience"] = {kind: [v for k, v, _ in rows if k == kind] for kind in ("role", "region", "user")}
    return out


async def create_notice(session: AsyncSession, *, principal: Principal, body: NoticeCreate, now: datetime) -> Notice:
    """Add a draft notice with its audience (checked against the publisher's scope)."""
    region = await admin_service.writable_region(
        session, principal=principal, code=principal.region_code or "", field="region_code"
    )
    rows = await checked_audience(session, principal=principal, audience=body.audience)
    notice = Notice(
        title=body.title.strip(),
        body=body.body,
        pinned=body.pinned,
        status=NoticeStatus.DRAFT.value,
        author=principal.subject,
        author_name=principal.name,
        region_code=region.code,
        audience_path=audience_limit(principal),
        created_at=now,
        updated_at=now,
    )
    session.add(notice)
    await session.flush()
    await replace_audience(session, notice=notice, rows=rows)
    await audit_trail.record(
        session,
        principal=principal,
        action="notice.create",
        entity_type="notice",
        entity_id=notice.id,
        region_code=notice.region_code,
        after=snapshot(notice, rows),
    )
    return notice


def ensure_draft(notice: Notice, doing: str) -> None:
    """Only a draft may be edited or receive files (409 otherwise)."""
    if notice.status != NoticeStatus.DRAFT.value:
        raise ProblemError(409, "conflict", f"只有草稿可以{doing}", extra={"notice_status": notice.status})


async def update_notice(
    session: AsyncSession, *, principal: Principal, notice: Notice, body: NoticeUpdate, now: datetime
) -> Notice:
    """Change a draft's text, pin or audience."""
    ensure_draft(notice, "修改")
    changes = body.model_dump(exclude_unset=True, exclude={"audience"})
    for name in ("title", "body", "pinned"):
        if name in changes and changes[name] is None:
            raise field_error(name, "不能为空", code="required")
    before = snapshot(notice, _as_tuples((await audience_rows(session, [notice.id]))[notice.id]))
    rows = None
    if body.audience is not None:
        rows = await checked_audience(session, principal=principal, audience=body.audience)
        await replace_audience(session, notice=notice, rows=rows)
    for name, value in changes.items():
        setattr(notice, name, value.strip() if name == "title" else value)
    after = snapshot(
        notice, rows if rows is not None else _as_tuples((await audience_rows(session, [notice.id]))[notice.id])
    )
    if after == before:
        return notice
    notice.updated_at = now
    await session.flush()
    await audit_trail.record(
        session,
        principal=principal,
        action="notice.update",
        entity_type="notice",
        entity_id=notice.id,
        region_code=notice.region_code,
        before=before,
        after={**after, "version": notice.version},
    )
    return notice


def _as_tuples(rows: list[NoticeAudience]) -> list[tuple[str, str, str | None]]:
    return [(r.kind, r.value, r.region_path) for r in rows]


async def publish_notice(session: AsyncSession, *, principal: Principal, notice: Notice, now: datetime) -> Notice:
    """Publish a draft to its audience (an empty audience is 422 naming `audience`)."""
    ensure_draft(notice, "发布")
    if not (await audience_rows(session, [notice.id]))[notice.id]:
        raise field_error("audience", "请至少选择一个接收范围（角色、行政区划或用户）", code="required")
    notice.status = NoticeStatus.PUBLISHED.value
    notice.published_at = now
    notice.updated_at = now
    await session.flush()
    await audit_trail.record(
        session,
        principal=principal,
        action="notice.publish",
        entity_type="notice",
        entity_id=notice.id,
        region_code=notice.region_code,
        before={"status": NoticeStatus.DRAFT.value},
        after={"status": notice.status, "addressed": (await read_rate(session, notice)).addressed},
    )
    return notice


async def withdraw_notice(session: AsyncSession, *, principal: Principal, notice: Notice, now: datetime) -> Notice:
    """Take a published notice back from its audience (409 unless published)."""
    if notice.status != NoticeStatus.PUBLISHED.value:
        raise ProblemError(409, "conflict", "只有已发布的通知公告可以撤回", extra={"notice_status": notice.status})
    notice.status = NoticeStatus.WITHDRAWN.value
    notice.withdrawn_at = now
    notice.updated_at = now
    await session.flush()
    await audit_trail.record(
        session,
        principal=principal,
        action="notice.withdraw",
        entity_type="notice",
        entity_id=notice.id,
        region_code=notice.region_code,
        before={"status": NoticeStatus.PUBLISHED.value},
        after={"status": notice.status},
    )
    return notice


# --- audience resolution --------------------------------------------------------------------------


def addressed_condition(notice: Notice, rows: list[NoticeAudience]) -> ColumnElement[bool]:
    """Active users (joined with their `Region`) a notice reaches: a listed user, a holder of a listed role, or
    a user of a listed region or below — inside the publisher's region when the publisher is region-scoped."""
    user_ids = [int(r.value) for r in rows if r.kind == AudienceKind.USER.value]
    role_codes = [r.value for r in rows if r.kind == AudienceKind.ROLE.value]
    paths = [r.region_path for r in rows if r.kind == AudienceKind.REGION.value and r.region_path]
    terms: list[ColumnElement[bool]] = []
    if user_ids:
        terms.append(User.id.in_(user_ids))
    if role_codes:
        terms.append(exists().where(UserRole.user_id == User.id, UserRole.role_code.in_(role_codes)))
    terms += [Region.path.startswith(p, autoescape=True) for p in paths]
    condition = and_(User.is_active.is_(True), or_(*terms) if terms else false())
    if notice.audience_path is not None:
        condition = and_(condition, Region.path.startswith(notice.audience_path, autoescape=True))
    return condition


def addressed_users(notice: Notice, rows: list[NoticeAudience]) -> Select[tuple[User]]:
    """The users a notice reaches."""
    return select(User).join(Region, Region.code == User.region_code).where(addressed_condition(notice, rows))


async def read_rate(session: AsyncSession, notice: Notice, rows: list[NoticeAudience] | None = None) -> ReadRate:
    """Read / addressed, counting only the users the notice reaches now."""
    if rows is None:
        rows = (await audience_rows(session, [notice.id]))[notice.id]
    base = (
        select(func.count())
        .select_from(User)
        .join(Region, Region.code == User.region_code)
        .where(addressed_condition(notice, rows))
    )
    addressed = int(await session.scalar(base) or 0)
    read = int(
        await session.scalar(
            base.join(NoticeRead, and_(NoticeRead.user_id == User.id, NoticeRead.notice_id == notice.id))
        )
        or 0
    )
    return ReadRate(addressed=addressed, read=read, rate=round(read / addressed, 4) if addressed else 0.0)


async def readers(
    session: AsyncSession, *, notice: Notice, page: PageParams, state: str | None
) -> tuple[list[Any], int]:
    """The addressed users with their read time, unread first then by name; `state` read/unread filters."""
    rows = (await audience_rows(session, [notice.id]))[notice.id]
    stmt = (
        select(User.id, User.display_name, User.region_code, NoticeRead.read_at)
        .join(Region, Region.code == User.region_code)
        .outerjoin(NoticeRead, and_(NoticeRead.user_id == User.id, NoticeRead.notice_id == notice.id))
        .where(addressed_condition(notice, rows))
    )
    if state == "read":
        stmt = stmt.where(NoticeRead.read_at.is_not(None))
    elif state == "unread":
        stmt = stmt.where(NoticeRead.read_at.is_(None))
    stmt = stmt.order_by(NoticeRead.read_at.is_not(None), NoticeRead.read_at.desc(), User.id)
    return await paginate(session, stmt, page, rows=True)


# --- the reader's side ----------------------------------------------------------------------------


def reaches(user_id: int, roles: Sequence[str], region_path: str) -> ColumnElement[bool]:
    """Published notices that reach a user (by id, role or region path)."""
    path = literal(region_path)
    audience = exists().where(
        NoticeAudience.notice_id == Notice.id,
        or_(
            and_(NoticeAudience.kind == AudienceKind.USER.value, NoticeAudience.value == str(user_id)),
            and_(NoticeAudience.kind == AudienceKind.ROLE.value, NoticeAudience.value.in_(list(roles) or [""])),
            and_(
                NoticeAudience.kind == AudienceKind.REGION.value,
                path.like(func.coalesce(NoticeAudience.region_path, "-").concat("%")),
            ),
        ),
    )
    inside = or_(Notice.audience_path.is_(None), path.like(Notice.audience_path.concat("%")))
    return and_(Notice.status == NoticeStatus.PUBLISHED.value, audience, inside)


async def reader_of(session: AsyncSession, user: User) -> tuple[list[str], str]:
    """A user's role codes and region path, read fresh (a role granted since sign-in counts)."""
    roles = list(await session.scalars(select(UserRole.role_code).where(UserRole.user_id == user.id)))
    path = await session.scalar(select(Region.path).where(Region.code == user.region_code))
    return roles, path or "/-/"


async def my_notices(
    session: AsyncSession, *, user: User, page: PageParams, unread_only: bool
) -> tuple[list[MyNotice], int]:
    """Published notices addressed to the user, pinned first, newest first, with the read flag."""
    roles, path = await reader_of(session, user)
    stmt = (
        select(Notice, NoticeRead.read_at)
        .outerjoin(NoticeRead, and_(NoticeRead.notice_id == Notice.id, NoticeRead.user_id == user.id))
        .where(reaches(user.id, roles, path))
    )
    if unread_only:
        stmt = stmt.where(NoticeRead.read_at.is_(None))
    stmt = stmt.order_by(Notice.pinned.desc(), Notice.published_at.desc(), Notice.id.desc())
    rows, total = await paginate(session, stmt, page, rows=True)
    files = await attachments_of(session, [n.id for n, _ in rows])
    items = [
        MyNotice(
            id=n.id,
            title=n.title,
            body=n.body,
            pinned=n.pinned,
            published_at=n.published_at,
            author_name=n.author_name,
            attachments=files[n.id],
            read_at=read_at,
            unread=read_at is None,
        )
        for n, read_at in rows
    ]
    return items, total


async def unread_counts(session: AsyncSession, *, user: User) -> tuple[int, int]:
    """How many notices addressed to the user are unread, and how many of them are pinned."""
    roles, path = await reader_of(session, user)
    unread = ~exists().where(NoticeRead.notice_id == Notice.id, NoticeRead.user_id == user.id)
    stmt = select(func.count(), func.count().filter(Notice.pinned.is_(True))).where(
        reaches(user.id, roles, path), unread
    )
    total, pinned = (await session.execute(stmt)).one()
    return int(total), int(pinned)


async def addressed_notice(session: AsyncSession, *, user: User, notice_id: int) -> Notice | None:
    """A published notice that reaches the user, or None."""
    roles, path = await reader_of(session, user)
    return await session.scalar(select(Notice).where(Notice.id == notice_id, reaches(user.id, roles, path)))


async def mark_read(
    session: AsyncSession, *, principal: Principal, user: User, notice: Notice, now: datetime
) -> datetime:
    """Record the first reading (a repeat, or a concurrent twin, keeps the first time)."""
    existing = await session.get(NoticeRead, (notice.id, user.id))
    if existing is not None:
        return existing.read_at
    session.add(NoticeRead(notice_id=notice.id, user_id=user.id, read_at=now))
    await audit_trail.record(
        session,
        principal=principal,
        action="notice.read",
        entity_type="notice",
        entity_id=notice.id,
        region_code=user.region_code,
        after={"read_at": now.isoformat()},
    )
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        first = await session.get(NoticeRead, (notice.id, user.id), populate_existing=True)
        if first is None:
            raise
        return first.read_at
    return now


# --- attachments ----------------------------------------------------------------------------------


def attachment_out(row: NoticeAttachment) -> AttachmentOut:
    """An attachment with its download address."""
    return AttachmentOut(
        id=row.id,
        filename=row.filename,
        content_type=row.content_type,
        size=row.size,
        download_url=f"/api/v1/notices/attachments/{row.id}/content",
    )


async def attachments_of(session: AsyncSession, notice_ids: Sequence[int]) -> dict[int, list[AttachmentOut]]:
    """The attachments of notices, oldest first, by notice."""
    out: dict[int, list[AttachmentOut]] = {i: [] for i in notice_ids}
    if notice_ids:
        stmt = select(NoticeAttachment).where(NoticeAttachment.notice_id.in_(notice_ids)).order_by(NoticeAttachment.id)
        for row in await session.scalars(stmt):
            out[row.notice_id].append(attachment_out(row))
    return out


async def save_attachment(
    session: AsyncSession,
    *,
    principal: Principal,
    notice: Notice,
    data: bytes,
    filename: str | None,
    blobs: BlobStore,
    max_bytes: int,
    allowed: list[str],
    archive_limits: ImportLimits,
    now: datetime,
) -> NoticeAttachment:
    """Check (type from the bytes, size, allowlist) and store a draft's attachment."""
    ensure_draft(notice, "上传附件")
    kind = checked_kind(data, max_bytes=max_bytes, allowed=allowed, archive_limits=archive_limits)
    row = NoticeAttachment(
        notice_id=notice.id,
        filename=clean_filename(filename, kind),
        content_type=MIME_TYPES[kind],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=principal.subject,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    await blobs.put(session, str(row.id), data)
    await audit_trail.record(
        session,
        principal=principal,
        action="notice_attachment.upload",
        entity_type="notice_attachment",
        entity_id=row.id,
        region_code=notice.region_code,
        after={"notice_id": notice.id, "filename": row.filename, "size": row.size, "sha256": row.sha256},
    )
    return row


async def readable_attachment(
    session: AsyncSession, *, principal: Principal, user: User, attachment_id: int
) -> NoticeAttachment | None:
    """An attachment of a notice the caller publishes (in scope) or receives, or None."""
    row = await session.get(NoticeAttachment, attachment_id)
    if row is None:
        return None
    if principal.has("system:notice:list") and await find_notice(session, principal=principal, notice_id=row.notice_id):
        return row
    return row if await addressed_notice(session, user=user, notice_id=row.notice_id) else None


# --- rendering ------------------------------------------------------------------------------------


async def notice_outs(session: AsyncSession, notices: Sequence[Notice]) -> list[NoticeOut]:
    """Notices as their publisher sees them: audience with names, attachments, read rate."""
    ids = [n.id for n in notices]
    audiences = await audience_rows(session, ids)
    files = await attachments_of(session, ids)
    every = [r for rows in audiences.values() for r in rows]
    role_names = {
        c: r.name
        for c, r in (
            await roles_by_code(session, codes=[r.value for r in every if r.kind == AudienceKind.ROLE.value])
        ).items()
    }
    region_names = await admin_service.region_names(
        session, {r.value for r in every if r.kind == AudienceKind.REGION.value}
    )
    user_ids = {int(r.value) for r in every if r.kind == AudienceKind.USER.value}
    user_names: dict[int, str] = {}
    if user_ids:
        result = await session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
        user_names = {i: name for i, name in result.all()}
    out = []
    for n in notices:
        rows = audiences[n.id]
        roles = [r.value for r in rows if r.kind == AudienceKind.ROLE.value]
        regions = [r.value for r in rows if r.kind == AudienceKind.REGION.value]
        users = [int(r.value) for r in rows if r.kind == AudienceKind.USER.value]
        out.append(
            NoticeOut(
                id=n.id,
                title=n.title,
                body=n.body,
                pinned=n.pinned,
                status=NoticeStatus(n.status),
                published_at=n.published_at,
                withdrawn_at=n.withdrawn_at,
                author_name=n.author_name,
                region_code=n.region_code,
                audience=AudienceOut(
                    role_codes=roles,
                    role_names=[role_names.get(c, c) for c in roles],
                    region_codes=regions,
                    region_names=[region_names.get(c, c) for c in regions],
                    user_ids=users,
                    user_names=[user_names.get(i, str(i)) for i in users],
                ),
                attachments=files[n.id],
                read_rate=await read_rate(session, n, rows),
                version=n.version,
                created_at=n.created_at,
                updated_at=n.updated_at,
            )
        )
    return out
