"""Role x route matrix at the gateway: for every seeded role (and the provincial client), every row of the
route table and every method it lists, the gateway either forwards the request or answers 403 itself. Every row
refuses a caller without a token, except the public rows, which forward anyone without their credentials."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import httpx
import pytest
from edge_support import ROLE_PERMISSIONS, Upstream, bearer, serve
from fastapi import FastAPI

from gateway.main import create_app
from gateway.proxy.routes import PUBLIC, ROUTES, SERVICES, RouteEntry
from gateway.settings import GatewaySettings
from platform_core.db import Database
from platform_core.testing import TestTokens

pytest_plugins = ["edge_fixtures"]

CASES = [
    (role, entry, method)
    for role in sorted(ROLE_PERMISSIONS)
    for entry in ROUTES
    for method in entry.methods
    if method != "HEAD"
]


def concrete(entry: RouteEntry) -> str:
    """A request path the row covers ({name} segments filled in)."""
    return "/" + "/".join("12345" if s.startswith("{") else s for s in entry.segments)


@pytest.fixture(scope="session")
async def service_upstreams(edge_upstream: Upstream) -> AsyncIterator[dict[str, Upstream]]:
    """One echoing upstream per service, so a forwarded request shows which service it reached."""
    upstreams = {"case": edge_upstream}
    async with AsyncExitStack() as stack:
        for name in SERVICES:
            if name not in upstreams:
                upstream = Upstream(name=name)
                upstream.url = await stack.enter_async_context(serve(upstream))
                upstreams[name] = upstream
        yield upstreams


@pytest.fixture(scope="module")
async def matrix_gateway(
    settings: GatewaySettings,
    database: Database,
    service_upstreams: dict[str, Upstream],
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[tuple[httpx.AsyncClient, FastAPI]]:
    """One gateway for the whole matrix, every service pointed at its own test upstream.

    The matrix asks one request per (role, row, method), nearly 3,000: building an app per case cost most of
    the suite's time, and nothing here depends on state a request leaves (each role signs its own token, the
    limits are lifted so that one client address never reads as a flood).
    """
    urls = {f"{name}_service_url": u.url for name, u in service_upstreams.items()}
    app = create_app(
        settings.model_copy(
            update={
                **urls,
                # A pause of the loop (a collection) must not read as an unreachable service; timeouts have
                # their own tests.
                "upstream_read_timeout_s": 10.0,
                "upstream_connect_timeout_s": 10.0,
                "rate_limit_user_per_minute": 1_000_000,
                "rate_limit_client_per_minute": 1_000_000,
                "rate_limit_anonymous_per_minute": 1_000_000,
                "rate_limit_public_per_minute": 1_000_000,
                "spa_dir": str(tmp_path_factory.mktemp("no-spa")),
            }
        ),
        database=database,
    )
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 51000))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
        yield client, app
    await app.state.upstreams.close()
    await app.state.rate_limiter.close()


@pytest.mark.parametrize(("role", "entry", "method"), CASES, ids=[f"{r}-{m}-{e.pattern}" for r, e, m in CASES])
async def test_role_route_matrix(
    matrix_gateway: tuple[httpx.AsyncClient, FastAPI],
    service_upstreams: dict[str, Upstream],
    role: str,
    entry: RouteEntry,
    method: str,
):
    gw, gateway_app = matrix_gateway
    upstream = service_upstreams[entry.service]
    permissions = ROLE_PERMISSIONS[role]
    kind = "client" if role.startswith("client:") else "user"
    before = len(upstream.seen)
    resp = await gw.request(
        method,
        concrete(entry),
        headers=bearer(gateway_app, permissions, subject=f"{kind}:{role}", kind=kind),
        content=b"{}" if method in ("POST", "PATCH", "PUT") else None,
    )
    needed = entry.permission_for(method)
    if needed == PUBLIC or needed in permissions:
        assert resp.status_code == 200, resp.text
        assert resp.json()["service"] == entry.service
        assert len(upstream.seen) == before + 1
        # A public operation never receives the caller's credentials.
        assert (upstream.seen[-1].header("authorization") is None) is (needed == PUBLIC)
    else:
        assert resp.status_code == 403, resp.text
        assert resp.json()["code"] == "forbidden"
        assert resp.json()["missing_permissions"] == [needed]
        assert len(upstream.seen) == before  # refused at the gateway, never forwarded


PRIVATE = [e for e in ROUTES if not e.public]
PUBLIC_ROWS = [e for e in ROUTES if e.public]


def test_the_public_rows_are_exactly_the_revisit_link():
    assert [(e.pattern, e.methods) for e in PUBLIC_ROWS] == [
        ("/api/v1/public/revisits/{token}", ("GET", "HEAD", "POST"))
    ]
    assert all(set(e.permissions.values()) == {PUBLIC} for e in PUBLIC_ROWS)
    assert all(PUBLIC not in e.permissions.values() for e in PRIVATE)


@pytest.mark.parametrize("entry", PUBLIC_ROWS, ids=[e.pattern for e in PUBLIC_ROWS])
@pytest.mark.parametrize("auth", [None, "Bearer not-a-jwt", "Basic dXNlcjpwYXNz"])
async def test_public_rows_forward_anyone_without_credentials(
    gw: httpx.AsyncClient, edge_upstream: Upstream, entry: RouteEntry, auth: str | None
):
    for method in (m for m in entry.methods if m != "HEAD"):
        headers = {"Authorization": auth} if auth else {}
        resp = await gw.request(method, concrete(entry), headers=headers, content=b"{}" if method == "POST" else None)
        assert resp.status_code == 200, resp.text  # never 401, whatever the header says
        assert edge_upstream.seen[-1].header("authorization") is None
        # The service's own answer for a link it does not know comes back as it is.
        missing = await gw.request(method, concrete(entry), headers={**headers, "X-Test-Mode": "missing"})
        assert missing.status_code == 404
        assert missing.json()["detail"] == "链接不存在"


@pytest.mark.parametrize("entry", PRIVATE, ids=[e.pattern for e in PRIVATE])
async def test_no_token_is_401_for_every_row(gw: httpx.AsyncClient, edge_upstream: Upstream, entry: RouteEntry):
    before = len(edge_upstream.seen)
    # A row without GET (an action endpoint) is asked with a method it lists, so the answer is about the token.
    method = "GET" if "GET" in entry.methods else entry.methods[0]
    resp = await gw.request(method, concrete(entry))
    assert resp.status_code == 401
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.headers["www-authenticate"].startswith("Bearer")
    assert len(edge_upstream.seen) == before


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-jwt", "Basic dXNlcjpwYXNz", "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4In0."],
)
async def test_bad_tokens_are_401(gw: httpx.AsyncClient, header: str):
    resp = await gw.get("/api/v1/enterprises", headers={"Authorization": header})
    assert resp.status_code == 401
    assert resp.json()["code"] in ("unauthorized", "auth.invalid_token")


async def test_token_signed_by_another_key_is_401(gw: httpx.AsyncClient):
    foreign = TestTokens().headers(subject="user:1", permissions=["enterprise:enterprise:list"], data_scopes=["ALL"])
    resp = await gw.get("/api/v1/enterprises", headers=foreign)
    assert resp.status_code == 401


async def test_unlisted_method_is_405_with_allow(gw: httpx.AsyncClient, gateway_app: FastAPI):
    resp = await gw.put("/api/v1/enterprises/1", headers=bearer(gateway_app, ["enterprise:enterprise:update"]))
    assert resp.status_code == 405
    assert resp.headers["allow"] == "DELETE, GET, HEAD, PATCH"
    assert resp.json()["code"] == "method_not_allowed"


async def test_unlisted_paths_are_404_problems(gw: httpx.AsyncClient, gateway_app: FastAPI):
    headers = {**bearer(gateway_app, ["enterprise:enterprise:list"]), "Accept": "text/html"}
    for path in ("/api/v1/nothing-here", "/open/v1/nothing-here", "/api/v2/enterprises", "/api/v1/enterprisesX"):
        resp = await gw.get(path, headers=headers)
        assert resp.status_code == 404, path
        assert resp.headers["content-type"] == "application/problem+json"
        assert resp.json()["code"] == "not_found"


async def test_gateway_routes_are_not_proxied(gw: httpx.AsyncClient, gateway_app: FastAPI, edge_upstream: Upstream):
    before = len(edge_upstream.seen)
    resp = await gw.get("/.well-known/jwks.json")
    assert resp.status_code == 200
    assert resp.json()["keys"]
    assert len(edge_upstream.seen) == before
