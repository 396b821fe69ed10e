"""Fan-out calls of the gateway's composed views: one service call with the caller's own token.

The caller's bearer token travels unchanged, so every service applies the caller's own permissions and data
scope; the gateway never widens them. Each call has its own timeout, shorter than the gateway's upstream
timeout, so a view composed of several calls still answers in time when one service hangs.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import Request

from gateway.proxy.client import UpstreamPool

log = logging.getLogger(__name__)

#: Share of the gateway's upstream read timeout one fan-out call may take.
CALL_TIMEOUT_SHARE = 0.6

#: Why a part is missing, in the UI's words.
REASONS: dict[str, str] = {
    "unavailable": "服务暂不可用",
    "timeout": "服务响应超时",
    "forbidden": "无权查看",
    "not_found": "记录不存在或不在数据范围内",
    "error": "服务返回错误",
}


@dataclass(frozen=True, slots=True)
class Fetched:
    """The answer of one call: the JSON body, or why there is none."""

    service: str
    path: str
    params: dict[str, str]
    status: int | None
    body: Any = None
    error: str | None = None  # a key of REASONS

    @property
    def ok(self) -> bool:
        """Whether the call gave a usable body."""
        return self.error is None

    @property
    def reason(self) -> str | None:
        """Why there is no body, in Chinese."""
        return REASONS.get(self.error) if self.error else None


def call_timeout(request: Request) -> float:
    """The time one fan-out call may take: below the gateway's own upstream timeout."""
    pool: UpstreamPool = request.app.state.upstreams
    return pool.settings.upstream_read_timeout_s * CALL_TIMEOUT_SHARE


def caller_headers(request: Request) -> dict[str, str]:
    """The caller's token, language and request id, for a call made on the caller's behalf."""
    headers = {
        "Authorization": request.headers.get("authorization", ""),
        "Accept-Language": request.headers.get("accept-language", "zh-CN"),
    }
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        headers["X-Request-ID"] = request_id
    return headers


async def fetch(
    request: Request,
    service: str,
    path: str,
    params: dict[str, str] | None = None,
    *,
    limit_s: float | None = None,
) -> Fetched:
    """GET a JSON document from a service as the caller; failures become a `Fetched` with an error."""
    pool: UpstreamPool = request.app.state.upstreams
    query = {k: v for k, v in (params or {}).items() if v is not None}
    timeout = limit_s if limit_s is not None else call_timeout(request)
    permit = pool.breakers[service].admit()
    if permit is None:
        # The service's circuit breaker is open: the part is missing at once, no connection is tried.
        return Fetched(service, path, query, None, error="unavailable")
    try:
        response = await asyncio.wait_for(
            pool.client.get(f"{pool.urls[service]}{path}", params=query, headers=caller_headers(request)),
            timeout=timeout,
        )
    except httpx.ConnectTimeout as exc:
        # The httpx-aiohttp transport reports a refused connection as a connect timeout: either way, unreachable.
        log.warning("composed call %s %s could not connect: %s", service, path, exc)
        permit.failed()
        return Fetched(service, path, query, None, error="unavailable")
    except (TimeoutError, httpx.TimeoutException):
        # The view's own budget, shorter than the service's timeout: no verdict on the service's health.
        log.warning("composed call %s %s timed out after %.1f s", service, path, timeout)
        return Fetched(service, path, query, None, error="timeout")
    except (httpx.HTTPError, OSError) as exc:
        log.warning("composed call %s %s failed: %s", service, path, exc)
        permit.failed()
        return Fetched(service, path, query, None, error="unavailable")
    else:
        permit.succeeded()
    finally:
        permit.release()  # cancelled, or the budget ran out: a probe frees its slot
    if response.status_code == 200:
        try:
            return Fetched(service, path, query, 200, body=response.json())
        except ValueError:
            return Fetched(service, path, query, 200, error="error")
    error = {401: "forbidden", 403: "forbidden", 404: "not_found", 503: "unavailable", 504: "timeout"}.get(
        response.status_code, "error"
    )
    log.info("composed call %s %s answered %s", service, path, response.status_code)
    return Fetched(service, path, query, response.status_code, error=error)
