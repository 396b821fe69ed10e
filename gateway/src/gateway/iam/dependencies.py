"""Request dependencies of the identity module: settings, clock, signer, sign-in guard, the signed-in user."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from gateway.iam import service
from gateway.iam.models import AuditLog, User
from gateway.iam.parameters import effective_settings
from gateway.iam.throttle import LoginGuard
from gateway.settings import GatewaySettings
from platform_core.audit import AuditTrail
from platform_core.auth import BEARER_CHALLENGE, CurrentPrincipal, Principal
from platform_core.context import current_context
from platform_core.db import SessionDep, utcnow
from platform_core.problems import ProblemError
from platform_core.tokens import TokenSigner

Clock = Callable[[], datetime]

#: The gateway's audit trail, shared by the identity and admin modules.
audit_trail = AuditTrail(AuditLog, "gateway")


async def get_settings(request: Request, session: SessionDep) -> GatewaySettings:
    """The settings the app was built with, the administrator's 系统参数 (password policy, lockout) laid over."""
    return await effective_settings(request.app, session)


async def get_clock() -> Clock:
    """The time source of lockouts and refresh-token lifetimes (tests override it to travel in time)."""
    return utcnow


async def get_signer(request: Request) -> TokenSigner:
    """The app's access-token signer."""
    signer: TokenSigner = request.app.state.signer
    return signer


async def get_login_guard(request: Request) -> LoginGuard:
    """The sign-in guard with the settings' numbers (its counts live in the database)."""
    guard: LoginGuard | None = getattr(request.app.state, "login_guard", None)
    if guard is None:
        settings: GatewaySettings = request.app.state.settings
        guard = LoginGuard(
            limit_per_minute=settings.login_ip_limit_per_minute,
            threshold=settings.lockout_threshold,
            lockout_seconds=settings.lockout_minutes * 60,
        )
        request.app.state.login_guard = guard
    return guard


def client_address(request: Request) -> str:
    """The address the sign-in throttle counts and the sign-in log records.

    The connection's peer, unless the peer is one of `GATEWAY_TRUSTED_PROXIES` (none by default): then the
    nearest address in X-Forwarded-For that those proxies did not add. A client's own X-Forwarded-For never
    buys it a fresh throttle window.
    """
    context = current_context()
    if context is not None and context.client_ip:
        return context.client_ip
    return request.client.host if request.client else "unknown"


def user_agent(request: Request) -> str | None:
    """The client's User-Agent, cut to what the sign-in records keep."""
    return request.headers.get("user-agent", "")[:256] or None


async def get_current_user(session: SessionDep, principal: CurrentPrincipal) -> User:
    """The signed-in user's record (machine clients are refused; a disabled user's token is refused)."""
    if principal.kind != "user" or principal.user_id is None:
        raise ProblemError(403, "forbidden", "仅限用户访问")
    user = await service.get_user(session, user_id=principal.user_id)
    if user is None or not user.is_active:
        raise ProblemError(401, "unauthorized", headers=BEARER_CHALLENGE)
    return user


SettingsDep = Annotated[GatewaySettings, Depends(get_settings)]
ClockDep = Annotated[Clock, Depends(get_clock)]
SignerDep = Annotated[TokenSigner, Depends(get_signer)]
LoginGuardDep = Annotated[LoginGuard, Depends(get_login_guard)]
CurrentUser = Annotated[User, Depends(get_current_user)]
AddressDep = Annotated[str, Depends(client_address)]
UserAgentDep = Annotated[str | None, Depends(user_agent)]

__all__ = [
    "AddressDep",
    "Clock",
    "ClockDep",
    "CurrentPrincipal",
    "CurrentUser",
    "LoginGuardDep",
    "Principal",
    "SettingsDep",
    "SignerDep",
    "UserAgentDep",
    "audit_trail",
]
