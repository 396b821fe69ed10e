"""The merged OpenAPI document: service paths the route table exposes, never internal ones, schema name
clashes resolved; served live (cached) and dumped offline with the same result."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from edge_support import Upstream
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

from gateway.openapi import gateway_document, merge_documents
from platform_core.route_properties import lax_dates
from platform_core.settings import Environment
from platform_core.tokens import SigningKey

DUMP_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "openapi_dump.py"
_spec = importlib.util.spec_from_file_location("openapi_dump", DUMP_SCRIPT)
assert _spec is not None and _spec.loader is not None
openapi_dump = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(openapi_dump)
build_document, load_factory, render = openapi_dump.build_document, openapi_dump.load_factory, openapi_dump.render

pytest_plugins = ["edge_fixtures"]


class Contact(BaseModel):
    """A contact person."""

    name: str
    phone: str


class EnterpriseOut(BaseModel):
    """An enterprise."""

    id: int
    contact: Contact


class Page(BaseModel):
    """A service's own page shape (clashes with the gateway's `Page` by name)."""

    items: list[EnterpriseOut]
    total: int


class Orphan(BaseModel):
    """Only used by an internal route."""

    secret: str


def fake_case_service() -> FastAPI:
    """A stand-in for case-service with public, audit, internal and health routes."""
    app = FastAPI(title="case-service (fake)")
    router = APIRouter(tags=["企业名录"])

    @router.get("/api/v1/enterprises", response_model=Page)
    async def list_enterprises() -> Page:
        return Page(items=[], total=0)

    @router.get("/api/v1/enterprises/{enterprise_id}", response_model=EnterpriseOut)
    async def get_enterprise(enterprise_id: int) -> EnterpriseOut:
        raise NotImplementedError

    @router.put("/api/v1/enterprises/{enterprise_id}")
    async def replace_enterprise(enterprise_id: int) -> None:
        """PUT is not in the route table."""

    @router.get("/api/v1/audit/logs")
    async def service_audit() -> dict[str, Any]:
        return {}

    @router.get("/internal/v1/enterprises/by-uscc", response_model=Orphan)
    async def internal() -> Orphan:
        raise NotImplementedError

    @router.get("/livez")
    async def livez() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(router)
    return app


def fake_gateway() -> FastAPI:
    """A stand-in gateway with a public route, an internal one and its own `Page` schema."""
    app = FastAPI(title="gateway (fake)", version="1.0.0")

    class Page(BaseModel):
        """A different shape under the same name."""

        rows: list[str]

    @app.get("/api/v1/system/users", response_model=Page)
    async def users() -> Page:
        return Page(rows=[])

    @app.get("/internal/v1/audit/logs")
    async def internal_audit() -> dict[str, Any]:
        return {}

    return app


def fake_trade_service() -> FastAPI:
    """A service whose routes the table does not (yet) expose."""
    app = FastAPI()

    @app.get("/api/v1/fairs")
    async def fairs() -> list[str]:
        return []

    return app


def refs(node: Any) -> set[str]:
    out: set[str] = set()
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            out.add(node["$ref"])
        for value in node.values():
            out |= refs(value)
    elif isinstance(node, list):
        for value in node:
            out |= refs(value)
    return out


def test_merge_keeps_public_table_paths_and_renames_clashes():
    doc = merge_documents(
        gateway_document(fake_gateway()),
        {"case": fake_case_service().openapi(), "trade": fake_trade_service().openapi()},
    )
    assert set(doc["paths"]) == {
        "/api/v1/system/users",
        "/api/v1/enterprises",
        "/api/v1/enterprises/{enterprise_id}",
    }
    assert set(doc["paths"]["/api/v1/enterprises/{enterprise_id}"]) == {"get"}  # PUT is not in the table
    op = doc["paths"]["/api/v1/enterprises"]["get"]
    assert op["x-permission"] == "enterprise:enterprise:list"
    assert op["security"] == [{"bearerAuth": []}]
    schemas = doc["components"]["schemas"]
    assert {"Page", "case__Page", "EnterpriseOut", "Contact"} <= set(schemas)
    assert "Orphan" not in schemas
    assert "rows" in schemas["Page"]["properties"]
    assert "items" in schemas["case__Page"]["properties"]
    # The page schema is the service's own; the error answers are the shared problem responses.
    assert {r for r in refs(op) if "/schemas/" in r} == {"#/components/schemas/case__Page"}
    assert {r for r in refs(op) if "/responses/" in r} >= {"#/components/responses/Problem401"}
    # Every reference resolves inside the merged document.
    for ref in refs(doc):
        kind, name = ref.removeprefix("#/components/").split("/", 1)
        assert name in doc["components"][kind], ref
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert "servers" not in doc


def test_identical_components_are_shared():
    service = fake_case_service().openapi()
    doc = merge_documents(gateway_document(fake_gateway()), {"case": service, "investment": service})
    assert "investment__EnterpriseOut" not in doc["components"]["schemas"]


async def test_live_document_merges_services_and_is_cached(
    gw: httpx.AsyncClient, gateway_app: FastAPI, edge_upstream: Upstream
):
    edge_upstream.openapi = fake_case_service().openapi()
    try:
        first = await gw.get("/api/v1/openapi.json")
        fetched = sum(1 for s in edge_upstream.seen if s.path == "/openapi.json")
        second = await gw.get("/api/v1/openapi.json")
        assert sum(1 for s in edge_upstream.seen if s.path == "/openapi.json") == fetched
    finally:
        edge_upstream.openapi = None
    assert first.status_code == 200
    doc = first.json()
    assert second.json() == doc
    paths = set(doc["paths"])
    assert {"/api/v1/enterprises", "/api/v1/enterprises/{enterprise_id}"} <= paths
    assert {"/api/v1/auth/login", "/api/v1/audit/logs", "/.well-known/jwks.json"} <= paths
    assert not any(p.startswith("/internal") for p in paths)
    assert not {"/livez", "/readyz", "/metrics", "/api/v1/openapi.json", "/api/v1/docs"} & paths
    assert doc["paths"]["/api/v1/audit/logs"]["get"]["summary"].startswith("查询审计日志")
    assert doc["x-unavailable-services"] == ["investment", "trade"]
    assert doc["servers"][0]["url"] == gateway_app.state.settings.public_base_url


def test_dump_is_deterministic_and_without_servers():
    factories = {"case": fake_case_service, "investment": None, "trade": fake_trade_service}
    first = render(build_document(factories, gateway_factory=fake_gateway))
    second = render(build_document(factories, gateway_factory=fake_gateway))
    assert first == second
    doc = json.loads(first)
    assert "servers" not in doc
    assert "/api/v1/enterprises" in doc["paths"]
    assert list(doc) == sorted(doc)


def test_missing_service_package_is_left_out(capsys: pytest.CaptureFixture[str]):
    assert load_factory("no_such_service.main") is None
    assert "no_such_service.main" in capsys.readouterr().err


def test_dump_command_builds_the_real_document():
    result = subprocess.run(
        [sys.executable, str(DUMP_SCRIPT)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert "/api/v1/enterprises" in doc["paths"]
    assert "/api/v1/auth/login" in doc["paths"]
    assert "/api/v1/audit/logs" in doc["paths"]
    assert not any(p.startswith("/internal") for p in doc["paths"])
    assert "servers" not in doc
    # The public revisit operations take no token; every other proxied one names its bearer token.
    revisit = doc["paths"]["/api/v1/public/revisits/{token}"]
    assert {m: (op["x-permission"], op["security"]) for m, op in revisit.items()} == {
        "get": ("public", []),
        "post": ("public", []),
    }
    others = [
        op
        for path, ops in doc["paths"].items()
        if not path.startswith("/api/v1/public/")
        for op in ops.values()
        if isinstance(op, dict) and "x-permission" in op
    ]
    assert others and all(op["security"] == [{"bearerAuth": []}] for op in others)
    # Every date and instant a request of any app carries is ISO 8601 text only (platform_core.dates).
    assert lax_dates(doc) == []


async def test_no_interactive_docs_in_production(make_gateway, tmp_path):
    key = tmp_path / "jwt.pem"
    key.write_text(SigningKey.generate().private_pem)
    app = await make_gateway(env=Environment.PRODUCTION, signing_key_file=str(key))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway.test") as client:
        docs = await client.get("/api/v1/docs", headers={"Accept": "text/html"})
        document = await client.get("/api/v1/openapi.json")
    assert docs.status_code == 404
    assert docs.headers["content-type"] == "application/problem+json"
    assert document.status_code == 200
