"""Compose one enterprise's profile: its directory record, then every service's records of it, concurrently.

Every call carries the caller's token, so each part shows only what the caller may see there. Each call is
bounded so that the directory call and the two dependent calls (foreign-invested enterprise, then its
capital) together stay inside the gateway's own upstream timeout: a stopped or hanging service costs its
parts, which the answer names, never the whole profile.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import Request

from gateway.compose import Fetched, fetch
from gateway.profile.schemas import EnterpriseProfile, ProfilePart
from gateway.proxy.client import UpstreamPool
from platform_core.problems import ProblemError, not_found

#: Share of the gateway's upstream timeout one profile call may take (three calls may run one after another).
CALL_SHARE = 0.3
PAGE = {"page_size": "100"}


@dataclass(frozen=True, slots=True)
class PartSpec:
    """A part: the service's list endpoint and the filter that selects the enterprise's records."""

    key: str
    title: str
    service: str
    path: str
    filter_name: str
    link: str


PARTS: tuple[PartSpec, ...] = (
    PartSpec("pairings", "包联", "case", "/api/v1/pairings", "enterprise_uscc", "/pairings"),
    PartSpec("visits", "走访", "case", "/api/v1/visits", "enterprise_uscc", "/visits"),
    PartSpec("cases", "诉求", "case", "/api/v1/cases", "enterprise_uscc", "/cases"),
    PartSpec("projects", "招商项目", "investment", "/api/v1/projects", "investor_uscc", "/investment/projects"),
    PartSpec("fund_grants", "外贸政策资金", "trade", "/api/v1/trade/funds/grants", "enterprise_uscc", "/trade/funds"),
    PartSpec("fairs", "参加展会", "trade", "/api/v1/trade/fairs", "enterprise_uscc", "/trade/fairs"),
    PartSpec(
        "export_registrations",
        "出口注册备案",
        "trade",
        "/api/v1/trade/export-registrations",
        "enterprise_uscc",
        "/trade/exports",
    ),
    PartSpec("shipments", "监管出口", "trade", "/api/v1/trade/shipments", "enterprise_uscc", "/trade/exports"),
)
FOREIGN = PartSpec(
    "foreign_enterprise",
    "外资企业",
    "investment",
    "/api/v1/foreign-enterprises",
    "q",
    "/investment/foreign-enterprises",
)
CAPITAL = PartSpec(
    "foreign_capital",
    "实际吸收外资",
    "investment",
    "/api/v1/foreign-capital",
    "enterprise_id",
    "/investment/foreign-capital",
)


def _timeout(request: Request) -> float:
    pool: UpstreamPool = request.app.state.upstreams
    return pool.settings.upstream_read_timeout_s * CALL_SHARE


def _part(spec: PartSpec, fetched: Fetched, items: list[dict[str, Any]] | None = None) -> ProfilePart:
    """A part from its service's page (or why there is none)."""
    if not fetched.ok:
        return ProfilePart(
            key=spec.key, title=spec.title, service=spec.service, ok=False, reason=fetched.reason, link=spec.link
        )
    body = fetched.body if isinstance(fetched.body, dict) else {}
    rows = items if items is not None else list(body.get("items") or [])
    total = len(rows) if items is not None else int(body.get("total", len(rows)))
    return ProfilePart(
        key=spec.key, title=spec.title, service=spec.service, ok=True, total=total, items=rows, link=spec.link
    )


async def _foreign(request: Request, uscc: str, limit_s: float) -> list[ProfilePart]:
    """The foreign-invested enterprise with this code (if any), then its foreign capital."""
    found = await fetch(request, FOREIGN.service, FOREIGN.path, {"q": uscc, **PAGE}, limit_s=limit_s)
    if not found.ok:
        missing = Fetched(CAPITAL.service, CAPITAL.path, {}, None, error=found.error)
        return [_part(FOREIGN, found), _part(CAPITAL, missing)]
    matches = [e for e in found.body.get("items", []) if str(e.get("uscc", "")).upper() == uscc]
    if not matches:
        empty = Fetched(CAPITAL.service, CAPITAL.path, {}, 200, body={"items": [], "total": 0})
        return [_part(FOREIGN, found, []), _part(CAPITAL, empty)]
    capital = await fetch(
        request, CAPITAL.service, CAPITAL.path, {"enterprise_id": str(matches[0]["id"]), **PAGE}, limit_s=limit_s
    )
    return [_part(FOREIGN, found, matches), _part(CAPITAL, capital)]


async def compose(request: Request, enterprise_id: int) -> EnterpriseProfile:
    """The profile of one enterprise in the caller's scope (404 outside it, 503 when the directory is down)."""
    limit_s = _timeout(request)
    directory = await fetch(request, "case", f"/api/v1/enterprises/{enterprise_id}", limit_s=limit_s)
    if directory.error == "not_found":
        raise not_found()
    if directory.error == "forbidden":
        raise ProblemError(403, "forbidden")
    if not directory.ok:
        # Without the directory record there is no credit code to ask the other services about.
        raise ProblemError(503, "service_unavailable", extra={"service": "case", "missing": ["enterprise"]})
    enterprise: dict[str, Any] = directory.body
    uscc = str(enterprise["uscc"]).upper()
    calls = [
        fetch(request, spec.service, spec.path, {spec.filter_name: uscc, **PAGE}, limit_s=limit_s) for spec in PARTS
    ]
    *answers, foreign = await asyncio.gather(*calls, _foreign(request, uscc, limit_s))
    parts = [_part(spec, answer) for spec, answer in zip(PARTS, answers, strict=True)]
    parts[3:3] = foreign  # investment parts together: projects, foreign-invested enterprise, capital
    return EnterpriseProfile(
        enterprise=enterprise,
        parts=parts,
        missing=[p.key for p in parts if not p.ok],
        generated_at=datetime.now(UTC),
    )
