"""case-service settings (env prefix `CASE_`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from platform_core.delivery import DeliverySettings
from platform_core.settings import ServiceSettings


class CaseSettings(ServiceSettings):
    """Settings of case-service."""

    model_config = SettingsConfigDict(env_prefix="CASE_", extra="ignore")

    service_name: str = "case"
    port: int = 8101

    # Quarterly ranking (季度讲评) and annual assessment: weights of the on-time, resolution and satisfaction rates.
    ranking_weight_on_time: float = Field(default=0.4, ge=0, le=1)
    ranking_weight_resolution: float = Field(default=0.3, ge=0, le=1)
    ranking_weight_satisfaction: float = Field(default=0.3, ge=0, le=1)
    # Points off the score for each case overdue (past its resolution deadline) or red at the cut-off, so a county
    # that lets cases run over never ties with one that does not (docs/case-statistics.md).
    ranking_penalty_overdue: float = Field(default=2.0, ge=0, le=100)
    ranking_penalty_red: float = Field(default=1.0, ge=0, le=100)

    # 13710 timers: natural days by default; `workdays` counts working days of the holiday calendar.
    timer_calendar: Literal["natural", "workdays"] = "natural"
    timer_sign_days: int = Field(default=1, ge=1, le=30)
    timer_feedback_days: int = Field(default=3, ge=1, le=30)
    timer_ordinary_days: int = Field(default=7, ge=1, le=90)
    timer_major_days: int = Field(default=30, ge=1, le=365)
    # The limit of a major or complex problem: `month` = timer_major_days under the timer calendar (1 month, 30
    # natural days, by default); `workdays10` = 10 working days of the holiday calendar, whatever the calendar.
    timer_major_limit: Literal["month", "workdays10"] = "month"
    max_reopen: int = Field(default=1, ge=0, le=10)
    # Seconds a 13710 statistics answer is kept and shared (a province's year costs about half a second to count);
    # a case written in this process drops it at once, other replicas within this time. 0 keeps none.
    stats_cache_seconds: float = Field(default=60.0, ge=0, le=3600)
    # Seconds between background timer checks; 0 turns the background task off (tests, one-off runs).
    timer_check_interval_s: float = Field(default=300.0, ge=0)
    # Reminders and the leaders' digest by e-mail and SMS (env prefix `NOTIFY_`, platform_core.delivery).
    delivery: DeliverySettings = Field(default_factory=DeliverySettings)
    # Seconds between the digest job's looks at the clock (it sends once a day, at the 系统参数 digest hour).
    digest_check_interval_s: float = Field(default=900.0, ge=0)
    # Case attachments: in the database (every replica reads them) or, with CASE_ATTACHMENT_STORE=files,
    # in `DATA_DIR/attachments` unless CASE_ATTACHMENT_DIR is set (one machine or a shared volume).
    attachment_store: Literal["database", "files"] = "database"
    attachment_dir: Path | None = None
    attachment_max_bytes: int = Field(default=8 * 1024 * 1024, ge=1)
    attachment_types: list[str] = Field(default=["pdf", "jpeg", "png", "docx", "xlsx", "txt"])
    # Duplicates (重复诉求): cases whose texts are at least this similar (trigram similarity, 0-1, as pg_trgm's
    # `similarity`) are shown at intake and acceptance, among the open ones and those registered in the window.
    duplicate_threshold: float = Field(default=0.3, gt=0, le=1)
    duplicate_window_days: int = Field(default=90, ge=1, le=3650)
    # Revisit links (回访评价短信链接): days a link stays usable (the 系统参数 `revisit_link_days` overrides it) and
    # the site address links start with; empty: the address the approving officer reached through the gateway.
    revisit_link_days: int = Field(default=7, ge=1, le=90)
    public_base_url: str = ""
    # The gateway, asked (with the caller's own token) whether units named in a request are in its unit directory.
    gateway_url: str = "http://127.0.0.1:8000"

    @property
    def resolved_attachment_dir(self) -> Path:
        """Where attachment files live."""
        return self.attachment_dir or self.data_dir / "attachments"


@lru_cache
def get_settings() -> CaseSettings:
    """Settings read once from the environment."""
    return CaseSettings()
