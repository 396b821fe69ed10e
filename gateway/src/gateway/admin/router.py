"""Identity administration: users, roles and permissions, units, regions, machine clients, audit log."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import select

from gateway.admin import service
from gateway.admin.dependencies import ValidClient, ValidRole, ValidUnit, ValidUser
from gateway.admin.schemas import (
    ClientCreate,
    ClientCreated,
    ClientOut,
    PermissionNode,
    RoleOut,
    RoleUpdate,
    TemporaryPassword,
    UnitCreate,
    UnitOut,
    UnitUpdate,
    UserCreate,
    UserOut,
    UserUpdate,
)
from gateway.iam import refresh
from gateway.iam import service as iam_service
from gateway.iam.dependencies import ClockDep, SettingsDep, audit_trail
from gateway.iam.models import MachineClient, Region, Role, Unit, User
from gateway.iam.passwords import generate_temporary_password, hash_password_async, policy_violations
from gateway.iam.schemas import RegionNode
from platform_core.auth import CurrentPrincipal, Principal, require_perms
from platform_core.db import SessionDep
from platform_core.etag import require_if_match, set_etag
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.permissions import permission_tree
from platform_core.problems import ProblemError, field_error, not_found
from platform_core.scope import DataScope

router = APIRouter(tags=["系统管理"])

NO_STORE = {"Cache-Control": "no-store"}
PROBLEM = "application/problem+json"


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM: {}}}


COMMON: dict[int | str, dict[str, Any]] = {401: _problem("未登录或令牌无效"), 403: _problem("无权执行此操作")}
ON_RECORD: dict[int | str, dict[str, Any]] = {**COMMON, 404: _problem("记录不存在或超出数据范围")}
ON_CREATE: dict[int | str, dict[str, Any]] = {
    **COMMON,
    409: _problem("编码或登录名已存在"),
    422: _problem("参数校验失败，或幂等键已用于不同的请求（idempotency_key_reused）"),
}
ON_UPDATE: dict[int | str, dict[str, Any]] = {
    **ON_RECORD,
    412: _problem("版本已变化（precondition_failed）"),
    422: _problem("参数校验失败"),
    428: _problem("缺少 If-Match（precondition_required）"),
}


def granted(*permissions: str) -> Any:
    """The caller, admitted only with every named permission."""
    return Depends(require_perms(*permissions))


def _list_route(path: str, summary: str, model: Any, permission: str) -> Any:
    return router.get(
        path,
        summary=summary,
        response_model=model,
        responses=COMMON,
        dependencies=[Depends(forbid_unknown_query), Depends(require_perms(permission))],
    )


# --- users ----------------------------------------------------------------------------------------


@_list_route("/api/v1/system/users", "查询用户", Page[UserOut], "system:user:list")
async def list_users(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    clock: ClockDep,
    keyword: Annotated[str | None, Query(max_length=64, description="登录名或姓名关键字")] = None,
    region_code: Annotated[str | None, Query(max_length=12, description="行政区划代码(含下级)")] = None,
    unit_id: Annotated[int | None, Query(description="单位ID")] = None,
    role_code: Annotated[str | None, Query(max_length=64, description="角色编码")] = None,
    is_active: Annotated[bool | None, Query(description="是否启用")] = None,
    sort: Annotated[
        str | None, Query(description="排序：id、username、created_at、last_login_at，前缀 - 为倒序")
    ] = None,
) -> Page[UserOut]:
    """Users in the caller's scope."""
    rows, total = await service.list_users(
        session,
        principal=principal,
        page=page,
        keyword=keyword,
        region_code=region_code,
        unit_id=unit_id,
        role_code=role_code,
        is_active=is_active,
        sort=sort,
    )
    items = await service.user_outs(session, rows, now=clock())
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@router.post("/api/v1/system/users", summary="新增用户", status_code=201, response_model=UserOut, responses=ON_CREATE)
async def create_user(
    request: Request,
    body: UserCreate,
    session: SessionDep,
    principal: Annotated[Principal, granted("system:user:create")],
    settings: SettingsDep,
    clock: ClockDep,
) -> Response:
    """Create a user with an initial password that must be changed at first sign-in (Idempotency-Key accepted)."""
    # The password stays out of the stored request digest: that digest is a fast hash.
    payload = body.model_dump(exclude={"password"})

    async def create() -> service.Created:
        if await iam_service.get_user_by_username(session, username=body.username) is not None:
            raise ProblemError(
                409,
                "conflict",
                "登录名已存在",
                errors=[{"field": "username", "location": "body", "message": "登录名已存在", "code": "duplicate"}],
            )
        await service.writable_region(session, principal=principal, code=body.region_code, field="region_code")
        if body.unit_id is not None:
            await service.usable_unit(session, unit_id=body.unit_id)
        await service.check_roles_assignable(session, codes=body.role_codes)
        problems = policy_violations(body.password, min_length=settings.password_min_length, username=body.username)
        if problems:
            raise service.refuse("password", problems, "password_policy")
        user = User(
            username=body.username,
            display_name=body.display_name,
            password_hash=await hash_password_async(body.password),
            region_code=body.region_code,
            unit_id=body.unit_id,
            enterprise_uscc=body.enterprise_uscc,
            phone=body.phone,
            is_active=True,
            failed_login_count=0,
            must_change_password=True,
            password_changed_at=clock(),
        )
        session.add(user)
        await session.flush()
        await service.set_roles(session, user_id=user.id, codes=body.role_codes)
        await audit_trail.record(
            session,
            principal=principal,
            action="user.create",
            entity_type="user",
            entity_id=user.id,
            region_code=user.region_code,
            after=iam_service.user_snapshot(user, body.role_codes),
        )
        out = await service.user_out(session, user, now=clock())
        return out.model_dump(mode="json"), {"ETag": f'"{user.version}"', "Location": f"/api/v1/system/users/{user.id}"}

    return await service.idempotent_create(
        session, request=request, principal=principal, payload=payload, create=create
    )


@router.get(
    "/api/v1/system/users/{user_id}",
    summary="用户详情",
    response_model=UserOut,
    responses=ON_RECORD,
    dependencies=[Depends(forbid_unknown_query)],
)
async def get_user(
    _: Annotated[Principal, granted("system:user:list")],
    user: ValidUser,
    session: SessionDep,
    response: Response,
    clock: ClockDep,
) -> UserOut:
    """One user, with its ETag."""
    set_etag(response, user.version)
    return await service.user_out(session, user, now=clock())


async def _roles_codes(session: SessionDep, user: User) -> list[str]:
    return [r.code for r in await iam_service.roles_of(session, user_id=user.id)]


@router.patch(
    "/api/v1/system/users/{user_id}",
    summary="修改用户（角色、区划、单位等）",
    response_model=UserOut,
    responses=ON_UPDATE,
)
async def update_user(
    principal: Annotated[Principal, granted("system:user:update")],
    user: ValidUser,
    body: UserUpdate,
    request: Request,
    response: Response,
    session: SessionDep,
    clock: ClockDep,
) -> UserOut:
    """Change a user (If-Match required); new grants take effect at the user's next sign-in."""
    require_if_match(request, user.version)
    changes = body.model_dump(exclude_unset=True)
    for required in ("display_name", "region_code"):
        if required in changes and changes[required] is None:
            raise field_error(required, "不能为空", code="missing")
    # Everything is checked before anything changes, so a refusal leaves the session clean.
    old_roles = sorted(await _roles_codes(session, user))
    before = iam_service.user_snapshot(user, old_roles)
    new_roles = sorted(set(changes.pop("role_codes") or [])) if "role_codes" in changes else old_roles
    if new_roles != old_roles:
        if user.id == principal.user_id:
            raise ProblemError(403, "forbidden", "不能修改本人的角色（三员分立）")
        await service.check_roles_assignable(session, codes=new_roles)
    if changes.get("region_code") is not None and changes["region_code"] != user.region_code:
        await service.writable_region(session, principal=principal, code=changes["region_code"], field="region_code")
    if changes.get("unit_id") is not None and changes["unit_id"] != user.unit_id:
        await service.usable_unit(session, unit_id=changes["unit_id"])
    if new_roles != old_roles:
        await service.set_roles(session, user_id=user.id, codes=new_roles)
    for name, value in changes.items():
        setattr(user, name, value)
    after = iam_service.user_snapshot(user, new_roles)
    if after != before:
        user.version += 1
        after["version"] = user.version
        grants_changed = any(before[k] != after[k] for k in ("role_codes", "region_code", "unit_id", "enterprise_uscc"))
        if grants_changed:
            # A refresh would otherwise mint tokens with the old grants until the sign-in ends.
            await refresh.revoke_user(session, user_id=user.id, now=clock())
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
        await session.commit()
    set_etag(response, user.version)
    return await service.user_out(session, user, now=clock())


async def _user_action(
    session: SessionDep,
    *,
    principal: Principal,
    user: User,
    action: str,
    detail: str,
    now: Any,
    revoke: bool,
) -> None:
    """Audit, bump the version, optionally end the user's sign-ins, and commit."""
    user.version += 1
    if revoke:
        await refresh.revoke_user(session, user_id=user.id, now=now)
    await audit_trail.record(
        session,
        principal=principal,
        action=action,
        entity_type="user",
        entity_id=user.id,
        region_code=user.region_code,
        after=iam_service.user_snapshot(user),
        detail=detail,
    )
    await session.commit()


@router.post("/api/v1/system/users/{user_id}/disable", summary="停用用户", response_model=UserOut, responses=ON_RECORD)
async def disable_user(
    principal: Annotated[Principal, granted("system:user:update")],
    user: ValidUser,
    session: SessionDep,
    response: Response,
    clock: ClockDep,
) -> UserOut:
    """Disable a user and end all of their sign-ins."""
    if user.id == principal.user_id:
        raise ProblemError(403, "forbidden", "不能停用本人账户")
    user.is_active = False
    await _user_action(
        session, principal=principal, user=user, action="user.disable", detail="停用用户", now=clock(), revoke=True
    )
    set_etag(response, user.version)
    return await service.user_out(session, user, now=clock())


@router.post("/api/v1/system/users/{user_id}/enable", summary="启用用户", response_model=UserOut, responses=ON_RECORD)
async def enable_user(
    principal: Annotated[Principal, granted("system:user:update")],
    user: ValidUser,
    session: SessionDep,
    response: Response,
    clock: ClockDep,
) -> UserOut:
    """Enable a user again."""
    user.is_active = True
    await _user_action(
        session, principal=principal, user=user, action="user.enable", detail="启用用户", now=clock(), revoke=False
    )
    set_etag(response, user.version)
    return await service.user_out(session, user, now=clock())


@router.post(
    "/api/v1/system/users/{user_id}/unlock", summary="解除登录锁定", response_model=UserOut, responses=ON_RECORD
)
async def unlock_user(
    principal: Annotated[Principal, granted("system:user:update")],
    user: ValidUser,
    session: SessionDep,
    response: Response,
    clock: ClockDep,
) -> UserOut:
    """Lift a sign-in lockout and reset the failure count."""
    user.locked_until = None
    user.failed_login_count = 0
    await _user_action(
        session, principal=principal, user=user, action="user.unlock", detail="解除登录锁定", now=clock(), revoke=False
    )
    set_etag(response, user.version)
    return await service.user_out(session, user, now=clock())


@router.post(
    "/api/v1/system/users/{user_id}/reset-password",
    summary="重置密码",
    response_model=TemporaryPassword,
    responses=ON_RECORD,
)
async def reset_password(
    principal: Annotated[Principal, granted("system:user:update")],
    user: ValidUser,
    session: SessionDep,
    response: Response,
    clock: ClockDep,
) -> TemporaryPassword:
    """Set a temporary password (shown once) that must be changed at the next sign-in; ends all sign-ins."""
    if user.id == principal.user_id:
        raise ProblemError(403, "forbidden", "请通过“修改密码”更改本人密码")
    temporary = generate_temporary_password()
    user.password_hash = await hash_password_async(temporary)
    user.must_change_password = True
    user.password_changed_at = clock()
    user.locked_until = None
    user.failed_login_count = 0
    await _user_action(
        session,
        principal=principal,
        user=user,
        action="user.reset_password",
        detail="重置密码（临时密码不记录）",
        now=clock(),
        revoke=True,
    )
    response.headers.update(NO_STORE)
    return TemporaryPassword(temporary_password=temporary, must_change_password=True)


# --- roles and permissions ------------------------------------------------------------------------


@_list_route("/api/v1/system/roles", "查询角色", Page[RoleOut], "system:role:list")
async def list_roles(session: SessionDep, page: PageDep) -> Page[RoleOut]:
    """Every role with its permissions and data scope."""
    rows = list((await session.scalars(select(Role).order_by(Role.is_builtin.desc(), Role.code))).all())
    window = rows[page.offset : page.offset + page.page_size]
    return Page(items=[service.role_out(r) for r in window], total=len(rows), page=page.page, page_size=page.page_size)


@router.get(
    "/api/v1/system/roles/{code}",
    summary="角色详情",
    response_model=RoleOut,
    responses=ON_RECORD,
    dependencies=[Depends(forbid_unknown_query), Depends(require_perms("system:role:list"))],
)
async def get_role(role: ValidRole, response: Response) -> RoleOut:
    """One role, with its ETag."""
    set_etag(response, role.version)
    return service.role_out(role)


@router.patch(
    "/api/v1/system/roles/{code}", summary="修改角色权限与数据范围", response_model=RoleOut, responses=ON_UPDATE
)
async def update_role(
    principal: Annotated[Principal, granted("system:role:update")],
    role: ValidRole,
    body: RoleUpdate,
    request: Request,
    response: Response,
    session: SessionDep,
) -> RoleOut:
    """Change a role's permissions (from the catalogue only) and data scope (If-Match required)."""
    require_if_match(request, role.version)
    before = service.role_snapshot(role)
    if body.permissions is not None:
        permissions = sorted(set(body.permissions))
        problems = service.role_permission_problems(permissions)
        if problems:
            raise service.refuse("permissions", problems, "invalid_permission")
        await service.check_role_change_keeps_duties(session, role=role, permissions=permissions)
        role.permissions = permissions
    if body.data_scope is not None:
        role.data_scope = body.data_scope.value
    if body.name is not None:
        role.name = body.name
    after = service.role_snapshot(role)
    if after != before:
        role.version += 1
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
        await session.commit()
    set_etag(response, role.version)
    return service.role_out(role)


@router.get(
    "/api/v1/system/permissions",
    summary="权限目录",
    response_model=list[PermissionNode],
    responses=COMMON,
    dependencies=[Depends(forbid_unknown_query), Depends(require_perms("system:role:list"))],
)
async def list_permissions() -> list[PermissionNode]:
    """The permission catalogue as module → resource → permission."""
    return [PermissionNode.model_validate(node) for node in permission_tree()]


# --- units ----------------------------------------------------------------------------------------


@_list_route("/api/v1/system/units", "查询单位", Page[UnitOut], "system:unit:list")
async def list_units(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    keyword: Annotated[str | None, Query(max_length=64, description="名称或编码关键字")] = None,
    region_code: Annotated[str | None, Query(max_length=12, description="行政区划代码")] = None,
    kind: Annotated[str | None, Query(max_length=32, description="单位类别")] = None,
    is_active: Annotated[bool | None, Query(description="是否启用")] = None,
    sort: Annotated[str | None, Query(description="排序：id、code、name、region_code，前缀 - 为倒序")] = None,
) -> Page[UnitOut]:
    """Units in the caller's scope."""
    rows, total = await service.list_units(
        session,
        principal=principal,
        page=page,
        keyword=keyword,
        region_code=region_code,
        kind=kind,
        is_active=is_active,
        sort=sort,
    )
    return Page(items=await service.unit_outs(session, rows), total=total, page=page.page, page_size=page.page_size)


@router.post("/api/v1/system/units", summary="新增单位", status_code=201, response_model=UnitOut, responses=ON_CREATE)
async def create_unit(
    request: Request,
    body: UnitCreate,
    session: SessionDep,
    principal: Annotated[Principal, granted("system:unit:create")],
) -> Response:
    """Create a unit (Idempotency-Key accepted)."""

    async def create() -> service.Created:
        if await session.scalar(select(Unit.id).where(Unit.code == body.code)) is not None:
            raise ProblemError(
                409,
                "conflict",
                "单位编码已存在",
                errors=[{"field": "code", "location": "body", "message": "单位编码已存在", "code": "duplicate"}],
            )
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
        out = (await service.unit_outs(session, [unit]))[0]
        return out.model_dump(mode="json"), {"ETag": f'"{unit.version}"', "Location": f"/api/v1/system/units/{unit.id}"}

    return await service.idempotent_create(
        session, request=request, principal=principal, payload=body.model_dump(), create=create
    )


@router.get(
    "/api/v1/system/units/{unit_id}",
    summary="单位详情",
    response_model=UnitOut,
    responses=ON_RECORD,
    dependencies=[Depends(forbid_unknown_query)],
)
async def get_unit(
    _: Annotated[Principal, granted("system:unit:list")], unit: ValidUnit, session: SessionDep, response: Response
) -> UnitOut:
    """One unit, with its ETag."""
    set_etag(response, unit.version)
    return (await service.unit_outs(session, [unit]))[0]


@router.patch("/api/v1/system/units/{unit_id}", summary="修改单位", response_model=UnitOut, responses=ON_UPDATE)
async def update_unit(
    principal: Annotated[Principal, granted("system:unit:update")],
    unit: ValidUnit,
    body: UnitUpdate,
    request: Request,
    response: Response,
    session: SessionDep,
) -> UnitOut:
    """Change a unit (If-Match required)."""
    require_if_match(request, unit.version)
    changes = body.model_dump(exclude_unset=True)
    for name in ("name", "kind", "region_code", "is_active"):
        if name in changes and changes[name] is None:
            raise field_error(name, "不能为空", code="missing")
    if "region_code" in changes and changes["region_code"] != unit.region_code:
        await service.writable_region(session, principal=principal, code=changes["region_code"], field="region_code")
    before = service.unit_snapshot(unit)
    for name, value in changes.items():
        setattr(unit, name, value)
    after = service.unit_snapshot(unit)
    if after != before:
        unit.version += 1
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
        await session.commit()
    set_etag(response, unit.version)
    return (await service.unit_outs(session, [unit]))[0]


# --- regions --------------------------------------------------------------------------------------


@_list_route("/api/v1/system/regions", "行政区划树（只读）", list[RegionNode], "system:region:list")
async def list_regions(
    session: SessionDep,
    root: Annotated[str | None, Query(max_length=12, description="根节点区划代码，缺省为全部")] = None,
) -> list[RegionNode]:
    """The stored division tree, whole or under one root."""
    if root:
        region = await session.get(Region, root)
        if region is None:
            raise not_found("行政区划不存在")
        roots = [region]
    else:
        roots = await iam_service.top_regions(session)
    trees = []
    for region in roots:
        rows = await iam_service.region_subtree(session, root=region)
        trees.append(RegionNode.model_validate(iam_service.build_tree(rows, region.code)))
    return trees


# --- machine clients ------------------------------------------------------------------------------


@_list_route("/api/v1/system/clients", "查询接入客户端", Page[ClientOut], "system:client:list")
async def list_clients(session: SessionDep, page: PageDep) -> Page[ClientOut]:
    """Machine clients (never their secrets)."""
    rows = list((await session.scalars(select(MachineClient).order_by(MachineClient.client_id))).all())
    window = rows[page.offset : page.offset + page.page_size]
    return Page(
        items=await service.client_outs(session, window), total=len(rows), page=page.page, page_size=page.page_size
    )


@router.post(
    "/api/v1/system/clients",
    summary="新增接入客户端（密钥仅显示一次）",
    status_code=201,
    response_model=ClientCreated,
    responses=ON_CREATE,
)
async def create_client(
    request: Request,
    body: ClientCreate,
    session: SessionDep,
    principal: Annotated[Principal, granted("system:client:create")],
) -> Response:
    """Register a machine client; its secret is generated, stored hashed and returned in this response only."""

    async def create() -> service.Created:
        if await iam_service.get_client(session, client_id=body.client_id) is not None:
            raise ProblemError(
                409,
                "conflict",
                "客户端标识已存在",
                errors=[{"field": "client_id", "location": "body", "message": "客户端标识已存在", "code": "duplicate"}],
            )
        problems = service.client_permission_problems(body.permissions)
        if problems:
            raise service.refuse("permissions", problems, "invalid_permission")
        if body.data_scope not in service.CLIENT_SCOPES:
            raise field_error(
                "data_scope", "接入客户端的数据范围只能是 ALL、REGION_AND_BELOW 或 REGION", code="invalid"
            )
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
        out = (await service.client_outs(session, [client]))[0]
        created = ClientCreated(**out.model_dump(), client_secret=secret)
        return created.model_dump(mode="json"), {**NO_STORE, "Location": f"/api/v1/system/clients/{client.client_id}"}

    return await service.idempotent_create(
        session,
        request=request,
        principal=principal,
        payload=body.model_dump(mode="json"),
        create=create,
        # A replay confirms the client exists but never shows the secret again.
        remembered=lambda created: {**created, "client_secret": None},
    )


async def _set_client_active(
    session: SessionDep, *, principal: Principal, client: MachineClient, active: bool
) -> ClientOut:
    before = service.client_snapshot(client)
    if client.is_active != active:
        client.is_active = active
        client.version += 1
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
        await session.commit()
    return (await service.client_outs(session, [client]))[0]


@router.post(
    "/api/v1/system/clients/{client_id}/disable",
    summary="停用接入客户端",
    response_model=ClientOut,
    responses=ON_RECORD,
)
async def disable_client(
    principal: Annotated[Principal, granted("system:client:update")], client: ValidClient, session: SessionDep
) -> ClientOut:
    """Disable a machine client: it gets no new tokens (issued ones expire within minutes)."""
    return await _set_client_active(session, principal=principal, client=client, active=False)


@router.post(
    "/api/v1/system/clients/{client_id}/enable", summary="启用接入客户端", response_model=ClientOut, responses=ON_RECORD
)
async def enable_client(
    principal: Annotated[Principal, granted("system:client:update")], client: ValidClient, session: SessionDep
) -> ClientOut:
    """Enable a machine client again."""
    return await _set_client_active(session, principal=principal, client=client, active=True)


# The gateway's own audit entries; /api/v1/audit/logs merges every service's entries at the edge.
router.include_router(audit_trail.router(path="/internal/v1/audit/logs"))
