"""Settings shared by every process: environment, database, token verification, reference data."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The repository root when running from a checkout (packages/platform-core/src/platform_core/..).
REPO_ROOT = Path(__file__).resolve().parents[4]
#: GB/T 2260 divisions and the holiday calendar, shipped inside the package (see its README).
SHIPPED_REFERENCE_DIR = Path(__file__).resolve().with_name("reference_data")


class Environment(StrEnum):
    """Where a process runs; production refuses demo data and default secrets."""

    DEMO = "demo"
    TEST = "test"
    PRODUCTION = "production"


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
    internal_token: str = Field(default="demo-internal-token-change-me", validation_alias="INTERNAL_TOKEN")
    trusted_proxies: list[str] = Field(default=["127.0.0.1", "::1"], validation_alias="TRUSTED_PROXIES")

    @model_validator(mode="after")
    def _refuse_defaults_in_production(self) -> CommonSettings:
        """Production must not run on a default secret."""
        if self.env is Environment.PRODUCTION and "change-me" in self.internal_token:
            raise ValueError("INTERNAL_TOKEN must be set to a real secret in production")
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

    @property
    def resolved_database_url(self) -> str:
        """The configured URL or the embedded SQLite file named after the service."""
        return self.database_url or self.sqlite_url(self.service_name)
