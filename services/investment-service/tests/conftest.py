"""Fixtures: a migrated database (SQLite, or PostgreSQL with TEST_DATABASE_URL), a rolled-back session
per test, the app on an ASGI transport, a token per role, and small builders of investment records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from jose import jwt

from investment_service.core import SCHEMA
from investment_service.dictionary.models import IndustryChain
from investment_service.foreign.models import ForeignCapital, ForeignEnterprise
from investment_service.funds.models import FundRecord
from investment_service.main import create_app
from investment_service.project.models import Project
from investment_service.rounds.models import Round
from investment_service.settings import InvestmentSettings
from platform_core.peers import Peer
from platform_core.permissions import PROVINCE_CLIENT_PERMISSIONS
from platform_core.testing import CITY, GUANGSHAN, XINXIAN, client_token_kwargs, service_fixtures
from platform_core.uscc import check_character

__all__ = ["CITY", "GUANGSHAN", "XINXIAN"]

#: The province, a second city and its counties (the installation serves the province's cities).
PROVINCE, NANYANG, WANCHENG, WOLONG = "410000", "411300", "411302", "411303"


#: The cases of the fake case-service the tests link projects to: id -> the county it is registered in.
CASES = {12: GUANGSHAN, 15: GUANGSHAN, 21: XINXIAN}


def fake_case_service(request: httpx.Request) -> httpx.Response:
    """case-service as a caller sees it: its own county's cases (a city caller sees all), 404 otherwise."""
    claims = jwt.get_unverified_claims(request.headers["authorization"].removeprefix("Bearer "))
    case_id = int(request.url.path.rsplit("/", 1)[1])
    region = CASES.get(case_id)
    seen = region is not None and (claims.get("region") in (region, CITY))
    return httpx.Response(200 if seen else 404, json={"id": case_id} if seen else {"code": "not_found"})


def _make_app(database, verifier):
    settings = InvestmentSettings(PLATFORM_ENV="test", sync_settle_seconds=0)
    app = create_app(settings, database=database, verifier=verifier)
    fake = httpx.AsyncClient(transport=httpx.MockTransport(fake_case_service))
    app.state.case_peer = Peer("case", "http://case-service", client=fake, label="诉求办理服务")
    return app


globals().update(service_fixtures(service_root=Path(__file__).resolve().parents[1], schema=SCHEMA, make_app=_make_app))


@pytest.fixture
def actors(roles, tokens, regions):
    """The shared role tokens, with the provincial client holding every open permission of the catalogue."""
    province = client_token_kwargs(
        "province",
        list(PROVINCE_CLIENT_PERMISSIONS),
        data_scope="REGION_AND_BELOW",
        region_code=CITY,
        region_path=regions.path_of(CITY),
    )
    return {**roles, "province": tokens.headers(**province)}


def uscc(region: str, body: str = "MA47K2P10") -> str:
    """A valid credit code registered in a region."""
    first17 = f"91{region}{body}"
    return first17 + check_character(first17)


def project_body(**overrides: Any) -> dict[str, Any]:
    """A valid create request for a manufacturing project in 光山县."""
    body: dict[str, Any] = {
        "code": "GS2021-001",
        "name": "年产5000吨茶饮料生产线项目",
        "investor": {"name": "深圳某食品科技有限公司", "origin": "out_of_province", "province_code": "440000"},
        "industry": "食品制造",
        "category": "manufacturing",
        "region_code": GUANGSHAN,
        "contracted_investment_wan_yuan": "35000",
    }
    body.update(overrides)
    return body


class Builder:
    """Rows straight into the test's session, for fixtures the API would take many calls to build."""

    def __init__(self, session: Any, regions: Any) -> None:
        self.session = session
        self.regions = regions
        self.seq = 0

    async def round(self, number: int, held_on: date, kind: str = "provincial", region: str = CITY) -> Round:
        """A round kept by a city (信阳 by default) or the province."""
        venue = f"{self.regions.name_of(region)}{'主会场' if region == PROVINCE else '分会场'}"
        r = Round(number=number, held_on=held_on, venue=venue, kind=kind, region_code=region)
        r.region_path = self.regions.path_of(region)
        self.session.add(r)
        await self.session.flush()
        return r

    async def project(
        self,
        region: str = GUANGSHAN,
        *,
        amount: str = "10000",
        origin: str = "local",
        stage: str = "signed",
        **dates: Any,
    ) -> Project:
        self.seq += 1
        p = Project(
            code=f"T{self.seq:05d}",
            name=f"测试项目{self.seq}",
            investor_name="投资方",
            investor_origin=origin,
            investor_province_code="440000" if origin == "out_of_province" else None,
            investor_country_region="香港" if origin == "foreign" else None,
            category="manufacturing",
            region_code=region,
            region_path=self.regions.path_of(region),
            contracted_investment_wan_yuan=Decimal(amount),
            stage=stage,
            linked_case_ids=[],
            **dates,
        )
        self.session.add(p)
        await self.session.flush()
        return p

    async def fund(
        self, project: Project, month: date, amount: str, *, current: bool = True, revision: int = 1
    ) -> None:
        self.session.add(
            FundRecord(
                project_id=project.id,
                month=month,
                amount_wan_yuan=Decimal(amount),
                revision=revision,
                is_current=current,
                recorded_by="user:2",
            )
        )
        await self.session.flush()

    async def foreign_enterprise(self, region: str, established_on: date, body: str | None = None) -> ForeignEnterprise:
        self.seq += 1
        e = ForeignEnterprise(
            uscc=uscc(region, body or f"MA{self.seq:06d}0"),
            name=f"外资企业{self.seq}",
            investor_country_region="香港",
            region_code=region,
            region_path=self.regions.path_of(region),
            established_on=established_on,
        )
        self.session.add(e)
        await self.session.flush()
        return e

    async def capital(self, region: str, month: date, amount: str, caliber: str = "local") -> ForeignCapital:
        c = ForeignCapital(
            region_code=region,
            region_path=self.regions.path_of(region),
            month=month,
            caliber=caliber,
            amount_wan_usd=Decimal(amount),
        )
        self.session.add(c)
        await self.session.flush()
        return c


def chain(code: str, name: str, region: str = "410000", **fields: Any) -> IndustryChain:
    """An industry chain kept by the province (a default) or a city (an addition)."""
    path = f"/{region}/" if region.endswith("0000") else f"/{region[:2]}0000/{region}/"
    return IndustryChain(code=code, name=name, region_code=region, region_path=path, **fields)


@pytest.fixture
def build(session, regions) -> Builder:
    return Builder(session, regions)


def etag(resp: Any) -> dict[str, str]:
    """If-Match headers carrying a response's ETag."""
    return {"If-Match": resp.headers["etag"]}
