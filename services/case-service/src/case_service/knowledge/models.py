"""Knowledge entries (问答) curated by officers, and what an enterprise did after seeing instant answers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, UTCDateTime
from platform_core.records import RegionRecord, record_indexes


class EntryStatus(StrEnum):
    """Where an entry is in its life: only published entries are shown to enterprises."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class Outcome(StrEnum):
    """What an enterprise did after seeing instant answers on its submit form."""

    SOLVED = "solved"  # 已解决，不再提交
    SUBMITTED = "submitted"  # 仍需提交


class KnowledgeEntry(RegionRecord, Base):
    """A question with its answer: city-wide (the city's region) or a county's own."""

    __tablename__ = "knowledge_entry"
    __table_args__ = (
        *record_indexes("knowledge_entry"),
        Index("ix_knowledge_entry_status_category", "status", "category_code"),
        {"comment": "知识库问答"},
    )

    question: Mapped[str] = mapped_column(String(300), comment="问题")
    answer: Mapped[str] = mapped_column(Text, comment="解答")
    category_code: Mapped[str] = mapped_column(String(32), ForeignKey("case_category.code"), comment="诉求分类编码")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list, comment="标签")
    policy_ids: Mapped[list[int]] = mapped_column(JSON, default=list, comment="关联政策文件ID")
    source_case_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("case_record.id", ondelete="SET NULL"), index=True, comment="来源诉求ID"
    )
    status: Mapped[str] = mapped_column(
        String(16), default=EntryStatus.DRAFT.value, comment="状态 draft/published/retired"
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="发布时间")


class KnowledgeOutcome(Base):
    """One submit-form session of an enterprise that saw instant answers, and how it ended (one per session key)."""

    __tablename__ = "knowledge_outcome"
    __table_args__ = (
        Index("ix_knowledge_outcome_created_at", "created_at"),
        Index(
            "ix_knowledge_outcome_region_path",
            "region_path",
            postgresql_ops={"region_path": "text_pattern_ops"},
        ),
        {"comment": "即时解答结果(已解决不再提交/仍提交诉求)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    session_key: Mapped[str] = mapped_column(String(64), unique=True, comment="提交表单会话键(企业端生成)")
    outcome: Mapped[str] = mapped_column(String(16), comment="结果 solved已解决/submitted仍提交")
    entry_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("knowledge_entry.id", ondelete="SET NULL"), comment="解决问题的问答ID"
    )
    case_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("case_record.id", ondelete="SET NULL"), comment="仍提交的诉求ID"
    )
    shown_entry_ids: Mapped[list[int]] = mapped_column(JSON, default=list, comment="展示过的问答ID")
    enterprise_uscc: Mapped[str] = mapped_column(String(18), index=True, comment="企业统一社会信用代码")
    region_code: Mapped[str] = mapped_column(String(12), comment="企业所属行政区划代码")
    region_path: Mapped[str] = mapped_column(String(80), comment="行政区划物化路径")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="记录时间")
    created_by: Mapped[str] = mapped_column(String(64), comment="记录人(sub)")
