"""`python -m trade_service.cli migrate|seed [--demo]|serve|check|audit-archive`."""

from __future__ import annotations

from pathlib import Path

from platform_core.cli import run_cli
from trade_service.core import SCHEMA, AuditArchive
from trade_service.settings import get_settings

SERVICE_ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    """Run one command."""
    run_cli(
        settings=get_settings(),
        service_root=SERVICE_ROOT,
        schema=SCHEMA,
        archive_model=AuditArchive,
        app_factory="trade_service.main:app_factory",
        demo_module="demo_data.trade",
    )


if __name__ == "__main__":
    main()
