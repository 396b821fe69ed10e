"""Shapes of the knowledge base: an entry in and out, search hits with their score, the draft taken from a case,
an outcome of the submit form, and the rate of submissions prevented."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from case_service.indicators.schemas import PeriodOut, Rate
from case_service.knowledge.models import EntryStatus, Outcome
from case_service.similarity import Method

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)

STATUS_LABELS: dict[str, str] = {"draft": "草稿", "published": "已发布", "retired": "已停用"}
OUTCOME_LABELS: dict[str, str] = {"solved": "已解决，不再提交", "submitted": "仍需提交"}


def _tags(value: list[str] | None) -> list[str] | None:
    """Tags trimmed, blanks dropped, each once in the order given."""
    if value is None:
        return None
    seen: list[str] = []
    for tag in (t.strip() for t in value):
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def _ids(value: list[int] | None) -> list[int] | None:
    """Ids each once in the order given."""
    return None if value is None else list(dict.fromkeys(value))


class EntryCreate(BaseModel):
    """A new entry (a draft unless published at once)."""

    model_config = _STRICT

    question: str = Field(min_length=4, max_length=300, description="问题", examples=["出口退税办理进度慢怎么办"])
    answer: str = Field(min_length=4, max_length=5000, description="解答")
    category_code: str = Field(max_length=32, description="诉求分类编码", examples=["tax"])
    tags: list[str] = Field(default_factory=list, max_length=10, description="标签", examples=[["退税"]])
    policy_ids: list[int] = Field(default_factory=list, max_length=10, description="关联政策文件ID")
    source_case_id: int | None = Field(default=None, ge=1, description="来源诉求ID(收录自办结或即问即答诉求)")
    region_code: str = Field(
        pattern=r"^\d{6}$", description="适用区域：市(全市通用)或县区(本县区)", examples=["411500"]
    )
    status: Literal[EntryStatus.DRAFT, EntryStatus.PUBLISHED] = Field(
        default=EntryStatus.DRAFT, description="draft 草稿 | published 直接发布"
    )

    _tags = field_validator("tags")(_tags)
    _ids = field_validator("policy_ids")(_ids)


class EntryUpdate(BaseModel):
    """A partial update; `status` publishes (published), retires (retired) or takes back to draft."""

    model_config = _STRICT

    question: str | None = Field(default=None, min_length=4, max_length=300, description="问题")
    answer: str | None = Field(default=None, min_length=4, max_length=5000, description="解答")
    category_code: str | None = Field(default=None, max_length=32, description="诉求分类编码")
    tags: list[str] | None = Field(default=None, max_length=10, description="标签")
    policy_ids: list[int] | None = Field(default=None, max_length=10, description="关联政策文件ID")
    region_code: str | None = Field(default=None, pattern=r"^\d{6}$", description="适用区域行政区划代码")
    status: EntryStatus | None = Field(default=None, description="状态")

    _tags = field_validator("tags")(_tags)
    _ids = field_validator("policy_ids")(_ids)


class PolicyLink(BaseModel):
    """A linked policy document the reader may see."""

    id: int
    doc_number: str = Field(description="文号")
    title: str = Field(description="文件标题")


class EntryOut(BaseModel):
    """An entry as listed and shown."""

    id: int
    question: str = Field(description="问题")
    answer: str = Field(description="解答")
    category_code: str = Field(description="诉求分类编码")
    category_name: str | None = Field(description="诉求分类名称")
    tags: list[str] = Field(description="标签")
    policy_ids: list[int] = Field(description="关联政策文件ID")
    policies: list[PolicyLink] = Field(description="关联政策文件(读者可见的)")
    source_case_id: int | None = Field(description="来源诉求ID")
    status: EntryStatus = Field(description="状态")
    status_label: str = Field(description="状态名称")
    region_code: str = Field(description="适用区域代码")
    region_name: str | None = Field(description="适用区域名称")
    editable: bool = Field(description="调用者能否编辑(县区只能编辑本县区的问答)")
    score: float | None = Field(default=None, description="与检索词的相似度(0-1)，检索时有值")
    published_at: datetime | None = Field(description="发布时间")
    version: int = Field(description="版本号，与 ETag 一致")
    created_at: datetime
    updated_at: datetime


class EntryDraft(BaseModel):
    """An entry prefilled from a case (question from the problem, answer from the result); nothing is saved."""

    question: str = Field(description="问题(取自诉求标题与内容)")
    answer: str = Field(description="解答(取自办理结果与依据)")
    category_code: str = Field(description="诉求分类编码")
    tags: list[str] = Field(description="标签")
    policy_ids: list[int] = Field(description="关联政策文件ID")
    source_case_id: int = Field(description="来源诉求ID")
    region_code: str = Field(description="适用区域代码(诉求所在县区)")


class Suggestion(BaseModel):
    """A published answer like the problem being typed."""

    id: int
    question: str
    answer: str
    category_name: str | None
    tags: list[str]
    policies: list[PolicyLink]
    score: float = Field(description="相似度(0-1)")


class SuggestionList(BaseModel):
    """At most five published answers, most similar first."""

    method: Method = Field(description="pg_trgm 数据库三元组相似度 | python 服务内同口径计算")
    threshold: float = Field(description="相似度阈值")
    items: list[Suggestion]


class OutcomeCreate(BaseModel):
    """How a submit-form session that showed instant answers ended; one per session key."""

    model_config = _STRICT

    session_key: str = Field(
        min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="提交表单会话键(每次打开表单生成一个)"
    )
    outcome: Outcome = Field(description="solved 已解决，不再提交 | submitted 仍需提交")
    entry_id: int | None = Field(default=None, ge=1, description="解决问题的问答ID(已解决时必填)")
    case_id: int | None = Field(default=None, ge=1, description="提交的诉求ID(仍需提交时必填)")
    shown_entry_ids: list[int] = Field(default_factory=list, max_length=20, description="展示过的问答ID")


class OutcomeOut(BaseModel):
    """A recorded outcome."""

    id: int
    session_key: str
    outcome: Outcome
    outcome_label: str
    entry_id: int | None
    case_id: int | None
    created_at: datetime


class DeflectionRegion(BaseModel):
    """The prevented submissions of one county."""

    region_code: str
    region_name: str | None
    prevented: int = Field(description="即时解答拦截数")
    submitted: int = Field(description="看到解答后仍提交数")
    rate: Rate = Field(description="即时解答拦截率")


class DeflectionStats(BaseModel):
    """即时解答拦截数 and 拦截率 = prevented ÷ (prevented + submitted after seeing answers), in the period."""

    period: PeriodOut
    prevented: int = Field(description="即时解答拦截数(已解决，不再提交)")
    submitted: int = Field(description="看到解答后仍提交的件数")
    rate: Rate = Field(description="即时解答拦截率")
    by_region: list[DeflectionRegion] = Field(description="按县区")
