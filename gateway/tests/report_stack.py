"""The real services behind a real gateway, for the composed views (work report, enterprise profile).

Each service runs its own app under uvicorn on a loopback port with its own migrated database and trusts the
gateway's signing key, as in production; `YearBuilder` enters a year of data through each service's public API.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

import case_service
import investment_service
import trade_service
from case_service.core import SCHEMA as CASE_SCHEMA
from case_service.main import create_app as create_case
from case_service.settings import CaseSettings
from gateway.main import create_app as create_gateway
from gateway.settings import GatewaySettings
from investment_service.core import SCHEMA as INVESTMENT_SCHEMA
from investment_service.main import create_app as create_investment
from investment_service.settings import InvestmentSettings
from platform_core.auth import TokenVerifier
from platform_core.crypto import generate_key_config
from platform_core.db import Database
from platform_core.peers import Peer
from platform_core.periods import SHANGHAI
from platform_core.permissions import ROLES_BY_CODE
from platform_core.regions import load_regions
from platform_core.settings import SHIPPED_REFERENCE_DIR
from platform_core.testing import migrated_database, test_database_url
from platform_core.uscc import check_character
from trade_service.core import SCHEMA as TRADE_SCHEMA
from trade_service.labour.schemas import id_check_character
from trade_service.main import create_app as create_trade
from trade_service.settings import TradeSettings

CITY, GUANGSHAN, XINXIAN = "411500", "411522", "411523"
#: Where a token's region lies (信阳's, or another city's such as 南阳 411300).
REGIONS = load_regions(SHIPPED_REFERENCE_DIR)
#: The report year of the tests: records entered through the APIs are registered now, so this year.
NOW = datetime.now(SHANGHAI)
YEAR = NOW.year
#: Each service's folder (its Alembic chain) found from its package, and its schema.
SERVICE_ROOTS = {
    "case": (Path(case_service.__file__).parents[2], CASE_SCHEMA),
    "investment": (Path(investment_service.__file__).parents[2], INVESTMENT_SCHEMA),
    "trade": (Path(trade_service.__file__).parents[2], TRADE_SCHEMA),
}


def uscc(region: str, body: str) -> str:
    """A valid unified social credit code registered in a region."""
    first17 = f"91{region}{body}"
    return first17 + check_character(first17)


def id_number(region: str, seq: int) -> str:
    """A valid resident ID number."""
    first17 = f"{region}19900101{seq:03d}"
    return first17 + id_check_character(first17)


def bound_socket() -> socket.socket:
    """A listening loopback socket on an ephemeral port (bound before anyone needs its URL)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


def url_of(sock: socket.socket) -> str:
    """The base URL of a bound socket."""
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


@contextlib.asynccontextmanager
async def serve_on(app: FastAPI, sock: socket.socket) -> AsyncIterator[uvicorn.Server]:
    """Run an app under uvicorn on an already bound socket, in this event loop."""
    config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False, timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield server
    finally:
        server.should_exit = True
        await task


@dataclass
class Stack:
    """A gateway and the services it reaches (by name), with their base URLs."""

    gateway: FastAPI
    services: dict[str, FastAPI]
    urls: dict[str, str]
    databases: dict[str, Database] = field(default_factory=dict)
    created: dict[str, Any] = field(default_factory=dict)  # records a YearBuilder entered

    def token(self, role: str, region: str = CITY, **extra: Any) -> str:
        """An access token the gateway would issue to a user holding one built-in role."""
        spec = ROLES_BY_CODE[role]
        minted, _ = self.gateway.state.signer.access_token(
            subject=extra.pop("subject", f"user:{role}"),
            kind="user",
            name=role,
            roles=[role],
            permissions=list(spec.permissions),
            data_scopes=[spec.data_scope],
            region_code=region,
            region_path=REGIONS.path_of(region),
            **extra,
        )
        return str(minted)

    def headers(self, role: str = "city_officer", region: str = CITY, **extra: Any) -> dict[str, str]:
        """Authorization headers for such a token."""
        return {"Authorization": f"Bearer {self.token(role, region, **extra)}"}


@contextlib.asynccontextmanager
async def live_stack(
    settings: GatewaySettings,
    database: Database,
    tmp: Path,
    *,
    down: tuple[str, ...] = (),
    hung: tuple[str, ...] = (),
    databases: dict[str, Database] | None = None,
) -> AsyncIterator[Stack]:
    """The gateway (in process) with each service served on loopback; services named in `down` never start,
    those in `hung` accept connections and never answer.

    `databases` reuses another stack's service databases (as they are, owned by that stack); otherwise each
    service gets a freshly migrated one, which on PostgreSQL replaces the schema another stack may be using.
    """
    socks = {name: bound_socket() for name in SERVICE_ROOTS}
    urls = {name: url_of(sock) for name, sock in socks.items()}
    for name in down:
        socks.pop(name).close()  # nothing listens there: the gateway meets a refused connection
    silent = {name: socks.pop(name) for name in hung}  # the kernel accepts, nobody reads or answers
    gateway = create_gateway(
        settings.model_copy(
            update={
                **{f"{name}_service_url": url for name, url in urls.items()},
                "upstream_read_timeout_s": 5.0,
                "upstream_connect_timeout_s": 1.0,
                "spa_dir": str(tmp / "no-spa"),
            }
        ),
        database=database,
    )
    verifier = TokenVerifier(
        issuer=settings.jwt_issuer, audience=settings.jwt_audience, jwks=gateway.state.signer.jwks()
    )
    owned: dict[str, Database] = {}
    services: dict[str, FastAPI] = {}
    for name in socks:
        root, schema = SERVICE_ROOTS[name]
        if databases is not None:
            db = databases[name]
        else:
            db = owned[name] = await migrated_database(root, schema, test_database_url(tmp, schema))
        if name == "case":
            services[name] = create_case(CaseSettings(PLATFORM_ENV="test"), database=db, verifier=verifier)
            # Units named in a case are checked against this gateway's unit directory, in process.
            directory = httpx.AsyncClient(transport=httpx.ASGITransport(app=gateway), base_url="http://gateway")
            services[name].state.unit_peer = Peer("gateway", "http://gateway", client=directory)
        elif name == "investment":
            services[name] = create_investment(InvestmentSettings(PLATFORM_ENV="test"), database=db, verifier=verifier)
        else:
            trade_settings = TradeSettings(PLATFORM_ENV="test", pii_keys=generate_key_config("report1"))
            services[name] = create_trade(trade_settings, database=db, verifier=verifier)
    try:
        async with contextlib.AsyncExitStack() as stack:
            for name, sock in socks.items():
                await stack.enter_async_context(serve_on(services[name], sock))
            await gateway.state.upstreams.start()
            try:
                yield Stack(gateway=gateway, services=services, urls=urls, databases={**(databases or {}), **owned})
            finally:
                await gateway.state.upstreams.close()
                await gateway.state.rate_limiter.close()
    finally:
        for db in owned.values():
            await db.dispose()
        for sock in (*socks.values(), *silent.values()):
            sock.close()


@dataclass
class YearBuilder:
    """Enters a year of the campaign's data through each service's public API, as the city officer."""

    stack: Stack
    year: int
    today: date
    created: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """The stack shows what was entered."""
        self.created = self.stack.created

    def day(self, offset: int) -> str:
        """A day of the year, never after today (records in the future are refused)."""
        return min(date(self.year, 1, 1) + timedelta(days=offset), self.today).isoformat()

    async def post(self, service: str, path: str, body: dict[str, Any], *, role: str = "city_officer") -> Any:
        """POST as a role; the record created."""
        async with httpx.AsyncClient(base_url=self.stack.urls[service], timeout=30) as client:
            resp = await client.post(path, json=body, headers=self.stack.headers(role))
        assert resp.status_code in (200, 201), (path, resp.status_code, resp.text)
        return resp.json()

    async def call(
        self, service: str, method: str, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> httpx.Response:
        """Any call with explicit headers."""
        async with httpx.AsyncClient(base_url=self.stack.urls[service], timeout=30) as client:
            resp = await client.request(method, path, json=body, headers=headers)
        assert resp.status_code in (200, 201), (path, resp.status_code, resp.text)
        return resp

    async def build(self) -> None:
        """Every module: directory, campaign, cases, investment, trade."""
        await self.campaign()
        await self.cases()
        await self.investment()
        await self.trade()

    async def campaign(self) -> None:
        """Enterprises, seconded staff, the plan and the measures, a visit, leaders' pairings."""
        key = await self.post(
            "case",
            "/api/v1/enterprises",
            {"name": "光山县羽绒制品有限公司", "region_code": GUANGSHAN, "uscc": uscc(GUANGSHAN, "MA47R0K01"),
             "is_key": True, "industry": "纺织"},
        )  # fmt: skip
        other = await self.post(
            "case",
            "/api/v1/enterprises",
            {"name": "新县茶业有限公司", "region_code": XINXIAN, "uscc": uscc(XINXIAN, "MA47R0K02"), "is_key": True},
        )
        self.created["enterprises"] = [key, other]
        for name, group in (("赵一", "task_force"), ("钱二", "task_force"), ("孙三", "coordination_group")):
            await self.post(
                "case",
                "/api/v1/campaign-staff",
                {"name": name, "unit_name": "市商务局", "group": group, "from_date": self.day(40), "region_code": CITY},
            )
        await self.post(
            "case",
            "/api/v1/policies",
            {"doc_number": f"信商字〔{self.year}〕82号", "title": "“万人助万企”活动信阳市商务局实施方案",
             "issuer": "信阳市商务局", "issue_date": self.day(45), "kind": "implementation_plan", "region_code": CITY},
        )  # fmt: skip
        await self.post(
            "case",
            "/api/v1/policies",
            {"doc_number": f"信商字〔{self.year}〕95号", "title": "信阳市商务系统服务“万人助万企”活动若干措施",
             "issuer": "信阳市商务局", "issue_date": self.day(60), "kind": "measures", "region_code": CITY,
             "measure_areas": [f"措施方面{i}" for i in range(1, 12)]},
        )  # fmt: skip
        await self.post(
            "case",
            "/api/v1/visits",
            {"visit_date": self.day(55), "enterprise_uscc": key["uscc"], "visitors": ["李局长", "赵一"],
             "notes": "了解用工与订单情况"},
        )  # fmt: skip
        for ent in (key, other):
            await self.post(
                "case",
                "/api/v1/pairings",
                {"person_name": "李局长", "enterprise_uscc": ent["uscc"], "kind": "leader",
                 "start_date": self.day(50)},
            )  # fmt: skip

    async def cases(self) -> None:
        """Two cases assigned from above: one driven to resolution, one still open."""
        ent = self.created["enterprises"][0]
        officer = self.stack.headers("city_officer")
        unit = self.stack.headers("unit_handler", unit_id=2)
        for n, resolve in ((1, True), (2, False)):
            case = await self.post(
                "case",
                "/api/v1/cases",
                {"source": "superior", "superior_doc_no": f"豫万企办〔{self.year}〕{n}号",
                 "category_code": "financing", "enterprise_uscc": ent["uscc"], "title": f"上级交办融资需求{n}",
                 "description": "企业流动资金紧张，请协调贷款。"},
            )  # fmt: skip
            base = f"/api/v1/cases/{case['id']}"
            await self.call("case", "POST", f"{base}/accept", {"comment": "受理"}, officer)
            lead = {"unit_id": 2, "unit_name": "市自然资源和规划局"}
            await self.call("case", "POST", f"{base}/assign", {"lead_unit": lead}, officer)
            if resolve:
                await self.call("case", "POST", f"{base}/sign", {}, unit)
                await self.call("case", "POST", f"{base}/submit_result", {"result": "已协调贷款", "basis": "函"}, unit)
                await self.call("case", "POST", f"{base}/approve_result", {"comment": "属实"}, officer)

    async def investment(self) -> None:
        """A round, two signed projects (one from outside the province) moved on, funds, a foreign enterprise."""
        rnd = await self.post(
            "investment", "/api/v1/rounds", {"number": 1, "held_on": self.day(70), "venue": "信阳市分会场"}
        )
        projects = []
        for n, origin, amount in ((1, "out_of_province", "30000"), (2, "local", "12000")):
            investor: dict[str, Any] = {"name": f"投资方{n}有限公司", "origin": origin}
            if origin == "out_of_province":
                investor["province_code"] = "440000"
            else:
                investor["uscc"] = self.created["enterprises"][0]["uscc"]  # a directory enterprise invests
            projects.append(
                await self.post(
                    "investment",
                    "/api/v1/projects",
                    {"code": f"RPT{self.year}-{n:03d}", "name": f"年产万吨茶饮料项目{n}", "investor": investor,
                     "category": "manufacturing", "region_code": GUANGSHAN, "contracted_investment_wan_yuan": amount,
                     "signed": {"date": self.day(70), "round_id": rnd["id"]}},
                )
            )  # fmt: skip
        first = projects[0]
        version = first["version"]
        for offset, stage in ((80, "landed"), (90, "started"), (100, "in_production")):
            resp = await self.call(
                "investment",
                "POST",
                f"/api/v1/projects/{first['id']}/stage",
                {"stage": stage, "date": self.day(offset)},
                {**self.stack.headers(), "If-Match": f'"{version}"'},
            )
            version = resp.json()["version"]
        month = self.day(100)[:7]
        await self.post(
            "investment", f"/api/v1/projects/{first['id']}/funds", {"month": month, "amount_wan_yuan": "25000.00"}
        )
        await self.post(
            "investment",
            "/api/v1/foreign-enterprises",
            {"name": "信阳港资电子有限公司", "investor_country_region": "香港", "region_code": GUANGSHAN,
             "established_on": self.day(30), "uscc": uscc(GUANGSHAN, "MA47R0K03")},
        )  # fmt: skip
        await self.post(
            "investment",
            "/api/v1/foreign-capital",
            {"month": month, "caliber": "local", "amount_wan_usd": "6600.00", "region_code": GUANGSHAN},
        )
        await self.post(
            "investment",
            "/api/v1/investment/bulletins",
            {"indicator_code": "foreign_capital_local", "period": str(self.year), "scope": "province",
             "source_document": "全省利用外资情况通报",
             "rows": [{"entity_name": "郑州市", "entity_code": "410100", "value": "90000"},
                      {"entity_name": "洛阳市", "entity_code": "410300", "value": "7000"},
                      {"entity_name": "信阳市", "entity_code": CITY, "value": "6600"}]},
        )  # fmt: skip

    async def trade(self) -> None:
        """Labour, funds, fairs, trainings, registrations, shipments, domestic trade, e-commerce."""
        program = await self.post(
            "trade",
            "/api/v1/trade/labour/programs",
            {"code": "EPS", "name": "中韩雇佣制", "destination_country": "韩国", "region_code": CITY},
        )
        await self.post(
            "trade",
            "/api/v1/trade/labour/exchange-events",
            {"name": "中韩合作线上交流会", "held_on": self.day(20), "mode": "online", "region_code": CITY},
        )
        for seq in (1, 2, 3):
            worker = await self.post(
                "trade",
                "/api/v1/trade/labour/workers",
                {"program_id": program["id"], "name": f"务工{seq}", "id_number": id_number(GUANGSHAN, seq),
                 "region_code": GUANGSHAN, "registered_on": self.day(10)},
            )  # fmt: skip
            for offset, status in ((15, "trained"), (25, "departed")):
                await self.post(
                    "trade",
                    f"/api/v1/trade/labour/workers/{worker['id']}/transitions",
                    {"to": status, "on": self.day(offset)},
                )
        fund = await self.post(
            "trade",
            "/api/v1/trade/funds/programs",
            {"code": "ZXK", "name": "中小企业国际市场开拓资金", "kind": "sme_market_development", "region_code": CITY},
        )
        ent = self.created["enterprises"][0]
        await self.post(
            "trade",
            "/api/v1/trade/funds/grants",
            {"program_id": fund["id"], "enterprise_uscc": ent["uscc"], "enterprise_name": ent["name"],
             "region_code": GUANGSHAN, "amount_wan_yuan": "12.50", "approved_on": self.day(30),
             "disbursed_on": self.day(35)},
        )  # fmt: skip
        fair = await self.post(
            "trade",
            "/api/v1/trade/fairs",
            {"name": "中国进出口商品交易会（广交会）", "mode": "online", "starts_on": self.day(100),
             "ends_on": self.day(105), "region_code": CITY},
        )  # fmt: skip
        await self.post(
            "trade",
            f"/api/v1/trade/fairs/{fair['id']}/participants",
            {"enterprise_uscc": ent["uscc"], "enterprise_name": ent["name"], "region_code": GUANGSHAN,
             "intended_deal_wan_usd": "88.00"},
        )  # fmt: skip
        await self.post(
            "trade",
            "/api/v1/trade/trainings",
            {"topic": "RCEP 线上培训班", "held_on": self.day(110), "mode": "online", "region_code": CITY,
             "attendee_count": 120},
        )  # fmt: skip
        await self.post(
            "trade",
            "/api/v1/trade/export-registrations",
            {"enterprise_uscc": ent["uscc"], "enterprise_name": ent["name"], "region_code": GUANGSHAN,
             "product": "冻鸭肉", "destination_country": "哈萨克斯坦", "registered_on": self.day(60),
             "first_exported_on": self.day(90)},
        )  # fmt: skip
        for offset, value, train in ((120, "300.00", "X01"), (130, "150.00", "X02")):
            await self.post(
                "trade",
                "/api/v1/trade/shipments",
                {"region_code": GUANGSHAN, "product": "茶叶", "channel": "china_europe_railway",
                 "shipped_on": self.day(offset), "goods_value_wan_yuan": value, "train_no": train,
                 "train_name": "中欧班列——信阳绿茶专列", "enterprise_uscc": ent["uscc"],
                 "enterprise_name": ent["name"]},
            )  # fmt: skip
        last_year = date(self.year - 1, 6, 1).isoformat()
        await self.post(
            "trade",
            "/api/v1/trade/shipments",
            {"region_code": GUANGSHAN, "product": "茶叶", "channel": "china_europe_railway", "shipped_on": last_year,
             "goods_value_wan_yuan": "300.00", "train_no": "X00"},
        )  # fmt: skip
        await self.post(
            "trade",
            "/api/v1/trade/domestic/promotions",
            {"name": "信阳美食节", "kind": "food_festival", "starts_on": self.day(140), "ends_on": self.day(141),
             "region_code": CITY, "consumption_driven_yi_yuan": "1.25"},
        )  # fmt: skip
        await self.post(
            "trade",
            "/api/v1/trade/domestic/honours",
            {"kind": "green_mall", "level": "provincial", "holder_name": "信阳百货大楼", "awarded_on": self.day(150),
             "region_code": "411502"},
        )  # fmt: skip
        await self.post(
            "trade",
            "/api/v1/trade/domestic/streets",
            {"name": "胜利路步行街", "kind": "pedestrian_street", "region_code": "411502",
             "started_on": self.day(20), "completed_on": self.day(160)},
        )  # fmt: skip
        await self.post(
            "trade",
            "/api/v1/trade/ecommerce/demo-counties",
            {"region_code": "411528", "approved_level": "provincial", "approved_year": self.year - 2,
             "promoted_to_national_on": self.day(170)},
        )  # fmt: skip
        self.created["promoted_on"] = self.day(170)
        await self.post(
            "trade",
            "/api/v1/trade/ecommerce/village-coverage",
            {"region_code": "411528", "as_of": self.day(180), "villages_total": 200, "villages_with_station": 180,
             "villages_with_express": 200, "poor_villages_total": 50, "poor_villages_with_station": 50},
        )  # fmt: skip
        await self.post("trade", "/api/v1/trade/ecommerce/brands", {"name": "息县味道", "region_code": "411528"})
        await self.post(
            "trade",
            "/api/v1/trade/ecommerce/trainings",
            {"title": "电商实操培训", "region_code": "411528", "held_on": self.day(190), "sessions": 3,
             "person_times": 450},
        )  # fmt: skip
        await self.named_facts()

    async def named_facts(self) -> None:
        """The names the report writes: a cuisine contest and a food season featuring a brand, 美食之乡, a 老字号,
        the labour brand."""
        events = (("信阳养生菜推广大赛", "cuisine_contest", 200), ("“寻味黄河·品飨信阳”信阳美食季", "food_season", 210))
        for name, kind, offset in events:
            await self.post(
                "trade",
                "/api/v1/trade/domestic/promotions",
                {"name": name, "kind": kind, "starts_on": self.day(offset), "ends_on": self.day(offset),
                 "region_code": CITY, "featured_brand": "信阳菜"},
            )  # fmt: skip
        for holder, title, region in (("信阳市", "中国茶筵之乡", CITY), ("商城县", "中国炖菜之乡", "411524")):
            await self.post(
                "trade",
                "/api/v1/trade/domestic/honours",
                {"kind": "food_town", "level": "national", "holder_name": holder, "title": title,
                 "awarded_on": date(self.year - 2, 10, 1).isoformat(), "region_code": region},
            )  # fmt: skip
        await self.post(
            "trade",
            "/api/v1/trade/domestic/honours",
            {"kind": "time_honoured_brand", "level": "provincial", "holder_name": "信阳老字号茶庄",
             "title": "河南老字号", "awarded_on": self.day(150), "region_code": "411502"},
        )  # fmt: skip
        await self.post(
            "trade", "/api/v1/trade/labour/brands", {"name": "信阳", "level": "provincial", "region_code": CITY}
        )
