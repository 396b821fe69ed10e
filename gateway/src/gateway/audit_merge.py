"""One audit log for the auditor: the gateway's own entries and every service's, newest first.

Each source keeps its entries in its own schema; this view asks each of them for their newest entries
matching the filters, merges by `occurred_at` and cuts the requested page. A source that does not answer
is named in `partial` instead of failing the page.
"""

from __future__ import annotations

import asyncio
import logging
import math
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import httpx
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from gateway.proxy.client import UpstreamPool
from gateway.proxy.routes import SERVICES
from platform_core.audit import AuditEntryOut
from platform_core.auth import Principal, require_perms
from platform_core.dates import IsoDatetime
from platform_core.pagination import MAX_PAGE_SIZE, PageDep, forbid_unknown_query
from platform_core.problems import field_error

log = logging.getLogger(__name__)

SOURCES: tuple[str, ...] = ("gateway", *SERVICES)
GATEWAY_AUDIT_PATH = "/internal/v1/audit/logs"
SERVICE_AUDIT_PATH = "/api/v1/audit/logs"
#: The deepest entry a merged page may reach (page x page_size); beyond it, filter by time or service.
MAX_MERGED_DEPTH = 5000
FILTERS = ("actor", "action", "entity_id", "from", "to")
#: Categories of entries the auditor can ask for by name: (source, action prefix).
CATEGORIES: dict[str, tuple[str, str]] = {
    # Every grant or revocation of a personal-data, audit or role-administration permission (role.sensitive_*).
    "sensitive_permission": ("gateway", "role.sensitive_"),
}

router = APIRouter(tags=["审计日志"])


class MergedAuditPage(BaseModel):
    """A page of the merged audit log."""

    items: list[AuditEntryOut]
    total: int = Field(description="符合条件的总数（不含暂不可用的服务；total_exact 为 false 时为下限）")
    total_exact: bool = Field(True, description="total 是否为精确总数（某个来源的记录超过计数上限时为 false）")
    page: int = Field(description="页码，从1开始")
    page_size: int = Field(description="每页条数")
    partial: list[str] = Field(default_factory=list, description="暂不可用、未计入本页的来源服务")


class SourceDownError(Exception):
    """A source did not give a usable answer."""


@router.get(
    "/api/v1/audit/logs",
    summary="查询审计日志（网关与全部服务）",
    description="按发生时间倒序合并网关及各服务的审计日志；某个服务暂不可用时在 partial 中列出。",
    response_model=MergedAuditPage,
    dependencies=[Depends(forbid_unknown_query)],
)
async def list_audit_logs(
    request: Request,
    page: PageDep,
    _: Annotated[Principal, Depends(require_perms("audit:log:list"))],
    service: Annotated[
        Literal["gateway", "case", "investment", "trade"] | None, Query(description="只查询一个来源服务")
    ] = None,
    actor: Annotated[str | None, Query(description="操作者")] = None,
    action: Annotated[str | None, Query(description="动作前缀")] = None,
    entity_id: Annotated[str | None, Query(description="对象标识")] = None,
    occurred_from: Annotated[IsoDatetime | None, Query(alias="from", description="起始时间（含）")] = None,
    occurred_to: Annotated[IsoDatetime | None, Query(alias="to", description="截止时间（不含）")] = None,
    category: Annotated[
        Literal["sensitive_permission"] | None,
        Query(description="类别：sensitive_permission 敏感权限变更（个人信息、审计、角色管理权限的授予与收回）"),
    ] = None,
) -> MergedAuditPage:
    """Audit entries of the gateway and every service, newest first."""
    # Filters travel as the caller wrote them (validated above, not re-serialised).
    filters = {k: v for k, v in request.query_params.items() if k in FILTERS}
    if category is not None:
        source, prefix = CATEGORIES[category]
        # An action filter narrows the category (grants only, say); one outside it matches nothing.
        if action and not (action.startswith(prefix) or prefix.startswith(action)):
            return MergedAuditPage(items=[], total=0, page=page.page, page_size=page.page_size)
        if not action or len(action) < len(prefix):
            filters["action"] = prefix
        if service is not None and service != source:
            return MergedAuditPage(items=[], total=0, page=page.page, page_size=page.page_size)
        return await _single(request, source, filters, page.page, page.page_size)
    if service is not None:
        return await _single(request, service, filters, page.page, page.page_size)
    depth = page.page * page.page_size
    if depth > MAX_MERGED_DEPTH:
        raise field_error(
            "page",
            f"合并查询最多可翻到第 {MAX_MERGED_DEPTH} 条，请缩小时间范围或按服务查询",
            code="page_too_deep",
        )
    results = await asyncio.gather(*(_newest(request, src, filters, depth) for src in SOURCES))
    items: list[dict[str, Any]] = []
    total = 0
    exact = True
    partial: list[str] = []
    for src, result in zip(SOURCES, results, strict=True):
        if result is None:
            partial.append(src)
            continue
        src_items, src_total, src_exact = result
        items.extend(src_items)
        total += src_total
        exact = exact and src_exact
    items.sort(key=_order, reverse=True)
    start = (page.page - 1) * page.page_size
    return MergedAuditPage(
        items=[AuditEntryOut.model_validate(i) for i in items[start : start + page.page_size]],
        total=total,
        total_exact=exact,
        page=page.page,
        page_size=page.page_size,
        partial=partial,
    )


async def _single(request: Request, source: str, filters: dict[str, str], page: int, size: int) -> MergedAuditPage:
    try:
        body = await fetch_page(request, source, {**filters, "page": str(page), "page_size": str(size)})
    except SourceDownError:
        return MergedAuditPage(items=[], total=0, page=page, page_size=size, partial=[source])
    return MergedAuditPage(
        items=[AuditEntryOut.model_validate(i) for i in body["items"]],
        total=int(body["total"]),
        total_exact=bool(body.get("total_exact", True)),
        page=page,
        page_size=size,
    )


async def _newest(
    request: Request, source: str, filters: dict[str, str], depth: int
) -> tuple[list[dict[str, Any]], int, bool] | None:
    """The source's newest `depth` entries, its total and whether that is exact, or None when it is down."""
    size = min(depth, MAX_PAGE_SIZE)
    items: list[dict[str, Any]] = []
    total = 0
    exact = True
    try:
        for number in range(1, math.ceil(depth / size) + 1):
            body = await fetch_page(request, source, {**filters, "page": str(number), "page_size": str(size)})
            items.extend(body["items"])
            total = int(body["total"])
            exact = bool(body.get("total_exact", True))
            if len(items) >= min(depth, total) or not body["items"]:
                break
    except SourceDownError:
        return None
    return items[:depth], total, exact


async def fetch_page(request: Request, source: str, params: dict[str, str]) -> dict[str, Any]:
    """One page of one source's audit log, asked with the caller's own token."""
    headers = {
        "Authorization": request.headers.get("authorization", ""),
        "Accept-Language": request.headers.get("accept-language", "zh-CN"),
    }
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        headers["X-Request-ID"] = request_id
    try:
        if source == "gateway":
            # In process, through the whole app (its own auth and session handling), no socket.
            transport = httpx.ASGITransport(app=request.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
                response = await client.get(GATEWAY_AUDIT_PATH, params=params, headers=headers)
        else:
            response = await _service_page(request, source, params, headers)
    except (httpx.HTTPError, OSError) as exc:
        log.warning("audit source %s unavailable: %s", source, exc)
        raise SourceDownError(source) from exc
    if response.status_code != 200:
        log.warning("audit source %s answered %s", source, response.status_code)
        raise SourceDownError(source)
    try:
        body: dict[str, Any] = response.json()
        body["items"] = [{**item, "service": item.get("service") or source} for item in body["items"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise SourceDownError(source) from exc
    return body


async def _service_page(
    request: Request, source: str, params: dict[str, str], headers: dict[str, str]
) -> httpx.Response:
    """One page from a service, through its circuit breaker (refused at once while the breaker is open)."""
    pool: UpstreamPool = request.app.state.upstreams
    permit = pool.breakers[source].admit()
    if permit is None:
        raise SourceDownError(source)
    try:
        response = await pool.client.get(f"{pool.urls[source]}{SERVICE_AUDIT_PATH}", params=params, headers=headers)
    except (httpx.HTTPError, OSError):
        permit.failed()  # unreachable, or no answer within the gateway's read timeout
        raise
    else:
        permit.succeeded()
    finally:
        permit.release()
    return response


def _order(item: dict[str, Any]) -> tuple[datetime, str, int]:
    """Newest first; ties broken by source and id so pages never overlap."""
    occurred = datetime.fromisoformat(str(item["occurred_at"]))
    if occurred.tzinfo is None:
        occurred = occurred.replace(tzinfo=UTC)
    return occurred, str(item.get("service", "")), int(item.get("id", 0))
