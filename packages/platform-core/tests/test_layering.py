"""The layout's rules, read from the sources of every app: a domain's router is its own, `service.py` knows no HTTP."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
APPS = [
    *sorted((REPO / "services").glob("*/src/*_service")),
    REPO / "gateway" / "src" / "gateway",
]


def imports_of(path: Path) -> list[str]:
    """Every module a file imports (absolute names)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def domain_of(app: Path, path: Path) -> str | None:
    """The domain folder a file sits in (None for the app's top-level modules)."""
    parts = path.relative_to(app).parts
    return parts[0] if len(parts) > 1 else None


def test_the_scan_reads_every_app() -> None:
    assert len(APPS) == 4 and all(app.is_dir() for app in APPS)
    assert sum(1 for app in APPS for _ in app.rglob("router.py")) > 40


def test_no_domain_imports_another_domains_router() -> None:
    offences = []
    for app in APPS:
        for path in app.rglob("*.py"):
            own = domain_of(app, path)
            for module in imports_of(path):
                parts = module.split(".")
                if parts[0] != app.name or parts[-1] != "router" or len(parts) < 3:
                    continue
                if path.name != "main.py" and parts[1] != own:
                    offences.append(f"{path.relative_to(REPO)} imports {module}")
    assert offences == []


def test_no_domain_service_of_a_service_app_imports_fastapi() -> None:
    # The gateway's services compose upstream calls made on behalf of the request (its token, its request id),
    # so they take the request; a service app's `service.py` works on a session and values only.
    offences = [
        str(path.relative_to(REPO))
        for app in APPS
        if app.name != "gateway"
        for path in app.rglob("service.py")
        if any(m == "fastapi" or m.startswith("fastapi.") for m in imports_of(path))
    ]
    assert offences == []
