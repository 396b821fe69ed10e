"""Administration writes: each checks everything first, then changes rows and writes its audit entry.

Nothing here commits: the router commits once per request (`service.commit`), so the change and its
audit entry land together or not at all.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.admin import duties, service
from gateway.admin.schemas import ClientCreate, RoleUpdate, UnitCreate, UnitUpdate, UserCreate, UserUpdate
from gateway.iam import password_rules, sessions
from gateway.iam import service as iam_service
from gateway.iam.dependencies import audit_trail
from gateway.iam.models import MachineClient, Role, Unit, User
from gateway.iam.passwords import generate_temporary_password, hash_password_async, policy_violations
from gateway.settings import GatewaySettings
from platform_core.auth import Principal
from platform_core.problems import ProblemError, field_error
from platform_core.scope import DataScope, ensure_province_level

#: Changes that alter what a user's tokens carry: refresh tokens minted before them must not live on.
GRANT_FIELDS = ("role_codes", "region_code", "unit_id", "enterprise_uscc")


def _duplicate(field: str, message: str) -> ProblemError:
    """A 409 naming the field whose value is taken."""
    return ProblemError(
        409, "conflict", message, errors=[{"field": field, "location": "body", "message": message, "code": "duplicate"}]
    )


def _required(changes: dict[str, Any], fields: tuple[str, ...]) -> None:
    """Refuse an explicit null for a field that cannot be empty."""
    for name in fields:
        if name in changes and changes[name] is None:
            raise field_error(name, "不能为空", code="missing")


# --- users ----------------------------------------------------------------------------------------


async def create_user(
    session: AsyncSession, *, principal: Principal, body: UserCreate, settings: GatewaySettings, now: datetime
) -> User:
    """Add a business account (without roles: the security administrator assigns them) online."""
    duties.ensure_no_role_assignment(body.role_codes)
    return await add_user(session, principal=principal, body=body, settings=settings, now=now)


async def add_user(
    session: AsyncSession,
    *,
    principal: Principal,
    body: UserCreate,
    settings: GatewaySettings,
    now: datetime,
    detail: str | None = None,
) -> User:
    """Add a user with its roles; the initial password must be changed at first sign-in."""
    if await iam_service.get_user_by_username(session, username=body.username) is not None:
        raise _duplicate("username", "登录名已存在")
    await service.writable_region(session, principal=principal, code=body.region_code, field="region_code")
    if body.unit_id is not None:
        await service.usable_unit(session, principal=principal, unit_id=body.unit_id)
    roles = await service.check_roles_assignable(session, codes=body.role_codes)
    problems = policy_violations(body.password, min_length=settings.password_min_length, username=body.username)
    if problems:
        raise service.refuse("password", problems, "password_policy")
    password_hash = await hash_password_async(body.password)
    user = User(
        username=body.username,
        display_name=body.display_name,
        password_hash=password_hash,
        region_code=body.region_code,
        unit_id=body.unit_id,
        enterprise_uscc=body.enterprise_uscc,
        phone=body.phone,
        is_active=True,
        failed_login_count=0,
        must_change_password=True,
        password_changed_at=now,
    )
    session.add(user)
    await session.flush()
    await service.set_roles(session, user_id=user.id, codes=body.role_codes)
    await password_rules.remember(
        session, user=user, password_hash=password_hash, now=now, keep=settings.password_history_count
    )
    await audit_trail.record(
        session,
        principal=principal,
        action="user.create",
        entity_type="user",
        entity_id=user.id,
        region_code=user.region_code,
        after=iam_service.user_snapshot(user, body.role_codes),
        detail=detail,
    )
    await audit_sensitive_for_user(session, principal=principal, user=user, old_roles=[], new_roles=roles)
    return user


async def update_user(
    session: AsyncSession, *, principal: Principal, user: User, body: UserUpdate, now: datetime
) -> User:
    """Change a business account's profile, region or unit; new grants end the user's sign-ins."""
    changes = body.model_dump(exclude_unset=True)
    _required(changes, ("display_name", "region_code"))
    await duties.ensure_business_account(session, user=user)
    old_roles = sorted(r.code for r in await iam_service.roles_of(session, user_id=user.id))
    new_roles = sorted(set(changes.pop("role_codes") or [])) if "role_codes" in changes else old_roles
    if new_roles != old_roles:
        raise duties.refused(duties.NO_ROLE_ASSIGNMENT, field="role_codes")
    if changes.get("region_code") not in (None, user.region_code):
        await service.writable_region(session, principal=principal, code=changes["region_code"], field="region_code")
    if changes.get("unit_id") not in (None, user.unit_id):
        await service.usable_unit(session, principal=principal, unit_id=changes["unit_id"])

    before = iam_service.user_snapshot(user, old_roles)
    for name, value in changes.items():
        setattr(user, name, value)
    after = iam_service.user_snapshot(user, new_roles)
    if after == before:
        return user
    after["version"] = user.version
    if any(before[k] != after[k] for k in GRANT_FIELDS):
        await sessions.end_all(session, user_id=user.id, now=now, reason="grants_changed")
    await audit_trail.record(
        session,
        principal=principal,
        action="user.update",
        entity_type="user",
        entity_id=user.id,
        region_code=user.region_code,
        before=before,
        after=after,
    )
    return user


async def user_event(
    session: AsyncSession, *, principal: Principal, user: User, action: str, detail: str, before: dict[str, Any]
) -> None:
    """Audit an action on a user (its row's version moves with the change at flush)."""
    await audit_trail.record(
        session,
        principal=principal,
        action=action,
        entity_type="user",
        entity_id=user.id,
        region_code=user.region_code,
        before=before,
        after=iam_service.user_snapshot(user),
        detail=detail,
    )


async def set_user_active(
    session: AsyncSession, *, principal: Principal, user: User, active: bool, now: datetime
) -> User:
    """Enable or disable a user; disabling ends every sign-in at once."""
    if not active and user.id == principal.user_id:
        raise ProblemError(403, "forbidden", "不能停用本人账户")
    await duties.ensure_business_account(session, user=user)
    if user.is_active == active:
        return user
    before = iam_service.user_snapshot(user)
    user.is_active = active
    if not active:
        await sessions.end_all(session, user_id=user.id, now=now, reason="disabled")
    await user_event(
        session,
        principal=principal,
        user=user,
        action="user.enable" if active else "user.disable",
        detail="启用用户" if active else "停用用户",
        before=before,
    )
    return user


async def unlock_user(session: AsyncSession, *, principal: Principal, user: User) -> User:
    """Lift a sign-in lockout and reset the failure count."""
    await duties.ensure_business_account(session, user=user)
    before = iam_service.user_snapshot(user)
    user.locked_until = None
    user.failed_login_count = 0
    await user_event(
        session, principal=principal, user=user, action="user.unlock", detail="解除登录锁定", before=before
    )
    return user


async def reset_password(
    session: AsyncSession, *, principal: Principal, user: User, now: datetime, settings: GatewaySettings
) -> str:
    """Give a business account a temporary password (returned once, never recorded) and end every sign-in."""
    if user.id == principal.user_id:
        raise ProblemError(403, "forbidden", "请通过“修改密码”更改本人密码")
    await duties.ensure_business_account(session, user=user)
    before = iam_service.user_snapshot(user)
    temporary = generate_temporary_password()
    temporary_hash = await hash_password_async(temporary)
    await password_rules.remember(
        session, user=user, password_hash=temporary_hash, now=now, keep=settings.password_history_count
    )
    user.password_hash = temporary_hash
    user.must_change_password = True
    user.password_changed_at = now
    user.locked_until = None
    user.failed_login_count = 0
    await sessions.end_all(session, user_id=user.id, now=now, reason="password_reset")
    await user_event(
        session,
        principal=principal,
        user=user,
        action="user.reset_password",
        detail="重置密码（临时密码不记录）",
        before=before,
    )
    return temporary


async def assign_roles(
    session: AsyncSession, *, principal: Principal, user: User, role_codes: list[str], now: datetime
) -> User:
    """Replace a business account's roles (the security administrator's duty); ends the user's sign-ins."""
    old_roles = await iam_service.roles_of(session, user_id=user.id)
    old = sorted(r.code for r in old_roles)
    new = sorted(set(role_codes))
    await duties.ensure_assignable(session, principal=principal, user=user, old=old, new=new)
    if new == old:
        return user
    new_roles = await service.check_roles_assignable(session, codes=new)
    before = iam_service.user_snapshot(user, old)
    # The roles live in their own table: touching the row moves the user's version (its ETag) too. First, so
    # that of concurrent assignments with one ETag the versioned UPDATE lets one through and answers the
    # others 412 before they touch the role rows.
    user.updated_at = now
    await session.flush()
    await service.set_roles(session, user_id=user.id, codes=new)
    await sessions.end_all(session, user_id=user.id, now=now, reason="grants_changed")
    await audit_trail.record(
        session,
        principal=principal,
        action="user.assign_roles",
        entity_type="user",
        entity_id=user.id,
        region_code=user.region_code,
        before=before,
        after=iam_service.user_snapshot(user, new),
        detail=f"分配角色：{'、'.join(r.name for r in new_roles) or '无'}",
    )
    await audit_sensitive_for_user(session, principal=principal, user=user, old_roles=old_roles, new_roles=new_roles)
    return user


#: The audit actions of sensitive permissions: (action, granted, the verb of its detail).
SENSITIVE_ACTIONS = (("role.sensitive_grant", True, "授予"), ("role.sensitive_revoke", False, "收回"))
#: Who gains or loses sensitive permissions, for an audit entry: (entity type, id, region, whom in words).
Holder = tuple[str, str | int, str | None, Callable[[bool, list[str]], tuple[str, dict[str, Any]]]]


async def _audit_sensitive(
    session: AsyncSession, *, principal: Principal | None, holder: Holder, before: set[str], after: set[str]
) -> None:
    """One audit entry of its own for the sensitive permissions gained, one for those lost."""
    entity_type, entity_id, region_code, whom = holder
    for action, granted, verb in SENSITIVE_ACTIONS:
        found = duties.sensitive_of(after - before if granted else before - after)
        if not found:
            continue
        codes = [p for kind in found.values() for p in kind]
        target, facts = whom(granted, codes)
        await audit_trail.record(
            session,
            principal=principal,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            region_code=region_code,
            after={**facts, "permissions": codes, "permission_names": duties.names(codes), "kinds": sorted(found)},
            detail=f"{target}{verb}敏感权限（{duties.kinds_text(found)}）：{duties.describe(codes)}"[:500],
        )


async def audit_sensitive_for_user(
    session: AsyncSession, *, principal: Principal | None, user: User, old_roles: list[Role], new_roles: list[Role]
) -> None:
    """Audit the sensitive permissions a user gains or loses through a change of roles."""

    def whom(granted: bool, codes: list[str]) -> tuple[str, dict[str, Any]]:
        carriers = sorted(
            (r for r in (new_roles if granted else old_roles) if set(r.permissions) & set(codes)), key=lambda r: r.code
        )
        facts = {"username": user.username, "roles": [r.code for r in carriers]}
        names = "、".join(f"「{r.name}」" for r in carriers)
        return f"通过角色{names}{'向' if granted else '从'}用户 {user.username}（{user.display_name}）", facts

    await _audit_sensitive(
        session,
        principal=principal,
        holder=("user", user.id, user.region_code, whom),
        before={p for r in old_roles for p in r.permissions},
        after={p for r in new_roles for p in r.permissions},
    )


# --- roles ----------------------------------------------------------------------------------------


async def update_role(session: AsyncSession, *, principal: Principal, role: Role, body: RoleUpdate) -> Role:
    """Change a business role's name, permissions (catalogue only, duties kept apart) or data scope."""
    # A role means the same in every city of the installation: only the province changes its definition.
    ensure_province_level(principal, next(iter(body.model_dump(exclude_unset=True)), "permissions"))
    permissions = sorted(set(body.permissions)) if body.permissions is not None else None
    await duties.ensure_role_editable(session, principal=principal, role=role, permissions=permissions)
    if permissions is not None:
        problems = service.role_permission_problems(permissions)
        if problems:
            raise service.refuse("permissions", problems, "invalid_permission")
        await service.check_role_change_keeps_duties(session, role=role, permissions=permissions)
    before = service.role_snapshot(role)
    if permissions is not None:
        role.permissions = permissions
    if body.data_scope is not None:
        role.data_scope = body.data_scope.value
    if body.name is not None:
        role.name = body.name
    after = service.role_snapshot(role)
    if after == before:
        return role
    after["version"] = role.version
    await audit_trail.record(
        session,
        principal=principal,
        action="role.update",
        entity_type="role",
        entity_id=role.code,
        before=before,
        after=after,
    )

    def whom(granted: bool, _codes: list[str]) -> tuple[str, dict[str, Any]]:
        return f"{'向' if granted else '从'}角色「{role.name}」", {"role": role.code, "role_name": role.name}

    await _audit_sensitive(
        session,
        principal=principal,
        holder=("role", role.code, None, whom),
        before=set(before["permissions"]),
        after=set(after["permissions"]),
    )
    return role


# --- units ----------------------------------------------------------------------------------------


async def create_unit(session: AsyncSession, *, principal: Principal, body: UnitCreate) -> Unit:
    """Add a unit in a region the caller may write to."""
    if await session.scalar(select(Unit.id).where(Unit.code == body.code)) is not None:
        raise _duplicate("code", "单位编码已存在")
    await service.writable_region(session, principal=principal, code=body.region_code, field="region_code")
    unit = Unit(code=body.code, name=body.name, kind=body.kind, region_code=body.region_code, is_active=True)
    session.add(unit)
    await session.flush()
    await audit_trail.record(
        session,
        principal=principal,
        action="unit.create",
        entity_type="unit",
        entity_id=unit.id,
        region_code=unit.region_code,
        after=service.unit_snapshot(unit),
    )
    return unit


async def update_unit(session: AsyncSession, *, principal: Principal, unit: Unit, body: UnitUpdate) -> Unit:
    """Change a unit's name, kind, region or state."""
    changes = body.model_dump(exclude_unset=True)
    _required(changes, ("name", "kind", "region_code", "is_active"))
    if changes.get("region_code") not in (None, unit.region_code):
        await service.writable_region(session, principal=principal, code=changes["region_code"], field="region_code")
    before = service.unit_snapshot(unit)
    for name, value in changes.items():
        setattr(unit, name, value)
    after = service.unit_snapshot(unit)
    if after == before:
        return unit
    after["version"] = unit.version
    await audit_trail.record(
        session,
        principal=principal,
        action="unit.update",
        entity_type="unit",
        entity_id=unit.id,
        region_code=unit.region_code,
        before=before,
        after=after,
    )
    return unit


# --- machine clients ------------------------------------------------------------------------------


async def create_client(
    session: AsyncSession, *, principal: Principal, body: ClientCreate
) -> tuple[MachineClient, str]:
    """Register a read-only machine client; returns it with its secret (stored only as a hash)."""
    # Machine clients are the province's systems: registered and switched at province level only.
    ensure_province_level(principal, "client_id")
    if await iam_service.get_client(session, client_id=body.client_id) is not None:
        raise _duplicate("client_id", "客户端标识已存在")
    problems = service.client_permission_problems(body.permissions)
    if problems:
        raise service.refuse("permissions", problems, "invalid_permission")
    if body.data_scope not in service.CLIENT_SCOPES:
        raise field_error("data_scope", "接入客户端的数据范围只能是 ALL、REGION_AND_BELOW 或 REGION", code="invalid")
    await service.writable_region(session, principal=principal, code=body.region_code, field="region_code")
    secret = secrets.token_urlsafe(32)
    client = MachineClient(
        client_id=body.client_id,
        name=body.name,
        secret_hash=await hash_password_async(secret),
        permissions=sorted(set(body.permissions)),
        data_scope=DataScope(body.data_scope).value,
        region_code=body.region_code,
        is_active=True,
    )
    session.add(client)
    await session.flush()
    await audit_trail.record(
        session,
        principal=principal,
        action="client.create",
        entity_type="machine_client",
        entity_id=client.client_id,
        region_code=client.region_code,
        after=service.client_snapshot(client),
    )
    return client, secret


async def set_client_active(
    session: AsyncSession, *, principal: Principal, client: MachineClient, active: bool
) -> MachineClient:
    """Enable or disable a machine client (a disabled one gets no new tokens)."""
    ensure_province_level(principal, "client_id")
    if client.is_active == active:
        return client
    before = service.client_snapshot(client)
    client.is_active = active
    await audit_trail.record(
        session,
        principal=principal,
        action="client.enable" if active else "client.disable",
        entity_type="machine_client",
        entity_id=client.client_id,
        region_code=client.region_code,
        before=before,
        after=service.client_snapshot(client),
    )
    return client
