"""Data access and rules of identity administration: scoped queries, grants, separation of duties."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy import ColumnElement, Select, String, cast, exists, false, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from gateway.admin import duties
from gateway.admin.schemas import ClientOut, PersonEntry, RoleOut, UnitEntry, UnitOut, UserOut
from gateway.iam.models import IdempotencyRecord, MachineClient, Region, Role, Unit, User, UserRole
from gateway.iam.schemas import RoleRef
from gateway.iam.service import roles_by_code
from platform_core.auth import Principal
from platform_core.idempotency import IdempotencyStore, Outcome
from platform_core.pagination import PageParams, paginate, parse_sort
from platform_core.permissions import ALL_CODES
from platform_core.problems import ProblemError, field_error
from platform_core.scope import DataScope, ScopeColumns, ensure_region_writable, scope_condition

idempotency = IdempotencyStore(IdempotencyRecord)

AUDIT_PERMISSION = "audit:log:list"
#: Every audit permission (the audit log, the sign-in log) belongs to the auditor's duty alone.
AUDIT_PREFIX = "audit:"
GRANT_PERMISSION = "system:role:update"
USER_ADMIN_PERMISSIONS = frozenset({"system:user:create", "system:user:update"})
#: Scopes a machine client may have: unit and self scopes describe people, not systems.
CLIENT_SCOPES = frozenset({DataScope.ALL, DataScope.REGION_AND_BELOW, DataScope.REGION})


# --- separation of duties (三员分立) -------------------------------------------------------------


def duty_conflicts(permissions: set[str]) -> list[str]:
    """Why one person may not hold these permissions together (empty when they may)."""
    problems: list[str] = []
    audits = any(p.startswith(AUDIT_PREFIX) for p in permissions)
    if audits and any(p.startswith("system:") for p in permissions):
        problems.append("审计权限不能与系统管理或安全管理权限授予同一人（三员分立）")
    if GRANT_PERMISSION in permissions and permissions & USER_ADMIN_PERMISSIONS:
        problems.append("角色授权权限不能与用户管理权限授予同一人（三员分立）")
    return problems


def role_permission_problems(permissions: list[str]) -> list[str]:
    """Why a role may not carry this permission set (empty when it may)."""
    granted = set(permissions)
    problems: list[str] = []
    unknown = sorted(granted - ALL_CODES)
    if unknown:
        problems.append(f"未知权限：{', '.join(unknown)}")
    machine_only = sorted(p for p in granted if p.startswith("open:"))
    if machine_only:
        problems.append(f"开放接口权限只能授予接入客户端：{', '.join(machine_only)}")
    if any(p.startswith(AUDIT_PREFIX) for p in granted) and any(not p.startswith(AUDIT_PREFIX) for p in granted):
        problems.append("审计角色只能拥有审计权限（审计日志、登录日志）（三员分立）")
    return problems + duty_conflicts(granted)


def client_permission_problems(permissions: list[str]) -> list[str]:
    """Why a machine client may not carry these permissions: only read-only `open:` ones are allowed."""
    bad = sorted(
        p for p in set(permissions) if p not in ALL_CODES or not p.startswith("open:") or not p.endswith(":read")
    )
    return [f"接入客户端只能拥有开放接口只读权限：{', '.join(bad)}"] if bad else []


def refuse(field: str, problems: list[str], code: str) -> ProblemError:
    """A 422 naming the field with every reason."""
    return ProblemError(
        422,
        "validation_failed",
        "；".join(problems),
        errors=[{"field": field, "location": "body", "message": m, "code": code} for m in problems],
    )


async def check_roles_assignable(session: AsyncSession, *, codes: list[str]) -> list[Role]:
    """The roles for codes, refusing unknown codes and combinations that break separation of duties."""
    found = await roles_by_code(session, codes=sorted(set(codes)))
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise refuse("role_codes", [f"角色不存在：{', '.join(unknown)}"], "unknown_role")
    roles = list(found.values())
    conflicts = duty_conflicts({p for r in roles for p in r.permissions})
    if conflicts:
        raise refuse("role_codes", conflicts, "separation_of_duties")
    return roles


async def check_role_change_keeps_duties(session: AsyncSession, *, role: Role, permissions: list[str]) -> None:
    """Refuse a role change that would give some holder of the role a forbidden combination."""
    holders = select(UserRole.user_id).where(UserRole.role_code == role.code)
    rows = await session.execute(
        select(UserRole.user_id, Role.code, Role.permissions)
        .join(Role, Role.code == UserRole.role_code)
        .where(UserRole.user_id.in_(holders), Role.code != role.code)
    )
    others: dict[int, set[str]] = {}
    for user_id, _code, perms in rows:
        others.setdefault(user_id, set()).update(perms)
    for user_id, perms in others.items():
        conflicts = duty_conflicts(perms | set(permissions))
        if conflicts:
            raise refuse("permissions", [f"用户{user_id}同时持有其他角色：{conflicts[0]}"], "separation_of_duties")


# --- regions and units ----------------------------------------------------------------------------


async def writable_region(session: AsyncSession, *, principal: Principal, code: str, field: str) -> Region:
    """An active region the principal may place records in (422 unknown, 403 outside the scope)."""
    region = await session.get(Region, code)
    if region is None or not region.is_active:
        raise field_error(field, "行政区划不存在或已停用", code="unknown_region")
    ensure_region_writable(principal, region.path, region.code, field)
    return region


async def usable_unit(session: AsyncSession, *, principal: Principal, unit_id: int) -> Unit:
    """An active unit inside the caller's scope (422 unknown or disabled, 403 another city's, naming `unit_id`)."""
    unit = await session.get(Unit, unit_id)
    if unit is None or not unit.is_active:
        raise field_error("unit_id", "单位不存在或已停用", code="unknown_unit")
    region = await session.get(Region, unit.region_code)
    ensure_region_writable(principal, region.path if region else "", unit.region_code, "unit_id")
    return unit


async def region_names(session: AsyncSession, codes: set[str]) -> dict[str, str]:
    """Names of regions by code."""
    if not codes:
        return {}
    rows = await session.execute(select(Region.code, Region.name).where(Region.code.in_(codes)))
    return {code: name for code, name in rows.all()}


async def unit_names(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    """Names of units by id."""
    if not ids:
        return {}
    rows = await session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids)))
    return {uid: name for uid, name in rows.all()}


def region_scope(
    principal: Principal, *, region_code: Any, unit_id: Any = None, owner: Any = None
) -> ColumnElement[bool]:
    """Rows whose region (joined as `Region`) lies in the principal's data scope."""
    return scope_condition(
        principal,
        ScopeColumns(region_path=Region.path, region_code=region_code, unit_ids=unit_id, owner_user_id=owner),
    )


def scoped_user_ids(principal: Principal) -> Select[tuple[int]]:
    """Ids of the users the principal may administer (by the user's region), for sessions and logs."""
    return (
        select(User.id)
        .join(Region, Region.code == User.region_code)
        .where(region_scope(principal, region_code=User.region_code, unit_id=User.unit_id, owner=User.id))
    )


def audit_actors(model: Any, principal: Principal) -> ColumnElement[bool]:
    """Gateway audit entries written by a user or a machine client the principal may administer."""
    users = select(literal("user:").concat(cast(User.id, String))).join(Region, Region.code == User.region_code)
    users = users.where(region_scope(principal, region_code=User.region_code, unit_id=User.unit_id, owner=User.id))
    clients = select(literal("client:").concat(MachineClient.client_id)).join(
        Region, Region.code == MachineClient.region_code
    )
    clients = clients.where(region_scope(principal, region_code=MachineClient.region_code))
    return or_(model.actor.in_(users.scalar_subquery()), model.actor.in_(clients.scalar_subquery()))


# --- users ----------------------------------------------------------------------------------------

USER_SORTS = {
    "id": User.id,
    "username": User.username,
    "created_at": User.created_at,
    "last_login_at": User.last_login_at,
}


def scoped_users(principal: Principal) -> Select[tuple[User]]:
    """Users the principal may see (by the user's region, deny by default)."""
    return (
        select(User)
        .join(Region, Region.code == User.region_code)
        .where(region_scope(principal, region_code=User.region_code, unit_id=User.unit_id, owner=User.id))
    )


async def find_user(session: AsyncSession, *, principal: Principal, user_id: int) -> User | None:
    """A user inside the principal's scope."""
    stmt = scoped_users(principal).where(User.id == user_id).execution_options(populate_existing=True)
    return await session.scalar(stmt)


async def list_users(
    session: AsyncSession,
    *,
    principal: Principal,
    page: PageParams,
    keyword: str | None,
    region_code: str | None,
    unit_id: int | None,
    role_code: str | None,
    is_active: bool | None,
    sort: str | None,
) -> tuple[list[User], int]:
    """A page of users in scope, filtered."""
    stmt = scoped_users(principal)
    if keyword:
        stmt = stmt.where(
            or_(User.username.contains(keyword, autoescape=True), User.display_name.contains(keyword, autoescape=True))
        )
    if region_code:
        region = await session.get(Region, region_code)
        stmt = stmt.where(Region.path.startswith(region.path, autoescape=True)) if region else stmt.where(false())
    if unit_id is not None:
        stmt = stmt.where(User.unit_id == unit_id)
    if role_code:
        stmt = stmt.where(exists().where(UserRole.user_id == User.id, UserRole.role_code == role_code))
    if is_active is not None:
        stmt = stmt.where(User.is_active.is_(is_active))
    stmt = stmt.order_by(*parse_sort(sort, USER_SORTS, [User.id.asc()]))
    return await paginate(session, stmt, page)


async def role_refs(session: AsyncSession, user_ids: list[int]) -> dict[int, list[RoleRef]]:
    """The roles of several users at once."""
    if not user_ids:
        return {}
    rows = await session.execute(
        select(UserRole.user_id, Role.code, Role.name)
        .join(Role, Role.code == UserRole.role_code)
        .where(UserRole.user_id.in_(user_ids))
        .order_by(Role.code)
    )
    out: dict[int, list[RoleRef]] = {}
    for user_id, code, name in rows.all():
        out.setdefault(user_id, []).append(RoleRef(code=code, name=name))
    return out


async def user_outs(session: AsyncSession, users: list[User], *, now: datetime) -> list[UserOut]:
    """Users with role, region and unit names resolved in three queries."""
    roles = await role_refs(session, [u.id for u in users])
    officers = await duties.officer_ids(session, [u.id for u in users])
    regions = await region_names(session, {u.region_code for u in users})
    units = await unit_names(session, {u.unit_id for u in users if u.unit_id is not None})
    return [
        UserOut(
            id=u.id,
            username=u.username,
            display_name=u.display_name,
            region_code=u.region_code,
            region_name=regions.get(u.region_code),
            unit_id=u.unit_id,
            unit_name=units.get(u.unit_id) if u.unit_id is not None else None,
            enterprise_uscc=u.enterprise_uscc,
            phone=u.phone,
            is_active=u.is_active,
            is_locked=u.locked_until is not None and u.locked_until > now,
            locked_until=u.locked_until,
            failed_login_count=u.failed_login_count,
            must_change_password=u.must_change_password,
            password_changed_at=u.password_changed_at,
            last_login_at=u.last_login_at,
            roles=roles.get(u.id, []),
            is_officer=u.id in officers,
            version=u.version,
            created_at=u.created_at,
            updated_at=u.updated_at,
        )
        for u in users
    ]


async def user_out(session: AsyncSession, user: User, *, now: datetime) -> UserOut:
    """One user for a response."""
    return (await user_outs(session, [user], now=now))[0]


async def set_roles(session: AsyncSession, *, user_id: int, codes: list[str]) -> None:
    """Replace the roles of a user."""
    current = set(await session.scalars(select(UserRole.role_code).where(UserRole.user_id == user_id)))
    wanted = set(codes)
    for code in current - wanted:
        link = await session.get(UserRole, (user_id, code))
        if link is not None:
            await session.delete(link)
    for code in sorted(wanted - current):
        session.add(UserRole(user_id=user_id, role_code=code))
    await session.flush()


# --- roles, units, clients ------------------------------------------------------------------------


def role_snapshot(role: Role) -> dict[str, Any]:
    """A role as the audit log records it."""
    return {
        "code": role.code,
        "name": role.name,
        "permissions": sorted(role.permissions),
        "data_scope": role.data_scope,
        "version": role.version,
    }


def role_out(role: Role, *, held_by_officers: set[str]) -> RoleOut:
    """One role for a response, with what separation of duties says about editing it."""
    out = RoleOut.model_validate(role)
    out.is_officer_role = duties.is_officer_role(role)
    out.held_by_officer = role.code in held_by_officers
    return out


UNIT_SORTS = {"id": Unit.id, "code": Unit.code, "name": Unit.name, "region_code": Unit.region_code}


def scoped_units(principal: Principal) -> Select[tuple[Unit]]:
    """Units the principal may see (by the unit's region)."""
    return (
        select(Unit)
        .join(Region, Region.code == Unit.region_code)
        .where(region_scope(principal, region_code=Unit.region_code, unit_id=Unit.id))
    )


async def find_unit(session: AsyncSession, *, principal: Principal, unit_id: int) -> Unit | None:
    """A unit inside the principal's scope."""
    return await session.scalar(
        scoped_units(principal).where(Unit.id == unit_id).execution_options(populate_existing=True)
    )


async def list_units(
    session: AsyncSession,
    *,
    principal: Principal,
    page: PageParams,
    keyword: str | None,
    region_code: str | None,
    kind: str | None,
    is_active: bool | None,
    sort: str | None,
) -> tuple[list[Unit], int]:
    """A page of units in scope, filtered."""
    stmt = scoped_units(principal)
    if keyword:
        stmt = stmt.where(
            or_(Unit.name.contains(keyword, autoescape=True), Unit.code.contains(keyword, autoescape=True))
        )
    if region_code:
        stmt = stmt.where(Unit.region_code == region_code)
    if kind:
        stmt = stmt.where(Unit.kind == kind)
    if is_active is not None:
        stmt = stmt.where(Unit.is_active.is_(is_active))
    stmt = stmt.order_by(*parse_sort(sort, UNIT_SORTS, [Unit.region_code.asc(), Unit.id.asc()]))
    return await paginate(session, stmt, page)


def regions_above(principal: Principal) -> list[str]:
    """The caller's own region and those above it up to its city (the codes of its materialised path).

    The province is left out: its 商务厅 and staff are not a city's to assign cases to or pair with enterprises
    (a caller at the province reaches them through its own scope).
    """
    return [code for code in (principal.region_path or "").split("/") if code and not code.endswith("0000")]


async def unit_directory(
    session: AsyncSession,
    *,
    principal: Principal,
    page: PageParams,
    keyword: str | None,
    region_code: str | None,
    ids: list[int] | None = None,
) -> tuple[list[UnitEntry], int]:
    """A page of the active units in scope or above it (a county assigns to city departments), by region and name."""
    above = regions_above(principal)
    visible = region_scope(principal, region_code=Unit.region_code, unit_id=Unit.id)
    if above and principal.data_scopes & {DataScope.REGION_AND_BELOW, DataScope.REGION}:
        visible = or_(visible, Unit.region_code.in_(above))
    stmt = select(Unit).join(Region, Region.code == Unit.region_code).where(visible, Unit.is_active.is_(True))
    if keyword:
        stmt = stmt.where(Unit.name.contains(keyword, autoescape=True))
    if region_code:
        stmt = stmt.where(Unit.region_code == region_code)
    if ids:
        stmt = stmt.where(Unit.id.in_(ids))
    rows, total = await paginate(session, stmt.order_by(Unit.region_code, Unit.name, Unit.id), page)
    names = await region_names(session, {u.region_code for u in rows})
    entries = [
        UnitEntry(id=u.id, name=u.name, kind=u.kind, region_code=u.region_code, region_name=names.get(u.region_code))
        for u in rows
    ]
    return entries, total


async def people_directory(
    session: AsyncSession,
    *,
    principal: Principal,
    page: PageParams,
    keyword: str | None,
    ids: list[int] | None = None,
) -> tuple[list[PersonEntry], int]:
    """A page of the active staff accounts in scope or above it (a county pairs a city leader), by name."""
    above = regions_above(principal)
    visible = region_scope(principal, region_code=User.region_code, unit_id=User.unit_id)
    if above and principal.data_scopes & {DataScope.REGION_AND_BELOW, DataScope.REGION}:
        visible = or_(visible, User.region_code.in_(above))
    # Enterprise contacts have accounts too, but nobody is paired with an enterprise on its behalf.
    stmt = (
        select(User, Unit.name)
        .join(Region, Region.code == User.region_code)
        .outerjoin(Unit, Unit.id == User.unit_id)
        .where(visible, User.is_active.is_(True), User.enterprise_uscc.is_(None))
    )
    if keyword:
        stmt = stmt.where(User.display_name.contains(keyword, autoescape=True))
    if ids:
        stmt = stmt.where(User.id.in_(ids))
    rows, total = await paginate(session, stmt.order_by(User.region_code, User.display_name, User.id), page, rows=True)
    names = await region_names(session, {u.region_code for u, _ in rows})
    entries = [
        PersonEntry(
            id=u.id,
            name=u.display_name,
            unit_id=u.unit_id,
            unit_name=unit_name,
            region_code=u.region_code,
            region_name=names.get(u.region_code),
        )
        for u, unit_name in rows
    ]
    return entries, total


async def unit_outs(session: AsyncSession, units: list[Unit]) -> list[UnitOut]:
    """Units with their region names."""
    names = await region_names(session, {u.region_code for u in units})
    return [
        UnitOut(
            id=u.id,
            code=u.code,
            name=u.name,
            kind=u.kind,
            region_code=u.region_code,
            region_name=names.get(u.region_code),
            is_active=u.is_active,
            version=u.version,
            created_at=u.created_at,
            updated_at=u.updated_at,
        )
        for u in units
    ]


def unit_snapshot(unit: Unit) -> dict[str, Any]:
    """A unit as the audit log records it."""
    return {
        "id": unit.id,
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "region_code": unit.region_code,
        "is_active": unit.is_active,
        "version": unit.version,
    }


async def client_outs(session: AsyncSession, clients: list[MachineClient]) -> list[ClientOut]:
    """Clients with their region names (never a secret)."""
    names = await region_names(session, {c.region_code for c in clients})
    return [
        ClientOut(
            client_id=c.client_id,
            name=c.name,
            permissions=sorted(c.permissions),
            data_scope=DataScope(c.data_scope),
            region_code=c.region_code,
            region_name=names.get(c.region_code),
            is_active=c.is_active,
            version=c.version,
            created_at=c.created_at,
            updated_at=c.updated_at,
        )
        for c in clients
    ]


def client_snapshot(client: MachineClient) -> dict[str, Any]:
    """A client as the audit log records it (never the secret or its hash)."""
    return {
        "client_id": client.client_id,
        "name": client.name,
        "permissions": sorted(client.permissions),
        "data_scope": client.data_scope,
        "region_code": client.region_code,
        "is_active": client.is_active,
        "version": client.version,
    }


# --- commits and idempotent creates ----------------------------------------------------------------


async def commit(session: AsyncSession) -> None:
    """Commit the request's change: a concurrent writer that got there first is 412, a clash 409."""
    try:
        await session.commit()
    except StaleDataError as exc:
        await session.rollback()
        raise ProblemError(412, "precondition_failed", "数据已被他人修改，请刷新后重试") from exc
    except IntegrityError as exc:
        await session.rollback()
        raise ProblemError(409, "conflict", "数据已存在或已被修改，请刷新后重试") from exc


Created = tuple[dict[str, Any], dict[str, str]]


async def idempotent_create(
    session: AsyncSession,
    *,
    request: Request,
    key: str | None,
    principal: Principal,
    payload: dict[str, Any],
    create: Callable[[], Awaitable[Created]],
    remembered: Callable[[dict[str, Any]], dict[str, Any]] = lambda body: body,
) -> JSONResponse:
    """Run a create once per Idempotency-Key: a repeat replays the first answer, another body is 422.

    `create` adds the rows and returns the JSON body and headers; `remembered` is what is stored for
    replays (a secret shown once must not be stored).
    """

    async def work() -> Outcome:
        body, headers = await create()
        return Outcome(body, 201, headers, remembered=remembered(body))

    return await idempotency.run(request, session, principal, payload, work, key=key, commit=commit)
