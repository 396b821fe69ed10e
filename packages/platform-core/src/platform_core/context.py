"""Per-request context (request id, client address) available to logs and the audit log."""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass(slots=True)
class RequestContext:
    """What the audit log and the JSON logs need to know about the current request."""

    request_id: str
    client_ip: str | None = None
    user_agent: str | None = None
    subject: str | None = None


_current: ContextVar[RequestContext | None] = ContextVar("request_context", default=None)


def current_context() -> RequestContext | None:
    """The context of the request being served, if any."""
    return _current.get()


def new_request_id() -> str:
    """A fresh request id."""
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Pure ASGI middleware: adopt or mint `X-Request-ID`, echo it, expose it to handlers."""

    def __init__(self, app: ASGIApp, trusted_proxies: frozenset[str] = frozenset({"127.0.0.1", "::1"})) -> None:
        """Wrap an ASGI app; `X-Forwarded-For` is believed only when the peer is a trusted proxy."""
        self.app = app
        self.trusted_proxies = trusted_proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request with its context set."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        raw = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = raw if raw and len(raw) <= 128 and raw.isprintable() else new_request_id()
        client = scope.get("client")
        peer = client[0] if client else None
        forwarded = ""
        if peer in self.trusted_proxies:
            # The nearest untrusted hop is the client; anything left of it could be forged.
            hops = [h.strip() for h in headers.get(b"x-forwarded-for", b"").decode("latin-1").split(",") if h.strip()]
            while hops and hops[-1] in self.trusted_proxies:
                hops.pop()
            forwarded = hops[-1] if hops else ""
        ctx = RequestContext(
            request_id=request_id,
            client_ip=forwarded or peer,
            user_agent=headers.get(b"user-agent", b"").decode("latin-1")[:256] or None,
        )
        scope.setdefault("state", {})["request_id"] = request_id
        token = _current.set(ctx)
        rid = request_id.encode("latin-1")

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [h for h in message["headers"] if h[0].lower() != b"x-request-id"]
                message["headers"].append((b"x-request-id", rid))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _current.reset(token)
