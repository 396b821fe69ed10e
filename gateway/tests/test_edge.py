"""Edge middleware: body size limit, CORS from settings, security headers."""

from __future__ import annotations

import httpx
from edge_support import ALL_ENTERPRISE, Upstream, bearer
from fastapi import FastAPI

pytest_plugins = ["edge_fixtures"]

ORIGIN = "https://zwfw.xinyang.gov.cn"


def client_of(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway.test")


async def test_declared_oversized_body_is_413_before_forwarding(make_gateway, edge_upstream: Upstream):
    app = await make_gateway(max_body_bytes=1000)
    before = len(edge_upstream.seen)
    async with client_of(app) as client:
        resp = await client.post("/api/v1/enterprises", content=b"x" * 1001, headers=bearer(app, ALL_ENTERPRISE))
        fits = await client.post("/api/v1/enterprises", content=b"x" * 1000, headers=bearer(app, ALL_ENTERPRISE))
    assert resp.status_code == 413
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.json()["code"] == "payload_too_large"
    assert fits.status_code == 200
    assert len(edge_upstream.seen) == before + 1


async def test_streamed_oversized_body_is_413(make_gateway):
    app = await make_gateway(max_body_bytes=1000)

    async def chunks():
        for _ in range(10):
            yield b"y" * 300

    async with client_of(app) as client:
        proxied = await client.post("/api/v1/enterprises", content=chunks(), headers=bearer(app, ALL_ENTERPRISE))
        own_route = await client.post(
            "/api/v1/auth/login", content=chunks(), headers={"Content-Type": "application/json"}
        )
    assert proxied.status_code == 413
    assert proxied.json()["code"] == "payload_too_large"
    assert own_route.status_code == 413
    assert own_route.json()["code"] == "payload_too_large"


async def test_no_cors_by_default(gw: httpx.AsyncClient, gateway_app: FastAPI):
    resp = await gw.get("/api/v1/enterprises", headers={**bearer(gateway_app, ALL_ENTERPRISE), "Origin": ORIGIN})
    assert resp.status_code == 200
    assert "access-control-allow-origin" not in resp.headers
    preflight = await gw.options(
        "/api/v1/enterprises", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}
    )
    assert "access-control-allow-origin" not in preflight.headers


async def test_cors_for_configured_origins(make_gateway):
    app = await make_gateway(cors_origins=[ORIGIN])
    async with client_of(app) as client:
        preflight = await client.options(
            "/api/v1/enterprises/5",
            headers={
                "Origin": ORIGIN,
                "Access-Control-Request-Method": "PATCH",
                "Access-Control-Request-Headers": "authorization, if-match, content-type",
            },
        )
        actual = await client.get("/api/v1/enterprises", headers={**bearer(app, ALL_ENTERPRISE), "Origin": ORIGIN})
        stranger = await client.get(
            "/api/v1/enterprises", headers={**bearer(app, ALL_ENTERPRISE), "Origin": "https://evil.example"}
        )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == ORIGIN
    assert "PATCH" in preflight.headers["access-control-allow-methods"]
    assert preflight.headers["access-control-allow-headers"] == "authorization, if-match, content-type"
    assert preflight.headers["vary"] == "Origin"
    assert actual.headers["access-control-allow-origin"] == ORIGIN
    assert "ETag" in actual.headers["access-control-expose-headers"]
    assert "RateLimit-Remaining" in actual.headers["access-control-expose-headers"]
    assert "access-control-allow-origin" not in stranger.headers
    assert "access-control-allow-credentials" not in actual.headers


async def test_security_headers_everywhere(gw: httpx.AsyncClient, gateway_app: FastAPI):
    responses = [
        await gw.get("/api/v1/enterprises", headers=bearer(gateway_app, ALL_ENTERPRISE)),
        await gw.get("/api/v1/nothing"),
        await gw.get("/livez"),
        await gw.get("/", headers={"Accept": "text/html"}),
    ]
    for resp in responses:
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert resp.headers["x-frame-options"] == "DENY"
        assert resp.headers["referrer-policy"] == "strict-origin-when-cross-origin"
        csp = resp.headers["content-security-policy"]
        assert "default-src 'self'" in csp
        assert "style-src 'self' 'unsafe-inline'" in csp  # Element Plus sets inline styles
        assert "frame-ancestors 'none'" in csp
        assert "strict-transport-security" not in resp.headers  # the public URL is http


async def test_hsts_only_behind_https(make_gateway):
    app = await make_gateway(public_base_url="https://qiye.xinyang.gov.cn")
    async with client_of(app) as client:
        resp = await client.get("/livez")
    assert resp.headers["strict-transport-security"].startswith("max-age=")


async def test_docs_page_gets_its_own_policy_and_needs_no_cdn(gw: httpx.AsyncClient):
    resp = await gw.get("/api/v1/docs")
    assert resp.status_code == 200
    assert "swagger" in resp.text.lower()
    assert "/api/v1/openapi.json" in resp.text
    assert "http" not in resp.headers["content-security-policy"]
    assert "cdn." not in resp.text
    bundle = await gw.get("/api/v1/docs/static/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000
