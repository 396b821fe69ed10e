"""Identity administration over HTTP: users, roles and permissions, units, regions, machine clients, audit log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select

from gateway.admin import duties, flows, service
from gateway.admin.dependencies import ValidClient, ValidRole, ValidUnit, ValidUser
from gateway.admin.schemas import (
    ClientCreate,
    ClientCreated,
    ClientOut,
    PermissionNode,
    PersonEntry,
    RoleOut,
    RoleUpdate,
    TemporaryPassword,
    UnitCreate,
    UnitEntry,
    UnitOut,
    UnitUpdate,
    UserCreate,
    UserOut,
    UserRolesUpdate,
    UserUpdate,
)
from gateway.iam import service as iam_service
from gateway.iam.dependencies import ClockDep, SettingsDep, audit_trail
from gateway.iam.models import MachineClient, Region, Role
from gateway.iam.schemas import RegionNode, problem
from platform_core.auth import Principal, require_any, require_perms
from platform_core.db import SessionDep
from platform_core.etag import etag_of, require_if_match, set_etag
from platform_core.idempotency import IdempotencyKey
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.permissions import permission_tree
from platform_core.problems import not_found

router = APIRouter(tags=["系统管理"])

NO_STORE = {"Cache-Control": "no-store"}
COMMON: dict[int | str, dict[str, Any]] = {401: problem("未登录或令牌无效"), 403: problem("无权执行此操作")}
ON_RECORD: dict[int | str, dict[str, Any]] = {**COMMON, 404: problem("记录不存在或超出数据范围")}
ON_CREATE: dict[int | str, dict[str, Any]] = {
    **COMMON,
    409: problem("编码或登录名已存在"),
    422: problem("参数校验失败，或幂等键已用于不同的请求（idempotency_key_reused）"),
}
ON_UPDATE: dict[int | str, dict[str, Any]] = {
    **ON_RECORD,
    412: problem("版本已变化（precondition_failed）"),
    422: problem("参数校验失败"),
    428: problem("缺少 If-Match（precondition_required）"),
}
READ = [Depends(forbid_unknown_query)]


def granted(*permissions: str) -> Any:
    """The caller, admitted only with every named permission."""
    return Depends(require_perms(*permissions))


# --- users ----------------------------------------------------------------------------------------


@router.get(
    "/api/v1/system/users", summary="查询用户", response_model=Page[UserOut], responses=COMMON, dependencies=READ
)
async def list_users(
    principal: Annotated[Principal, granted("system:user:list")],
    session: SessionDep,
    page: PageDep,
    clock: ClockDep,
    keyword: Annotated[str | None, Query(max_length=64, description="登录名或姓名关键字")] = None,
    region_code: Annotated[str | None, Query(max_length=12, description="行政区划代码(含下级)")] = None,
    unit_id: Annotated[int | None, Query(description="单位ID")] = None,
    role_code: Annotated[str | None, Query(max_length=64, description="角色编码")] = None,
    is_active: Annotated[bool | None, Query(description="是否启用")] = None,
    sort: Annotated[str | None, Query(description="排序：id、username、created_at、last_login_at，- 前缀倒序")] = None,
) -> Page[UserOut]:
    """Users in the caller's data scope."""
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
    principal: Annotated[Principal, granted("system:user:create")],
    request: Request,
    idempotency_key: IdempotencyKey,
    body: UserCreate,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> JSONResponse:
    """Create a user with an initial password to be changed at first sign-in (Idempotency-Key accepted)."""

    async def create() -> service.Created:
        """Add the rows and build the answer (runs once per Idempotency-Key)."""
        user = await flows.create_user(session, principal=principal, body=body, settings=settings, now=clock())
        out = await service.user_out(session, user, now=clock())
        headers = {"ETag": etag_of(user.version), "Location": f"/api/v1/system/users/{user.id}"}
        return out.model_dump(mode="json"), headers

    # The password stays out of the stored request digest: that digest is a fast hash.
    payload = body.model_dump(mode="json", exclude={"password"})
    return await service.idempotent_create(
        session, request=request, key=idempotency_key, principal=principal, payload=payload, create=create
    )


@router.get(
    "/api/v1/system/users/{user_id}", summary="用户详情", response_model=UserOut, responses=ON_RECORD, dependencies=READ
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


@router.patch(
    "/api/v1/system/users/{user_id}",
    summary="修改用户（姓名、区划、单位等；不含角色）",
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
    """Change a user (If-Match required); changed grants end the user's sign-ins."""
    require_if_match(request, user.version)
    await flows.update_user(session, principal=principal, user=user, body=body, now=clock())
    await service.commit(session)
    set_etag(response, user.version)
    return await service.user_out(session, user, now=clock())


@router.post("/api/v1/system/users/{user_id}/disable", summary="停用用户", response_model=UserOut, responses=ON_RECORD)
async def disable_user(
    principal: Annotated[Principal, granted("system:user:update")],
    user: ValidUser,
    session: SessionDep,
    response: Response,
    clock: ClockDep,
) -> UserOut:
    """Disable a user and end all of their sign-ins."""
    await flows.set_user_active(session, principal=principal, user=user, active=False, now=clock())
    await service.commit(session)
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
    await flows.set_user_active(session, principal=principal, user=user, active=True, now=clock())
    await service.commit(session)
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
    await flows.unlock_user(session, principal=principal, user=user)
    await service.commit(session)
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
    settings: SettingsDep,
) -> TemporaryPassword:
    """Set a temporary password (shown once) that must be changed at the next sign-in; ends all sign-ins."""
    temporary = await flows.reset_password(session, principal=principal, user=user, now=clock(), settings=settings)
    await service.commit(session)
    response.headers.update(NO_STORE)
    return TemporaryPassword(temporary_password=temporary, must_change_password=True)


@router.put(
    "/api/v1/system/users/{user_id}/roles",
    summary="分配角色（安全管理员）",
    description="整体替换业务账户的角色（If-Match 必填）；三员账户与三员角色只能在服务器命令行设置（403）。"
    "授予或收回个人信息、审计、角色管理等敏感权限另记审计事件 role.sensitive_grant / role.sensitive_revoke。",
    response_model=UserOut,
    responses=ON_UPDATE,
)
async def assign_roles(
    principal: Annotated[Principal, granted("system:role:update")],
    user: ValidUser,
    body: UserRolesUpdate,
    request: Request,
    response: Response,
    session: SessionDep,
    clock: ClockDep,
) -> UserOut:
    """Replace a business account's roles; the user's sign-ins end so the next token carries the new grants."""
    require_if_match(request, user.version)
    await flows.assign_roles(session, principal=principal, user=user, role_codes=body.role_codes, now=clock())
    await service.commit(session)
    set_etag(response, user.version)
    return await service.user_out(session, user, now=clock())


# --- roles and permissions ------------------------------------------------------------------------


@router.get(
    "/api/v1/system/roles",
    summary="查询角色",
    response_model=Page[RoleOut],
    responses=COMMON,
    dependencies=[*READ, granted("system:role:list")],
)
async def list_roles(session: SessionDep, page: PageDep) -> Page[RoleOut]:
    """Every role with its permissions and data scope (built-in roles first)."""
    rows = list((await session.scalars(select(Role).order_by(Role.is_builtin.desc(), Role.code))).all())
    window = rows[page.offset : page.offset + page.page_size]
    held = await duties.roles_held_by_officers(session)
    items = [service.role_out(r, held_by_officers=held) for r in window]
    return Page(items=items, total=len(rows), page=page.page, page_size=page.page_size)


@router.get(
    "/api/v1/system/roles/{code}",
    summary="角色详情",
    response_model=RoleOut,
    responses=ON_RECORD,
    dependencies=[*READ, granted("system:role:list")],
)
async def get_role(role: ValidRole, response: Response, session: SessionDep) -> RoleOut:
    """One role, with its ETag."""
    set_etag(response, role.version)
    return service.role_out(role, held_by_officers=await duties.roles_held_by_officers(session))


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
    """Change a role's permissions (catalogue only) and data scope (If-Match required); tokens follow at refresh."""
    require_if_match(request, role.version)
    await flows.update_role(session, principal=principal, role=role, body=body)
    await service.commit(session)
    set_etag(response, role.version)
    return service.role_out(role, held_by_officers=await duties.roles_held_by_officers(session))


@router.get(
    "/api/v1/system/permissions",
    summary="权限目录",
    response_model=list[PermissionNode],
    responses=COMMON,
    dependencies=[*READ, granted("system:role:list")],
)
async def list_permissions() -> list[PermissionNode]:
    """The permission catalogue as module → resource → permission, for the role editor."""
    return [PermissionNode.model_validate(node) for node in permission_tree()]


# --- units ----------------------------------------------------------------------------------------


@router.get(
    "/api/v1/system/units", summary="查询单位", response_model=Page[UnitOut], responses=COMMON, dependencies=READ
)
async def list_units(
    principal: Annotated[Principal, granted("system:unit:list")],
    session: SessionDep,
    page: PageDep,
    keyword: Annotated[str | None, Query(max_length=64, description="名称或编码关键字")] = None,
    region_code: Annotated[str | None, Query(max_length=12, description="行政区划代码")] = None,
    kind: Annotated[str | None, Query(max_length=32, description="单位类别")] = None,
    is_active: Annotated[bool | None, Query(description="是否启用")] = None,
    sort: Annotated[str | None, Query(description="排序：id、code、name、region_code，前缀 - 为倒序")] = None,
) -> Page[UnitOut]:
    """Units in the caller's data scope."""
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


#: Who reads the unit directory: whoever assigns cases to units or issues orders to them, and administrators.
#: Who may read the unit directory: those who assign cases, issue orders or record who paired, visited or was seconded.
DIRECTORY_READERS = (
    "case:case:assign",
    "case:supervision:issue",
    "case:pairing:manage",
    "case:visit:manage",
    "case:staff:manage",
    "system:unit:list",
)


@router.get(
    "/api/v1/units",
    summary="单位名录(交办、督办选择单位)",
    response_model=Page[UnitEntry],
    responses=COMMON,
    dependencies=READ,
)
async def unit_directory(
    principal: Annotated[Principal, Depends(require_any(*DIRECTORY_READERS))],
    session: SessionDep,
    page: PageDep,
    keyword: Annotated[str | None, Query(max_length=64, description="名称关键字")] = None,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划代码")] = None,
    ids: Annotated[list[int] | None, Query(max_length=50, description="只列出这些单位ID（核对引用）")] = None,
) -> Page[UnitEntry]:
    """Names and ids of the active units in the caller's data scope and the regions above it, read-only."""
    items, total = await service.unit_directory(
        session, principal=principal, page=page, keyword=keyword, region_code=region_code, ids=ids
    )
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


#: Who may read the people directory: those who record who is paired with an enterprise, and administrators.
PEOPLE_READERS = ("case:pairing:manage", "system:user:list")


@router.get(
    "/api/v1/people",
    summary="人员名录(选择包联人)",
    response_model=Page[PersonEntry],
    responses=COMMON,
    dependencies=READ,
)
async def people_directory(
    principal: Annotated[Principal, Depends(require_any(*PEOPLE_READERS))],
    session: SessionDep,
    page: PageDep,
    keyword: Annotated[str | None, Query(max_length=64, description="姓名关键字")] = None,
    ids: Annotated[list[int] | None, Query(max_length=50, description="只列出这些用户ID（回显已选）")] = None,
) -> Page[PersonEntry]:
    """Names, units and ids of the active staff accounts in the caller's scope and the regions above it."""
    items, total = await service.people_directory(session, principal=principal, page=page, keyword=keyword, ids=ids)
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@router.post("/api/v1/system/units", summary="新增单位", status_code=201, response_model=UnitOut, responses=ON_CREATE)
async def create_unit(
    principal: Annotated[Principal, granted("system:unit:create")],
    request: Request,
    idempotency_key: IdempotencyKey,
    body: UnitCreate,
    session: SessionDep,
) -> JSONResponse:
    """Create a unit (Idempotency-Key accepted)."""

    async def create() -> service.Created:
        """Add the rows and build the answer (runs once per Idempotency-Key)."""
        unit = await flows.create_unit(session, principal=principal, body=body)
        out = (await service.unit_outs(session, [unit]))[0]
        headers = {"ETag": etag_of(unit.version), "Location": f"/api/v1/system/units/{unit.id}"}
        return out.model_dump(mode="json"), headers

    payload = body.model_dump(mode="json")
    return await service.idempotent_create(
        session, request=request, key=idempotency_key, principal=principal, payload=payload, create=create
    )


@router.get(
    "/api/v1/system/units/{unit_id}", summary="单位详情", response_model=UnitOut, responses=ON_RECORD, dependencies=READ
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
    await flows.update_unit(session, principal=principal, unit=unit, body=body)
    await service.commit(session)
    set_etag(response, unit.version)
    return (await service.unit_outs(session, [unit]))[0]


# --- regions --------------------------------------------------------------------------------------


@router.get(
    "/api/v1/system/regions",
    summary="行政区划树（只读）",
    response_model=list[RegionNode],
    responses=COMMON,
    dependencies=[*READ, granted("system:region:list")],
)
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


@router.get(
    "/api/v1/system/clients",
    summary="查询接入客户端",
    response_model=Page[ClientOut],
    responses=COMMON,
    dependencies=[*READ, granted("system:client:list")],
)
async def list_clients(session: SessionDep, page: PageDep) -> Page[ClientOut]:
    """Machine clients (never their secrets)."""
    rows = list((await session.scalars(select(MachineClient).order_by(MachineClient.client_id))).all())
    window = rows[page.offset : page.offset + page.page_size]
    items = await service.client_outs(session, window)
    return Page(items=items, total=len(rows), page=page.page, page_size=page.page_size)


@router.post(
    "/api/v1/system/clients",
    summary="新增接入客户端（密钥仅显示一次）",
    status_code=201,
    response_model=ClientCreated,
    responses=ON_CREATE,
)
async def create_client(
    principal: Annotated[Principal, granted("system:client:create")],
    request: Request,
    idempotency_key: IdempotencyKey,
    body: ClientCreate,
    session: SessionDep,
) -> JSONResponse:
    """Register a machine client; its secret is generated, stored hashed and returned in this response only."""

    async def create() -> service.Created:
        """Add the rows and build the answer (runs once per Idempotency-Key)."""
        client, secret = await flows.create_client(session, principal=principal, body=body)
        out = (await service.client_outs(session, [client]))[0]
        created = ClientCreated(**out.model_dump(), client_secret=secret)
        return created.model_dump(mode="json"), {**NO_STORE, "Location": f"/api/v1/system/clients/{client.client_id}"}

    return await service.idempotent_create(
        session,
        request=request,
        key=idempotency_key,
        principal=principal,
        payload=body.model_dump(mode="json"),
        create=create,
        # A replay confirms the client exists but never shows the secret again.
        remembered=lambda created: {**created, "client_secret": None},
    )


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
    await flows.set_client_active(session, principal=principal, client=client, active=False)
    await service.commit(session)
    return (await service.client_outs(session, [client]))[0]


@router.post(
    "/api/v1/system/clients/{client_id}/enable", summary="启用接入客户端", response_model=ClientOut, responses=ON_RECORD
)
async def enable_client(
    principal: Annotated[Principal, granted("system:client:update")], client: ValidClient, session: SessionDep
) -> ClientOut:
    """Enable a machine client again."""
    await flows.set_client_active(session, principal=principal, client=client, active=True)
    await service.commit(session)
    return (await service.client_outs(session, [client]))[0]


# The gateway's own entries; /api/v1/audit/logs (the edge) merges every service's audit log.
router.include_router(audit_trail.router(path="/internal/v1/audit/logs", actors=service.audit_actors))

__all__ = ["router"]
