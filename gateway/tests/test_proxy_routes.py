"""The route table: most specific row wins, literal segments beat parameters, bad rows are refused."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, FastAPI

from gateway.proxy.router import mount
from gateway.proxy.routes import DEFAULT_TABLE, RouteTable, route

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
