"""Shapes of the public revisit endpoints: what an enterprise sees of its case, and its rating."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from case_service.case.models import Satisfaction

LINK_STATES = "valid可评价/used已使用/expired已过期"


class RevisitCase(BaseModel):
    """The case as its enterprise may see it from a link (no officer's personal data)."""

    case_no: str = Field(description="诉求编号")
    title: str = Field(description="诉求标题")
    enterprise_name: str = Field(description="企业名称")
    lead_unit_name: str | None = Field(description="牵头办理单位")
    resolved_at: datetime | None = Field(description="办结时间")
    result: str | None = Field(description="办理结果")


class RevisitChoice(BaseModel):
    """One rating the enterprise may give, named as the dictionary names it."""

    code: Satisfaction = Field(description="满意度编码")
    label: str = Field(description="名称")


class RevisitLinkOut(BaseModel):
    """A link's case summary and state."""

    state: str = Field(description=f"链接状态 {LINK_STATES}")
    expires_at: datetime = Field(description="失效时间")
    case: RevisitCase = Field(description="诉求摘要")
    satisfaction: Satisfaction | None = Field(description="已提交的满意度")
    satisfaction_comment: str | None = Field(description="已提交的评价")
    choices: list[RevisitChoice] = Field(description="可选的满意度")


class PublicRevisitBody(BaseModel):
    """The enterprise's rating sent from the link."""

    model_config = ConfigDict(extra="forbid")

    satisfaction: Satisfaction = Field(
        description="满意度 satisfied满意/basically_satisfied基本满意/dissatisfied不满意"
    )
    comment: str | None = Field(default=None, max_length=500, description="评价意见")
