"""Settings shared by every process: environment, database, token verification, reference data."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The repository root when running from a checkout (packages/platform-core/src/platform_core/..).
REPO_ROOT = Path(__file__).resolve().parents[4]
#: GB/T 2260 divisions and the holiday calendar, shipped inside the package (see its README).
SHIPPED_REFERENCE_DIR = Path(__file__).resolve().with_name("reference_data")


#: The service-to-service token of demo and test installations (production refuses it).
DEMO_INTERNAL_TOKEN = "demo-internal-token-change-me"


class Environment(StrEnum):
    """Where a process runs; production refuses demo data and default secrets."""

    DEMO = "demo"
    TEST = "test"
    PRODUCTION = "production"


class ImportLimits(BaseSettings):
    """What an uploaded table may cost before it is refused (env prefix `IMPORT_`, shared by every service)."""

    model_config = SettingsConfigDict(env_prefix="IMPORT_", extra="ignore", env_file=None)

    # The uploaded file, checked while the request body streams and again before parsing (413).
    max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    # An XLSX archive, from its central directory before anything is inflated: every part together (413),
    # each part's compression ratio (422) and the number of parts (422).
    max_uncompressed_bytes: int = Field(default=100 * 1024 * 1024, ge=1024)
    max_compression_ratio: float = Field(default=100.0, ge=1)
    max_archive_entries: int = Field(default=1000, ge=1)
    # A sheet: rows read at most (blank ones included; each import also has its own lower data-row limit),
    # columns, cells in all (parsing costs about 1 s per 100,000 on a 2-core server; the largest import,
    # 2,000 projects of 21 columns, has 42,000) and characters per cell (Excel's own maximum).
    max_rows: int = Field(default=20_000, ge=1)
    max_columns: int = Field(default=200, ge=1)
    max_cells: int = Field(default=100_000, ge=1)
    max_cell_chars: int = Field(default=32_767, ge=1)


class Pooler(StrEnum):
    """What stands between an app and PostgreSQL."""

    NONE = "none"
    # PgBouncer in transaction mode: a server connection belongs to a client for one transaction only.
    PGBOUNCER = "pgbouncer"


class DatabasePoolSettings(BaseSettings):
    """An app's pool of PostgreSQL connections (env prefix `DB_`, the same names in every app).

    Up to `DB_POOL_SIZE` connections are opened as requests need them and kept open; up to `DB_MAX_OVERFLOW`
    more are opened under load and closed again. None by default: a connection opened and closed per burst
    costs PostgreSQL a new backend (fork, authentication, a cold catalog cache), which under a steady load of
    32 clients reopened 11 connections a second; a request that finds every pooled connection busy waits for
    one instead. `DB_POOLER=pgbouncer` says the URL names PgBouncer in transaction mode: nothing is sent that would
    outlive one transaction (no startup parameters, no reused prepared statements), and reads run inside a
    transaction too. Migrations need a session of their own and refuse that mode: they connect to PostgreSQL.
    """

    model_config = SettingsConfigDict(env_prefix="DB_", extra="ignore", env_file=None)

    pool_size: int = Field(default=20, ge=1, le=500)
    max_overflow: int = Field(default=0, ge=0, le=500)
    pooler: Pooler = Pooler.NONE
    # PostgreSQL's default (4MB) makes a province's year of case tallies sort on disk instead of grouping in
    # memory (181 ms against 100 ms at 1M cases); the memory is taken only by queries that need it.
    work_mem: str = Field(default="16MB", pattern=r"^[1-9]\d{0,5}(kB|MB|GB)$")


class CommonSettings(BaseSettings):
    """Fields every process reads; each app subclasses it with its own env prefix."""

    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    env: Environment = Field(default=Environment.DEMO, validation_alias="PLATFORM_ENV")
    data_dir: Path = Field(default=REPO_ROOT / "var", validation_alias="DATA_DIR")
    # The shipped copy by default; REFERENCE_DATA_DIR may point at a newer revision of the same files.
    reference_data_dir: Path = Field(default=SHIPPED_REFERENCE_DIR, validation_alias="REFERENCE_DATA_DIR")
    database_url: str = ""
    log_level: str = "INFO"
    jwt_issuer: str = Field(default="commerce-platform-gateway", validation_alias="JWT_ISSUER")
    jwt_audience: str = Field(default="commerce-platform", validation_alias="JWT_AUDIENCE")
    jwks_url: str = Field(default="http://127.0.0.1:8000/.well-known/jwks.json", validation_alias="JWKS_URL")
    internal_token: str = Field(default=DEMO_INTERNAL_TOKEN, validation_alias="INTERNAL_TOKEN")
    trusted_proxies: list[str] = Field(default=["127.0.0.1", "::1"], validation_alias="TRUSTED_PROXIES")
    # Months the audit log stays in its live table once archived by month: 0 keeps it for ever, else at least 6.
    audit_keep_months: int = Field(default=0, ge=0, le=1200, validation_alias="AUDIT_KEEP_MONTHS")
    # Where request traces go: nowhere by default; `otlp` to OTEL_EXPORTER_OTLP_ENDPOINT, `console` to stdout.
    tracing_exporter: Literal["none", "console", "otlp"] = Field(default="none", validation_alias="TRACING_EXPORTER")
    imports: ImportLimits = Field(default_factory=ImportLimits)

    @model_validator(mode="after")
    def _refuse_defaults_in_production(self) -> CommonSettings:
        """Production must not run on a default secret."""
        if self.env is Environment.PRODUCTION and "change-me" in self.internal_token:
            raise ValueError("INTERNAL_TOKEN must be set to a real secret in production")
        if 0 < self.audit_keep_months < 6:
            raise ValueError("AUDIT_KEEP_MONTHS must be 0 (keep for ever) or at least 6")
        return self

    def sqlite_url(self, name: str) -> str:
        """The embedded default database URL for a file in the data folder."""
        return f"sqlite+aiosqlite:///{self.data_dir / f'{name}.db'}"


class ServiceSettings(CommonSettings):
    """Settings of a business service; each service subclasses with its env prefix and name."""

    service_name: str = ""
    host: str = "127.0.0.1"
    port: int = 8100
    sync_settle_seconds: float = Field(default=2.0, ge=0, le=60)
    # Largest list export (导出) a single request may produce (<PREFIX>EXPORT_MAX_ROWS).
    export_max_rows: int = Field(default=50_000, ge=1, le=1_000_000)

    @property
    def resolved_database_url(self) -> str:
        """The configured URL or the embedded SQLite file named after the service."""
        return self.database_url or self.sqlite_url(self.service_name)
