"""`python -m case_service.cli migrate|seed [--demo]|serve|check|audit-archive`."""

from __future__ import annotations

from pathlib import Path

from case_service.core import SCHEMA, AuditArchive
from case_service.settings import get_settings
from platform_core.cli import run_cli

SERVICE_ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    """Run one command."""
    run_cli(
        settings=get_settings(),
        service_root=SERVICE_ROOT,
        schema=SCHEMA,
        archive_model=AuditArchive,
        app_factory="case_service.main:app_factory",
        demo_module="demo_data.case",
    )


if __name__ == "__main__":
    main()
