"""Per-request context (request id, client address) available to logs and the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

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


class TrustedProxies:
    """The proxies allowed to name the client in `X-Forwarded-For`: addresses or CIDR networks."""

    def __init__(self, entries: Iterable[str]) -> None:
        """Parse every entry once (a bad one is a configuration error)."""
        self.networks: tuple[IPv4Network | IPv6Network, ...] = tuple(
            ip_network(e.strip(), strict=False) for e in entries if e.strip()
        )

    def __bool__(self) -> bool:
        """Whether any proxy is trusted."""
        return bool(self.networks)

    def __contains__(self, address: object) -> bool:
        """Whether an address (text) belongs to a trusted proxy; anything unparsable does not."""
        return bool(self.networks) and isinstance(address, str) and _member(address, self.networks)

    def client(self, peer: str | None, forwarded_for: str) -> str | None:
        """The client's address: the nearest hop that is not a trusted proxy, the peer when it is not one.

        Only hops a trusted proxy appended are believed; anything left of the nearest untrusted hop could be
        forged by the client.
        """
        if peer is None or peer not in self:
            return peer
        hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
        while hops and hops[-1] in self:
            hops.pop()
        return hops[-1][:64] if hops else peer


def _member(address: str, networks: tuple[IPv4Network | IPv6Network, ...]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in n for n in networks)


class RequestContextMiddleware:
    """Pure ASGI middleware: adopt or mint `X-Request-ID`, echo it, expose it to handlers."""

    def __init__(self, app: ASGIApp, trusted_proxies: Iterable[str] = ("127.0.0.1", "::1")) -> None:
        """Wrap an ASGI app; `X-Forwarded-For` is believed only when the peer is a trusted proxy."""
        self.app = app
        self.trusted_proxies = TrustedProxies(trusted_proxies)

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
        forwarded_for = headers.get(b"x-forwarded-for", b"").decode("latin-1")
        ctx = RequestContext(
            request_id=request_id,
            client_ip=self.trusted_proxies.client(peer, forwarded_for),
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
