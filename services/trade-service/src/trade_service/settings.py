"""trade-service settings (env prefix `TRADE_`)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from platform_core.settings import Environment, ServiceSettings


class TradeSettings(ServiceSettings):
    """Settings of trade-service."""

    model_config = SettingsConfigDict(env_prefix="TRADE_", extra="ignore")

    service_name: str = "trade"
    port: int = 8103
    # Key ring for workers' personal data, `kid:base64key[,kid:base64key...]`, active key first
    # (TRADE_PII_KEYS). Demo mode generates one into the data folder; production refuses to start without.
    pii_keys: SecretStr = SecretStr("")
    # Largest worker export a single request may produce.
    export_max_rows: int = Field(default=50_000, ge=1, le=1_000_000)

    @model_validator(mode="after")
    def _require_pii_keys_in_production(self) -> TradeSettings:
        """Production must be given the key ring explicitly."""
        if self.env is Environment.PRODUCTION and not self.pii_keys.get_secret_value().strip():
            raise ValueError("TRADE_PII_KEYS must be set in production (field encryption of workers' personal data)")
        return self


@lru_cache
def get_settings() -> TradeSettings:
    """Settings read once from the environment."""
    return TradeSettings()
