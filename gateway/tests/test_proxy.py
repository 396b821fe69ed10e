"""The proxy path against a real upstream server: what passes through untouched, what is stripped, and how
unreachable and slow services are answered."""

from __future__ import annotations

import asyncio
import hashlib
import os

import httpx
from edge_support import ALL_ENTERPRISE, Upstream, bearer, free_port, serve
from fastapi import FastAPI
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

pytest_plugins = ["edge_fixtures"]


async def test_query_string_passes_byte_for_byte(gw: httpx.AsyncClient, gateway_app: FastAPI, edge_upstream: Upstream):
    query = "region_code=411522&tag=a&tag=b&tag=a&q=%E4%BF%A1%E9%98%B3%20%E5%85%89%E5%B1%B1&x=a+b&slash=%2F&empty=&flag"
    resp = await gw.get(f"/api/v1/enterprises?{query}", headers=bearer(gateway_app, ALL_ENTERPRISE))
    assert resp.status_code == 200, resp.text
    assert resp.json()["query_string"] == query


async def test_encoded_path_passes_untouched(gw: httpx.AsyncClient, gateway_app: FastAPI):
    resp = await gw.get("/api/v1/enterprises/a%2Fb%20c", headers=bearer(gateway_app, ALL_ENTERPRISE))
    assert resp.status_code == 200, resp.text
    assert resp.json()["raw_path"] == "/api/v1/enterprises/a%2Fb%20c"


async def test_json_body_and_method_pass(gw: httpx.AsyncClient, gateway_app: FastAPI, edge_upstream: Upstream):
    body = '{"name":"信阳茶业有限公司","uscc":"91411500MA44ABCD1X"}'.encode()
    resp = await gw.post(
        "/api/v1/enterprises",
        content=body,
        headers={**bearer(gateway_app, ALL_ENTERPRISE), "Content-Type": "application/json", "Idempotency-Key": "k-1"},
    )
    assert resp.status_code == 200
    assert resp.json()["method"] == "POST"
    assert resp.json()["body_sha256"] == hashlib.sha256(body).hexdigest()
    seen = edge_upstream.seen[-1]
    assert seen.header("content-type") == "application/json"
    assert seen.header("idempotency-key") == "k-1"


async def test_large_and_chunked_request_bodies_stream_through(gw: httpx.AsyncClient, gateway_app: FastAPI):
    big = os.urandom(300_000)
    resp = await gw.post("/api/v1/enterprises", content=big, headers=bearer(gateway_app, ALL_ENTERPRISE))
    assert resp.json() == {**resp.json(), "body_length": len(big), "body_sha256": hashlib.sha256(big).hexdigest()}

    async def pieces():
        for i in range(5):
            yield f"piece-{i};".encode() * 1000

    expected = b"".join(f"piece-{i};".encode() * 1000 for i in range(5))
    resp = await gw.post("/api/v1/enterprises", content=pieces(), headers=bearer(gateway_app, ALL_ENTERPRISE))
    assert resp.status_code == 200
    assert resp.json()["body_sha256"] == hashlib.sha256(expected).hexdigest()


async def test_end_to_end_headers_forwarded_and_request_id_shared(
    gw: httpx.AsyncClient, gateway_app: FastAPI, edge_upstream: Upstream
):
    headers = {
        **bearer(gateway_app, ALL_ENTERPRISE),
        "If-Match": '"v2"',
        "Accept-Language": "en",
        "X-Request-ID": "req-abc-123",
        "Content-Type": "application/json",
    }
    resp = await gw.patch("/api/v1/enterprises/7", content=b"{}", headers=headers)
    assert resp.status_code == 200
    seen = edge_upstream.seen[-1]
    assert seen.header("authorization") == headers["Authorization"]
    assert seen.header("if-match") == '"v2"'
    assert seen.header("accept-language") == "en"
    assert seen.header("x-request-id") == "req-abc-123"
    assert resp.headers["x-request-id"] == "req-abc-123"
    assert resp.headers["etag"] == '"v3"'
    assert seen.header("x-forwarded-for") == "203.0.113.7"
    assert seen.header("x-forwarded-proto") == "http"
    assert seen.header("x-forwarded-host") == "gateway.test"
    assert seen.header("host") != "gateway.test"


async def test_the_services_span_continues_the_gateways_trace(
    gw: httpx.AsyncClient, gateway_app: FastAPI, edge_upstream: Upstream
):
    spans = InMemorySpanExporter()
    gateway_app.state.tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    resp = await gw.get("/api/v1/enterprises", headers={**bearer(gateway_app, ALL_ENTERPRISE), "traceparent": caller})
    assert resp.status_code == 200
    (span,) = [s for s in spans.get_finished_spans() if s.attributes.get("request_id") == resp.headers["x-request-id"]]
    seen = edge_upstream.seen[-1]
    assert [k for k, _ in seen.headers].count("traceparent") == 1
    sent = seen.header("traceparent")
    # one traceparent upstream: the caller's trace, the gateway's own span as the parent
    assert sent == f"00-4bf92f3577b34da6a3ce929d0e0e4736-{span.context.span_id:016x}-01"
    assert format(span.context.trace_id, "032x") == "4bf92f3577b34da6a3ce929d0e0e4736"


async def test_minted_request_id_is_sent_upstream(gw: httpx.AsyncClient, gateway_app: FastAPI, edge_upstream: Upstream):
    resp = await gw.get("/api/v1/enterprises", headers=bearer(gateway_app, ALL_ENTERPRISE))
    minted = resp.headers["x-request-id"]
    assert minted
    assert edge_upstream.seen[-1].header("x-request-id") == minted


async def test_client_supplied_forwarding_chain_is_not_trusted(
    gw: httpx.AsyncClient, gateway_app: FastAPI, edge_upstream: Upstream
):
    await gw.get("/api/v1/enterprises", headers={**bearer(gateway_app, ALL_ENTERPRISE), "X-Forwarded-For": "10.9.9.9"})
    assert edge_upstream.seen[-1].header("x-forwarded-for") == "203.0.113.7"


async def test_hop_by_hop_headers_stripped_both_ways(
    gw: httpx.AsyncClient, gateway_app: FastAPI, edge_upstream: Upstream
):
    headers = {
        **bearer(gateway_app, ALL_ENTERPRISE),
        "Connection": "keep-alive, X-Client-Hop",
        "X-Client-Hop": "secret",
        "Keep-Alive": "timeout=5",
        "TE": "trailers",
        "Trailer": "X-Checksum",
        "Upgrade": "websocket",
        "Proxy-Authorization": "Basic Zm9vOmJhcg==",
        "X-Test-Mode": "hop",
    }
    resp = await gw.get("/api/v1/enterprises/1", headers=headers)
    assert resp.status_code == 200
    sent = edge_upstream.seen[-1].names()
    for name in ("x-client-hop", "keep-alive", "te", "trailer", "upgrade", "proxy-authorization"):
        assert name not in sent, name
    assert edge_upstream.seen[-1].header("connection") in (None, "keep-alive")
    for name in ("x-upstream-hop", "keep-alive", "proxy-authenticate"):
        assert name not in resp.headers, name
    assert resp.headers["x-end-to-end"] == "kept"
    assert resp.headers.get_list("set-cookie") == ["a=1", "b=2"]
    assert resp.text == "ok"


async def test_upstream_errors_pass_through_unchanged(gw: httpx.AsyncClient, gateway_app: FastAPI):
    resp = await gw.get(
        "/api/v1/enterprises/1", headers={**bearer(gateway_app, ALL_ENTERPRISE), "X-Test-Mode": "teapot"}
    )
    assert resp.status_code == 418
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.json() == {"code": "teapot", "detail": "我是茶壶"}


async def test_redirect_to_the_service_becomes_relative(gw: httpx.AsyncClient, gateway_app: FastAPI):
    resp = await gw.get(
        "/api/v1/enterprises/1", headers={**bearer(gateway_app, ALL_ENTERPRISE), "X-Test-Mode": "redirect"}
    )
    assert resp.status_code == 307
    assert resp.headers["location"] == "/api/v1/enterprises/elsewhere?x=1"


async def test_large_response_with_length_arrives_whole(gw: httpx.AsyncClient, gateway_app: FastAPI):
    resp = await gw.get("/api/v1/enterprises/1", headers={**bearer(gateway_app, ALL_ENTERPRISE), "X-Test-Mode": "big"})
    assert resp.status_code == 200
    assert resp.headers["content-length"] == "300000"
    assert resp.content == b"x" * 300_000


async def test_head_request(gw: httpx.AsyncClient, gateway_app: FastAPI, edge_upstream: Upstream):
    resp = await gw.head("/api/v1/enterprises", headers=bearer(gateway_app, ALL_ENTERPRISE))
    assert resp.status_code == 200
    assert resp.content == b""
    assert edge_upstream.seen[-1].method == "HEAD"


async def test_chunked_response_streams_before_the_upstream_finishes(make_gateway, edge_upstream: Upstream):
    app = await make_gateway()
    edge_upstream.proceed.clear()
    async with serve(app) as url, httpx.AsyncClient(base_url=url) as client:
        headers = {**bearer(app, ALL_ENTERPRISE), "X-Test-Mode": "stream"}
        async with client.stream("GET", "/api/v1/enterprises/9", headers=headers) as resp:
            assert resp.status_code == 200
            assert resp.headers.get("transfer-encoding") == "chunked"
            assert "content-length" not in resp.headers
            chunks = resp.aiter_raw()
            # The upstream holds its second chunk until told; a buffering proxy would never deliver the first.
            first = await asyncio.wait_for(anext(chunks), timeout=10)
            assert first == b"first chunk;"
            assert not edge_upstream.proceed.is_set()
            edge_upstream.proceed.set()
            rest = b"".join([chunk async for chunk in chunks])
        assert rest == b"second chunk"


async def test_service_down_is_503_problem(make_gateway):
    app = await make_gateway(case_service_url=f"http://127.0.0.1:{free_port()}")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway.test") as client:
        resp = await client.get("/api/v1/enterprises", headers=bearer(app, ALL_ENTERPRISE))
    assert resp.status_code == 503
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.json()["code"] == "service_unavailable"
    assert resp.json()["service"] == "case"


class DroppingService:
    """A raw HTTP service that closes its first `drops` connections after reading the request head."""

    def __init__(self, drops: int) -> None:
        self.drops = drops
        self.requests: list[bytes] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        self.requests.append(head.split(b"\r\n", 1)[0])
        if len(self.requests) <= self.drops:
            writer.close()  # as a service does when it closes an idle keep-alive socket the gateway reuses
            return
        body = b'{"service":"case"}'
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body)
        )
        await writer.drain()
        writer.close()


async def _dropping_gateway(make_gateway, drops: int) -> tuple[FastAPI, DroppingService, asyncio.Server]:
    service = DroppingService(drops)
    server = await asyncio.start_server(service.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return await make_gateway(case_service_url=f"http://127.0.0.1:{port}"), service, server


async def test_safe_request_on_a_dropped_connection_is_sent_once_more(make_gateway):
    app, service, server = await _dropping_gateway(make_gateway, drops=1)
    async with server, httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw.test") as client:
        resp = await client.get("/api/v1/enterprises", headers=bearer(app, ALL_ENTERPRISE))
    assert resp.status_code == 200, resp.text
    assert service.requests == [b"GET /api/v1/enterprises HTTP/1.1"] * 2


async def test_safe_request_is_retried_only_once(make_gateway):
    app, service, server = await _dropping_gateway(make_gateway, drops=5)
    async with server, httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw.test") as client:
        resp = await client.get("/api/v1/enterprises", headers=bearer(app, ALL_ENTERPRISE))
    assert resp.status_code == 503
    assert resp.json()["code"] == "service_unavailable"
    assert len(service.requests) == 2


async def test_write_on_a_dropped_connection_is_never_resent(make_gateway):
    app, service, server = await _dropping_gateway(make_gateway, drops=1)
    async with server, httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw.test") as client:
        resp = await client.post("/api/v1/enterprises", json={"name": "x"}, headers=bearer(app, ALL_ENTERPRISE))
    # The service may have acted on the request before the connection dropped: the caller decides.
    assert resp.status_code == 503
    assert service.requests == [b"POST /api/v1/enterprises HTTP/1.1"]


async def test_slow_service_is_504_problem_within_the_read_timeout(make_gateway):
    app = await make_gateway(upstream_read_timeout_s=0.3)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway.test") as client:
        resp = await asyncio.wait_for(
            client.get("/api/v1/enterprises/1", headers={**bearer(app, ALL_ENTERPRISE), "X-Test-Mode": "slow"}),
            timeout=4,  # the upstream answers after 5 s: reaching this bound means the gateway waited for it
        )
    assert resp.status_code == 504
    assert resp.json()["code"] == "gateway_timeout"


async def test_pool_is_reused_across_requests(gw: httpx.AsyncClient, gateway_app: FastAPI):
    for _ in range(3):
        assert (await gw.get("/api/v1/enterprises", headers=bearer(gateway_app, ALL_ENTERPRISE))).status_code == 200
    session = gateway_app.state.upstreams.session()
    assert session is gateway_app.state.upstreams.session()
    assert session.connector.limit == gateway_app.state.settings.upstream_max_connections
