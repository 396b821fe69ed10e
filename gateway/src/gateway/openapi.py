"""One OpenAPI document for every public route: the gateway's own and the services' the route table exposes.

`GET /api/v1/openapi.json` merges at request time (services asked over the upstream pool, cached briefly);
`python scripts/openapi_dump.py` builds the same document in-process for the SPA's generated types.
Component names that two sources define differently are prefixed with the source (`case__Page`), and
every `$ref` of that source is rewritten; identical definitions are shared.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import swagger_ui
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from gateway.proxy.client import UpstreamPool
from gateway.proxy.routes import DEFAULT_TABLE, PUBLIC, SERVICES, RouteTable
from gateway.settings import GatewaySettings
from platform_core.contract import complete_document
from platform_core.observability import INTERNAL_TOKEN_HEADER

log = logging.getLogger(__name__)

OPENAPI_PATH = "/api/v1/openapi.json"
DOCS_PATH = "/api/v1/docs"
DOCS_STATIC_PATH = "/api/v1/docs/static"
SWAGGER_UI_DIR = Path(swagger_ui.__file__).parent / "static"
CACHE_TTL_S = 30.0
#: A document missing a service is kept only briefly, so it fills in soon after the service is back.
PARTIAL_TTL_S = 3.0
SERVICE_OPENAPI_PATH = "/openapi.json"
PUBLIC_PREFIXES = ("/api/", "/open/", "/.well-known/")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
REF_PREFIX = "#/components/"
BEARER_SCHEME = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "网关签发的访问令牌"}


def gateway_document(app: FastAPI) -> dict[str, Any]:
    """The gateway's own public routes (no `/internal`, no health), as FastAPI describes them."""
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    doc["paths"] = {p: ops for p, ops in doc.get("paths", {}).items() if p.startswith(PUBLIC_PREFIXES)}
    return doc


def service_paths(doc: dict[str, Any], service: str, table: RouteTable) -> dict[str, Any]:
    """The operations of a service document that the route table sends to that service."""
    out: dict[str, Any] = {}
    for path, operations in doc.get("paths", {}).items():
        entry = table.match(path)
        if entry is None or entry.service != service:
            continue
        kept = {}
        for method, operation in operations.items():
            if method not in METHODS:
                kept[method] = operation  # path-level parameters and the like
                continue
            permission = entry.permission_for(method.upper())
            if permission == PUBLIC:
                # A public operation takes no token (an empty requirement), the path's token is its credential.
                kept[method] = {**operation, "x-permission": permission, "security": []}
            elif permission is not None:
                # Every other proxied operation needs a bearer token holding the permission the gateway checks.
                kept[method] = {**operation, "x-permission": permission, "security": [{"bearerAuth": []}]}
        if any(m in METHODS for m in kept):
            out[path] = kept
    return out


def merge_documents(
    gateway_doc: dict[str, Any],
    service_docs: dict[str, dict[str, Any]],
    table: RouteTable = DEFAULT_TABLE,
    *,
    servers: list[dict[str, str]] | None = None,
    unavailable: list[str] | None = None,
) -> dict[str, Any]:
    """Merge the gateway's document with the services' (their table-exposed public paths only)."""
    merged: dict[str, Any] = {
        "openapi": gateway_doc.get("openapi", "3.1.0"),
        "info": copy.deepcopy(gateway_doc.get("info", {})),
        "paths": {},
        "components": {"securitySchemes": {"bearerAuth": BEARER_SCHEME}},
        "tags": [],
    }
    if servers:
        merged["servers"] = servers
    if unavailable:
        merged["x-unavailable-services"] = sorted(unavailable)
    sources: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
        ("gateway", gateway_doc, dict(gateway_doc.get("paths", {})))
    ]
    for name in sorted(service_docs):
        sources.append((name, service_docs[name], service_paths(service_docs[name], name, table)))
    for name, doc, paths in sources:
        _add_source(merged, name, doc, paths)
    if not merged["tags"]:
        del merged["tags"]
    return complete_document(merged)


def _add_source(merged: dict[str, Any], source: str, doc: dict[str, Any], paths: dict[str, Any]) -> None:
    """Add one source's paths and the components they reach, renaming clashing components."""
    components: dict[str, dict[str, Any]] = doc.get("components", {})
    target: dict[str, dict[str, Any]] = merged["components"]
    reached = sorted(_reachable(paths, components))
    # Renaming one component changes the refs inside others, which may then clash too: repeat until stable.
    renames: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for ref in reached:
            kind, name = ref.split("/", 1)
            definition = components.get(kind, {}).get(name)
            existing = target.get(kind, {}).get(name)
            if ref in renames or definition is None or existing is None:
                continue
            if existing != _rewrite_refs(definition, renames):
                renames[ref] = f"{kind}/{source}__{name}"
                changed = True
    for ref in reached:
        kind, name = ref.split("/", 1)
        definition = components.get(kind, {}).get(name)
        if definition is not None:
            new_name = renames.get(ref, ref).split("/", 1)[1]
            target.setdefault(kind, {}).setdefault(new_name, _rewrite_refs(definition, renames))
    for scheme, definition in components.get("securitySchemes", {}).items():
        target["securitySchemes"].setdefault(scheme, definition)
    for path, operations in paths.items():
        if path in merged["paths"]:
            log.warning("path %s of %s is already documented by another source; keeping the first", path, source)
            continue
        merged["paths"][path] = _rewrite_refs(operations, renames)
    known = {t["name"] for t in merged["tags"]}
    for tag in doc.get("tags", []):
        if tag.get("name") not in known:
            merged["tags"].append(tag)
            known.add(tag.get("name"))


def _reachable(paths: dict[str, Any], components: dict[str, dict[str, Any]]) -> set[str]:
    """`kind/name` of every component the paths reference, directly or through other components."""
    seen: set[str] = set()
    pending = list(_refs(paths))
    while pending:
        ref = pending.pop()
        if ref in seen:
            continue
        seen.add(ref)
        kind, name = ref.split("/", 1)
        definition = components.get(kind, {}).get(name)
        if definition is not None:
            pending.extend(_refs(definition))
    return seen


def _refs(node: Any) -> list[str]:
    out: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith(REF_PREFIX):
                out.append(ref[len(REF_PREFIX) :])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


def _rewrite_refs(node: Any, renames: dict[str, str]) -> Any:
    """A deep copy with `$ref`s pointing at renamed components."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(REF_PREFIX):
                target = renames.get(value[len(REF_PREFIX) :])
                out[key] = REF_PREFIX + target if target else value
            else:
                out[key] = _rewrite_refs(value, renames)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(v, renames) for v in node]
    return node


class MergedOpenAPI:
    """The live merged document, rebuilt from the services at most every `CACHE_TTL_S` seconds."""

    def __init__(self, table: RouteTable = DEFAULT_TABLE, clock: Callable[[], float] = time.monotonic) -> None:
        """Start with an empty cache."""
        self.table = table
        self.clock = clock
        self._doc: dict[str, Any] | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()
        self.internal_token = ""

    async def document(self, app: FastAPI) -> dict[str, Any]:
        """The cached document, or a fresh one when it has expired."""
        if self._doc is not None and self.clock() < self._expires:
            return self._doc
        async with self._lock:
            if self._doc is not None and self.clock() < self._expires:
                return self._doc
            doc = await self.build(app)
            ttl = PARTIAL_TTL_S if doc.get("x-unavailable-services") else CACHE_TTL_S
            self._doc, self._expires = doc, self.clock() + ttl
            return doc

    async def build(self, app: FastAPI) -> dict[str, Any]:
        """Ask every service for its document and merge what answered."""
        pool: UpstreamPool = app.state.upstreams
        settings: GatewaySettings = app.state.settings
        self.internal_token = settings.internal_token
        results = await asyncio.gather(*(self._fetch(pool, name) for name in SERVICES))
        docs = {name: doc for name, doc in zip(SERVICES, results, strict=True) if doc is not None}
        missing = [name for name, doc in zip(SERVICES, results, strict=True) if doc is None]
        return merge_documents(
            gateway_document(app),
            docs,
            self.table,
            servers=[{"url": settings.public_base_url.rstrip("/"), "description": "网关"}],
            unavailable=missing,
        )

    async def _fetch(self, pool: UpstreamPool, name: str) -> dict[str, Any] | None:
        try:
            response = await pool.client.get(
                f"{pool.urls[name]}{SERVICE_OPENAPI_PATH}",
                timeout=5.0,
                headers={INTERNAL_TOKEN_HEADER: self.internal_token},
            )
            response.raise_for_status()
            doc: dict[str, Any] = response.json()
        except (httpx.HTTPError, OSError, ValueError) as exc:
            log.warning("OpenAPI of %s unavailable: %s", name, exc)
            return None
        return doc


def install(app: FastAPI) -> None:
    """Serve the merged document, and Swagger UI outside production."""
    merged = MergedOpenAPI()
    app.state.merged_openapi = merged

    @app.get(OPENAPI_PATH, include_in_schema=False)
    async def openapi_document(request: Request) -> JSONResponse:
        """The merged OpenAPI document of every public route."""
        return JSONResponse(await merged.document(request.app), headers={"Cache-Control": "no-cache"})

    settings: GatewaySettings = app.state.settings
    if settings.env.value != "production":
        # Swagger UI's files come from a PyPI package and are served by the gateway itself: a government
        # intranet often cannot reach a public CDN.
        app.mount(DOCS_STATIC_PATH, StaticFiles(directory=SWAGGER_UI_DIR), name="swagger-ui")

        @app.get(DOCS_PATH, include_in_schema=False)
        async def swagger_ui() -> HTMLResponse:
            """Interactive API documentation."""
            return get_swagger_ui_html(
                openapi_url=OPENAPI_PATH,
                title=f"{app.title} - 接口文档",
                swagger_js_url=f"{DOCS_STATIC_PATH}/swagger-ui-bundle.js",
                swagger_css_url=f"{DOCS_STATIC_PATH}/swagger-ui.css",
                swagger_favicon_url=f"{DOCS_STATIC_PATH}/favicon-32x32.png",
            )
