"""The server monitor's answer: every app's report, with the gateway's view of each service."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from platform_core.monitor import ProcessStatus


class AppStatus(ProcessStatus):
    """One app as the monitor shows it."""

    label: str = Field(description="应用名称")
    breaker: Literal["closed", "half_open", "open"] | None = Field(
        default=None, description="网关到该服务的熔断器状态（closed 正常，open 熔断中，half_open 试探中）"
    )


class MonitorOut(BaseModel):
    """All apps of the installation at one moment."""

    checked_at: datetime = Field(description="检查时间")
    apps: list[AppStatus] = Field(description="各应用的状态（网关在前）")
