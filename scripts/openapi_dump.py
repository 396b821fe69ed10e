"""Print the merged OpenAPI document without starting anything: `uv run python scripts/openapi_dump.py`.

A build tool of the workspace, not part of the gateway: the gateway package names no service. Each app is
built in-process from its factory (no server, no database connection), with the data folder
pointed at a temporary directory so nothing is written into the checkout. A service whose package is not
importable is left out with a note on stderr. Output: sorted keys, no servers, so it is deterministic.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI

from gateway.openapi import gateway_document, merge_documents
from gateway.proxy.routes import DEFAULT_TABLE, RouteTable

#: Service name -> module holding its `create_app()` factory.
SERVICE_FACTORIES: dict[str, str] = {
    "case": "case_service.main",
    "investment": "investment_service.main",
    "trade": "trade_service.main",
}


@contextmanager
def _isolated_environment(data_dir: str) -> Iterator[None]:
    """Point every app's settings at a scratch data folder and a non-production environment."""
    saved = {k: os.environ.get(k) for k in ("DATA_DIR", "PLATFORM_ENV")}
    os.environ["DATA_DIR"] = data_dir
    os.environ["PLATFORM_ENV"] = "test"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def load_factory(module_name: str) -> Callable[[], FastAPI] | None:
    """A service's `create_app`, or None when its package is not there (yet)."""
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        print(f"openapi_dump: {module_name} not importable ({exc}); left out", file=sys.stderr)
        return None
    factory = getattr(module, "create_app", None)
    if factory is None:
        print(f"openapi_dump: {module_name} has no create_app; left out", file=sys.stderr)
    return factory


def _clear_cached_settings(module_name: str) -> None:
    """Forget settings a factory cached while the scratch environment was in place."""
    package = module_name.split(".", 1)[0]
    settings_module = sys.modules.get(f"{package}.settings")
    cached = getattr(settings_module, "get_settings", None)
    if cached is not None and hasattr(cached, "cache_clear"):
        cached.cache_clear()


def build_document(
    factories: dict[str, Callable[[], FastAPI] | None] | None = None,
    gateway_factory: Callable[[], FastAPI] | None = None,
    table: RouteTable = DEFAULT_TABLE,
) -> dict[str, Any]:
    """The merged document built from in-process apps."""
    with tempfile.TemporaryDirectory(prefix="openapi-dump-") as scratch, _isolated_environment(scratch):
        if gateway_factory is None:
            from gateway.main import create_app
            from gateway.settings import GatewaySettings

            def gateway_factory() -> FastAPI:
                return create_app(GatewaySettings())

        gateway_doc = gateway_document(gateway_factory())
        if factories is None:
            factories = {name: load_factory(module) for name, module in SERVICE_FACTORIES.items()}
        service_docs: dict[str, dict[str, Any]] = {}
        for name, factory in factories.items():
            if factory is None:
                continue
            service_docs[name] = factory().openapi()
        for module in SERVICE_FACTORIES.values():
            _clear_cached_settings(module)
    return merge_documents(gateway_doc, service_docs, table)


def render(doc: dict[str, Any]) -> str:
    """The document as stable, readable JSON."""
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main() -> None:
    """Write the document to stdout."""
    sys.stdout.write(render(build_document()))


if __name__ == "__main__":
    main()
