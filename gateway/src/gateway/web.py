"""Edge middleware (pure ASGI; BaseHTTPMiddleware would buffer streams and cost a task per request).

- `EdgeMiddleware`, outermost: CORS from settings and the security headers on every response.
- `GuardMiddleware`, innermost: the body size limit (413), the caller resolved once from the bearer token
  (kept on `request.state.principal`, so route checks never verify the same token again), the check that
  the token's sign-in has not ended (401 `auth.session_ended`, `gateway.iam.sessions`) and the rate limit
  (429 with `Retry-After`, `RateLimit-*` on every API response).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.iam.sessions import SessionGuard, bound_or_new
from gateway.public import is_public_path
from gateway.ratelimit import Decision
from gateway.settings import GatewaySettings
from platform_core.auth import BEARER_CHALLENGE, Principal, TokenVerifier
from platform_core.context import current_context
from platform_core.problems import ProblemError, problem_response

API_PREFIXES = ("/api/", "/open/")
#: Where a token of an ended sign-in is ignored rather than refused: these routes need no caller.
SIGN_IN_PATHS = frozenset({"/api/v1/auth/login", "/api/v1/auth/refresh", "/open/v1/token"})
DOCS_PATH = "/api/v1/docs"

# The SPA: its own scripts only; Element Plus sets inline styles, so styles allow 'unsafe-inline'.
SPA_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'; form-action 'self'"
)
# Swagger UI (non-production only) is served by the gateway and runs one inline start-up script.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
CORS_ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
CORS_ALLOW_HEADERS = "Authorization, Content-Type, If-Match, Idempotency-Key, Accept-Language, X-Request-ID"
CORS_EXPOSE_HEADERS = (
    "ETag, Location, X-Request-ID, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy"
)


class BodyTooLargeError(Exception):
    """A streamed request body went past `max_body_bytes` (the 413 has already been sent)."""


def security_headers(settings: GatewaySettings, csp: str) -> list[tuple[bytes, bytes]]:
    """The security headers every response carries (HSTS only behind an https public URL)."""
    headers = [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"content-security-policy", csp.encode()),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if settings.public_base_url.lower().startswith("https://"):
        headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
    return headers


class EdgeMiddleware:
    """CORS (origins from settings, none by default) and security headers."""

    def __init__(self, app: ASGIApp, settings: GatewaySettings) -> None:
        """Precompute the header sets once."""
        self.app = app
        self.spa_headers = security_headers(settings, SPA_CSP)
        self.docs_headers = security_headers(settings, DOCS_CSP)
        self.any_origin = "*" in settings.cors_origins
        self.origins = frozenset(o.rstrip("/").encode("latin-1") for o in settings.cors_origins if o != "*")

    def _allowed(self, origin: bytes | None) -> bool:
        return origin is not None and (self.any_origin or origin in self.origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer allowed CORS preflights; add headers to every response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin: bytes | None = None
        if self.origins or self.any_origin:
            for name, value in scope["headers"]:
                if name == b"origin":
                    origin = value
                    break
        cors = self._allowed(origin)
        extra = self.docs_headers if scope["path"] == DOCS_PATH else self.spa_headers
        if cors and scope["method"] == "OPTIONS" and _header(scope, b"access-control-request-method"):
            await self._preflight(scope, send, origin or b"", extra)
            return
        cors_headers: list[tuple[bytes, bytes]] = []
        if cors:
            cors_headers = [
                (b"access-control-allow-origin", origin or b""),
                (b"access-control-expose-headers", CORS_EXPOSE_HEADERS.encode()),
                (b"vary", b"Origin"),
            ]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in extra if h[0] not in present)
                headers.extend(cors_headers)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _preflight(self, scope: Scope, send: Send, origin: bytes, extra: list[tuple[bytes, bytes]]) -> None:
        requested = _header(scope, b"access-control-request-headers")
        headers = [
            (b"access-control-allow-origin", origin),
            (b"access-control-allow-methods", CORS_ALLOW_METHODS.encode()),
            (b"access-control-allow-headers", requested or CORS_ALLOW_HEADERS.encode()),
            (b"access-control-max-age", b"600"),
            (b"vary", b"Origin"),
            (b"content-length", b"0"),
            *extra,
        ]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


class GuardMiddleware:
    """Body size limit, the caller (verified once per request) and the rate limit."""

    def __init__(self, app: ASGIApp, settings: GatewaySettings) -> None:
        """Read the limit; the verifier and the rate limiter come from app state at call time."""
        self.app = app
        self.max_body = settings.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse oversized bodies and callers over their quota; otherwise pass through."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length: int | None = None
        chunked = False
        authorization: bytes | None = None
        for name, value in scope["headers"]:
            if name == b"content-length":
                length = int(value) if value.isdigit() else None
            elif name == b"transfer-encoding":
                chunked = True
            elif name == b"authorization":
                authorization = value
        if length is not None and length > self.max_body:
            await _reject(scope, receive, send, ProblemError(413, "payload_too_large", extra={"limit": self.max_body}))
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        app_state = scope["app"].state
        rate_headers: list[tuple[bytes, bytes]] = []
        if is_public_path(scope["path"]):
            # A public operation ignores any token: it is dropped unread, and the caller is its address with a
            # strict quota of its own (links are guessed at, not brute-forced).
            scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"authorization"]
            decision = await app_state.rate_limiter.check(f"public:{_address(scope)}", "public")
            rate_headers = decision.headers()
            if not decision.allowed:
                await _reject(scope, receive, send, rate_limited(decision, rate_headers))
                return
        elif scope["path"].startswith(API_PREFIXES):
            principal = await _principal(app_state.token_verifier, authorization)
            if principal is not None:
                refusal = await session_guard(scope["app"]).refusal(principal)
                if refusal is not None:
                    if scope["path"] not in SIGN_IN_PATHS:
                        await _reject(scope, receive, send, session_ended(refusal))
                        return
                    # Signing in again with an ended session's token still in the header is fine: drop it.
                    scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"authorization"]
                    principal = None
            if principal is not None:
                state["principal"] = principal
                key, kind = principal.subject, principal.kind
            else:
                key, kind = f"ip:{_address(scope)}", "anonymous"
            decision = await app_state.rate_limiter.check(key, kind)
            rate_headers = decision.headers()
            if not decision.allowed:
                await _reject(scope, receive, send, rate_limited(decision, rate_headers))
                return
        if not rate_headers and not chunked:
            await self.app(scope, receive, send)
            return
        await self._guarded(scope, receive, send, rate_headers, chunked)

    async def _guarded(
        self, scope: Scope, receive: Receive, send: Send, rate_headers: list[tuple[bytes, bytes]], count: bool
    ) -> None:
        started = False
        refused = False
        received = 0

        async def send_guarded(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 is already out; whatever the app answers after it is dropped
            if message["type"] == "http.response.start":
                started = True
                if rate_headers:
                    message["headers"] = [*message.get("headers", []), *rate_headers]
            await send(message)

        async def receive_counted() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    scope["state"]["body_too_large"] = True
                    if not started and not refused:
                        refused = True
                        problem = ProblemError(413, "payload_too_large", extra={"limit": self.max_body})
                        await _reject(scope, receive, send, problem)
                    raise BodyTooLargeError
            return message

        try:
            await self.app(scope, receive_counted if count else receive, send_guarded)
        except Exception:
            # After a 413 went out, the app's own failure to read the body is expected and already answered.
            if not refused:
                raise


async def _principal(verifier: TokenVerifier, authorization: bytes | None) -> Principal | None:
    """The caller of a valid bearer token; None for none or an invalid one (the route answers its 401)."""
    if not authorization:
        return None
    scheme, _, token = authorization.decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    try:
        return Principal.from_claims(await verifier.verify(token.strip()))
    except ProblemError:
        return None


def _address(scope: Scope) -> str:
    """The caller's address as the request context resolved it (trusted proxies only), else the peer."""
    context = current_context()
    if context is not None and context.client_ip:
        return context.client_ip
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def rate_limited(decision: Decision, rate_headers: list[tuple[bytes, bytes]]) -> ProblemError:
    """429 for a caller over its quota, with `Retry-After` and the `RateLimit-*` headers."""
    return ProblemError(
        429,
        "rate_limited",
        extra={"retry_after": decision.retry_after_s},
        headers={k.decode(): v.decode() for k, v in rate_headers},
    )


def session_guard(app: Any) -> SessionGuard:
    """The app's session check, created on first use from the settings."""
    guard: SessionGuard | None = getattr(app.state, "session_guard", None)
    if guard is None:
        guard = SessionGuard(ttl_s=app.state.settings.session_check_ttl_s, session_factory=bound_or_new(app.state))
        app.state.session_guard = guard
    return guard


def session_ended(reason: str) -> ProblemError:
    """401 for an access token whose sign-in is over (the SPA then signs in again)."""
    detail = {
        "disabled": "账户已停用，请联系系统管理员",
        "ended": "登录会话已结束，请重新登录",
        "revoked": "账户的密码、状态或角色已变更，请重新登录",
    }[reason]
    return ProblemError(401, "auth.session_ended", detail, extra={"reason": reason}, headers=BEARER_CHALLENGE)


async def _reject(scope: Scope, receive: Receive, send: Send, problem: ProblemError) -> None:
    request = Request(scope, receive)
    response = problem_response(request, problem.status, problem.code, extra=problem.extra, headers=problem.headers)
    await response(scope, receive, send)


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return value
    return None


def install_edge_middleware(app: FastAPI, settings: GatewaySettings) -> None:
    """Edge outermost (even a 413 or 429 gets CORS and security headers), the guard innermost."""
    # Starlette runs user_middleware[0] first: Edge, then request id, then metrics, then the guard.
    app.user_middleware.insert(0, Middleware(EdgeMiddleware, settings=settings))
    app.user_middleware.append(Middleware(GuardMiddleware, settings=settings))
