"""The built Vue SPA at `/`: hashed assets cached for a year, `index.html` revalidated, history-mode fallback.

Everything outside `assets/` — `index.html`, the service worker `/sw.js` and `/manifest.webmanifest` — is
revalidated on every load, so a new build (and its new worker) reaches phones that installed the app.

The SPA route is the last route of the app: API paths never reach it, and it matches only GET and HEAD
outside the API prefixes, so an unknown API path stays a problem+json 404.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Match
from starlette.types import Receive, Scope, Send

from gateway.settings import GatewaySettings
from platform_core.problems import problem_response

#: Paths that never fall back to the SPA.
EXCLUDED_PREFIXES = ("/api", "/open", "/.well-known", "/internal", "/livez", "/readyz", "/metrics")
ASSET_CACHE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
#: Types set explicitly: the host's type table may not know the manifest, and a worker must be JavaScript.
MEDIA_TYPES = {".webmanifest": "application/manifest+json", ".js": "text/javascript"}

NOT_BUILT_HTML = """<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>万人助万企 企业服务平台</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.6">
<h1>前端页面尚未构建</h1>
<p>网关已启动，但没有找到构建好的前端文件（<code>frontend/dist</code>）。</p>
<p>请在仓库根目录运行 <code>make run</code>，它会构建前端并启动全部服务。</p>
<p>接口文档：<a href="/api/v1/docs">/api/v1/docs</a></p>
</body>
</html>
"""


def is_excluded(path: str) -> bool:
    """Whether a path belongs to the API or operations and must never get the SPA."""
    return any(path == p or path.startswith(p + "/") for p in EXCLUDED_PREFIXES)


class SpaRoute(BaseRoute):
    """Serves files of the built SPA, falling back to `index.html` for page URLs."""

    def __init__(self, directory: Path) -> None:
        """Serve from a folder (which may not exist yet)."""
        self.directory = directory.resolve()
        self.path = "/{spa_path:path}"
        self.name = "spa"

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """GET and HEAD outside the API prefixes."""
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or is_excluded(scope["path"]):
            return Match.NONE, {}
        return Match.FULL, {"route": self}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A file, the index for page URLs, or 404."""
        request = Request(scope, receive)
        response = self.respond(request)
        await response(scope, receive, send)

    def respond(self, request: Request) -> Response:
        """Pick the response for a path."""
        path = request.url.path
        index = self.directory / "index.html"
        if not index.is_file():
            if path in ("/", "/index.html") or _wants_html(request):
                return HTMLResponse(NOT_BUILT_HTML, headers={"Cache-Control": REVALIDATE})
            return problem_response(request, 404, "not_found")
        relative = path.lstrip("/")
        if relative:
            candidate = (self.directory / relative).resolve()
            if candidate.is_relative_to(self.directory) and candidate.is_file():
                cache = ASSET_CACHE if relative.startswith("assets/") else REVALIDATE
                media_type = MEDIA_TYPES.get(candidate.suffix)
                return FileResponse(candidate, headers={"Cache-Control": cache}, media_type=media_type)
            if relative.startswith("assets/") or not _wants_html(request):
                # A missing hashed asset must not come back as HTML (the browser would cache a broken script).
                return problem_response(request, 404, "not_found")
        return FileResponse(index, headers={"Cache-Control": REVALIDATE}, media_type="text/html")


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def mount(app: FastAPI, settings: GatewaySettings) -> SpaRoute:
    """Add the SPA as the app's last route."""
    route = SpaRoute(Path(settings.spa_dir))
    app.router.routes.append(route)
    return route
