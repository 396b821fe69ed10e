"""Password rules that need the account: no reuse of recent passwords, and expiry."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.iam.models import PasswordHistory, User
from gateway.iam.passwords import verify_password


async def recent_hashes(session: AsyncSession, *, user: User, keep: int) -> list[str]:
    """The hashes of the user's `keep` most recent passwords, the current one first."""
    if keep <= 0:
        return []
    rows = await session.scalars(
        select(PasswordHistory.password_hash)
        .where(PasswordHistory.user_id == user.id)
        .order_by(PasswordHistory.set_at.desc(), PasswordHistory.id.desc())
        .limit(keep)
    )
    hashes = list(rows.all())
    # An account from before the history existed still has its current password to compare with.
    if user.password_hash and user.password_hash not in hashes:
        hashes = [user.password_hash, *hashes][:keep]
    return hashes


def _matches_any(hashes: list[str], password: str) -> bool:
    return any(verify_password(h, password) for h in hashes)


async def reuses_recent(session: AsyncSession, *, user: User, password: str, keep: int) -> bool:
    """Whether the password is one of the user's `keep` most recent ones (checked off the event loop)."""
    hashes = await recent_hashes(session, user=user, keep=keep)
    return bool(hashes) and await asyncio.to_thread(_matches_any, hashes, password)


async def remember(session: AsyncSession, *, user: User, password_hash: str, now: datetime, keep: int) -> None:
    """Record a newly set password's hash (and the one it replaces, if the history lacks it); forget the older."""
    known = set(
        (await session.scalars(select(PasswordHistory.password_hash).where(PasswordHistory.user_id == user.id))).all()
    )
    previous = user.password_hash if user.id is not None else None
    if previous and previous != password_hash and previous not in known:
        # An account from before the history existed: its current password counts as used too.
        replaced_at = min(user.password_changed_at or user.created_at or now, now)
        session.add(PasswordHistory(user_id=user.id, password_hash=previous, set_at=replaced_at))
    session.add(PasswordHistory(user_id=user.id, password_hash=password_hash, set_at=now))
    await session.flush()
    newest = (
        select(PasswordHistory.id)
        .where(PasswordHistory.user_id == user.id)
        .order_by(PasswordHistory.set_at.desc(), PasswordHistory.id.desc())
        .limit(max(keep, 1))
    )
    kept = list((await session.scalars(newest)).all())
    await session.execute(
        delete(PasswordHistory)
        .where(PasswordHistory.user_id == user.id, PasswordHistory.id.not_in(kept))
        .execution_options(synchronize_session=False)
    )


def password_expired(user: User, *, now: datetime, max_age_days: int) -> bool:
    """Whether the password is older than the allowed age (0 days: passwords never expire)."""
    if max_age_days <= 0:
        return False
    changed = user.password_changed_at or user.created_at
    return changed is not None and now - changed >= timedelta(days=max_age_days)


def reuse_message(keep: int) -> str:
    """The reason given for a reused password."""
    return f"新密码不能与最近{keep}次使用过的密码相同"
