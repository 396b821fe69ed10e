"""Request and response shapes of labour cooperation."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from platform_core.dates import IsoDate
from platform_core.periods import SHANGHAI
from trade_service.fields import Count, Level, Mode, Notes, RecordOut, RegionCode

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_check_character(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def normalise_id_number(raw: str) -> str:
    """Validate an 18-character resident ID number (GB 11643), raising ValueError with the user-facing text."""
    value = raw.strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise ValueError("身份证号应为18位（前17位数字，末位数字或X）")
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise ValueError("身份证号中的出生日期不正确") from exc
    if born.year < 1900 or born > datetime.now(SHANGHAI).date():
        raise ValueError("身份证号中的出生日期不正确")
    if id_check_character(value[:17]) != value[17]:
        raise ValueError("身份证号校验位错误")
    return value


def normalise_passport(raw: str) -> str:
    """A passport number: 5-20 letters and digits, upper-cased."""
    value = raw.strip().upper()
    if not (5 <= len(value) <= 20) or not value.isalnum() or not value.isascii():
        raise ValueError("护照号应为5-20位字母或数字")
    return value


IdNumber = Annotated[
    str,
    Field(description="公民身份号码(18位，GB 11643 校验)", examples=["11010519491231002X"]),
    AfterValidator(normalise_id_number),
]
Passport = Annotated[str, Field(description="护照号", examples=["EA1234567"]), AfterValidator(normalise_passport)]
PersonName = Annotated[str, Field(min_length=2, max_length=50, description="姓名")]


class WorkerStatus(StrEnum):
    """registered 已登记 → trained 已培训 → departed 已出境 → returned 已回国."""

    REGISTERED = "registered"
    TRAINED = "trained"
    DEPARTED = "departed"
    RETURNED = "returned"


#: A worker's status as people read it (exports and messages).
WORKER_STATUS_NAMES: dict[WorkerStatus, str] = {
    WorkerStatus.REGISTERED: "已登记",
    WorkerStatus.TRAINED: "已培训",
    WorkerStatus.DEPARTED: "已出境",
    WorkerStatus.RETURNED: "已回国",
}


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# Programs ----------------------------------------------------------------------------------------------


class ProgramCreate(_In):
    """A new labour cooperation program."""

    code: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$", description="项目编码", examples=["EPS"])
    name: str = Field(min_length=2, max_length=100, description="项目名称", examples=["中韩雇佣制"])
    destination_country: str = Field(min_length=1, max_length=64, description="派往国家或地区", examples=["韩国"])
    region_code: RegionCode
    description: str | None = Field(default=None, max_length=2000, description="说明")
    is_active: bool = Field(default=True, description="是否在办")


class ProgramUpdate(_In):
    """A partial update of a program."""

    code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{1,32}$", description="项目编码")
    name: str | None = Field(default=None, min_length=2, max_length=100, description="项目名称")
    destination_country: str | None = Field(default=None, min_length=1, max_length=64, description="派往国家或地区")
    region_code: RegionCode | None = None
    description: str | None = Field(default=None, max_length=2000, description="说明")
    is_active: bool | None = Field(default=None, description="是否在办")


class ProgramOut(RecordOut):
    """A labour cooperation program."""

    code: str
    name: str
    destination_country: str
    description: str | None
    is_active: bool


# Dispatch batches -------------------------------------------------------------------------------------


class BatchCreate(_In):
    """A new dispatch batch."""

    program_id: int = Field(ge=1, description="对外劳务合作项目ID")
    batch_no: str = Field(min_length=1, max_length=64, description="批次编号", examples=["2021-韩-03"])
    departs_on: IsoDate = Field(description="出境日期")
    region_code: RegionCode
    notes: Notes = None


class BatchUpdate(_In):
    """A partial update of a dispatch batch."""

    batch_no: str | None = Field(default=None, min_length=1, max_length=64, description="批次编号")
    departs_on: IsoDate | None = Field(default=None, description="出境日期")
    region_code: RegionCode | None = None
    notes: Notes = None


class BatchOut(RecordOut):
    """A dispatch batch with the number of workers in it."""

    program_id: int
    batch_no: str
    departs_on: IsoDate
    notes: str | None
    worker_count: int = Field(description="本批次人数")


# Exchange events --------------------------------------------------------------------------------------


class EventCreate(_In):
    """A new exchange event."""

    name: str = Field(min_length=2, max_length=200, description="活动名称", examples=["中韩合作线上交流会"])
    held_on: IsoDate = Field(description="举办日期")
    mode: Mode = Field(description="形式")
    program_id: int | None = Field(default=None, ge=1, description="对外劳务合作项目ID")
    partners: str | None = Field(default=None, max_length=255, description="联合主办或合作方", examples=["商务部"])
    participants: Count | None = Field(default=None, description="参加人数")
    region_code: RegionCode
    notes: Notes = None


class EventUpdate(_In):
    """A partial update of an exchange event."""

    name: str | None = Field(default=None, min_length=2, max_length=200, description="活动名称")
    held_on: IsoDate | None = Field(default=None, description="举办日期")
    mode: Mode | None = Field(default=None, description="形式")
    program_id: int | None = Field(default=None, ge=1, description="对外劳务合作项目ID")
    partners: str | None = Field(default=None, max_length=255, description="联合主办或合作方")
    participants: Count | None = Field(default=None, description="参加人数")
    region_code: RegionCode | None = None
    notes: Notes = None


class EventOut(RecordOut):
    """An exchange event."""

    name: str
    held_on: IsoDate
    mode: Mode
    program_id: int | None
    partners: str | None
    participants: int | None
    notes: str | None


# Brands -----------------------------------------------------------------------------------------------


class BrandCreate(_In):
    """A labour-cooperation brand."""

    name: str = Field(min_length=2, max_length=100, description="品牌名称", examples=["信阳"])
    level: Level | None = Field(default=None, description="认定级别")
    recognized_on: IsoDate | None = Field(default=None, description="认定或发布日期")
    program_id: int | None = Field(default=None, ge=1, description="依托的对外劳务合作项目ID")
    region_code: RegionCode
    notes: Notes = None


class BrandUpdate(_In):
    """A partial update of a labour-cooperation brand."""

    name: str | None = Field(default=None, min_length=2, max_length=100, description="品牌名称")
    level: Level | None = Field(default=None, description="认定级别")
    recognized_on: IsoDate | None = Field(default=None, description="认定或发布日期")
    program_id: int | None = Field(default=None, ge=1, description="依托的对外劳务合作项目ID")
    region_code: RegionCode | None = None
    notes: Notes = None


class BrandOut(RecordOut):
    """A labour-cooperation brand."""

    name: str
    level: Level | None
    recognized_on: IsoDate | None
    program_id: int | None
    notes: str | None


# Workers ----------------------------------------------------------------------------------------------


class WorkerCreate(_In):
    """A worker registered for a program (status `registered`)."""

    program_id: int = Field(ge=1, description="对外劳务合作项目ID")
    name: PersonName
    id_number: IdNumber
    passport_number: Passport | None = None
    region_code: RegionCode = Field(description="户籍所在县区")
    registered_on: IsoDate = Field(description="登记日期")
    sector: str | None = Field(default=None, max_length=64, description="从事行业", examples=["制造业"])
    notes: Notes = None


class WorkerUpdate(_In):
    """A correction of a worker's data; status and its dates change only through transitions."""

    name: PersonName | None = None
    id_number: IdNumber | None = None
    passport_number: Passport | None = None
    region_code: RegionCode | None = None
    sector: str | None = Field(default=None, max_length=64, description="从事行业")
    notes: Notes = None


class Transition(_In):
    """Move a worker one step along `registered → trained → departed → returned`."""

    to: WorkerStatus = Field(description="目标状态")
    on: IsoDate = Field(description="发生日期（不早于上一步日期，不晚于今天）")
    batch_id: int | None = Field(default=None, ge=1, description="派出批次ID（出境时可填）")


class WorkerOut(RecordOut):
    """A worker; name, ID and passport numbers are masked unless the caller holds `trade:worker:pii`."""

    program_id: int
    batch_id: int | None
    name: str = Field(description="姓名（无权限时脱敏）")
    id_number: str = Field(description="身份证号（无权限时脱敏）")
    passport_number: str | None = Field(description="护照号（无权限时脱敏）")
    pii_masked: bool = Field(description="个人信息是否已脱敏")
    sector: str | None
    status: WorkerStatus
    registered_on: IsoDate
    trained_on: IsoDate | None
    departed_on: IsoDate | None
    returned_on: IsoDate | None
    notes: str | None


class WorkerSyncItem(BaseModel):
    """One worker change for provincial systems: no personal data at all."""

    id: int
    deleted: bool = Field(description="是否已删除（墓碑）")
    updated_at: datetime
    program_id: int | None = None
    batch_id: int | None = None
    region_code: str | None = None
    sector: str | None = None
    status: WorkerStatus | None = None
    registered_on: IsoDate | None = None
    trained_on: IsoDate | None = None
    departed_on: IsoDate | None = None
    returned_on: IsoDate | None = None
