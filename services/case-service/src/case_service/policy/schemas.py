"""Request and response shapes of policy documents."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from platform_core.dates import IsoDate
from platform_core.enumerations import labels

# 〔〕 is the bracket of official document numbers (GB/T 9704); typed text often carries [] or （）.
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕"})
_BRACKETS.update({ord("（"): "〔", ord("）"): "〕"})
DOC_NUMBER_RE = re.compile(r"^\S+〔(\d{4})〕(\d+)号$")


class PolicyKind(StrEnum):
    """实施方案 / 若干措施 / 通知."""

    IMPLEMENTATION_PLAN = "implementation_plan"
    MEASURES = "measures"
    NOTICE = "notice"


KIND_LABELS: dict[str, str] = labels("policy_kind")


def normalise_doc_number(raw: str) -> str:
    """`X商字[2021]82号` → `X商字〔2021〕82号`; ValueError with the user-facing message otherwise."""
    value = re.sub(r"\s+", "", raw).translate(_BRACKETS)
    if not DOC_NUMBER_RE.match(value):
        raise ValueError("文号格式应为 机关代字〔年份〕序号号，如 X商字〔2021〕82号")
    return value


def _doc_number_or_none(value: str | None) -> str | None:
    return None if value is None else normalise_doc_number(value)


def _clean_areas(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    out: list[str] = []
    for v in values:
        item = v.strip()
        if not item:
            raise ValueError("措施方面不能为空")
        if item in out:
            raise ValueError(f"措施方面重复：{item}")
        out.append(item)
    return out


class PolicyFields(BaseModel):
    """Fields of a document."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    doc_number: str = Field(max_length=64, description="文号", examples=["X商字〔2021〕82号"])
    title: str = Field(min_length=2, max_length=300, description="文件标题")
    issuer: str = Field(min_length=2, max_length=128, description="发文机关", examples=["信阳市商务局"])
    issue_date: IsoDate = Field(description="印发日期")
    kind: PolicyKind = Field(description="文件类型")
    measure_areas: list[str] = Field(default_factory=list, max_length=50, description="措施方面，按文件顺序")
    summary: str | None = Field(default=None, max_length=5000, description="内容摘要")
    attachment_url: str | None = Field(default=None, max_length=500, description="原文链接或附件地址")
    region_code: str = Field(pattern=r"^\d{6}$", description="发文机关所属行政区划代码", examples=["411500"])

    _doc = field_validator("doc_number")(_doc_number_or_none)
    _areas = field_validator("measure_areas")(_clean_areas)


class PolicyCreate(PolicyFields):
    """A new document."""


class PolicyUpdate(BaseModel):
    """A partial update."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    doc_number: str | None = Field(default=None, max_length=64, description="文号")
    title: str | None = Field(default=None, min_length=2, max_length=300, description="文件标题")
    issuer: str | None = Field(default=None, min_length=2, max_length=128, description="发文机关")
    issue_date: IsoDate | None = Field(default=None, description="印发日期")
    kind: PolicyKind | None = Field(default=None, description="文件类型")
    measure_areas: list[str] | None = Field(default=None, max_length=50, description="措施方面")
    summary: str | None = Field(default=None, max_length=5000, description="内容摘要")
    attachment_url: str | None = Field(default=None, max_length=500, description="原文链接或附件地址")
    region_code: str | None = Field(default=None, pattern=r"^\d{6}$", description="发文机关所属行政区划代码")

    _doc = field_validator("doc_number")(_doc_number_or_none)
    _areas = field_validator("measure_areas")(_clean_areas)


class PolicyOut(BaseModel):
    """A document as listed and shown."""

    id: int
    doc_number: str = Field(description="文号")
    doc_year: int = Field(description="文号年份")
    title: str
    issuer: str
    issue_date: IsoDate
    kind: PolicyKind
    kind_label: str = Field(description="文件类型名称")
    measure_areas: list[str]
    measure_area_count: int = Field(description="措施方面数")
    summary: str | None
    attachment_url: str | None
    region_code: str
    region_name: str | None
    version: int = Field(description="版本号，与 ETag 一致")
    created_at: datetime
    updated_at: datetime
