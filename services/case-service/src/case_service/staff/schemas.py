"""Request and response shapes of campaign staff."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from platform_core.dates import IsoDate
from platform_core.enumerations import labels


class StaffGroup(StrEnum):
    """活动专班 / 市协调组 / 其他."""

    TASK_FORCE = "task_force"
    COORDINATION_GROUP = "coordination_group"
    OTHER = "other"


GROUP_LABELS: dict[str, str] = labels("staff_group")


class StaffUpdate(BaseModel):
    """A partial update."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=64, description="姓名")
    position: str | None = Field(default=None, max_length=64, description="职务")
    unit_id: int | None = Field(default=None, ge=1, description="派出单位ID")
    unit_name: str | None = Field(default=None, min_length=2, max_length=128, description="派出单位名称")
    group: StaffGroup | None = Field(default=None, description="去向")
    group_name: str | None = Field(default=None, max_length=64, description="去向名称(其他去向时)")
    from_date: IsoDate | None = Field(default=None, description="抽调开始日期")
    to_date: IsoDate | None = Field(default=None, description="抽调结束日期(含)")
    region_code: str | None = Field(default=None, pattern=r"^\d{6}$", description="活动所在行政区划代码")
    note: str | None = Field(default=None, max_length=500, description="备注")


class StaffCreate(BaseModel):
    """A new secondment."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=64, description="姓名", examples=["张伟"])
    position: str | None = Field(default=None, max_length=64, description="职务", examples=["科长"])
    unit_id: int | None = Field(default=None, ge=1, description="派出单位ID")
    unit_name: str = Field(min_length=2, max_length=128, description="派出单位名称", examples=["市商务局"])
    group: StaffGroup = Field(description="去向")
    group_name: str | None = Field(default=None, max_length=64, description="去向名称(其他去向时)")
    from_date: IsoDate = Field(description="抽调开始日期")
    to_date: IsoDate | None = Field(default=None, description="抽调结束日期(含)，为空表示至今")
    region_code: str = Field(pattern=r"^\d{6}$", description="活动所在行政区划代码", examples=["411500"])
    note: str | None = Field(default=None, max_length=500, description="备注")

    @model_validator(mode="after")
    def _range(self) -> Self:
        if self.to_date is not None and self.to_date < self.from_date:
            raise ValueError("结束日期不能早于开始日期")
        return self


class StaffOut(BaseModel):
    """A secondment as listed and shown."""

    id: int
    name: str
    position: str | None
    unit_id: int | None
    unit_name: str
    group: StaffGroup
    group_label: str = Field(description="去向名称")
    from_date: IsoDate
    to_date: IsoDate | None
    region_code: str
    region_name: str | None
    note: str | None
    version: int = Field(description="版本号，与 ETag 一致")
    created_at: datetime
    updated_at: datetime


class GroupCount(BaseModel):
    """Staff counted in one group."""

    group: StaffGroup
    group_label: str
    count: int


class StaffSummary(BaseModel):
    """Seconded staff on a day or over a span: total and per group."""

    first_day: IsoDate
    last_day: IsoDate
    total: int
    groups: list[GroupCount]
