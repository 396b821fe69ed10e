"""The proxy route: route-table lookup, token and permission check, then a streaming forward.

It is a plain ASGI route rather than a FastAPI path operation: no dependency solving, no body parsing,
no response model, because every microsecond here is paid on every proxied request.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import aiohttp
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import Message, Receive, Scope, Send

from gateway.proxy.breaker import CircuitBreaker, Permit
from gateway.proxy.client import UpstreamPool
from gateway.proxy.routes import (
    DEFAULT_TABLE,
    PUBLIC,
    SERVICE_LABELS,
    SERVICE_LABELS_EN,
    RouteEntry,
    RouteTable,
)
from gateway.web import BodyTooLargeError
from platform_core.auth import Principal, get_principal
from platform_core.context import current_context
from platform_core.problems import ProblemError, problem_response, wants_english
from platform_core.tracing import inject_trace

log = logging.getLogger(__name__)

#: Hop-by-hop headers (RFC 9110 §7.6.1) plus what the gateway sets itself; never copied upstream.
REQUEST_SKIP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
        b"host",
        b"expect",
        b"x-request-id",
        b"x-forwarded-for",
        b"x-forwarded-proto",
        b"x-forwarded-host",
        b"forwarded",
        b"traceparent",
        b"tracestate",
    }
)
#: Hop-by-hop headers of a response, plus those the gateway's server writes itself.
RESPONSE_SKIP = frozenset(
    {b"connection", b"keep-alive", b"te", b"trailer", b"transfer-encoding", b"upgrade", b"server", b"date"}
)
#: Bodies up to this size are read whole and sent in one piece (one write instead of three).
SMALL_BODY = 64 * 1024


class ClientGoneError(Exception):
    """The caller disconnected while its request body was being forwarded."""


class TableRoute(BaseRoute):
    """One route-table row as the app sees it (metrics label by its pattern); never matched directly."""

    def __init__(self, entry: RouteEntry) -> None:
        """Name the row."""
        self.entry = entry
        self.path = entry.pattern
        self.path_format = entry.pattern
        self.name = f"proxy:{entry.service}:{entry.pattern}"

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """Rows are matched by `ProxyRoute` through the table's trie."""
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Not reached: `ProxyRoute` handles the request."""
        raise RuntimeError("TableRoute is a label, not a handler")


class ProxyRoute(BaseRoute):
    """Matches every path the route table covers and forwards the request to its service."""

    def __init__(self, table: RouteTable = DEFAULT_TABLE) -> None:
        """Index the table's rows."""
        self.table = table
        self.roots = tuple(f"{root}/" for root in table.roots())
        self._labels = {entry.pattern: TableRoute(entry) for entry in table.entries}

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """A full match for any method on a covered path; the handler answers 405 for unlisted methods."""
        if scope["type"] != "http":
            return Match.NONE, {}
        path: str = scope["path"]
        if not path.startswith(self.roots):
            return Match.NONE, {}
        entry = self.table.match(path)
        if entry is None:
            return Match.NONE, {}
        return Match.FULL, {"route": self._labels[entry.pattern]}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the method, the caller and the permission, then forward."""
        entry: RouteEntry = scope["route"].entry
        method: str = scope["method"]
        permission = entry.permission_for(method)
        if permission is None:
            allow = ", ".join(entry.methods)
            raise ProblemError(
                405, "method_not_allowed", extra={"allow": list(entry.methods)}, headers={"Allow": allow}
            )
        pool: UpstreamPool = scope["app"].state.upstreams
        if permission == PUBLIC:
            # Nobody's credentials travel to a public operation (the guard already dropped the header).
            scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"authorization"]
            await forward(pool, entry.service, scope, receive, send, limits=pool.timeouts[entry.kind_for(method)])
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        principal: Principal | None = state.get("principal")
        if principal is None:
            # The edge middleware resolved no principal (no or bad token): this raises the right 401.
            principal = await get_principal(Request(scope, receive))
        if permission not in principal.permissions:
            raise ProblemError(403, "forbidden", extra={"missing_permissions": [permission]})
        await forward(pool, entry.service, scope, receive, send, limits=pool.timeouts[entry.kind_for(method)])


def upstream_headers(scope: Scope) -> list[tuple[str, str]]:
    """The request headers for the service: end-to-end ones copied, request id and X-Forwarded-* set."""
    raw: list[tuple[bytes, bytes]] = scope["headers"]
    skip: frozenset[bytes] | set[bytes] = REQUEST_SKIP
    host = b""
    for name, value in raw:
        if name == b"connection":
            # Headers named in Connection are hop-by-hop too.
            skip = set(REQUEST_SKIP) | {t.strip().lower() for t in value.split(b",") if t.strip()}
        elif name == b"host":
            host = value
    out = [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, value in raw
        if name not in skip and not name.startswith(b"proxy-")
    ]
    state = scope.get("state") or {}
    request_id = state.get("request_id")
    if request_id:
        out.append(("X-Request-ID", request_id))
    # The service's span continues the gateway's: one trace per request across the hop.
    inject_trace(out)
    context = current_context()
    client = scope.get("client")
    address = context.client_ip if context is not None and context.client_ip else (client[0] if client else None)
    if address:
        # The client's address as the gateway resolved it (X-Forwarded-For believed only from
        # GATEWAY_TRUSTED_PROXIES); a chain the caller sent is dropped because services log its entry.
        out.append(("X-Forwarded-For", address))
    out.append(("X-Forwarded-Proto", scope.get("scheme", "http")))
    if host:
        out.append(("X-Forwarded-Host", host.decode("latin-1")))
    return out


def response_headers(raw: Any, origin: str) -> list[tuple[bytes, bytes]]:
    """The service's response headers minus hop-by-hop ones; redirects to the service become relative."""
    skip: frozenset[bytes] | set[bytes] = RESPONSE_SKIP
    for name, value in raw:
        if name.lower() == b"connection":
            skip = set(RESPONSE_SKIP) | {t.strip().lower() for t in value.split(b",") if t.strip()}
    out: list[tuple[bytes, bytes]] = []
    origin_b = origin.encode("latin-1")
    for name, value in raw:
        lname = name.lower()
        if lname in skip or lname.startswith(b"proxy-"):
            continue
        if lname == b"location" and value.startswith(origin_b):
            value = value[len(origin_b) :] or b"/"
        out.append((lname, value))
    return out


def _has_body(scope: Scope) -> tuple[bool, int | None]:
    """Whether the request carries a body, and its declared length."""
    length: int | None = None
    chunked = False
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                length = int(value)
            except ValueError:
                length = None
        elif name == b"transfer-encoding":
            chunked = True
    return (chunked or bool(length)), length


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGoneError
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _stream_body(receive: Receive, done: asyncio.Event) -> AsyncIterator[bytes]:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGoneError
        body = message.get("body", b"")
        if body:
            yield body
        if not message.get("more_body", False):
            done.set()
            return


def _raw_path(scope: Scope) -> str:
    raw: bytes | None = scope.get("raw_path")
    if raw is None:
        return quote(scope["path"], safe="/%:@!$&'()*+,;=-._~")
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError:
        # A client sent raw non-ASCII bytes; percent-encode them, keep everything else as received.
        return quote(raw, safe="/%:@!$&'()*+,;=-._~")


def _query(scope: Scope) -> str:
    raw: bytes = scope.get("query_string", b"")
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError:
        return quote(raw, safe="/?%:@!$&'()*+,;=-._~")


async def forward(
    pool: UpstreamPool,
    service: str,
    scope: Scope,
    receive: Receive,
    send: Send,
    *,
    limits: aiohttp.ClientTimeout | None = None,
) -> None:
    """Send the request to a service and stream its answer back (503 unreachable or breaker open, 504 slow)."""
    request = Request(scope, receive)
    breaker = pool.breakers[service]
    permit = breaker.admit()
    if permit is None:
        # The breaker is open (or its one probe is under way): answer at once, nothing is sent to the service.
        if pool.refused is not None:
            pool.refused.labels(service).inc()
        await _problem(request, send, 503, "service_unavailable", service, breaker=breaker)
        return
    try:
        await _exchange(pool, service, request, scope, receive, send, limits or pool.timeout, permit)
    finally:
        permit.release()  # no verdict (caller gone, body refused): a probe frees its slot


async def _exchange(
    pool: UpstreamPool,
    service: str,
    request: Request,
    scope: Scope,
    receive: Receive,
    send: Send,
    limits: aiohttp.ClientTimeout,
    permit: Permit,
) -> None:
    """One forwarded request; transport failures and timeouts are reported to the breaker, answers as success."""
    url = pool.url(service, _raw_path(scope), _query(scope))
    has_body, length = _has_body(scope)
    body_done = asyncio.Event()
    data: bytes | AsyncIterator[bytes] | None = None
    try:
        if has_body:
            if length is not None and length <= SMALL_BODY:
                data = await _read_body(receive)
                body_done.set()
            else:
                data = _stream_body(receive, body_done)
        else:
            body_done.set()
        response = await pool.session().request(
            scope["method"],
            url,
            headers=upstream_headers(scope),
            data=data,
            allow_redirects=False,
            timeout=limits,
        )
    except ClientGoneError:
        return
    except BodyTooLargeError:
        raise ProblemError(413, "payload_too_large") from None
    except aiohttp.ConnectionTimeoutError as exc:
        log.warning("upstream %s: no connection in time: %r", service, exc)
        permit.failed()
        await _problem(request, send, 503, "service_unavailable", service)
        return
    except (TimeoutError, aiohttp.ServerTimeoutError):
        log.warning("upstream %s: no answer within %.1f s", service, limits.sock_read or 0.0)
        permit.failed()
        await _problem(request, send, 504, "gateway_timeout", service)
        return
    except (aiohttp.ClientError, OSError) as exc:
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, BodyTooLargeError) or scope.get("state", {}).get("body_too_large"):
            raise ProblemError(413, "payload_too_large") from None
        if isinstance(cause, ClientGoneError):
            return
        log.warning("upstream %s unreachable: %s", service, exc)
        permit.failed()
        await _problem(request, send, 503, "service_unavailable", service)
        return
    permit.succeeded()  # the service answered; whatever its status, it is alive
    await _relay(pool, service, request, response, body_done, receive, send, permit)


async def _relay(
    pool: UpstreamPool,
    service: str,
    request: Request,
    response: aiohttp.ClientResponse,
    body_done: asyncio.Event,
    receive: Receive,
    send: Send,
    permit: Permit,
) -> None:
    """Copy status, headers and body to the caller; small bodies in one write, others as they arrive."""
    started = False
    watcher: asyncio.Task[None] | None = None
    try:
        headers = response_headers(response.raw_headers, str(pool.origin(service)))
        start: Message = {"type": "http.response.start", "status": response.status, "headers": headers}
        length = response.content_length
        if request.method == "HEAD" or (length is not None and length <= SMALL_BODY):
            body = b"" if request.method == "HEAD" else await response.read()
            started = True
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return
        started = True
        await send(start)
        if body_done.is_set():
            # Stop reading from the service as soon as the caller goes away (long exports).
            watcher = asyncio.create_task(_close_on_disconnect(receive, response))
        async for chunk in response.content.iter_any():
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    except (TimeoutError, aiohttp.ServerTimeoutError):
        permit.failed()  # the service stalled in the middle of its answer
        if started:
            raise  # headers are out: the only honest signal left is an aborted response
        await _problem(request, send, 504, "gateway_timeout", service)
    except (aiohttp.ClientError, OSError):
        if watcher is not None and watcher.done():
            return  # the caller left and the watcher closed the upstream response on purpose
        permit.failed()
        if started:
            raise
        await _problem(request, send, 503, "service_unavailable", service)
    finally:
        if watcher is not None:
            watcher.cancel()
        response.release()


async def _close_on_disconnect(receive: Receive, response: aiohttp.ClientResponse) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            response.close()
            return


async def _problem(
    request: Request, send: Send, status: int, code: str, service: str, *, breaker: CircuitBreaker | None = None
) -> None:
    """A 503 or 504 naming the service in the caller's language; a refusal by the breaker adds `Retry-After`."""
    response = service_problem(request, status, code, service, breaker=breaker)
    await response(request.scope, request.receive, send)


def service_problem(
    request: Request, status: int, code: str, service: str, *, breaker: CircuitBreaker | None = None
) -> Response:
    """The problem document of a service that is down (503) or too slow (504), e.g. 「诉求办理服务暂不可用」."""
    if wants_english(request):
        label = SERVICE_LABELS_EN[service]
        title = f"The {label} is unavailable" if status == 503 else f"The {label} did not answer in time"
        detail = f"{title}; please retry later"
    else:
        title = SERVICE_LABELS[service] + ("暂不可用" if status == 503 else "响应超时")
        detail = f"{title}，请稍后重试"
    extra: dict[str, Any] = {"service": service}
    headers: dict[str, str] | None = None
    if breaker is not None:
        retry_after = breaker.retry_after()
        extra.update(breaker=breaker.state.value, retry_after_seconds=retry_after)
        headers = {"Retry-After": str(retry_after)}
    return problem_response(request, status, code, detail, title=title, extra=extra, headers=headers)


def mount(app: FastAPI, table: RouteTable = DEFAULT_TABLE) -> ProxyRoute:
    """Put the proxy route first; a table row that covers a path the gateway serves itself is refused."""
    # First, because the proxied requests are the hot path and the gateway has dozens of routes to try
    # before a catch-all would be reached; safe, because the table never covers a gateway path.
    clashes = sorted(
        f"{route.path} -> {entry.service}"
        for route in iter_route_contexts(app.routes)
        if isinstance(route.path, str) and (entry := table.match(route.path)) is not None
    )
    if clashes:
        raise ValueError(f"route table covers paths the gateway serves itself: {', '.join(clashes)}")
    route = ProxyRoute(table)
    app.router.routes.insert(0, route)
    return route
