"""Request and response shapes of supervision orders."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from case_service.supervision.models import SupervisionLevel, SupervisionState
from platform_core.dates import IsoAwareDatetime

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SupervisionCreate(BaseModel):
    """A new 督办单 on a case (addressed to its lead unit) or on a unit."""

    model_config = _STRICT

    case_id: int | None = Field(default=None, ge=1, description="督办的诉求ID（与 unit_id 二选一）")
    unit_id: int | None = Field(default=None, ge=1, description="被督办单位ID（对单位督办时填写）")
    unit_name: str | None = Field(default=None, max_length=100, description="被督办单位名称")
    level: SupervisionLevel = Field(description="督办级别 reminder提醒/warning警告/circular通报")
    content: str = Field(min_length=2, max_length=5000, description="督办内容")
    reply_due: IsoAwareDatetime = Field(description="回复期限（带时区）")

    @model_validator(mode="after")
    def _one_target(self) -> SupervisionCreate:
        if (self.case_id is None) == (self.unit_id is None):
            raise ValueError("须且只能指定督办的诉求（case_id）或单位（unit_id）之一")
        return self


class SupervisionReply(BaseModel):
    """The unit's reply."""

    model_config = _STRICT

    reply: str = Field(min_length=2, max_length=5000, description="回复内容")


class SupervisionOut(BaseModel):
    """A supervision order."""

    id: int
    case_id: int | None
    case_no: str | None
    case_title: str | None
    unit_id: int
    unit_name: str | None
    region_code: str
    level: SupervisionLevel
    content: str
    reply_due: datetime
    state: SupervisionState
    overdue: bool = Field(description="未回复且已过回复期限")
    issued_at: datetime
    issued_by: str
    issued_by_name: str | None
    reply: str | None
    replied_at: datetime | None
    replied_by: str | None
    replied_by_name: str | None
    version: int


class UnitSupervisionCount(BaseModel):
    """Supervision orders of one unit."""

    unit_id: int
    unit_name: str | None
    total: int
    open: int
    replied: int
    overdue: int = Field(description="未回复且已过回复期限")


class SupervisionByUnit(BaseModel):
    """Supervision orders counted per unit within the caller's scope."""

    items: list[UnitSupervisionCount]
