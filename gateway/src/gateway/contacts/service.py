"""Reading and changing a user's 消息接收设置, and resolving recipient keys to people."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.contacts.schemas import EMAIL, NotificationSettingsIn, NotificationSettingsOut, RecipientOut
from gateway.iam.models import User, UserRole
from platform_core.auth import Principal
from platform_core.delivery import DIRECTORY_KEY
from platform_core.masking import mask_email, mask_phone
from platform_core.permissions import is_personal_data
from platform_core.problems import field_error

MAX_KEYS = 200


def sees_personal_data(principal: Principal) -> bool:
    """Whether the caller's role shows personal data in clear."""
    return any(is_personal_data(p) for p in principal.permissions)


def settings_of(user: User, principal: Principal) -> NotificationSettingsOut:
    """The user's settings as the caller may see them."""
    clear = sees_personal_data(principal)
    return NotificationSettingsOut(
        email_enabled=user.notify_email,
        sms_enabled=user.notify_sms,
        email=user.email if clear else mask_email(user.email),
        phone=user.phone if clear else mask_phone(user.phone),
        quiet_start=user.quiet_start,
        quiet_end=user.quiet_end,
        version=user.version,
    )


def snapshot(user: User) -> dict[str, object]:
    """The audited fields (addresses masked: the audit log is read by the auditor)."""
    return {
        "email": mask_email(user.email),
        "notify_email": user.notify_email,
        "notify_sms": user.notify_sms,
        "quiet_start": user.quiet_start,
        "quiet_end": user.quiet_end,
    }


def apply(user: User, body: NotificationSettingsIn) -> None:
    """Check the new settings (a problem naming the field) and set them on the user."""
    email = user.email if body.email is None else (body.email.strip() or None)
    if email is not None and not re.match(EMAIL, email):
        raise field_error("email", "电子邮箱格式不正确")
    if body.email_enabled and not email:
        raise field_error("email_enabled", "接收邮件提醒须先填写电子邮箱")
    if body.sms_enabled and not user.phone:
        raise field_error("sms_enabled", "账号未登记手机号码，无法接收短信提醒，请联系系统管理员登记")
    if (body.quiet_start is None) != (body.quiet_end is None):
        raise field_error("quiet_end" if body.quiet_end is None else "quiet_start", "免打扰开始和结束时间须同时填写")
    if body.quiet_start is not None and body.quiet_start == body.quiet_end:
        raise field_error("quiet_end", "免打扰结束时间不能与开始时间相同")
    user.email = email
    user.notify_email = body.email_enabled
    user.notify_sms = body.sms_enabled
    user.quiet_start = body.quiet_start
    user.quiet_end = body.quiet_end


def _recipient(user: User) -> RecipientOut:
    channels = ["inbox"] + (["email"] if user.notify_email else []) + (["sms"] if user.notify_sms else [])
    return RecipientOut(
        subject=f"user:{user.id}",
        name=user.display_name,
        region_code=user.region_code,
        unit_id=user.unit_id,
        email=user.email,
        phone=user.phone,
        channels=channels,
        quiet_start=user.quiet_start,
        quiet_end=user.quiet_end,
    )


async def resolve(session: AsyncSession, keys: Sequence[str]) -> dict[str, list[RecipientOut]]:
    """The active users behind each key (`user:<id>`, `unit:<id>`, `role:<code>`, `role:<code>:<region>`)."""
    out: dict[str, list[RecipientOut]] = {}
    for key in dict.fromkeys(keys):
        match = DIRECTORY_KEY.match(key)
        if match is None:
            raise field_error("key", f"无法识别的接收者：{key[:80]}")
        kind, number, role, region = match.groups()
        stmt = select(User).where(User.is_active.is_(True))
        if kind == "user":
            stmt = stmt.where(User.id == int(number))
        elif kind == "unit":
            stmt = stmt.where(User.unit_id == int(number))
        else:
            stmt = stmt.join(UserRole, UserRole.user_id == User.id).where(UserRole.role_code == role)
            if region:
                stmt = stmt.where(User.region_code == region)
        out[key] = [_recipient(u) for u in (await session.scalars(stmt.order_by(User.id))).all()]
    return out
