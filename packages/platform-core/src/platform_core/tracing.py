"""Distributed traces (OpenTelemetry): a server span for every request, carried from the gateway to the services.

The gateway's span and the service's span of one request share a trace: the W3C `traceparent` header carries
it across the hop, and each span names the request id, so a trace and the log lines of a request find each
other (log lines carry the trace id too). No exporter by default — spans are made and dropped, at the cost of a
few microseconds. `TRACING_EXPORTER=otlp` sends them to the collector at `OTEL_EXPORTER_OTLP_ENDPOINT`
(OTLP over HTTP); `console` prints them (for a look on one machine).
"""

from __future__ import annotations

import logging
from collections.abc import MutableSequence
from typing import Any, Literal

from opentelemetry import trace
from opentelemetry.propagate import extract, inject
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor
from opentelemetry.trace import SpanKind, Status, StatusCode
from starlette.types import ASGIApp, Receive, Scope, Send

from platform_core.asgi import StatusSend, route_template
from platform_core.context import current_context

log = logging.getLogger(__name__)

Exporter = Literal["none", "console", "otlp"]


def tracer_provider(
    service: str, exporter: Exporter = "none", *, processor: SpanProcessor | None = None
) -> TracerProvider:
    """A tracer provider for one app: its service name, and the exporter asked for (or a given processor: tests)."""
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    if processor is not None:
        provider.add_span_processor(processor)
    elif exporter == "console":
        provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter()))
    elif exporter == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return provider


def _carrier(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers") or []}


class TracingMiddleware:
    """Pure ASGI middleware: one server span per request, continuing the caller's trace when it sent one."""

    def __init__(self, app: ASGIApp, provider: TracerProvider) -> None:
        """Wrap an app with the tracer of its provider."""
        self.app = app
        self.tracer = provider.get_tracer("platform_core.tracing")
        # The SDK keeps the registered span processors in one composite; with none (no exporter, the
        # default) a span would be made and dropped on every request: skip it. Read per request, since a
        # processor may be added after start (tests, a console exporter switched on).
        self._processors = provider._active_span_processor  # no public accessor in the SDK

    def recording(self) -> bool:
        """Whether any span processor would receive this request's span."""
        return bool(self._processors._span_processors)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request inside its span."""
        if scope["type"] != "http" or not self.recording():
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        with self.tracer.start_as_current_span(
            f"{method} {scope['path']}", context=extract(_carrier(scope)), kind=SpanKind.SERVER
        ) as span:
            span.set_attribute("http.request.method", method)
            span.set_attribute("url.path", scope["path"])
            ctx = current_context()
            if ctx is not None:
                span.set_attribute("request_id", ctx.request_id)

            answer = StatusSend(send)
            try:
                await self.app(scope, receive, answer)
            finally:
                status = answer.status
                route = route_template(scope)
                if route:
                    span.update_name(f"{method} {route}")
                    span.set_attribute("http.route", route)
                span.set_attribute("http.response.status_code", status)
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR))


def inject_trace(headers: MutableSequence[tuple[str, str]]) -> None:
    """Add the current span's `traceparent` (and `tracestate`) to the headers of an outgoing request."""
    carrier: dict[str, str] = {}
    inject(carrier)
    headers.extend(carrier.items())


def current_trace_id() -> str | None:
    """The hex trace id of the span in progress, if any (for log lines)."""
    span = trace.get_current_span()
    context = span.get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None


def install_tracing(app: Any, service: str, exporter: Exporter) -> TracerProvider:
    """Trace every request of the app (the provider is kept on `app.state.tracer_provider`)."""
    provider = tracer_provider(service, exporter)
    app.state.tracer_provider = provider
    app.add_middleware(TracingMiddleware, provider=provider)
    return provider
