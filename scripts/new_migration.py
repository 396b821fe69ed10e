"""Autogenerate a migration against PostgreSQL: `uv run python scripts/new_migration.py services/case-service "msg"`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from alembic import command

from platform_core.migrations import alembic_config


def main() -> None:
    """Compare the app's models with the migrated database and write a revision file."""
    root, message = Path(sys.argv[1]).resolve(), sys.argv[2]
    url = os.environ.get("MIGRATION_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    cfg = alembic_config(root, url)
    command.upgrade(cfg, "head")
    command.revision(cfg, message=message, autogenerate=True)


if __name__ == "__main__":
    main()
