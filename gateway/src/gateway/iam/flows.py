"""Sign-in flows with their side effects: lockout, token issue and rotation, revocation, audit entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.iam import password_rules, refresh, service, sessions
from gateway.iam.dependencies import audit_trail
from gateway.iam.models import MachineClient, SignInLog, User, UserSession
from gateway.iam.passwords import (
    hash_password_async,
    needs_rehash,
    policy_violations,
    verify_password_async,
)
from gateway.iam.schemas import ClientToken, TokenPair
from gateway.iam.throttle import FAILURE_MEMORY, LoginGuard, seconds_left
from gateway.settings import GatewaySettings
from platform_core.auth import Principal
from platform_core.problems import ProblemError, field_error
from platform_core.tokens import TokenSigner

CLIENT_GRANT = "client_credentials"


@dataclass(frozen=True, slots=True)
class Attempt:
    """One password sign-in attempt: the name as typed (normalised), where it came from, when."""

    username: str
    address: str
    user_agent: str | None
    now: datetime


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
    user_agent: str | None,
    now: datetime,
    settings: GatewaySettings,
    guard: LoginGuard,
    signer: TokenSigner,
) -> TokenPair:
    """Check a password sign-in and issue a token pair; every checked attempt leaves an audit entry and a row
    of the sign-in log, and a success starts a session.

    Failures are committed before the problem is raised, since the request session rolls back on error.
    """
    wait = await guard.hit_address(session, address=address, now=now)
    if wait is not None:
        raise rate_limited(wait)
    # Login names are stored in lower case; people type them any way.
    attempt = Attempt(username.strip().lower(), address, user_agent, now)
    user = await service.get_user_by_username(session, username=attempt.username)
    if user is None:
        raise await _refuse_unknown(session, attempt=attempt, password=password, guard=guard)
    actor = actor_of(user)
    if user.locked_until is not None and user.locked_until > now:
        # Same cost as a real check, so a locked account cannot be told apart by timing.
        await verify_password_async(None, password)
        await _audit_login(session, actor, user, attempt, "failure", "账户锁定期间尝试登录")
        raise account_locked(seconds_left(user.locked_until, now))
    if not await verify_password_async(user.password_hash, password):
        raise await _count_failure(session, user=user, actor=actor, attempt=attempt, settings=settings)
    if not user.is_active:
        await _audit_login(session, actor, user, attempt, "failure", "账户已停用")
        raise ProblemError(403, "auth.account_disabled", "账户已停用，请联系系统管理员")
    bookkeeping: dict[str, Any] = {
        "failed_login_count": 0,
        "locked_until": None,
        "last_failed_login_at": None,
        "last_login_at": now,
    }
    if needs_rehash(user.password_hash):
        bookkeeping["password_hash"] = await hash_password_async(password)
    await service.update_user_fields(session, user_id=user.id, values=bookkeeping)
    absolute = now + timedelta(seconds=settings.refresh_absolute_seconds)
    issued = await refresh.issue(session, user_id=user.id, now=now, expires_at=absolute)
    sid = issued.row.family_id
    await sessions.start(
        session,
        session_id=sid,
        user_id=user.id,
        now=now,
        expires_at=absolute,
        address=address,
        user_agent=user_agent,
    )
    pair, principal = await _issue_pair(
        session, user=user, refresh_raw=issued.raw, session_id=sid, settings=settings, signer=signer, now=now
    )
    await audit_trail.record(
        session,
        principal=principal,
        action="auth.login",
        entity_type="user",
        entity_id=user.id,
        region_code=user.region_code,
        detail="登录成功",
    )
    _log_sign_in(session, attempt, user_id=user.id, result="success", reason="登录成功", session_id=sid)
    await session.commit()
    return pair


def _log_sign_in(
    session: AsyncSession,
    attempt: Attempt,
    *,
    user_id: int | None,
    result: str,
    reason: str,
    session_id: str | None = None,
) -> None:
    """Add the attempt's row to the sign-in log (committed with the attempt's other bookkeeping)."""
    session.add(
        SignInLog(
            occurred_at=attempt.now,
            username=attempt.username[:64],
            user_id=user_id,
            result=result,
            reason=reason[:100],
            address=attempt.address[:64] or None,
            user_agent=(attempt.user_agent or "")[:256] or None,
            session_id=session_id,
        )
    )


async def _refuse_unknown(session: AsyncSession, *, attempt: Attempt, password: str, guard: LoginGuard) -> ProblemError:
    """The answer for an unknown username: exactly what a wrong password (or a lock) of a real account gets.

    Its failures and lock live in the database like a real account's, so every gateway process answers alike.
    """
    await verify_password_async(None, password)
    username, now = attempt.username, attempt.now
    locked = await guard.unknown_locked_for(session, username=username, now=now)
    remaining, lock = (0, locked) if locked else await guard.unknown_failed(session, username=username, now=now)
    await audit_trail.record(
        session,
        principal=None,
        action="auth.login",
        entity_type="user",
        entity_id=None,
        result="failure",
        detail=f"登录名不存在：{username[:64]}",
    )
    _log_sign_in(session, attempt, user_id=None, result="failure", reason="登录名不存在")
    await session.commit()
    return account_locked(lock) if lock is not None else invalid_credentials(remaining)


async def _count_failure(
    session: AsyncSession, *, user: User, actor: Principal, attempt: Attempt, settings: GatewaySettings
) -> ProblemError:
    """Count a wrong password atomically (the threshold-th one locks the account); returns the answer.

    A failure more than a day after the previous one counts from one again, as for unknown names.
    """
    now = attempt.now
    forgotten = User.last_failed_login_at.is_(None) | (User.last_failed_login_at < now - FAILURE_MEMORY)
    count = await session.scalar(
        update(User)
        .where(User.id == user.id)
        .values(
            failed_login_count=case((forgotten, 1), else_=User.failed_login_count + 1),
            last_failed_login_at=now,
        )
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
            attempt,
            "failure",
            f"密码错误，连续失败{count}次，账户锁定{settings.lockout_minutes}分钟",
        )
        return account_locked(lock_seconds)
    await _audit_login(session, actor, user, attempt, "failure", f"密码错误（连续第{count}次）")
    return invalid_credentials(settings.lockout_threshold - count)


async def _audit_login(
    session: AsyncSession, actor: Principal, user: User, attempt: Attempt, result: str, detail: str
) -> None:
    """Record a failed sign-in in the audit log and the sign-in log, and commit it."""
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
    _log_sign_in(session, attempt, user_id=user.id, result=result, reason=detail)
    await session.commit()


async def _issue_pair(
    session: AsyncSession,
    *,
    user: User,
    refresh_raw: str,
    session_id: str,
    settings: GatewaySettings,
    signer: TokenSigner,
    now: datetime,
) -> tuple[TokenPair, Principal]:
    """A fresh access token of a session next to an already issued refresh token (saying whether the password
    must change)."""
    profile = await service.access_profile(session, user=user)
    expired = password_rules.password_expired(user, now=now, max_age_days=settings.password_max_age_days)
    token, claims = service.user_access_token(
        signer,
        user=user,
        profile=profile,
        ttl_seconds=settings.access_token_ttl_seconds,
        session_id=session_id,
        password_expired=expired,
    )
    pair = TokenPair(
        access_token=token,
        refresh_token=refresh_raw,
        expires_in=settings.access_token_ttl_seconds,
        must_change_password=user.must_change_password or expired,
        password_expired=expired,
    )
    return pair, Principal.from_claims(claims)


async def rotate_refresh(
    session: AsyncSession,
    *,
    raw: str,
    now: datetime,
    address: str,
    user_agent: str | None,
    settings: GatewaySettings,
    signer: TokenSigner,
) -> TokenPair:
    """Exchange a refresh token for a new pair; a reused one revokes its whole family and ends the session."""
    try:
        spent, successor = await refresh.rotate(session, raw=raw, now=now, idle_seconds=settings.refresh_idle_seconds)
    except refresh.RefreshReuseError as exc:
        family = exc.token.family_id
        revoked = await refresh.revoke_family(session, family_id=family, now=now)
        await sessions.end(session, session_id=family, now=now, reason="refresh_reused")
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
        await sessions.end(session, session_id=spent.family_id, now=now, reason="disabled")
        await session.commit()
        raise ProblemError(401, "unauthorized", "账户不可用，请重新登录")
    sid = spent.family_id
    current = await session.get(UserSession, sid)
    if current is None:
        # A sign-in from before sessions were recorded: it becomes one now.
        await sessions.start(
            session,
            session_id=sid,
            user_id=user.id,
            now=now,
            expires_at=spent.expires_at,
            address=address,
            user_agent=user_agent,
        )
    else:
        await sessions.touch(session, session_id=sid, now=now)
    pair, _ = await _issue_pair(
        session, user=user, refresh_raw=successor.raw, session_id=sid, settings=settings, signer=signer, now=now
    )
    await session.commit()
    return pair


async def logout(session: AsyncSession, *, principal: Principal, raw: str, now: datetime) -> None:
    """End the caller's sign-in: its current session and the session of the refresh token, if it is the caller's.

    A refresh token of another user is never revoked (the attempt is audited); unknown tokens are ignored, so
    logout stays idempotent and says nothing about a token it was given.
    """
    if principal.kind != "user" or principal.user_id is None:
        return
    row = await refresh.find(session, raw=raw)
    families: list[str] = []
    sid = principal.claims.get("sid")
    if isinstance(sid, str):
        families.append(sid)
    if row is not None and row.user_id == principal.user_id and row.family_id not in families:
        families.append(row.family_id)
    user = await service.get_user(session, user_id=principal.user_id)
    region = user.region_code if user else principal.region_code
    if row is not None and row.user_id != principal.user_id:
        await audit_trail.record(
            session,
            principal=principal,
            action="auth.logout",
            entity_type="refresh_token_family",
            entity_id=row.family_id,
            region_code=region,
            result="denied",
            detail="退出登录时提交了其他用户的刷新令牌，未吊销",
        )
    revoked = 0
    for family in families:
        revoked += await refresh.revoke_family(session, family_id=family, now=now)
        await sessions.end(session, session_id=family, now=now, reason="logout")
    if families:
        await audit_trail.record(
            session,
            principal=principal,
            action="auth.logout",
            entity_type="refresh_token_family",
            entity_id=families[0],
            region_code=region,
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
    elif not problems and await password_rules.reuses_recent(
        session, user=user, password=new_password, keep=settings.password_history_count
    ):
        problems.append(password_rules.reuse_message(settings.password_history_count))
    if problems:
        raise ProblemError(
            422,
            "validation_failed",
            "；".join(problems),
            errors=[
                {"field": "new_password", "location": "body", "message": m, "code": "password_policy"} for m in problems
            ],
        )
    new_hash = await hash_password_async(new_password)
    await password_rules.remember(
        session, user=user, password_hash=new_hash, now=now, keep=settings.password_history_count
    )
    await service.update_user_fields(
        session,
        user_id=user.id,
        values={
            "password_hash": new_hash,
            "must_change_password": False,
            "password_changed_at": now,
            "version": User.version + 1,
        },
    )
    ended = await sessions.end_all(session, user_id=user.id, now=now, reason="password_changed")
    await audit_trail.record(
        session,
        principal=principal,
        action="auth.password_change",
        entity_type="user",
        entity_id=user.id,
        region_code=user.region_code,
        detail=f"修改密码，结束{ended}个登录会话",
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
    wait = await guard.hit_address(session, address=address, now=now)
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
