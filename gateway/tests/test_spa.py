"""The SPA: cache rules, history-mode fallback, and paths that never fall back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from platform_core.testing import INTERNAL_HEADERS

pytest_plugins = ["edge_fixtures"]

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
INDEX = "<!doctype html><title>企业服务平台</title><div id=app></div>"


@pytest.fixture
def spa_dir(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(INDEX, encoding="utf-8")
    (root / "assets" / "index-3f2a1b.js").write_text("console.log('app')")
    (root / "favicon.ico").write_bytes(b"\x00\x00\x01\x00")
    (root / "sw.js").write_text("self.addEventListener('fetch', () => {})")
    (root / "manifest.webmanifest").write_text('{"name": "万人助万企"}', encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside the SPA")
    return root


@pytest.fixture
async def spa(make_gateway, spa_dir: Path) -> AsyncIterator[httpx.AsyncClient]:
    app: FastAPI = await make_gateway(spa_dir=str(spa_dir))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway.test") as client:
        yield client


async def test_index_is_revalidated(spa: httpx.AsyncClient):
    resp = await spa.get("/", headers=HTML)
    assert resp.status_code == 200
    assert resp.text == INDEX
    assert resp.headers["cache-control"] == "no-cache"
    assert resp.headers["content-type"].startswith("text/html")


async def test_hashed_assets_are_cached_for_a_year(spa: httpx.AsyncClient):
    resp = await spa.get("/assets/index-3f2a1b.js")
    assert resp.status_code == 200
    assert resp.headers["cache-control"] == "public, max-age=31536000, immutable"
    other = await spa.get("/favicon.ico")
    assert other.status_code == 200
    assert other.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path", ["/enterprises", "/enterprises/12/edit", "/system/users?page=2", "/login"])
async def test_history_fallback_for_pages(spa: httpx.AsyncClient, path: str):
    resp = await spa.get(path, headers=HTML)
    assert resp.status_code == 200
    assert resp.text == INDEX
    assert resp.headers["cache-control"] == "no-cache"


async def test_no_fallback_without_html_or_for_missing_assets(spa: httpx.AsyncClient):
    assert (await spa.get("/enterprises", headers={"Accept": "application/json"})).status_code == 404
    missing = await spa.get("/assets/index-000000.js", headers=HTML)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert (await spa.post("/enterprises", headers=HTML)).status_code in (404, 405)


@pytest.mark.parametrize(
    "path",
    ["/api/v1/unknown", "/api", "/open/v1/unknown", "/.well-known/unknown", "/internal/v1/x", "/metrics/x", "/livez/x"],
)
async def test_api_and_operations_paths_never_fall_back(spa: httpx.AsyncClient, path: str):
    resp = await spa.get(path, headers=HTML)
    assert resp.status_code == 404
    assert resp.headers["content-type"] == "application/problem+json"


async def test_operations_endpoints_still_answer(spa: httpx.AsyncClient):
    assert (await spa.get("/livez", headers=HTML)).json() == {"status": "ok"}
    assert (
        (await spa.get("/metrics", headers={**HTML, **INTERNAL_HEADERS}))
        .headers["content-type"]
        .startswith("text/plain")
    )


async def test_no_escape_from_the_folder(spa: httpx.AsyncClient):
    resp = await spa.get("/..%2Fsecret.txt", headers={"Accept": "*/*"})
    assert "outside the SPA" not in resp.text
    resp = await spa.get("/assets/..%2F..%2Fsecret.txt", headers=HTML)
    assert "outside the SPA" not in resp.text


async def test_not_built_page(gw: httpx.AsyncClient):
    resp = await gw.get("/", headers=HTML)
    assert resp.status_code == 200
    assert "前端页面尚未构建" in resp.text
    assert "make run" in resp.text
    assert (await gw.get("/assets/app.js")).status_code == 404


async def test_the_service_worker_and_manifest_are_served_fresh_with_their_types(spa: httpx.AsyncClient):
    worker = await spa.get("/sw.js")
    assert worker.status_code == 200 and worker.headers["content-type"].startswith("text/javascript")
    # A worker cached for long would keep an installed app on an old build.
    assert worker.headers["cache-control"] == "no-cache"
    manifest = await spa.get("/manifest.webmanifest")
    assert manifest.status_code == 200 and manifest.headers["content-type"].startswith("application/manifest+json")
    assert manifest.headers["cache-control"] == "no-cache"
    csp = worker.headers["content-security-policy"]
    assert "worker-src 'self'" in csp and "script-src 'self';" in csp and "default-src 'self'" in csp
