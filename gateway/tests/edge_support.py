"""Helpers of the gateway edge tests: real servers on ephemeral loopback ports, a scriptable upstream
service, and tokens signed with the gateway's own key. The fixtures built on them are in edge_fixtures.py."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from starlette.types import Message, Receive, Scope, Send

from platform_core.permissions import BUILTIN_ROLES, PROVINCE_CLIENT_PERMISSIONS

Json = dict[str, Any]


def free_port() -> int:
    """A loopback port nobody listens on (bound, read, released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def serve(app: Any, **config: Any) -> AsyncIterator[str]:
    """Run an ASGI app under uvicorn in this event loop on an ephemeral port; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    settings = {"lifespan": "off", "log_level": "warning", "access_log": False, "timeout_graceful_shutdown": 1}
    server = uvicorn.Server(uvicorn.Config(app, **{**settings, **config}))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()


@dataclass
class Seen:
    """One request as the upstream received it."""

    method: str
    path: str
    raw_path: bytes
    query_string: bytes
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of a header."""
        return next((v for k, v in self.headers if k == name.lower()), None)

    def names(self) -> set[str]:
        """All header names."""
        return {k for k, _ in self.headers}


@dataclass
class Upstream:
    """A scriptable service: echoes requests, or streams, stalls, redirects, per `X-Test-Mode`."""

    name: str = "case"
    seen: list[Seen] = field(default_factory=list)
    proceed: asyncio.Event = field(default_factory=asyncio.Event)
    url: str = ""
    openapi: Json | None = None
    audit_items: list[Json] = field(default_factory=list)
    #: The most audit entries the fake counts: beyond it, like a service past its counting limit, the total is a bound.
    audit_count_limit: int | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request."""
        assert scope["type"] == "http"
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        seen = Seen(scope["method"], scope["path"], scope["raw_path"], scope["query_string"], headers, body)
        self.seen.append(seen)
        mode = seen.header("x-test-mode") or "echo"
        if scope["path"] == "/openapi.json" and self.openapi is not None:
            await _json(send, 200, self.openapi)
        elif scope["path"] == "/api/v1/audit/logs":
            await self._audit(send, scope)
        elif mode == "stream":
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"first chunk;", "more_body": True})
            await self.proceed.wait()
            await send({"type": "http.response.body", "body": b"second chunk", "more_body": False})
        elif mode == "slow":
            await asyncio.sleep(5)
            await _json(send, 200, {"late": True})
        elif mode == "redirect":
            await send(
                {
                    "type": "http.response.start",
                    "status": 307,
                    "headers": [(b"location", f"{self.url}/api/v1/enterprises/elsewhere?x=1".encode())],
                }
            )
            await send({"type": "http.response.body", "body": b""})
        elif mode == "hop":
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"connection", b"x-upstream-hop"),
                        (b"x-upstream-hop", b"secret"),
                        (b"keep-alive", b"timeout=5"),
                        (b"proxy-authenticate", b"Basic"),
                        (b"x-end-to-end", b"kept"),
                        (b"set-cookie", b"a=1"),
                        (b"set-cookie", b"b=2"),
                        (b"content-length", b"2"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b"ok"})
        elif mode == "big":
            payload = b"x" * 300_000
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"300000")]})
            await send({"type": "http.response.body", "body": payload})
        elif mode == "teapot":
            await _json(send, 418, {"code": "teapot", "detail": "我是茶壶"}, b"application/problem+json")
        elif mode == "missing":
            await _json(send, 404, {"code": "not_found", "detail": "链接不存在"}, b"application/problem+json")
        else:
            await _json(
                send,
                200,
                {
                    "service": self.name,
                    "method": seen.method,
                    "raw_path": seen.raw_path.decode("latin-1"),
                    "query_string": seen.query_string.decode("latin-1"),
                    "body_sha256": hashlib.sha256(body).hexdigest(),
                    "body_length": len(body),
                },
                extra=[(b"etag", b'"v3"')],
            )

    async def _audit(self, send: Send, scope: Scope) -> None:
        query = dict(httpx.QueryParams(scope["query_string"].decode()))
        page, size = int(query.get("page", "1")), int(query.get("page_size", "20"))
        items = sorted(self.audit_items, key=lambda i: i["id"], reverse=True)
        limit = self.audit_count_limit
        total, exact = (len(items), True) if limit is None or len(items) <= limit else (limit, False)
        body = {"items": items[(page - 1) * size : page * size], "total": total, "page": page, "page_size": size}
        await _json(send, 200, {**body, "total_exact": exact})


async def _json(
    send: Send,
    status: int,
    body: Json,
    content_type: bytes = b"application/json",
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    headers = [(b"content-type", content_type), (b"content-length", str(len(data)).encode()), *(extra or [])]
    start: Message = {"type": "http.response.start", "status": status, "headers": headers}
    await send(start)
    await send({"type": "http.response.body", "body": data})


def token(
    app: FastAPI, permissions: list[str] | tuple[str, ...], *, subject: str = "user:900", kind: str = "user"
) -> str:
    """An access token signed with the gateway's own key."""
    minted, _ = app.state.signer.access_token(
        subject=subject,
        kind=kind,
        name=subject,
        roles=[],
        permissions=list(permissions),
        data_scopes=["ALL"],
        region_code="411500",
        region_path="/410000/411500/",
    )
    return str(minted)


def bearer(app: FastAPI, permissions: list[str] | tuple[str, ...], **kwargs: Any) -> dict[str, str]:
    """Authorization header for such a token."""
    return {"Authorization": f"Bearer {token(app, permissions, **kwargs)}"}


ALL_ENTERPRISE = (
    "enterprise:enterprise:list",
    "enterprise:enterprise:read",
    "enterprise:enterprise:create",
    "enterprise:enterprise:update",
    "enterprise:enterprise:delete",
    "dashboard:stats:read",
    "open:enterprise:read",
)

#: Every seeded role's permission set, plus the provincial machine client.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    **{role.code: role.permissions for role in BUILTIN_ROLES},
    "client:province": PROVINCE_CLIENT_PERMISSIONS,
}
