"""Request and response shapes of visits (走访) and of turning a found problem into a case."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from case_service.case.models import Complexity, Urgency
from case_service.case.schemas import CaseDetail
from case_service.pairing.schemas import EnterpriseBrief
from platform_core.dates import IsoDate
from platform_core.uscc import normalise_uscc


def _clean_names(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    out: list[str] = []
    for v in values:
        name = v.strip()
        if not name:
            raise ValueError("走访人员姓名不能为空")
        if name not in out:
            out.append(name)
    if not out:
        raise ValueError("至少填写一名走访人员")
    return out


class ProblemIn(BaseModel):
    """A found problem; an existing one is named by its id (to keep it when the list is replaced)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: int | None = Field(default=None, ge=1, description="已有问题的ID(修改时保留该问题)")
    description: str = Field(min_length=2, max_length=2000, description="问题描述")


class VisitCreate(BaseModel):
    """A new visit record."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    visit_date: IsoDate = Field(description="走访日期")
    enterprise_uscc: str = Field(description="被走访企业统一社会信用代码(须在企业名录中)")
    visitors: list[str] = Field(
        min_length=1, max_length=30, description="走访人员姓名", examples=[["李建国", "王晓梅"]]
    )
    unit_id: int | None = Field(default=None, ge=1, description="走访单位ID")
    unit_name: str | None = Field(default=None, max_length=128, description="走访单位名称", examples=["市商务局"])
    campaign: str | None = Field(default=None, max_length=64, description="所属走访活动", examples=["千家外企大走访"])
    notes: str | None = Field(default=None, max_length=10000, description="走访情况")
    problems: list[str] = Field(default_factory=list, max_length=50, description="发现的问题(每条一项)")

    _names = field_validator("visitors")(_clean_names)

    @field_validator("enterprise_uscc")
    @classmethod
    def _valid_uscc(cls, value: str) -> str:
        return normalise_uscc(value)

    @field_validator("problems")
    @classmethod
    def _problems(cls, values: list[str]) -> list[str]:
        out = [v.strip() for v in values]
        if any(len(v) < 2 for v in out):
            raise ValueError("问题描述至少2个字")
        return out


class VisitUpdate(BaseModel):
    """A partial update; `problems` replaces the list (problems already turned into cases must stay)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    visit_date: IsoDate | None = Field(default=None, description="走访日期")
    visitors: list[str] | None = Field(default=None, min_length=1, max_length=30, description="走访人员姓名")
    unit_id: int | None = Field(default=None, ge=1, description="走访单位ID")
    unit_name: str | None = Field(default=None, max_length=128, description="走访单位名称")
    campaign: str | None = Field(default=None, max_length=64, description="所属走访活动")
    notes: str | None = Field(default=None, max_length=10000, description="走访情况")
    problems: list[ProblemIn] | None = Field(default=None, max_length=50, description="发现的问题(整体替换)")

    _names = field_validator("visitors")(_clean_names)


class ProblemOut(BaseModel):
    """A found problem and the case it became, if any."""

    id: int
    seq: int = Field(description="序号")
    description: str
    case_id: int | None = Field(description="转成的诉求ID")
    case_created_at: datetime | None = Field(description="转诉求时间")


class VisitOut(BaseModel):
    """A visit record with its enterprise and problems."""

    id: int
    visit_date: IsoDate
    enterprise_uscc: str
    enterprise: EnterpriseBrief
    visitors: list[str]
    unit_id: int | None
    unit_name: str | None
    campaign: str | None
    notes: str | None
    problems: list[ProblemOut]
    problem_count: int = Field(description="发现问题数")
    case_count: int = Field(description="已转诉求数")
    version: int = Field(description="版本号，与 ETag 一致")
    created_at: datetime
    updated_at: datetime


class VisitSyncItem(BaseModel):
    """One change of a visit in the sync stream; deleted visits come as tombstones."""

    id: int
    deleted: bool = Field(description="是否已删除（墓碑）")
    updated_at: datetime
    enterprise_uscc: str
    visit_date: IsoDate | None = None
    visitors: list[str] | None = None
    unit_name: str | None = None
    campaign: str | None = None
    notes: str | None = None
    problems: list[ProblemOut] | None = None


class VisitCaseCreate(BaseModel):
    """Turn a problem found on the visit into a case (source 走访发现)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    problem_id: int = Field(ge=1, description="走访记录中问题的ID")
    category_code: str = Field(max_length=32, description="诉求分类编码", examples=["land_planning"])
    title: str | None = Field(default=None, min_length=2, max_length=200, description="诉求标题，默认取问题描述")
    description: str | None = Field(
        default=None, min_length=2, max_length=5000, description="诉求内容，默认为问题描述与走访情况"
    )
    urgency: Urgency = Field(default=Urgency.NORMAL, description="紧急程度")
    complexity: Complexity = Field(default=Complexity.ORDINARY, description="复杂程度")
    contact_person: str | None = Field(
        default=None, max_length=64, description="企业联系人；不传时取企业名录中的联系人"
    )
    contact_phone: str | None = Field(default=None, max_length=32, description="联系电话；不传时取企业名录中的联系电话")


class VisitCaseCreated(BaseModel):
    """The case created from a found problem, and the visit now pointing at it."""

    case: CaseDetail
    visit: VisitOut
