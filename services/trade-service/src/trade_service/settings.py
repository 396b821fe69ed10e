"""trade-service settings (env prefix `TRADE_`)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from platform_core.settings import ServiceSettings


class TradeSettings(ServiceSettings):
    """Settings of trade-service."""

    model_config = SettingsConfigDict(env_prefix="TRADE_", extra="ignore")

    service_name: str = "trade"
    port: int = 8103
    # Key ring for workers' personal data, `kid:base64key[,kid:base64key...]`, active key first
    # (TRADE_PII_KEYS). Outside production one is generated into the data folder; the production server
    # refuses to start without it (migrate and seed do not need it).
    pii_keys: SecretStr = SecretStr("")


@lru_cache
def get_settings() -> TradeSettings:
    """Settings read once from the environment."""
    return TradeSettings()
