"""The route table: most specific row wins, literal segments beat parameters, bad rows are refused; each method
has a kind (read, write, long), and every export, import, template and report of the services is long."""

from __future__ import annotations

import re
import tempfile

import pytest
from fastapi import APIRouter, FastAPI

from case_service.main import create_app as create_case
from case_service.settings import CaseSettings
from gateway.proxy.router import mount
from gateway.proxy.routes import DEFAULT_TABLE, PUBLIC, ROUTES, RouteKind, RouteTable, route
from investment_service.main import create_app as create_investment
from investment_service.settings import InvestmentSettings
from trade_service.main import create_app as create_trade
from trade_service.settings import TradeSettings

TABLE = RouteTable(
    [
        route("/api/v1/cases", "case", GET="case:case:list", POST="case:case:create"),
        route("/api/v1/cases/{id}", "case", GET="case:case:read"),
        route("/api/v1/cases/stats", "case", GET="case:stats:read"),
        route("/api/v1/cases/{id}/assign", "case", POST="case:case:assign"),
        route("/api/v1/projects", "investment", GET="investment:project:list"),
        route("/api/v1/fairs", "trade", GET="trade:fair:list"),
    ]
)


@pytest.mark.parametrize(
    ("path", "pattern"),
    [
        ("/api/v1/cases", "/api/v1/cases"),
        ("/api/v1/cases/", "/api/v1/cases"),
        ("/api/v1/cases/42", "/api/v1/cases/{id}"),
        ("/api/v1/cases/stats", "/api/v1/cases/stats"),
        ("/api/v1/cases/stats/by-month", "/api/v1/cases/stats"),
        ("/api/v1/cases/42/assign", "/api/v1/cases/{id}/assign"),
        ("/api/v1/cases/42/visits", "/api/v1/cases/{id}"),
        ("/api/v1/projects/7/rounds", "/api/v1/projects"),
        ("/api/v1/fairs", "/api/v1/fairs"),
    ],
)
def test_most_specific_row_wins(path: str, pattern: str):
    entry = TABLE.match(path)
    assert entry is not None
    assert entry.pattern == pattern


@pytest.mark.parametrize("path", ["/", "/api/v1", "/api/v1/casesX", "/api/v1/case", "/open/v1/cases", "/api/v2/cases"])
def test_uncovered_paths(path: str):
    assert TABLE.match(path) is None


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/public/revisits/x/../../../cases/1",  # a public row's prefix walked out of
        "/api/v1/cases/1/../../audit/logs",  # one row's permission, another endpoint
        "/api/v1/cases/./1",
    ],
)
def test_dot_segments_match_no_row(path: str):
    """The row checked must be the endpoint reached: a path a client or proxy would resolve is not forwarded."""
    assert TABLE.match(path) is None


def test_permissions_per_method_and_head_follows_get():
    entry = TABLE.match("/api/v1/cases")
    assert entry is not None
    assert entry.permission_for("GET") == "case:case:list"
    assert entry.permission_for("HEAD") == "case:case:list"
    assert entry.permission_for("POST") == "case:case:create"
    assert entry.permission_for("DELETE") is None
    assert entry.methods == ("GET", "HEAD", "POST")


def test_services_route_to_their_service():
    assert {e.service for e in TABLE.entries} == {"case", "investment", "trade"}
    assert TABLE.roots() == ["/api/v1"]


def test_bad_rows_are_refused():
    with pytest.raises(ValueError, match="unknown service"):
        route("/api/v1/x", "billing", GET="x:y:z")
    with pytest.raises(ValueError, match="must start"):
        route("api/v1/x", "case", GET="x:y:z")
    with pytest.raises(ValueError, match="duplicate"):
        RouteTable([route("/api/v1/x", "case", GET="a:b:c"), route("/api/v1/x", "trade", GET="a:b:c")])
    # Public rows live under /api/v1/public/ only, and every row there is public in all its methods.
    with pytest.raises(ValueError, match="public rows"):
        route("/api/v1/x", "case", GET=PUBLIC)
    with pytest.raises(ValueError, match="public rows"):
        route("/api/v1/public/x", "case", GET="a:b:c")
    with pytest.raises(ValueError, match="public rows"):
        route("/api/v1/public/x", "case", GET=PUBLIC, POST="a:b:c")
    assert route("/api/v1/public/x/{token}", "case", GET=PUBLIC).public


def test_the_enterprise_rows():
    assert DEFAULT_TABLE.match("/api/v1/enterprises").permission_for("POST") == "enterprise:enterprise:create"
    assert DEFAULT_TABLE.match("/api/v1/enterprises/5").permission_for("PATCH") == "enterprise:enterprise:update"
    assert DEFAULT_TABLE.match("/api/v1/enterprises/stats/by-region").permission_for("GET") == "dashboard:stats:read"
    assert DEFAULT_TABLE.match("/open/v1/enterprises").permission_for("GET") == "open:enterprise:read"


def test_a_row_covering_a_gateway_route_is_refused():
    app = FastAPI()
    router = APIRouter()

    @router.get("/api/v1/cases/mine")
    async def mine() -> dict[str, str]:
        return {}

    app.include_router(router)
    with pytest.raises(ValueError, match="/api/v1/cases/mine"):
        mount(app, TABLE)


def test_each_method_has_a_kind_reads_writes_and_long_rows():
    table = RouteTable(
        [
            route("/api/v1/cases", "case", GET="case:case:list", POST="case:case:create"),
            route("/api/v1/cases/export", "case", GET="case:case:list", long=["GET"]),
            route("/api/v1/bulletins", "case", GET="b:list", POST="b:import", long=["POST"]),
        ]
    )
    paths = ("/api/v1/cases/7", "/api/v1/cases/export", "/api/v1/bulletins")
    cases, export, bulletins = (table.match(p) for p in paths)
    assert (cases.kind_for("GET"), cases.kind_for("HEAD"), cases.kind_for("POST")) == (
        RouteKind.READ,
        RouteKind.READ,
        RouteKind.WRITE,
    )
    assert (export.kind_for("GET"), export.kind_for("HEAD")) == (RouteKind.LONG, RouteKind.LONG)
    assert (bulletins.kind_for("GET"), bulletins.kind_for("POST")) == (RouteKind.READ, RouteKind.LONG)
    with pytest.raises(ValueError, match="long methods"):
        route("/api/v1/x", "case", GET="x:y:z", long=["POST"])


def test_long_rows_inside_a_trade_module_keep_the_modules_permission():
    refined = [e for e in ROUTES if e.long and e.pattern.startswith("/api/v1/trade/")]
    assert len(refined) == 5
    for entry in refined:
        module = RouteTable([e for e in ROUTES if e is not entry]).match(entry.pattern)
        assert module is not None and module.pattern != entry.pattern
        for method in entry.methods:
            assert entry.permission_for(method) == module.permission_for(method), (entry.pattern, method)


def _service_operations() -> list[tuple[str, str, str]]:
    """(service, method, path) of every operation the three services document."""
    with tempfile.TemporaryDirectory() as data:
        apps = {
            "case": create_case(CaseSettings(PLATFORM_ENV="test", DATA_DIR=data)),
            "investment": create_investment(InvestmentSettings(PLATFORM_ENV="test", DATA_DIR=data)),
            "trade": create_trade(TradeSettings(PLATFORM_ENV="test", DATA_DIR=data)),
        }
        return [
            (name, method.upper(), path)
            for name, app in apps.items()
            for path, operations in app.openapi()["paths"].items()
            for method in operations
        ]


def _is_long(path: str) -> bool:
    """Exports, imports, templates, reports and documents, by the words of their path segments."""
    return any(
        seg in ("export", "import", "template", "import-template")
        or seg.endswith(("reports", ".docx", ".pdf", ".xlsx"))
        for seg in path.strip("/").split("/")
    )


def test_every_long_service_operation_is_long_at_the_gateway():
    concrete = re.compile(r"\{[^}]+\}")
    long_ops = [(s, m, p) for s, m, p in _service_operations() if _is_long(p)]
    assert len(long_ops) >= 9
    for service, method, path in long_ops:
        entry = DEFAULT_TABLE.match(concrete.sub("7", path))
        assert entry is not None and entry.service == service, path
        assert entry.kind_for(method) is RouteKind.LONG, (method, path)
