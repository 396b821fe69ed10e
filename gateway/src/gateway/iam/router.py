"""Sign-in, tokens, the signed-in user's profile, JWKS and the region tree."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any
from urllib.parse import unquote

from fastapi import APIRouter, Depends, Form, Query, Request, Response, status

from gateway.iam import flows, password_rules, service
from gateway.iam.dependencies import (
    AddressDep,
    ClockDep,
    CurrentUser,
    LoginGuardDep,
    SettingsDep,
    SignerDep,
    UserAgentDep,
)
from gateway.iam.schemas import (
    ClientToken,
    LoginRequest,
    LogoutRequest,
    Me,
    MenuItem,
    MeUser,
    PasswordChangeRequest,
    RefreshRequest,
    RegionNode,
    RoleRef,
    TokenPair,
    problem,
)
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep
from platform_core.pagination import forbid_unknown_query
from platform_core.problems import ProblemError, not_found

router = APIRouter()

LOGIN_ERRORS: dict[int | str, dict[str, Any]] = {
    401: problem("用户名或密码错误（auth.invalid_credentials，含 remaining_attempts）"),
    403: problem("账户已停用（auth.account_disabled）"),
    423: problem("账户已锁定（auth.account_locked，含 retry_after_seconds 与 Retry-After）"),
    429: problem("同一地址尝试过于频繁（rate_limited，含 Retry-After）"),
}
TOKEN_ERRORS: dict[int | str, dict[str, Any]] = {
    401: problem("令牌无效、已过期或已被重复使用（auth.invalid_token / auth.token_expired / auth.refresh_reused）"),
}
AUTHED_ERRORS: dict[int | str, dict[str, Any]] = {
    401: problem("未登录或令牌无效"),
    403: problem("无权执行此操作"),
}


@router.post(
    "/api/v1/auth/login",
    tags=["认证"],
    summary="用户名密码登录",
    response_model=TokenPair,
    responses=LOGIN_ERRORS,
)
async def login(
    body: LoginRequest,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
    guard: LoginGuardDep,
    signer: SignerDep,
    address: AddressDep,
    agent: UserAgentDep,
) -> TokenPair:
    """Sign in with a password; returns an access token and a refresh token."""
    return await flows.login(
        session,
        username=body.username,
        password=body.password,
        address=address,
        user_agent=agent,
        now=clock(),
        settings=settings,
        guard=guard,
        signer=signer,
    )


@router.post(
    "/api/v1/auth/refresh",
    tags=["认证"],
    summary="刷新令牌（轮换）",
    response_model=TokenPair,
    responses=TOKEN_ERRORS,
)
async def refresh_tokens(
    body: RefreshRequest,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
    signer: SignerDep,
    address: AddressDep,
    agent: UserAgentDep,
) -> TokenPair:
    """Exchange a refresh token for a new pair; the old one is spent (reusing it ends the sign-in)."""
    return await flows.rotate_refresh(
        session,
        raw=body.refresh_token,
        now=clock(),
        address=address,
        user_agent=agent,
        settings=settings,
        signer=signer,
    )


@router.post(
    "/api/v1/auth/logout",
    tags=["认证"],
    summary="退出登录",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={401: problem("未登录或令牌无效")},
)
async def logout(body: LogoutRequest, session: SessionDep, principal: CurrentPrincipal, clock: ClockDep) -> Response:
    """End the caller's sign-in: its session and the refresh token's, if the token is the caller's own.

    A refresh token of another user is ignored (never revoked), an unknown one too.
    """
    await flows.logout(session, principal=principal, raw=body.refresh_token, now=clock())
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/api/v1/auth/me",
    tags=["认证"],
    summary="当前用户、角色、权限与菜单",
    response_model=Me,
    responses=AUTHED_ERRORS,
    dependencies=[Depends(forbid_unknown_query)],
)
async def me(session: SessionDep, user: CurrentUser, settings: SettingsDep, clock: ClockDep) -> Me:
    """The signed-in user as stored now, with the menu tree their permissions open."""
    profile = await service.access_profile(session, user=user)
    expired = password_rules.password_expired(user, now=clock(), max_age_days=settings.password_max_age_days)
    return Me(
        user=MeUser(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            region_code=user.region_code,
            region_name=profile.region.name if profile.region else None,
            unit_id=user.unit_id,
            unit_name=profile.unit.name if profile.unit else None,
            enterprise_uscc=user.enterprise_uscc,
            must_change_password=user.must_change_password or expired,
            password_expired=expired,
        ),
        roles=[RoleRef(code=r.code, name=r.name) for r in profile.roles],
        permissions=profile.permissions,
        data_scopes=profile.data_scopes,
        menus=[MenuItem.model_validate(m) for m in service.menus_for(set(profile.permissions))],
    )


@router.post(
    "/api/v1/auth/password",
    tags=["认证"],
    summary="修改本人密码",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={422: problem("原密码不正确或新密码不符合策略"), **AUTHED_ERRORS},
)
async def change_password(
    body: PasswordChangeRequest,
    session: SessionDep,
    user: CurrentUser,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    clock: ClockDep,
) -> Response:
    """Change one's own password; every refresh token of the user is revoked."""
    await flows.change_password(
        session,
        user=user,
        principal=principal,
        old_password=body.old_password,
        new_password=body.new_password,
        now=clock(),
        settings=settings,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def basic_credentials(request: Request) -> tuple[str, str] | None:
    """Client id and secret from an HTTP Basic header (form-encoded parts, RFC 6749 §2.3.1)."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        return None
    return unquote(client_id.replace("+", " ")), unquote(secret.replace("+", " "))


@router.post(
    "/open/v1/token",
    tags=["开放接口"],
    summary="获取访问令牌（OAuth2 客户端凭据模式）",
    response_model=ClientToken,
    responses={
        400: problem("grant_type 或 scope 不支持"),
        401: problem("客户端标识或密钥错误"),
        403: problem("客户端已停用"),
        429: problem("请求过于频繁"),
    },
)
async def client_token(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
    guard: LoginGuardDep,
    signer: SignerDep,
    address: AddressDep,
    grant_type: Annotated[str | None, Form(description="固定为 client_credentials")] = None,
    client_id: Annotated[str | None, Form(max_length=64, description="客户端标识（也可用 HTTP Basic）")] = None,
    client_secret: Annotated[str | None, Form(max_length=256, description="客户端密钥（也可用 HTTP Basic）")] = None,
    scope: Annotated[str | None, Form(max_length=512, description="申请的权限，空格分隔；缺省为全部授权")] = None,
) -> ClientToken:
    """Issue a short-lived, read-only access token to a machine client; there is no refresh token."""
    basic = basic_credentials(request)
    if basic is not None:
        if client_id and client_id != basic[0]:
            raise ProblemError(
                400, "validation_failed", "请求体与 Basic 认证中的 client_id 不一致", extra={"error": "invalid_request"}
            )
        client_id, client_secret = basic
    return await flows.client_credentials(
        session,
        grant_type=grant_type,
        client_id=client_id,
        client_secret=client_secret,
        scope=scope,
        address=address,
        now=clock(),
        settings=settings,
        guard=guard,
        signer=signer,
    )


@router.get("/.well-known/jwks.json", tags=["开放接口"], summary="令牌验签公钥（JWKS）")
async def jwks(request: Request, response: Response) -> dict[str, Any]:
    """The public keys that verify access tokens."""
    # Short cache: services pick up a rotated key within minutes, and fetch again on an unknown kid anyway.
    response.headers["Cache-Control"] = "public, max-age=300"
    keys: dict[str, Any] = request.app.state.signer.jwks()
    return keys


@router.get(
    "/api/v1/regions/tree",
    tags=["行政区划"],
    summary="行政区划树（本人数据范围内）",
    response_model=list[RegionNode],
    responses={404: problem("根节点不存在或超出数据范围"), **AUTHED_ERRORS},
    dependencies=[Depends(forbid_unknown_query)],
)
async def region_tree(
    session: SessionDep,
    principal: CurrentPrincipal,
    root: Annotated[str | None, Query(max_length=12, description="根节点区划代码，缺省为本人所属区划")] = None,
) -> list[RegionNode]:
    """The regions under a root, limited to what the caller's data scope covers."""
    code = root or principal.region_code
    region = await service.get_region(session, code=code)
    if region is None or not service.region_visible(principal, region):
        raise not_found("行政区划不存在")
    rows = [r for r in await service.region_subtree(session, root=region) if service.region_visible(principal, r)]
    return [RegionNode.model_validate(service.build_tree(rows, region.code))]
