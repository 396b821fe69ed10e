"""Response shapes of the inbox."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from case_service.notification.models import NotificationKind


class NotificationOut(BaseModel):
    """A notice."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    recipient: str = Field(description="接收者：本人(user:…)或本单位(unit:…)")
    kind: NotificationKind
    case_id: int | None
    supervision_id: int | None
    due_at: datetime = Field(description="所涉时刻（期限或动作时间）")
    title: str
    body: str | None
    created_at: datetime
    read_at: datetime | None
    read_by: str | None


class UnreadCount(BaseModel):
    """The badge number."""

    count: int


class ReadAllResult(BaseModel):
    """How many notices were marked read."""

    updated: int
