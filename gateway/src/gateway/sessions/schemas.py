"""Bodies of the online-session and sign-in log endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class OnlineSession(BaseModel):
    """A live sign-in."""

    id: str = Field(description="会话标识")
    user_id: int = Field(description="用户ID")
    username: str = Field(description="登录名")
    display_name: str = Field(description="姓名")
    region_code: str = Field(description="所属行政区划代码")
    started_at: datetime = Field(description="登录时间")
    last_active_at: datetime = Field(description="最近活动时间(最近一次刷新令牌)")
    expires_at: datetime = Field(description="最迟结束时间")
    address: str | None = Field(description="登录地址")
    user_agent: str | None = Field(description="客户端(User-Agent)")
    current: bool = Field(description="是否为调用者本人的当前会话")


class SignInEntry(BaseModel):
    """One row of the sign-in log."""

    id: int = Field(description="主键")
    occurred_at: datetime = Field(description="时间")
    username: str = Field(description="提交的登录名")
    user_id: int | None = Field(description="用户ID(登录名存在时)")
    result: Literal["success", "failure"] = Field(description="结果")
    reason: str = Field(description="说明")
    address: str | None = Field(description="登录地址")
    user_agent: str | None = Field(description="客户端(User-Agent)")
