"""Queries of the online sessions and the sign-in log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.admin.service import scoped_user_ids
from gateway.iam.models import SignInLog, User, UserSession
from gateway.iam.sessions import online_condition
from gateway.sessions.schemas import OnlineSession, SignInEntry
from platform_core.auth import Principal
from platform_core.pagination import PageParams, paginate
from platform_core.scope import is_province_level

#: The most rows one export writes (newest first); narrow the filters for older ones.
EXPORT_MAX_ROWS = 50_000


async def administers(session: AsyncSession, principal: Principal, user_id: int) -> bool:
    """Whether the user lies in the principal's scope (its sessions and sign-ins are the principal's to see)."""
    found = await session.scalar(scoped_user_ids(principal).where(User.id == user_id))
    return found is not None


async def online_sessions(
    session: AsyncSession,
    *,
    principal: Principal,
    page: PageParams,
    now: datetime,
    idle_seconds: int,
    keyword: str | None,
    current_sid: str | None,
) -> tuple[list[OnlineSession], int]:
    """A page of live sessions, most recently active first."""
    stmt: Select[Any] = (
        select(UserSession, User.username, User.display_name, User.region_code)
        .join(User, User.id == UserSession.user_id)
        .where(online_condition(now, idle_seconds), User.is_active.is_(True))
        .where(User.id.in_(scoped_user_ids(principal).scalar_subquery()))
    )
    if keyword:
        stmt = stmt.where(
            or_(User.username.contains(keyword, autoescape=True), User.display_name.contains(keyword, autoescape=True))
        )
    rows, total = await paginate(
        session, stmt.order_by(UserSession.last_active_at.desc(), UserSession.id), page, rows=True
    )
    items = [
        OnlineSession(
            id=s.id,
            user_id=s.user_id,
            username=username,
            display_name=display_name,
            region_code=region_code,
            started_at=s.started_at,
            last_active_at=s.last_active_at,
            expires_at=s.expires_at,
            address=s.address,
            user_agent=s.user_agent,
            current=s.id == current_sid,
        )
        for s, username, display_name, region_code in rows
    ]
    return items, total


@dataclass(frozen=True, slots=True)
class SignInFilters:
    """The sign-in log's filters (shared by the list and the export)."""

    username: str | None = None
    result: str | None = None
    address: str | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None

    def select(self, principal: Principal) -> Select[Any]:
        """The filtered log of the principal's region, newest first."""
        stmt = select(SignInLog)
        if not is_province_level(principal):
            # A city reads the sign-ins of its own users; attempts with unknown login names are the province's.
            stmt = stmt.where(SignInLog.user_id.in_(scoped_user_ids(principal).scalar_subquery()))
        if self.username:
            stmt = stmt.where(SignInLog.username.contains(self.username.strip().lower(), autoescape=True))
        if self.result:
            stmt = stmt.where(SignInLog.result == self.result)
        if self.address:
            stmt = stmt.where(SignInLog.address.startswith(self.address.strip(), autoescape=True))
        if self.occurred_from:
            stmt = stmt.where(SignInLog.occurred_at >= self.occurred_from)
        if self.occurred_to:
            stmt = stmt.where(SignInLog.occurred_at < self.occurred_to)
        return stmt.order_by(SignInLog.occurred_at.desc(), SignInLog.id.desc())


def sign_in_entry(row: SignInLog) -> SignInEntry:
    """A log row as the API shows it."""
    return SignInEntry.model_validate(row, from_attributes=True)


async def sign_in_page(
    session: AsyncSession, *, principal: Principal, filters: SignInFilters, page: PageParams
) -> tuple[list[SignInEntry], int]:
    """A page of the sign-in log."""
    rows, total = await paginate(session, filters.select(principal), page)
    return [sign_in_entry(r) for r in rows], total


async def sign_in_rows(session: AsyncSession, *, principal: Principal, filters: SignInFilters) -> list[SignInLog]:
    """The rows an export writes (at most `EXPORT_MAX_ROWS`)."""
    return list((await session.scalars(filters.select(principal).limit(EXPORT_MAX_ROWS))).all())


async def display_names(session: AsyncSession, user_ids: set[int]) -> dict[int, str]:
    """User id → 姓名, for the users given."""
    if not user_ids:
        return {}
    return {
        i: n for i, n in (await session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))).all()
    }
