"""Sign-in flows with their side effects: lockout, token issue and rotation, revocation, audit entries."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.iam import refresh, service
from gateway.iam.dependencies import audit_trail
from gateway.iam.models import MachineClient, User
from gateway.iam.passwords import (
    hash_password_async,
    needs_rehash,
    policy_violations,
    verify_password_async,
)
from gateway.iam.schemas import ClientToken, TokenPair
from gateway.iam.throttle import LoginGuard
from gateway.settings import GatewaySettings
from platform_core.auth import Principal
from platform_core.problems import ProblemError, field_error
from platform_core.tokens import TokenSigner

CLIENT_GRANT = "client_credentials"


def actor_of(user: User) -> Principal:
    """A minimal principal naming a user, for audit entries written before any token exists."""
    return Principal(
        subject=f"user:{user.id}",
        kind="user",
        name=user.display_name,
        roles=frozenset(),
        permissions=frozenset(),
        data_scopes=frozenset(),
        region_code=user.region_code,
    )


def rate_limited(retry_after: int) -> ProblemError:
    """429 with the wait in a header and in the body."""
    return ProblemError(
        429, "rate_limited", extra={"retry_after_seconds": retry_after}, headers={"Retry-After": str(retry_after)}
    )


def account_locked(retry_after: int) -> ProblemError:
    """423 with the time left on the lock."""
    return ProblemError(
        423,
        "auth.account_locked",
        f"连续登录失败次数过多，账户已锁定，请{max(1, round(retry_after / 60))}分钟后再试",
        extra={"retry_after_seconds": retry_after},
        headers={"Retry-After": str(retry_after)},
    )


def invalid_credentials(remaining: int) -> ProblemError:
    """401 telling how many attempts remain before the lock."""
    return ProblemError(
        401,
        "auth.invalid_credentials",
        f"用户名或密码错误，还可尝试{remaining}次",
        extra={"remaining_attempts": remaining},
    )


async def login(
    session: AsyncSession,
    *,
    username: str,
    password: str,
    address: str,
    now: datetime,
    settings: GatewaySettings,
    guard: LoginGuard,
    signer: TokenSigner,
) -> TokenPair:
    """Check a password sign-in and issue a token pair; every outcome leaves an audit entry.

    Failures are committed before the problem is raised, since the request session rolls back on error.
    """
    stamp = now.timestamp()
    # Login names are stored in lower case; people type them any way.
    username = username.strip().lower()
    wait = guard.addresses.hit(address, stamp)
    if wait is not None:
        raise rate_limited(wait)
    user = await service.get_user_by_username(session, username=username)
    if user is None:
        raise await _refuse_unknown(session, username=username, password=password, stamp=stamp, guard=guard)
    actor = actor_of(user)
    if user.locked_until is not None and user.locked_until > now:
        # Same cost as a real check, so a locked account cannot be told apart by timing.
        await verify_password_async(None, password)
        await _audit_login(session, actor, user, "failure", "账户锁定期间尝试登录")
        raise account_locked(int((user.locked_until - now).total_seconds()) + 1)
    if not await verify_password_async(user.password_hash, password):
        raise await _count_failure(session, user=user, actor=actor, now=now, settings=settings)
    if not user.is_active:
        await _audit_login(session, actor, user, "failure", "账户已停用")
        raise ProblemError(403, "auth.account_disabled", "账户已停用，请联系系统管理员")
    bookkeeping: dict[str, Any] = {"failed_login_count": 0, "locked_until": None, "last_login_at": now}
    if needs_rehash(user.password_hash):
        bookkeeping["password_hash"] = await hash_password_async(password)
    await service.update_user_fields(session, user_id=user.id, values=bookkeeping)
    absolute = now + timedelta(seconds=settings.refresh_absolute_seconds)
    issued = await refresh.issue(session, user_id=user.id, now=now, expires_at=absolute)
    pair, principal = await _issue_pair(session, user=user, refresh_raw=issued.raw, settings=settings, signer=signer)
    await audit_trail.record(
        session,
        principal=principal,
        action="auth.login",
        entity_type="user",
        entity_id=user.id,
        region_code=user.region_code,
        detail="登录成功",
    )
    await session.commit()
    return pair


async def _refuse_unknown(
    session: AsyncSession, *, username: str, password: str, stamp: float, guard: LoginGuard
) -> ProblemError:
    """The answer for an unknown username: exactly what a wrong password (or a lock) of a real account gets."""
    await verify_password_async(None, password)
    locked = guard.unknown.locked_for(username, stamp)
    remaining, lock = (0, locked) if locked else guard.unknown.fail(username, stamp)
    await audit_trail.record(
        session,
        principal=None,
        action="auth.login",
        entity_type="user",
        entity_id=None,
        result="failure",
        detail=f"登录名不存在：{username[:64]}",
    )
    await session.commit()
    return account_locked(lock) if lock is not None else invalid_credentials(remaining)


async def _count_failure(
    session: AsyncSession, *, user: User, actor: Principal, now: datetime, settings: GatewaySettings
) -> ProblemError:
    """Count a wrong password atomically (the threshold-th one locks the account); returns the answer."""
    count = await session.scalar(
        update(User)
        .where(User.id == user.id)
        .values(failed_login_count=User.failed_login_count + 1)
        .returning(User.failed_login_count)
        .execution_options(synchronize_session="fetch")
    )
    count = int(count or 0)
    if count >= settings.lockout_threshold:
        lock_seconds = settings.lockout_minutes * 60
        await service.update_user_fields(
            session,
            user_id=user.id,
            values={"locked_until": now + timedelta(seconds=lock_seconds), "failed_login_count": 0},
        )
        await _audit_login(
            session,
            actor,
            user,
            "failure",
            f"密码错误，连续失败{count}次，账户锁定{settings.lockout_minutes}分钟",
        )
        return account_locked(lock_seconds)
    await _audit_login(session, actor, user, "failure", f"密码错误（连续第{count}次）")
    return invalid_credentials(settings.lockout_threshold - count)


async def _audit_login(session: AsyncSession, actor: Principal, user: User, result: str, detail: str) -> None:
    """Record a failed sign-in and commit it."""
    await audit_trail.record(
        session,
        principal=actor,
        action="auth.login",
        entity_type="user",
        entity_id=user.id,
        region_code=user.region_code,
        result=result,
        detail=detail,
    )
    await session.commit()


async def _issue_pair(
    session: AsyncSession,
    *,
    user: User,
    refresh_raw: str,
    settings: GatewaySettings,
    signer: TokenSigner,
) -> tuple[TokenPair, Principal]:
    """A fresh access token next to an already issued refresh token."""
    profile = await service.access_profile(session, user=user)
    token, claims = service.user_access_token(
        signer, user=user, profile=profile, ttl_seconds=settings.access_token_ttl_seconds
    )
    pair = TokenPair(
        access_token=token,
        refresh_token=refresh_raw,
        expires_in=settings.access_token_ttl_seconds,
        must_change_password=user.must_change_password,
    )
    return pair, Principal.from_claims(claims)


async def rotate_refresh(
    session: AsyncSession, *, raw: str, now: datetime, settings: GatewaySettings, signer: TokenSigner
) -> TokenPair:
    """Exchange a refresh token for a new pair; a reused one revokes its whole family."""
    try:
        spent, successor = await refresh.rotate(session, raw=raw, now=now, idle_seconds=settings.refresh_idle_seconds)
    except refresh.RefreshReuseError as exc:
        family = exc.token.family_id
        revoked = await refresh.revoke_family(session, family_id=family, now=now)
        user = await service.get_user(session, user_id=exc.token.user_id)
        await audit_trail.record(
            session,
            principal=actor_of(user) if user else None,
            action="auth.refresh_reused",
            entity_type="refresh_token_family",
            entity_id=family,
            region_code=user.region_code if user else None,
            result="failure",
            detail=f"已使用过的刷新令牌被再次提交，吊销整个令牌族（{revoked}个有效令牌）",
        )
        await session.commit()
        raise ProblemError(401, "auth.refresh_reused", "登录状态已失效，请重新登录") from exc
    user = await service.get_user(session, user_id=spent.user_id)
    if user is None or not user.is_active:
        await refresh.revoke_family(session, family_id=spent.family_id, now=now)
        await session.commit()
        raise ProblemError(401, "unauthorized", "账户不可用，请重新登录")
    pair, _ = await _issue_pair(session, user=user, refresh_raw=successor.raw, settings=settings, signer=signer)
    await session.commit()
    return pair


async def logout(session: AsyncSession, *, raw: str, now: datetime) -> None:
    """End the sign-in a refresh token belongs to (unknown tokens are ignored: logout is idempotent)."""
    row = await refresh.find(session, raw=raw)
    if row is None:
        return
    revoked = await refresh.revoke_family(session, family_id=row.family_id, now=now)
    user = await service.get_user(session, user_id=row.user_id)
    await audit_trail.record(
        session,
        principal=actor_of(user) if user else None,
        action="auth.logout",
        entity_type="refresh_token_family",
        entity_id=row.family_id,
        region_code=user.region_code if user else None,
        detail=f"退出登录，吊销{revoked}个有效令牌",
    )
    await session.commit()


async def change_password(
    session: AsyncSession,
    *,
    user: User,
    principal: Principal,
    old_password: str,
    new_password: str,
    now: datetime,
    settings: GatewaySettings,
) -> None:
    """Replace the user's password after checking the old one and the policy; revoke every refresh token."""
    if not await verify_password_async(user.password_hash, old_password):
        await audit_trail.record(
            session,
            principal=principal,
            action="auth.password_change",
            entity_type="user",
            entity_id=user.id,
            region_code=user.region_code,
            result="failure",
            detail="原密码不正确",
        )
        await session.commit()
        raise field_error("old_password", "原密码不正确", code="invalid_credentials")
    problems = policy_violations(new_password, min_length=settings.password_min_length, username=user.username)
    if new_password == old_password:
        problems.append("新密码不能与原密码相同")
    if problems:
        raise ProblemError(
            422,
            "validation_failed",
            "；".join(problems),
            errors=[
                {"field": "new_password", "location": "body", "message": m, "code": "password_policy"} for m in problems
            ],
        )
    await service.update_user_fields(
        session,
        user_id=user.id,
        values={
            "password_hash": await hash_password_async(new_password),
            "must_change_password": False,
            "password_changed_at": now,
            "version": User.version + 1,
        },
    )
    revoked = await refresh.revoke_user(session, user_id=user.id, now=now)
    await audit_trail.record(
        session,
        principal=principal,
        action="auth.password_change",
        entity_type="user",
        entity_id=user.id,
        region_code=user.region_code,
        detail=f"修改密码，吊销{revoked}个刷新令牌",
    )
    await session.commit()


def _client_error(
    status: int,
    code: str,
    oauth_error: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    **extra: object,
) -> ProblemError:
    """A problem that also carries the OAuth2 `error` field clients look for."""
    headers = {"WWW-Authenticate": 'Basic realm="commerce-platform"'} if status == 401 else None
    extra = {"error": oauth_error, "error_description": detail, **extra}
    return ProblemError(status, code, detail, errors=errors, extra=extra, headers=headers)


async def client_credentials(
    session: AsyncSession,
    *,
    grant_type: str | None,
    client_id: str | None,
    client_secret: str | None,
    scope: str | None,
    address: str,
    now: datetime,
    settings: GatewaySettings,
    guard: LoginGuard,
    signer: TokenSigner,
) -> ClientToken:
    """The OAuth2 client-credentials grant: a short-lived read-only token, never a refresh token."""
    wait = guard.addresses.hit(address, now.timestamp())
    if wait is not None:
        raise rate_limited(wait)
    if grant_type != CLIENT_GRANT:
        raise _client_error(
            400,
            "validation_failed",
            "unsupported_grant_type",
            "仅支持 grant_type=client_credentials",
            errors=[
                {
                    "field": "grant_type",
                    "location": "body",
                    "message": "仅支持 client_credentials",
                    "code": "unsupported_grant_type",
                }
            ],
        )
    if not client_id or not client_secret:
        raise _client_error(401, "auth.invalid_credentials", "invalid_client", "缺少客户端凭据")
    client = await service.get_client(session, client_id=client_id)
    if client is None or not await verify_password_async(client.secret_hash, client_secret):
        await _audit_client(session, client_id, client, "failure", "客户端凭据错误")
        raise _client_error(401, "auth.invalid_credentials", "invalid_client", "客户端标识或密钥错误")
    if not client.is_active:
        await _audit_client(session, client_id, client, "failure", "客户端已停用")
        raise _client_error(403, "auth.account_disabled", "invalid_client", "客户端已停用")
    granted = sorted(client.permissions)
    if scope:
        requested = sorted(set(scope.split()))
        if not set(requested) <= set(granted):
            raise _client_error(400, "validation_failed", "invalid_scope", "请求的权限超出客户端授权范围")
        granted = requested
    region = await service.get_region(session, code=client.region_code)
    token, _ = service.client_access_token(
        signer, client=client, permissions=granted, region=region, ttl_seconds=settings.client_token_ttl_seconds
    )
    await _audit_client(session, client_id, client, "success", "签发客户端访问令牌")
    return ClientToken(access_token=token, expires_in=settings.client_token_ttl_seconds, scope=" ".join(granted))


async def _audit_client(
    session: AsyncSession, client_id: str, client: MachineClient | None, result: str, detail: str
) -> None:
    """Record a client-credentials attempt and commit it."""
    await audit_trail.record(
        session,
        principal=None,
        actor=f"client:{client_id[:56]}",
        action="auth.client_token",
        entity_type="machine_client",
        entity_id=client_id[:64],
        region_code=client.region_code if client else None,
        result=result,
        detail=detail,
    )
    await session.commit()
