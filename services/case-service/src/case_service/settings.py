"""case-service settings (env prefix `CASE_`)."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from platform_core.settings import ServiceSettings


class CaseSettings(ServiceSettings):
    """Settings of case-service."""

    model_config = SettingsConfigDict(env_prefix="CASE_", extra="ignore")

    service_name: str = "case"
    port: int = 8101


@lru_cache
def get_settings() -> CaseSettings:
    """Settings read once from the environment."""
    return CaseSettings()
