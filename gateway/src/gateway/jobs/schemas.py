"""The scheduled jobs page's answers: each app with its jobs, or why it could not say."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from platform_core.job_console import JobStatus

#: The apps that run periodic jobs: the gateway and each service.
AppName = Literal["gateway", "case", "investment", "trade"]


class AppJobs(BaseModel):
    """One app's periodic jobs."""

    app: AppName = Field(description="应用标识")
    label: str = Field(description="应用名称")
    status: Literal["up", "down"] = Field(description="是否取得了任务列表")
    reason: str | None = Field(default=None, description="未取得的原因")
    jobs: list[JobStatus] = Field(description="该应用的定时任务")


class JobsOut(BaseModel):
    """Every app's periodic jobs at one moment."""

    checked_at: datetime = Field(description="检查时间")
    apps: list[AppJobs] = Field(description="各应用的定时任务（网关在前）")
