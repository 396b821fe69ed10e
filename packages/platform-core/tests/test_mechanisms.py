"""Scope conditions, masking, sync cursors, ETags and problem rendering."""

import gc
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI, Request
from sqlalchemy import Column, MetaData, String, Table, select

from platform_core.app import settle_heap
from platform_core.auth import Principal
from platform_core.context import TrustedProxies
from platform_core.etag import require_if_match
from platform_core.masking import mask_id_number, mask_passport, mask_phone
from platform_core.problems import PROBLEM_MEMBERS, ProblemError, install_problem_handlers, problem_body
from platform_core.regions import load_regions
from platform_core.scope import DataScope, ScopeColumns, can_write_region, readable_region, scope_condition
from platform_core.settings import SHIPPED_REFERENCE_DIR
from platform_core.sync import decode_cursor, encode_cursor

t = Table("t", MetaData(), Column("region_path", String), Column("region_code", String), Column("uscc", String))
COLS = ScopeColumns(region_path=t.c.region_path, region_code=t.c.region_code, enterprise_uscc=t.c.uscc)


def principal(scopes, **kw):
    return Principal(
        subject="user:1",
        kind="user",
        name="u",
        roles=frozenset(),
        permissions=frozenset(),
        data_scopes=frozenset(scopes),
        **kw,
    )


def sql(cond) -> str:
    return str(select(t).where(cond).compile(compile_kwargs={"literal_binds": True}))


def test_no_scope_denies_everything():
    cond = sql(scope_condition(principal([]), COLS)).lower()
    assert "false" in cond or "0 = 1" in cond


def test_region_and_below_uses_the_path():
    cond = sql(scope_condition(principal(["REGION_AND_BELOW"], region_path="/410000/411500/411522/"), COLS))
    assert "LIKE '/410000/411500/411522/%'" in cond


def test_scopes_combine_with_or():
    cond = sql(scope_condition(principal(["REGION", "SELF"], region_code="411522", enterprise_uscc="X"), COLS))
    assert " OR " in cond and "region_code = '411522'" in cond and "uscc = 'X'" in cond


def test_scope_without_matching_column_denies():
    # UNIT scope over a table without a unit column sees nothing.
    assert "region" not in sql(scope_condition(principal(["UNIT"], unit_id=3), COLS)).split("WHERE")[1]


def test_write_region_checks():
    county = principal(["REGION_AND_BELOW"], region_path="/410000/411500/411522/", region_code="411522")
    assert can_write_region(county, "/410000/411500/411522/", "411522")
    assert not can_write_region(county, "/410000/411500/411523/", "411523")
    assert can_write_region(principal(["ALL"]), "/x/", "x")


def test_masks():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0376-6221234") == "0376-***1234"
    assert mask_id_number("41152219900101123X") == "411************23X"  # at most 6 of 18 shown
    assert mask_passport("E12345678") == "E******78"
    assert mask_phone(None) is None


def test_cursor_round_trip_and_rejects_garbage():
    when = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    assert decode_cursor(encode_cursor(when, 42)) == (when, 42)
    with pytest.raises(ProblemError) as exc:
        decode_cursor("garbage")
    assert exc.value.errors[0]["field"] == "cursor"


def _app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.put("/thing")
    async def put(request: Request) -> dict:
        require_if_match(request, 3)
        return {"ok": True}

    @app.get("/boom")
    async def boom() -> dict:
        raise RuntimeError("secret stack detail")

    return app


def _client(raise_errors: bool = True) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=_app(), raise_app_exceptions=raise_errors)
    return httpx.AsyncClient(transport=transport, base_url="http://t")


async def test_if_match_rules():
    async with _client() as client:
        assert (await client.put("/thing")).status_code == 428
        assert (await client.put("/thing", headers={"If-Match": '"2"'})).status_code == 412
        assert (await client.put("/thing", headers={"If-Match": 'W/"3"'})).status_code == 200
        assert (await client.put("/thing", headers={"If-Match": "*"})).status_code == 200


async def test_errors_are_problem_json_without_stack_traces():
    async with _client(raise_errors=False) as client:
        resp = await client.get("/boom")
        assert resp.status_code == 500
        assert resp.headers["content-type"] == "application/problem+json"
        assert "secret" not in resp.text and resp.json()["code"] == "internal_error"
        missing = await client.get("/nope", headers={"Accept-Language": "en-US"})
        assert missing.status_code == 404 and missing.json()["title"] == "Not found"
        assert (await client.get("/nope")).json()["title"] == "资源不存在"


@pytest.mark.parametrize("member", sorted(PROBLEM_MEMBERS))
def test_an_extra_member_never_replaces_a_problem_member(member):
    with pytest.raises(ValueError, match=member):
        ProblemError(409, "conflict", "数据冲突", extra={member: "departed"})
    request = Request({"type": "http", "method": "GET", "path": "/x", "headers": [], "query_string": b""})
    body = problem_body(request, 409, "conflict", "数据冲突", extra={member: "departed", "allowed": []})
    assert body["status"] == 409 and body["code"] == "conflict" and body["allowed"] == []
    assert body.get(member) != "departed"


def test_count_cache_expires_and_invalidates_by_topic(monkeypatch):
    from platform_core import pagination

    now = [1000.0]
    monkeypatch.setattr(pagination.time, "monotonic", lambda: now[0])
    cache = pagination.CountCache(ttl_s=5)
    cache.put(("enterprise", 1), 10)
    cache.put(("case", 1), 3)
    assert cache.get(("enterprise", 1)) == 10
    cache.invalidate("enterprise")
    assert cache.get(("enterprise", 1)) is None and cache.get(("case", 1)) == 3
    now[0] += 6
    assert cache.get(("case", 1)) is None


async def _client_ip(peer: str, forwarded: str | None) -> str | None:
    from platform_core.context import RequestContextMiddleware, current_context

    seen: list[str | None] = []

    async def app(scope, receive, send):
        seen.append(current_context().client_ip)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    scope = {"type": "http", "headers": headers, "client": (peer, 5000)}

    async def receive():
        return {"type": "http.request"}

    async def send(message):
        return None

    await RequestContextMiddleware(app)(scope, receive, send)
    return seen[0]


async def test_forwarded_for_is_believed_only_from_trusted_proxies():
    assert await _client_ip("127.0.0.1", "203.0.113.9") == "203.0.113.9"
    assert await _client_ip("127.0.0.1", "1.2.3.4, 203.0.113.9") == "203.0.113.9"
    assert await _client_ip("198.51.100.7", "203.0.113.9") == "198.51.100.7"


def test_settle_heap_takes_what_start_up_built_out_of_collection():
    app = FastAPI()

    @app.get("/ping")
    def ping() -> dict[str, str]:
        return {"pong": "yes"}

    gc.unfreeze()
    try:
        assert settle_heap(app) is app
        # The OpenAPI document is built at start, not by its first request (the gateway waits 5 s for it).
        assert app.openapi_schema is not None and "/ping" in app.openapi_schema["paths"]
        # Everything alive at start-up, the app among it, is now frozen: full collections skip it.
        assert gc.get_freeze_count() > 1000
        assert not any(obj is app for obj in gc.get_objects())
    finally:
        gc.unfreeze()


def test_trusted_proxies_are_addresses_or_networks():
    proxies = TrustedProxies(["10.1.0.0/16", "192.0.2.5"])
    assert "10.1.2.3" in proxies and "192.0.2.5" in proxies
    assert "10.2.0.1" not in proxies and "not-an-address" not in proxies
    # Hops the proxies appended are skipped; the nearest hop they did not add is the client.
    assert proxies.client("10.1.0.9", "198.51.100.1, 203.0.113.9, 192.0.2.5") == "203.0.113.9"
    # From anyone else the header is ignored.
    assert proxies.client("203.0.113.50", "198.51.100.1") == "203.0.113.50"
    assert TrustedProxies([]).client("127.0.0.1", "198.51.100.1") == "127.0.0.1"


def test_a_figure_is_read_for_a_region_in_scope_only():
    """The one rule every service's figures use for the region asked for."""
    regions = load_regions(SHIPPED_REFERENCE_DIR)
    county = principal({DataScope.REGION_AND_BELOW}, region_code="411522", region_path=regions.path_of("411522"))
    assert readable_region(regions, county, None) == ("411522", regions.path_of("411522"))
    with pytest.raises(ProblemError) as wider:
        readable_region(regions, county, "411500")
    assert wider.value.status == 403 and wider.value.errors[0]["field"] == "region_code"
    own_only = principal({DataScope.REGION}, region_code="411500", region_path=regions.path_of("411500"))
    assert readable_region(regions, own_only, "411500")[0] == "411500"
    with pytest.raises(ProblemError):
        readable_region(regions, own_only, "411522")  # its own region, not the ones below
    with pytest.raises(ProblemError) as unknown:
        readable_region(regions, county, "999999")
    assert unknown.value.status == 422 and unknown.value.errors[0]["code"] == "not_found"
    everyone = principal({DataScope.ALL})
    assert readable_region(regions, everyone, None, optional=True) == (None, None)
    with pytest.raises(ProblemError) as missing:
        readable_region(regions, everyone, None)
    assert missing.value.errors[0]["field"] == "region_code"
