"""Opaque refresh tokens: stored as SHA-256 digests, rotated on every use, revoked by family."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.iam.models import RefreshToken
from platform_core.auth import BEARER_CHALLENGE
from platform_core.problems import ProblemError

TOKEN_BYTES = 32


class RefreshReuseError(Exception):
    """A spent refresh token came back: its family must be revoked."""

    def __init__(self, token: RefreshToken) -> None:
        """Keep the spent token for the audit entry."""
        super().__init__("refresh token reused")
        self.token = token


@dataclass(frozen=True, slots=True)
class IssuedRefresh:
    """A new refresh token: the raw value (returned once) and its stored row."""

    raw: str
    row: RefreshToken


def digest(raw: str) -> str:
    """The stored form of a token (it has 256 random bits, so a fast hash is enough)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_raw() -> str:
    """A fresh opaque token value."""
    return secrets.token_urlsafe(TOKEN_BYTES)


async def issue(
    session: AsyncSession, *, user_id: int, now: datetime, expires_at: datetime, family_id: str | None = None
) -> IssuedRefresh:
    """Add a refresh token: a new family for a sign-in, or the next token of a family on rotation."""
    raw = _new_raw()
    row = RefreshToken(
        family_id=family_id or uuid.uuid4().hex,
        user_id=user_id,
        token_hash=digest(raw),
        issued_at=now,
        expires_at=expires_at,
    )
    session.add(row)
    await session.flush()
    return IssuedRefresh(raw, row)


def _refused(code: str, reason: str) -> ProblemError:
    """A 401 for a refresh token that cannot be used."""
    return ProblemError(401, code, extra={"reason": reason}, headers=BEARER_CHALLENGE)


async def find(session: AsyncSession, *, raw: str) -> RefreshToken | None:
    """The stored token for a raw value."""
    return await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == digest(raw)))


async def rotate(
    session: AsyncSession, *, raw: str, now: datetime, idle_seconds: int
) -> tuple[RefreshToken, IssuedRefresh]:
    """Spend a refresh token and issue its successor in the same family.

    Raises `RefreshReuseError` for a token already spent, and 401 problems for unknown, revoked or
    expired ones.
    """
    row = await find(session, raw=raw)
    if row is None:
        raise _refused("auth.invalid_token", "unknown refresh token")
    if row.replaced_by_id is not None:
        raise RefreshReuseError(row)
    if row.revoked_at is not None:
        raise _refused("auth.invalid_token", "refresh token revoked")
    if now >= row.expires_at:
        raise _refused("auth.token_expired", "refresh token past its absolute lifetime")
    if now - row.issued_at > timedelta(seconds=idle_seconds):
        raise _refused("auth.token_expired", "refresh token idle too long")
    # The successor inherits the family's absolute expiry: rotation never extends a sign-in.
    successor = await issue(session, user_id=row.user_id, now=now, expires_at=row.expires_at, family_id=row.family_id)
    # Conditional update: of two concurrent uses of one token, only one may win.
    spent = await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.id == row.id,
            RefreshToken.replaced_by_id.is_(None),
            RefreshToken.revoked_at.is_(None),
        )
        .values(replaced_by_id=successor.row.id, last_used_at=now)
        .execution_options(synchronize_session="fetch")
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        await session.delete(successor.row)
        raise RefreshReuseError(row)
    return row, successor


async def revoke_family(session: AsyncSession, *, family_id: str, now: datetime) -> int:
    """Revoke every live token of a family; returns how many were live."""
    result = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def revoke_user(session: AsyncSession, *, user_id: int, now: datetime) -> int:
    """Revoke every live token of a user (password change, reset, disable, role change)."""
    result = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
