"""trade-service settings (env prefix `TRADE_`)."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from platform_core.settings import ServiceSettings


class TradeSettings(ServiceSettings):
    """Settings of trade-service."""

    model_config = SettingsConfigDict(env_prefix="TRADE_", extra="ignore")

    service_name: str = "trade"
    port: int = 8103


@lru_cache
def get_settings() -> TradeSettings:
    """Settings read once from the environment."""
    return TradeSettings()
