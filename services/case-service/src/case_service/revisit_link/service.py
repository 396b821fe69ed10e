"""Issuing, sending and using revisit links.

"Signed" here means unguessable: a link carries a 32-byte `secrets.token_urlsafe` token and the table keeps only
its SHA-256, so whoever reads the database still cannot build a working link. A link is single-use (`used_at`,
set by a conditional UPDATE so two concurrent submits cannot both pass) and expires after the 系统参数
`revisit_link_days`. A new link of a case supersedes its older unused one.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from case_service.case.models import Case
from case_service.core import audit
from case_service.enterprise.models import Enterprise
from case_service.notification import service as notices
from case_service.notification.models import NotificationKind
from case_service.revisit_link.models import RevisitLink
from platform_core.auth import Principal
from platform_core.db import utcnow
from platform_core.masking import mask_phone

log = logging.getLogger(__name__)

#: Where a link points in the SPA (the mobile revisit page).
PAGE_PATH = "/m/revisit/"

LinkState = Literal["valid", "used", "expired"]


@dataclass(frozen=True, slots=True)
class SentSms:
    """One SMS as the provider seam received it."""

    phone: str
    text: str
    case_id: int


#: The SMS messages the provider seam handed on, newest last (the demo and the tests read links from here).
SENT_SMS: deque[SentSms] = deque(maxlen=200)


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


def deliver_sms(phone: str, text: str, *, case_id: int) -> None:
    """The SMS provider seam: today the message is logged and recorded; a delivery layer plugs in here."""
    SENT_SMS.append(SentSms(phone, text, case_id))
    log.info("sms to %s: %s", mask_phone(phone), text)


async def issue_link(
    session: AsyncSession, *, item: Case, principal: Principal, now: datetime, days: int, base_url: str
) -> RevisitLink:
    """A new link for a resolved case (an older unused one is superseded), audited and sent."""
    await session.execute(
        update(RevisitLink)
        .where(RevisitLink.case_id == item.id, RevisitLink.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    # The contact the case names, else the enterprise's own contact on record.
    phone = item.contact_phone or await session.scalar(
        select(Enterprise.contact_phone).where(Enterprise.id == item.enterprise_id)
    )
    link = RevisitLink(
        case_id=item.id,
        token_hash=hash_token(token),
        phone_masked=mask_phone(phone),
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
    await send_revisit_link(session, item=item, token=token, phone=phone, base_url=base_url, expires_at=link.expires_at)
    return link


async def send_revisit_link(
    session: AsyncSession, *, item: Case, token: str, phone: str | None, base_url: str, expires_at: datetime
) -> str:
    """Build the link's URL, put it in the enterprise users' inbox and text it to the contact; the URL."""
    url = f"{base_url.rstrip('/')}{PAGE_PATH}{token}"
    text = f"【市商务局】您反映的诉求“{item.title}”（{item.case_no}）已办结，请点击链接评价：{url}"
    await notices.notify(
        session,
        recipients=[notices.enterprise_recipient(item.enterprise_uscc)],
        kind=NotificationKind.RESOLVED,
        due_at=utcnow(),
        case_id=item.id,
        title=f"请评价诉求办理结果：{item.title}",
        body=f"诉求 {item.case_no} 已办结，请通过链接评价（{expires_at:%Y-%m-%d} 前有效）：{url}",
    )
    if phone:
        deliver_sms(phone, text, case_id=item.id)
    return url


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
