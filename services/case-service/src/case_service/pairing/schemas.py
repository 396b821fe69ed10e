"""Request and response shapes of pairings (包联) and "my enterprises"."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from platform_core.dates import IsoDate
from platform_core.enumerations import labels
from platform_core.problems import field_error
from platform_core.uscc import normalise_uscc


class PairingKind(StrEnum):
    """包联领导 / 首席服务官 / 服务专员."""

    LEADER = "leader"
    CHIEF_SERVICE_OFFICER = "chief_service_officer"
    SERVICE_COMMISSIONER = "service_commissioner"


KIND_LABELS: dict[str, str] = labels("pairing_kind")


def check_date_range(start: IsoDate | None, end: IsoDate | None, end_field: str = "end_date") -> None:
    """Refuse an end before the start (422 naming the end field)."""
    if start is not None and end is not None and end < start:
        raise field_error(end_field, "结束日期不能早于开始日期")


class PairingUpdate(BaseModel):
    """A partial update; the enterprise of a pairing cannot change (end it and pair anew)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    user_id: int | None = Field(default=None, ge=1, description="包联人的用户ID(统一身份)")
    person_name: str | None = Field(default=None, min_length=1, max_length=64, description="包联人姓名")
    person_title: str | None = Field(default=None, max_length=64, description="包联人职务")
    unit_id: int | None = Field(default=None, ge=1, description="包联人所在单位ID")
    unit_name: str | None = Field(default=None, max_length=128, description="包联人所在单位名称")
    kind: PairingKind | None = Field(default=None, description="包联类型")
    start_date: IsoDate | None = Field(default=None, description="包联开始日期")
    end_date: IsoDate | None = Field(default=None, description="包联结束日期(含)，为空表示至今")
    note: str | None = Field(default=None, max_length=500, description="备注")


class PairingCreate(BaseModel):
    """A new pairing."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    user_id: int | None = Field(default=None, ge=1, description="包联人的用户ID(统一身份)；无账号的干部为空")
    person_name: str = Field(min_length=1, max_length=64, description="包联人姓名", examples=["李建国"])
    person_title: str | None = Field(default=None, max_length=64, description="包联人职务", examples=["副局长"])
    unit_id: int | None = Field(default=None, ge=1, description="包联人所在单位ID")
    unit_name: str | None = Field(default=None, max_length=128, description="包联人所在单位名称", examples=["市商务局"])
    enterprise_uscc: str = Field(description="包联企业统一社会信用代码(须在企业名录中)")
    kind: PairingKind = Field(description="包联类型")
    start_date: IsoDate = Field(description="包联开始日期")
    end_date: IsoDate | None = Field(default=None, description="包联结束日期(含)，为空表示至今")
    note: str | None = Field(default=None, max_length=500, description="备注")

    @field_validator("enterprise_uscc")
    @classmethod
    def _valid_uscc(cls, value: str) -> str:
        return normalise_uscc(value)

    @model_validator(mode="after")
    def _range(self) -> Self:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("结束日期不能早于开始日期")
        return self


class EnterpriseBrief(BaseModel):
    """The enterprise a record refers to, as the directory holds it now."""

    uscc: str = Field(description="统一社会信用代码")
    name: str | None = Field(description="企业名称(已从名录删除时为空)")
    region_code: str | None = Field(description="行政区划代码")
    region_name: str | None = Field(description="行政区划名称")
    is_key: bool | None = Field(description="是否重点企业")
    industry: str | None = Field(default=None, description="所属行业")


class PairingOut(BaseModel):
    """A pairing with its enterprise."""

    id: int
    user_id: int | None = Field(description="包联人用户ID")
    person_name: str = Field(description="包联人姓名")
    person_title: str | None = Field(description="包联人职务")
    unit_id: int | None = Field(description="包联人所在单位ID")
    unit_name: str | None = Field(description="包联人所在单位名称")
    enterprise_uscc: str = Field(description="企业统一社会信用代码")
    enterprise: EnterpriseBrief
    kind: PairingKind = Field(description="包联类型")
    kind_label: str = Field(description="包联类型名称")
    start_date: IsoDate
    end_date: IsoDate | None
    active: bool = Field(description="今天(北京时间)是否在包联期内")
    note: str | None
    version: int = Field(description="版本号，与 ETag 一致")
    created_at: datetime
    updated_at: datetime


class MyEnterprise(BaseModel):
    """One enterprise the caller is paired with, with its open cases."""

    pairing_id: int
    kind: PairingKind
    kind_label: str
    start_date: IsoDate
    end_date: IsoDate | None
    enterprise: EnterpriseBrief
    open_cases: int = Field(description="未办结诉求数(未关闭)")
    overdue_cases: int = Field(description="其中已超期(红色及以上预警)诉求数")


class MyEnterprises(BaseModel):
    """ "My enterprises": the caller's current pairings."""

    items: list[MyEnterprise]
    total: int
    open_cases: int = Field(description="包联企业未办结诉求合计")


class PairingSyncItem(BaseModel):
    """One change of a pairing in the sync stream; deleted pairings come as tombstones."""

    id: int
    deleted: bool = Field(description="是否已删除（墓碑）")
    updated_at: datetime
    enterprise_uscc: str
    kind: PairingKind | None = None
    person_name: str | None = None
    person_title: str | None = None
    unit_name: str | None = None
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
