"""Separation of duties (三员分立) as rules of the gateway, checked on every administration write.

- 系统管理员 (system administrator) manages business accounts: never an account of the three officers, never roles.
- 安全管理员 (security administrator) assigns roles and edits role permissions, but not its own role, not the three
  officers' roles or accounts, and never gives personal-data permissions to a role one of the officers holds.
- 审计员 (auditor) reads the audit log only.
- The officers' accounts are created, reset, enabled and disabled only on the server's command line (`gateway.cli`).

An officer account is one holding a role that carries an officer permission (`system:*`, `audit:*`) or one of the
three officer roles; a refusal is 403 problem+json with the reason in Chinese.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.iam.models import Role, User, UserRole
from platform_core.auth import Principal
from platform_core.permissions import (
    LABELS,
    OFFICER_ROLES,
    SENSITIVE_KINDS,
    is_officer_permission,
    is_personal_data,
    sensitivity,
)
from platform_core.problems import ProblemError

RULE = "separation_of_duties"

OFFICER_ACCOUNT = "三员账户（系统管理员、安全管理员、审计员）只能在服务器命令行创建、修改、停用和重置密码（三员分立）"
NO_ROLE_ASSIGNMENT = "系统管理员不能分配角色（三员分立），角色由安全管理员分配"
OFFICER_ROLE_ASSIGNMENT = "三员角色（系统管理员、安全管理员、审计员）只能在服务器命令行授予或收回（三员分立）"
OWN_ROLE = "不能修改本人所属的角色（三员分立）"
OFFICER_ROLE_EDIT = "三员角色（系统管理员、安全管理员、审计员）的权限不能在线修改（三员分立）"
OFFICER_PERMISSION = "系统管理、安全管理与审计权限只属于三员角色，不能授予业务角色（三员分立）"
PERSONAL_DATA_TO_OFFICER = "不能将个人信息权限授予三员（系统管理员、安全管理员、审计员）持有的角色（三员分立）"


def refused(detail: str, **extra: Any) -> ProblemError:
    """A 403 naming the separation-of-duties rule that refuses the action."""
    return ProblemError(403, "forbidden", detail, extra={"rule": RULE, **extra})


def is_officer_role(role: Role) -> bool:
    """Whether a role belongs to the three officers (by code, or by carrying an officer permission)."""
    return role.code in OFFICER_ROLES or any(is_officer_permission(p) for p in role.permissions)


async def officer_role_codes(session: AsyncSession) -> set[str]:
    """Codes of every role that makes its holder one of the three officers."""
    return {r.code for r in (await session.scalars(select(Role))).all() if is_officer_role(r)}


async def officer_ids(session: AsyncSession, user_ids: Iterable[int]) -> set[int]:
    """Which of these users hold an officer role."""
    ids = sorted(set(user_ids))
    if not ids:
        return set()
    codes = await officer_role_codes(session)
    rows = await session.scalars(
        select(UserRole.user_id).where(UserRole.user_id.in_(ids), UserRole.role_code.in_(sorted(codes))).distinct()
    )
    return set(rows.all())


async def is_officer(session: AsyncSession, *, user_id: int) -> bool:
    """Whether a user is one of the three officers."""
    return user_id in await officer_ids(session, [user_id])


async def roles_held_by_officers(session: AsyncSession) -> set[str]:
    """Codes of every role that at least one officer account holds."""
    codes = sorted(await officer_role_codes(session))
    officers = select(UserRole.user_id).where(UserRole.role_code.in_(codes))
    rows = await session.scalars(select(UserRole.role_code).where(UserRole.user_id.in_(officers)).distinct())
    return set(rows.all()) | set(OFFICER_ROLES)


# --- the system administrator: business accounts only ----------------------------------------------


async def ensure_business_account(session: AsyncSession, *, user: User) -> None:
    """Refuse an online write on an officer's account (they are managed on the command line)."""
    if await is_officer(session, user_id=user.id):
        raise refused(OFFICER_ACCOUNT)


def ensure_no_role_assignment(role_codes: list[str] | None) -> None:
    """Refuse roles in an account write: roles are assigned apart, by the security administrator."""
    if role_codes:
        raise refused(NO_ROLE_ASSIGNMENT, field="role_codes")


# --- the security administrator: roles of business accounts ------------------------------------------


async def ensure_assignable(
    session: AsyncSession, *, principal: Principal, user: User, old: list[str], new: list[str]
) -> None:
    """Refuse a role assignment on oneself, on an officer's account, or of an officer role."""
    if user.id == principal.user_id:
        raise refused("不能修改本人的角色（三员分立）")
    if await is_officer(session, user_id=user.id):
        raise refused(OFFICER_ACCOUNT)
    officer_codes = await officer_role_codes(session) | set(OFFICER_ROLES)
    if officer_codes & (set(old) ^ set(new)):
        raise refused(OFFICER_ROLE_ASSIGNMENT, field="role_codes")


async def ensure_role_editable(
    session: AsyncSession, *, principal: Principal, role: Role, permissions: list[str] | None
) -> None:
    """Refuse an edit of one's own role or an officer role, officer permissions on a business role,
    and personal-data permissions on a role an officer holds."""
    if role.code in principal.roles:
        raise refused(OWN_ROLE)
    if is_officer_role(role):
        raise refused(OFFICER_ROLE_EDIT)
    if permissions is None:
        return
    added = sorted(set(permissions) - set(role.permissions))
    officer = [p for p in added if is_officer_permission(p)]
    if officer:
        raise refused(OFFICER_PERMISSION, field="permissions", permissions=officer)
    personal = [p for p in added if is_personal_data(p)]
    if personal and role.code in await roles_held_by_officers(session):
        raise refused(PERSONAL_DATA_TO_OFFICER, field="permissions", permissions=personal)


# --- sensitive permissions ------------------------------------------------------------------------------


def sensitive_of(permissions: Iterable[str]) -> dict[str, list[str]]:
    """The sensitive permissions among these, by kind (kinds with none left out)."""
    found: dict[str, list[str]] = {}
    for code in sorted(set(permissions)):
        kind = sensitivity(code)
        if kind is not None:
            found.setdefault(kind, []).append(code)
    return found


def names(permissions: list[str]) -> list[str]:
    """The Chinese names of permissions, in their order (a code without a name stays as it is)."""
    return [LABELS.get(p, p) for p in permissions]


def describe(permissions: list[str]) -> str:
    """Permissions by name, joined for an audit detail the auditor reads."""
    return "、".join(names(permissions))


def kinds_text(found: dict[str, list[str]]) -> str:
    """The Chinese names of the kinds, e.g. 「个人信息、审计」."""
    return "、".join(SENSITIVE_KINDS[k] for k in found)
