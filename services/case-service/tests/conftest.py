"""Fixtures: a migrated database (SQLite, or PostgreSQL with TEST_DATABASE_URL), a rolled-back session
per test, the app on an ASGI transport, and a token per role."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from jose import jwt

from case_service.core import SCHEMA
from case_service.main import create_app
from case_service.settings import CaseSettings
from platform_core.demo import DEMO_ENTERPRISE_USCC as ENTERPRISE_USCC
from platform_core.peers import Peer
from platform_core.testing import CITY, GUANGSHAN, XINXIAN, service_fixtures

__all__ = ["CITY", "ENTERPRISE_USCC", "GUANGSHAN", "UNITS", "XINXIAN"]

#: The gateway's unit directory as the tests know it: id -> (name, region).
UNITS = {
    1: ("市商务局", CITY),
    2: ("市自然资源和规划局", CITY),
    3: ("市发展和改革委员会", CITY),
    4: ("市市场监督管理局", CITY),
    11: ("光山县商务局", GUANGSHAN),
    21: ("新县商务局", XINXIAN),
}


#: The gateway's people directory as the tests know it: user id -> (name, region).
PEOPLE = {
    1: ("李建国", CITY),
    2: ("王晓梅", CITY),
    3: ("张光山", GUANGSHAN),
    7: ("赵服务", XINXIAN),
    9: ("王强", XINXIAN),
}


def fake_unit_directory(request: httpx.Request) -> httpx.Response:
    """The gateway's `/api/v1/units` and `/api/v1/people` as a caller sees them: the city's and its own county's
    (a city caller all)."""
    claims = jwt.get_unverified_claims(request.headers["authorization"].removeprefix("Bearer "))
    region = claims.get("region")
    ids = {int(i) for i in request.url.params.get_list("ids")}
    people = request.url.path == "/api/v1/people"
    items = [
        {"id": i, "name": name, "region_code": code, "region_name": None}
        | ({"unit_id": None, "unit_name": None} if people else {"kind": "department"})
        for i, (name, code) in (PEOPLE if people else UNITS).items()
        if i in ids and (code == CITY or region in (CITY, code))
    ]
    return httpx.Response(200, json={"items": items, "total": len(items), "page": 1, "page_size": len(ids) or 1})


def _make_app(database, verifier):
    app = create_app(
        CaseSettings(PLATFORM_ENV="test", sync_settle_seconds=0, stats_cache_seconds=0),
        database=database,
        verifier=verifier,
    )
    fake = httpx.AsyncClient(transport=httpx.MockTransport(fake_unit_directory))
    app.state.unit_peer = Peer("gateway", "http://gateway", client=fake, label="统一认证网关（单位名录）")
    return app


globals().update(service_fixtures(service_root=Path(__file__).resolve().parents[1], schema=SCHEMA, make_app=_make_app))


@pytest.fixture
async def ents(session, regions):
    """Two enterprises: one in 光山县, one in 新县 (`test_pairing_support.two_enterprises`)."""
    from test_pairing_support import two_enterprises  # it reads this module's constants

    return await two_enterprises(session, regions)


@pytest.fixture
async def q3(session, regions, ents):
    """The third quarter of 2021 as the statistics tests count it (`test_pairing_support.build_q3`)."""
    from test_pairing_support import build_q3

    return await build_q3(session, regions, ents)
