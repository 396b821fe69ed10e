"""Request traces: every app makes a server span per request that continues the caller's trace, names the
route template and the request id, and marks server errors; log lines of the request carry the trace id."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from fastapi import APIRouter
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode

from platform_core.app import create_service_app
from platform_core.observability import JsonFormatter
from platform_core.settings import CommonSettings

router = APIRouter(prefix="/api/v1/things")
log = logging.getLogger("things")

CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"


@router.get("/{thing_id}")
async def read(thing_id: int) -> dict[str, int]:
    log.info("reading a thing")
    if thing_id == 13:
        raise RuntimeError("unlucky")
    return {"id": thing_id}


@pytest.fixture
async def traced(tmp_path):
    settings = CommonSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 't.db'}")
    app = create_service_app(name="things", title="t", settings=settings, schema="things", routers=[router])
    spans = InMemorySpanExporter()
    app.state.tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        yield client, spans


async def test_a_request_continues_the_callers_trace_and_names_its_route_and_request_id(traced):
    client, spans = traced
    parent = f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"
    resp = await client.get("/api/v1/things/7", headers={"traceparent": parent, "X-Request-ID": "req-trace-1"})
    assert resp.status_code == 200
    (span,) = spans.get_finished_spans()
    assert format(span.context.trace_id, "032x") == CALLER_TRACE
    assert span.parent is not None and format(span.parent.span_id, "016x") == CALLER_SPAN
    assert span.name == "GET /api/v1/things/{thing_id}"
    assert span.attributes["request_id"] == "req-trace-1"
    assert span.attributes["http.route"] == "/api/v1/things/{thing_id}"
    assert span.attributes["http.response.status_code"] == 200


async def test_without_a_caller_trace_a_new_one_starts_and_errors_are_marked(traced):
    client, spans = traced
    assert (await client.get("/api/v1/things/13")).status_code == 500
    (span,) = spans.get_finished_spans()
    assert span.parent is None and span.context.trace_id != 0
    assert span.status.status_code is StatusCode.ERROR
    assert span.attributes["http.response.status_code"] == 500


class JsonLines(logging.Handler):
    """The JSON lines the app would print, formatted where the record is emitted (inside the request)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[dict[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(JsonFormatter().format(record)))


async def test_log_lines_of_a_request_carry_its_trace_id(traced):
    client, _spans = traced
    lines = JsonLines()
    log.addHandler(lines)
    log.setLevel(logging.INFO)
    try:
        headers = {"traceparent": f"00-{CALLER_TRACE}-{CALLER_SPAN}-01", "X-Request-ID": "req-trace-2"}
        await client.get("/api/v1/things/8", headers=headers)
    finally:
        log.removeHandler(lines)
    (line,) = [x for x in lines.lines if x["msg"] == "reading a thing"]
    assert line["trace_id"] == CALLER_TRACE and line["request_id"] == "req-trace-2"


async def test_without_an_exporter_no_span_is_made(tmp_path, monkeypatch):
    """The default (no exporter, no processor): requests pass straight through, no span is started."""
    settings = CommonSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 't.db'}")
    app = create_service_app(name="things", title="t", settings=settings, schema="things", routers=[router])
    started: list[str] = []
    real = app.state.tracer_provider.get_tracer

    def spy(*args, **kwargs):
        tracer = real(*args, **kwargs)
        original = tracer.start_as_current_span
        tracer.start_as_current_span = lambda name, **kw: started.append(name) or original(name, **kw)
        return tracer

    monkeypatch.setattr(app.state.tracer_provider, "get_tracer", spy)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        assert (await client.get("/api/v1/things/7")).json() == {"id": 7}
        # A processor added later (a console exporter switched on) is used from the next request on.
        spans = InMemorySpanExporter()
        app.state.tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
        assert (await client.get("/api/v1/things/8")).status_code == 200
    assert started == ["GET /api/v1/things/8"]
    assert [s.name for s in spans.get_finished_spans()] == ["GET /api/v1/things/{thing_id}"]
