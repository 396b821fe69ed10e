"""Database faults answered honestly, in one place for every app.

- A concurrent writer won (the versioned UPDATE matched no row): 412, as a stale If-Match would.
- A uniqueness or reference rule of the database refused a write that the service's own checks let
  through (two concurrent creates): 409, naming no record.
- A value the database cannot store (out of range for its column, a character it refuses): 422.
- The database is unreachable, a pooled connection was dropped (restart, failover,
  `pg_terminate_backend`) or the pool is exhausted: the pool is renewed (the cut connection's siblings
  were cut too), a safe request (GET, HEAD) is served once more on a fresh connection, and what still
  fails — and any write, which is never replayed — answers 503 with `Retry-After`.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm.exc import StaleDataError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from platform_core.problems import problem_body, problem_response

log = logging.getLogger(__name__)

#: Seconds a client should wait before retrying after a database fault.
RETRY_AFTER_SECONDS = 1


def database_unavailable(exc: BaseException) -> bool:
    """Whether an error means the database could not be used, rather than that it refused the request."""
    if isinstance(exc, sa_exc.TimeoutError):  # no pooled connection within the pool's timeout
        return True
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated:
            return True
        if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
            return True
        return isinstance(exc.orig, OSError | ConnectionError)
    return isinstance(exc, OSError | ConnectionError)


async def _stale(request: Request, exc: Exception) -> JSONResponse:
    return problem_response(request, 412, "precondition_failed")


async def _integrity(request: Request, exc: Exception) -> JSONResponse:
    log.warning("write refused by a database constraint: %s", type(getattr(exc, "orig", exc)).__name__)
    return problem_response(request, 409, "conflict", "与已有记录冲突，请刷新后重试")


async def _data(request: Request, exc: Exception) -> JSONResponse:
    log.warning("value refused by the database: %s", type(getattr(exc, "orig", exc)).__name__)
    return problem_response(request, 422, "validation_failed", "提交的数据超出允许范围或含有不允许的字符")


def install_database_fault_handlers(app: FastAPI) -> None:
    """Map database outcomes to problems and wrap the app in the retry of safe requests."""
    app.add_exception_handler(StaleDataError, _stale)
    app.add_exception_handler(sa_exc.IntegrityError, _integrity)
    app.add_exception_handler(sa_exc.DataError, _data)
    app.add_middleware(DatabaseFaultMiddleware)


class DatabaseFaultMiddleware:
    """Serve a safe request once more when the database connection failed under it; else answer 503."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap an ASGI app."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request, retrying a safe one once on a dropped or unreachable database."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        safe = scope["method"] in {"GET", "HEAD"}
        started = False
        first: Message | None = None

        async def replayable_receive() -> Message:
            nonlocal first
            if first is None:
                first = await receive()
                return first
            return await receive()

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, replayable_receive, tracking_send)
            return
        except Exception as exc:
            if not database_unavailable(exc) or started:
                raise
            log.warning("database unavailable (%s)%s", _name(exc), "; serving it once more" if safe else "")
            await _renew_pool(scope)
            if not safe:
                await _send_unavailable(scope, send)
                return
        replay: list[Message] = [first or {"type": "http.request", "body": b"", "more_body": False}]

        async def replay_receive() -> Message:
            return replay.pop() if replay else await receive()

        try:
            await self.app(scope, replay_receive, tracking_send)
        except Exception as exc:
            if not database_unavailable(exc) or started:
                raise
            log.warning("database still unavailable (%s)", _name(exc))
            await _renew_pool(scope)
            await _send_unavailable(scope, send)


async def _renew_pool(scope: Scope) -> None:
    """Drop every pooled connection: when one was cut (restart, failover), its siblings were cut too.

    Without this each dead connection would fail one more request on its next checkout. Connections in
    use by other requests are left to finish (or fail) on their own.
    """
    app = scope.get("app")
    db = getattr(getattr(app, "state", None), "db", None)
    if db is not None and not db.is_sqlite:
        await db.engine.dispose(close=False)


def _name(exc: BaseException) -> str:
    """The driver's error name (what an operator searches for)."""
    return type(getattr(exc, "orig", None) or exc).__name__


async def _send_unavailable(scope: Scope, send: Send) -> None:
    """A 503 problem with Retry-After."""
    request = Request(scope)
    body = problem_body(request, 503, "service_unavailable", "数据库暂不可用，请稍后重试")
    response = JSONResponse(
        body,
        status_code=503,
        media_type="application/problem+json",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
    await response(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}
