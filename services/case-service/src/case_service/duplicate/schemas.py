"""Shapes of duplicates: similar cases with their similarity, links, a split, and the repeat rate."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from case_service.case.models import CaseState
from case_service.case.schemas import CaseListItem
from case_service.duplicate.models import LinkKind
from case_service.indicators.schemas import PeriodOut, Rate
from case_service.similarity import Method

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SimilarCase(BaseModel):
    """A case like the one at hand: open, or registered in the window; same enterprise or similar text."""

    id: int
    case_no: str | None
    title: str
    enterprise_name: str
    region_code: str
    state: CaseState
    state_label: str = Field(description="状态名称")
    created_at: datetime
    similarity: float = Field(description="文本相似度(0-1，三位小数)")
    same_enterprise: bool = Field(description="是否同一企业")
    linked: bool = Field(description="是否已与本诉求关联")


class SimilarList(BaseModel):
    """Similar cases, most similar first, with how they were found."""

    method: Method = Field(description="pg_trgm 数据库三元组相似度 | python 服务内同口径计算")
    threshold: float = Field(description="相似度阈值")
    window_days: int = Field(description="近期窗口(天)：已办结的诉求在此期间内登记的才比对")
    items: list[SimilarCase]


class LinkCreate(BaseModel):
    """Link this case with another: related (关联) or a repeat of it (重复)."""

    model_config = _STRICT

    other_case_id: int = Field(ge=1, description="关联的诉求ID")
    kind: Literal[LinkKind.RELATED, LinkKind.DUPLICATE] = Field(
        description="related 关联 | duplicate 重复(本诉求重复了对方)"
    )
    note: str | None = Field(default=None, max_length=500, description="说明")


class LinkedCase(BaseModel):
    """The case at the other end of a link."""

    id: int
    case_no: str | None
    title: str
    state: CaseState
    state_label: str


class LinkOut(BaseModel):
    """A link as seen from one case."""

    id: int
    kind: LinkKind = Field(description="related 关联 | duplicate 重复 | split 拆分")
    direction: Literal["outgoing", "incoming"] = Field(
        description="outgoing 本诉求重复了对方或拆分自对方 | incoming 对方重复了本诉求或拆分自本诉求"
    )
    case: LinkedCase
    similarity: float | None
    note: str | None
    created_at: datetime
    created_by: str


class LinkList(BaseModel):
    """Every link of a case whose other end the caller may see."""

    items: list[LinkOut]


class SplitPart(BaseModel):
    """One matter of a submission that becomes a case of its own."""

    model_config = _STRICT

    title: str = Field(min_length=2, max_length=200, description="诉求标题")
    description: str = Field(min_length=2, max_length=5000, description="诉求内容")
    category_code: str | None = Field(default=None, max_length=32, description="诉求分类编码(不填沿用原诉求)")


class SplitBody(BaseModel):
    """Split a submission: each part becomes a new case with its own timers; the original stays, linked."""

    model_config = _STRICT

    parts: list[SplitPart] = Field(min_length=1, max_length=10, description="拆出的诉求")
    comment: str | None = Field(default=None, max_length=2000, description="说明")


class SplitResult(BaseModel):
    """The original case and the cases split from it."""

    original_id: int
    cases: list[CaseListItem]


class RepeatStats(BaseModel):
    """`GET /api/v1/cases/repeat-rate`: 重复诉求率 of the cases registered in a period."""

    period: PeriodOut
    registered: int = Field(description="期内登记的诉求件数")
    linked_duplicates: int = Field(description="其中关联为重复诉求的件数")
    merged: int = Field(description="其中合并办理的件数")
    repeat_rate: Rate = Field(description="重复诉求率")
