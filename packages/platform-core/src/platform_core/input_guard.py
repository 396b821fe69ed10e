"""Bad input never reaches the database as a 500: decided here, once, for every route of every app.

- An integer in a path (an id) beyond what its column can hold answers 404: no such record can exist.
- An integer query parameter beyond its column's range answers 422 naming the parameter; a parameter
  without a declared upper bound is held to INTEGER's (declare `le=BIGINT_MAX` for a BIGINT filter).
- A NUL character (which PostgreSQL text cannot hold) or a lone surrogate (which UTF-8 cannot encode) in
  the path, the query or a JSON body answers 422 naming where it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, request_response, wrap_app_with_body_limit
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from platform_core.db import BIGINT_MAX, INT_MAX
from platform_core.problems import problem_response

#: JSON escapes of the characters refused: NUL and UTF-16 surrogates (a pair is fine, a lone one is not).
_SUSPECT_ESCAPE = re.compile(rb"\\u(0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
_BAD_CHAR = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class _IntParam:
    """An integer parameter of a route and the range its value must fall in."""

    name: str
    low: int
    high: int


def _bounds(field: Any, default_high: int) -> tuple[int, int]:
    """The declared range of an integer parameter, the column's when none is declared."""
    low, high = -default_high - 1, default_high
    for meta in getattr(field.field_info, "metadata", ()):
        for attr, is_low in (("ge", True), ("gt", True), ("le", False), ("lt", False)):
            value = getattr(meta, attr, None)
            if isinstance(value, int):
                bound = value + 1 if attr == "gt" else value - 1 if attr == "lt" else value
                if is_low:
                    low = max(low, bound)
                else:
                    high = min(high, bound)
    return low, high


def _is_int(field: Any) -> bool:
    annotation = field.field_info.annotation
    args = getattr(annotation, "__args__", ())
    return annotation is int or (int in args and str not in args)


def _walk(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _walk(sub)


def _int_params(route: APIRoute) -> tuple[list[_IntParam], list[_IntParam]]:
    """The route's integer path and query parameters with their ranges."""
    paths: dict[str, _IntParam] = {}
    queries: dict[str, _IntParam] = {}
    for dep in _walk(route.dependant):
        for field in dep.path_params:
            if _is_int(field):
                low, high = _bounds(field, BIGINT_MAX)
                paths[field.alias] = _IntParam(field.alias, low, high)
        for field in dep.query_params:
            if _is_int(field):
                low, high = _bounds(field, INT_MAX)
                queries[field.alias] = _IntParam(field.alias, low, high)
    return list(paths.values()), list(queries.values())


def _out_of_range(text: str, param: _IntParam) -> bool:
    """Whether a parameter's text is an integer outside its range (other text is the validator's to judge)."""
    stripped = text.strip()
    if not re.fullmatch(r"[+-]?\d+", stripped):
        return False
    if len(stripped.lstrip("+-")) > 25:  # far beyond any column; don't parse a megabyte of digits
        return True
    value = int(stripped)
    return not param.low <= value <= param.high


def _range_problem(request: Request, paths: list[_IntParam], queries: list[_IntParam]) -> Response | None:
    """404 for an id beyond its column, 422 naming an integer filter beyond its column; None when all fit."""
    for param in paths:
        value = request.path_params.get(param.name)
        # A `{name:int}` path converter hands over an int; a plain `{name}` the text.
        if value is not None and _out_of_range(str(value), param):
            return problem_response(request, 404, "not_found")
    if queries:
        params = request.query_params
        for param in queries:
            for value in params.getlist(param.name):
                if _out_of_range(value, param):
                    message = f"应为 {param.low} 到 {param.high} 之间的整数"
                    error = {"field": param.name, "location": "query", "message": message, "code": "out_of_range"}
                    return problem_response(
                        request, 422, "validation_failed", f"{param.name}: {message}", errors=[error]
                    )
    return None


def _guard(route: APIRoute) -> None:
    """Have the route's request handler answer out-of-range integers before validation and the database."""
    if getattr(route, "_platform_guarded", False):
        return
    paths, queries = _int_params(route)
    route._platform_guarded = True  # type: ignore[attr-defined]
    if not paths and not queries:
        return
    build = route.get_route_handler

    def get_route_handler() -> Callable[[Request], Awaitable[Response]]:
        inner = build()

        async def handler(request: Request) -> Response:
            return _range_problem(request, paths, queries) or await inner(request)

        return handler

    # FastAPI builds the handler of a route (and of each router that includes it) by this method.
    route.get_route_handler = get_route_handler  # type: ignore[method-assign]
    route.app = wrap_app_with_body_limit(request_response(route.get_route_handler()), route.max_body_size)


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every APIRoute under a list of routes, through included routers."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _api_routes(inner.routes)


def bound_integer_parameters(app: FastAPI) -> None:
    """Hold every route's integer path and query parameters to their columns' ranges (call once routes exist)."""
    for route in _api_routes(app.router.routes):
        _guard(route)


def _first_bad(value: Any, path: str) -> str | None:
    """The dotted path of the first string in a JSON value holding a refused character."""
    if isinstance(value, str):
        return path if _BAD_CHAR.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _first_bad(key, path) or _first_bad(item, f"{path}.{key}" if path else str(key))
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_bad(item, f"{path}.{index}" if path else str(index))
            if found is not None:
                return found
    return None


class InputGuardMiddleware:
    """Refuse characters no column can hold, in the path, the query and JSON bodies (422 naming the place)."""

    def __init__(self, app: ASGIApp, max_json_bytes: int = 2 * 1024 * 1024) -> None:
        """Wrap an app; JSON bodies are inspected up to `max_json_bytes` (larger ones pass untouched)."""
        self.app = app
        self.max_json_bytes = max_json_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check one request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if _BAD_CHAR.search(path):
            await self._refuse(scope, receive, send, "path", "path")
            return
        query = scope.get("query_string", b"")
        if b"%00" in query or b"\x00" in query:
            for name, value in Request(scope).query_params.multi_items():
                if "\x00" in name or "\x00" in value:
                    await self._refuse(scope, receive, send, name if "\x00" not in name else "query", "query")
                    return
        headers = dict(scope.get("headers") or [])
        if b"json" not in headers.get(b"content-type", b"") or scope["method"] in {"GET", "HEAD", "OPTIONS"}:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        messages: list[Message] = []
        while more:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            more = bool(message.get("more_body"))
            if size > self.max_json_bytes:
                break
        body = b"".join(chunks)
        if not more and (b"\x00" in body or _SUSPECT_ESCAPE.search(body)):
            field = None
            try:
                field = _first_bad(json.loads(body), "")
            except (ValueError, RecursionError):
                field = None  # not valid JSON: the validator names the problem
            if field is not None:
                await self._refuse(scope, receive, send, field or "body", "body")
                return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, field: str, location: str) -> None:
        message = "含有不允许的字符（如 NUL 控制字符或不成对的代理字符）"
        error = {"field": field, "location": location, "message": message, "code": "invalid_character"}
        response = problem_response(Request(scope), 422, "validation_failed", f"{field}: {message}", errors=[error])
        await response(scope, receive, send)
