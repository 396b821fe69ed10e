"""investment-service settings (env prefix `INVESTMENT_`)."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from platform_core.settings import ServiceSettings


class InvestmentSettings(ServiceSettings):
    """Settings of investment-service."""

    model_config = SettingsConfigDict(env_prefix="INVESTMENT_", extra="ignore")

    service_name: str = "investment"
    port: int = 8102
    # case-service, asked (with the caller's token) whether a project's linked cases exist and are in scope.
    case_service_url: str = "http://127.0.0.1:8101"


@lru_cache
def get_settings() -> InvestmentSettings:
    """Settings read once from the environment."""
    return InvestmentSettings()
