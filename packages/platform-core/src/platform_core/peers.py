"""Records of another service, checked the way the caller would see them.

A record that names another service's records (a project's linked cases) may name only records that
exist and that the caller may read. The owning service decides that: it is asked for each record with the
caller's own access token, so its data scope applies unchanged. An unknown or out-of-scope id is 422 naming
the field; an unreachable peer is 503 (the write is refused rather than stored unchecked).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import httpx
from fastapi import Request

from platform_core.observability import INTERNAL_TOKEN_HEADER
from platform_core.problems import ProblemError, field_error
from platform_core.tracing import inject_trace

#: At most this many records of a peer are asked for at once.
CONCURRENCY = 8


class Peer:
    """Another service of the platform, reached directly (service to service, never through the gateway)."""

    def __init__(self, name: str, base_url: str, *, client: httpx.AsyncClient | None = None, label: str = "") -> None:
        """Name the peer (for messages) and where it listens; a client may be given (tests)."""
        self.name = name
        self.label = label or name
        self.base_url = base_url.rstrip("/")
        self.client = client or httpx.AsyncClient(timeout=httpx.Timeout(5.0, connect=2.0))

    async def close(self) -> None:
        """Release the connections."""
        await self.client.aclose()

    def _unavailable(self) -> ProblemError:
        return ProblemError(
            503, "service_unavailable", f"{self.label}暂不可用，无法核对关联记录", headers={"Retry-After": "5"}
        )

    def _headers(self, request: Request) -> list[tuple[str, str]]:
        """The caller's token, the request id and the trace context, for the peer."""
        headers = [("Authorization", request.headers.get("authorization", ""))]
        request_id = getattr(request.state, "request_id", None)
        if request_id:
            headers.append(("X-Request-ID", request_id))
        inject_trace(headers)
        return headers

    async def _get(self, request: Request, path: str, params: list[tuple[str, Any]] | None = None) -> httpx.Response:
        """GET from the peer with the caller's own token; an unreachable peer is 503."""
        try:
            return await self.client.get(
                f"{self.base_url}{path}",
                params=params,
                headers=self._headers(request),
            )
        except httpx.HTTPError as exc:
            raise self._unavailable() from exc

    async def internal_get(self, path: str, params: Sequence[tuple[str, Any]], *, token: str) -> Any:
        """GET a service-to-service path with the platform's internal token (background work, no caller);
        the JSON answer, or 503 when the peer is unreachable or refuses."""
        headers = [(INTERNAL_TOKEN_HEADER, token)]
        inject_trace(headers)
        try:
            answer = await self.client.get(f"{self.base_url}{path}", params=list(params), headers=headers)
        except httpx.HTTPError as exc:
            raise self._unavailable() from exc
        if answer.status_code != 200:
            raise self._unavailable()
        return answer.json()

    async def readable(self, request: Request, path: str) -> bool:
        """Whether the caller may read one record of the peer (its own token, its own scope)."""
        answer = await self._get(request, path)
        if answer.status_code == 200:
            return True
        if answer.status_code in {403, 404}:
            return False
        raise self._unavailable()

    async def listed(self, request: Request, path: str, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """The peer's records of these ids that the caller can see, from one page of a list (`?ids=`)."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        answer = await self._get(request, path, [*(("ids", i) for i in wanted), ("page_size", len(wanted))])
        if answer.status_code == 403:
            return {}
        if answer.status_code != 200:
            raise self._unavailable()
        return {int(item["id"]): item for item in answer.json()["items"] if int(item["id"]) in wanted}

    async def check_ids(self, request: Request, *, field: str, ids: Sequence[int], path: str, noun: str) -> None:
        """Refuse (422 naming the field) ids of records that do not exist or the caller may not read.

        `path` is the record's path with `{id}`, e.g. `/api/v1/cases/{id}`.
        """
        wanted = sorted(set(ids))
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(record_id: int) -> bool:
            async with gate:
                return await self.readable(request, path.format(id=record_id))

        found = await asyncio.gather(*(one(i) for i in wanted))
        refuse_missing(field, [i for i, ok in zip(wanted, found, strict=True) if not ok], noun)


def refuse_missing(field: str, missing: Sequence[int], noun: str) -> None:
    """422 naming the field when ids name records that do not exist or the caller may not see."""
    if missing:
        listed = "、".join(str(i) for i in sorted(set(missing)))
        raise field_error(field, f"{noun}{listed}不存在或不在数据权限范围内", code="not_found")
