"""Issuing, sending and using revisit links.

"Signed" here means unguessable: a link carries a 32-byte `secrets.token_urlsafe` token and the link table keeps
only its SHA-256, so it alone does not give a working link (the full link is in the messages that carry it: the
enterprise's inbox notice and the SMS row of the send log). A link is single-use (`used_at`,
set by a conditional UPDATE so two concurrent submits cannot both pass) and expires after the 系统参数
`revisit_link_days`. A new link of a case supersedes its older unused one. The link reaches the enterprise through
`platform_core.delivery` like every other message: its inbox, and an SMS to its contact (a recipient of the kind
`contact:<uscc>`), logged once per resolution in the send log and held through the contacts' quiet hours.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from case_service.case.models import Case
from case_service.core import audit
from case_service.enterprise import service as enterprises
from case_service.notification import service as notices
from case_service.notification.models import NotificationKind
from case_service.revisit_link.models import RevisitLink
from platform_core.auth import Principal
from platform_core.db import utcnow
from platform_core.delivery import Delivery, Message
from platform_core.masking import mask_phone

#: Where a link points in the SPA (the mobile revisit page).
PAGE_PATH = "/m/revisit/"

LinkState = Literal["valid", "used", "expired"]


def message_key(case_id: int, seq: int) -> str:
    """The send-log key of a case's `seq`-th revisit link (1 for the first resolution)."""
    return f"revisit:{case_id}:{seq}"


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def public_base(request: Request, configured: str) -> str:
    """The site address links start with: the setting, else the address the caller reached (via the gateway)."""
    if configured:
        return configured.rstrip("/")
    host = request.headers.get("x-forwarded-host") or request.headers.get("host") or request.url.netloc
    scheme = request.headers.get("x-forwarded-proto") or request.url.scheme
    return f"{scheme}://{host}"


def link_state(link: RevisitLink, now: datetime) -> LinkState:
    """Whether a link can still be used."""
    if link.used_at is not None:
        return "used"
    return "expired" if link.expires_at <= now else "valid"


async def issue_link(
    session: AsyncSession,
    *,
    item: Case,
    principal: Principal,
    now: datetime,
    days: int,
    base_url: str,
    delivery: Delivery,
) -> RevisitLink:
    """A new link for a resolved case (an older unused one is superseded), audited and sent."""
    # The how-many-th link of the case keys its message: a retried or concurrent approval (which the case's row
    # lock and version turn away anyway) claims the same send-log rows and texts nobody twice; a case resolved
    # again after a reopening gets a new key.
    seq = int(await session.scalar(select(func.count()).where(RevisitLink.case_id == item.id)) or 0) + 1
    await session.execute(
        update(RevisitLink)
        .where(RevisitLink.case_id == item.id, RevisitLink.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    # The contact the case names, else the enterprise's own contact on record.
    contact = await enterprises.contact_of(
        session, delivery, item.enterprise_uscc, phone=item.contact_phone, name=item.contact_person
    )
    link = RevisitLink(
        case_id=item.id,
        token_hash=hash_token(token),
        phone_masked=mask_phone(contact.phone),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(link)
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action="revisit_link.issue",
        entity_type="revisit_link",
        entity_id=link.id,
        region_code=item.region_code,
        after={"case_id": item.id, "phone": link.phone_masked, "expires_at": link.expires_at.isoformat()},
    )
    url = f"{base_url.rstrip('/')}{PAGE_PATH}{token}"
    message = Message(
        message_key(item.id, seq),
        notices.enterprise_recipient(item.enterprise_uscc),
        f"请评价诉求办理结果：{item.title}",
        f"诉求 {item.case_no} 已办结，请通过链接评价（{link.expires_at:%Y-%m-%d} 前有效）：{url}",
        {"kind": NotificationKind.RESOLVED.value, "due_at": utcnow(), "case_id": item.id},
        sms=f"您反映的诉求（{item.case_no}）已办结，请点击链接评价：{url}",
    )
    # The enterprise users' inbox and an SMS to the contact (held through the contacts' quiet hours), sent as
    # soon as the approval commits.
    await delivery.enqueue(session, message, [contact], now=now)
    delivery.dispatch_after_commit(session, message.key, now=now)
    return link


async def find_link(session: AsyncSession, token: str) -> RevisitLink | None:
    """The link of a token, or None."""
    return await session.scalar(select(RevisitLink).where(RevisitLink.token_hash == hash_token(token)))


async def claim(session: AsyncSession, link: RevisitLink, *, now: datetime, ip: str | None) -> bool:
    """Mark the link used if it is still unused and unexpired; False when another submit (or time) won."""
    result = await session.execute(
        update(RevisitLink)
        .where(RevisitLink.id == link.id, RevisitLink.used_at.is_(None), RevisitLink.expires_at > now)
        .values(used_at=now, used_ip=ip)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))
