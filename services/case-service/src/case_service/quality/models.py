"""撤单质检: each case that ends rejected, merged or withdrawn, or is returned by its unit, is a candidate; a sampled
candidate waits for a reviewer's verdict."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, UTCDateTime, VersionMixin


class QualityEvent(StrEnum):
    """The event that made a case a candidate."""

    REJECTED = "rejected"  # 不予受理
    MERGED = "merged"  # 合并办理
    WITHDRAWN = "withdrawn"  # 撤回
    RETURNED = "returned"  # 退单(承办单位退回获同意)


class SampleStatus(StrEnum):
    """Where a candidate stands: not drawn, waiting for review, reviewed."""

    SKIPPED = "skipped"  # 未抽中
    PENDING = "pending"  # 待质检
    REVIEWED = "reviewed"  # 已质检


class Verdict(StrEnum):
    """The reviewer's verdict: 合格 / 不合格 / 需整改."""

    QUALIFIED = "qualified"
    UNQUALIFIED = "unqualified"
    RECTIFY = "rectify"


class QualitySample(VersionMixin, Base):
    """One candidate event of a case; (case, event, occurrence) is unique, so a retried or concurrent action
    never draws a case twice for the same event."""

    __tablename__ = "quality_sample"
    __table_args__ = (
        UniqueConstraint("case_id", "event", "occurrence"),
        Index("ix_quality_sample_status_event_at", "status", "event_at"),
        Index("ix_quality_sample_event_at", "event_at"),
        Index("ix_quality_sample_unit_id", "unit_id"),
        {"comment": "撤单质检样本(不予受理、合并、撤回、退单)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    case_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("case_record.id", ondelete="CASCADE"), index=True, comment="诉求ID"
    )
    event: Mapped[str] = mapped_column(
        String(16), comment="事件 rejected不予受理/merged合并/withdrawn撤回/returned退单"
    )
    occurrence: Mapped[int] = mapped_column(Integer, comment="该诉求第几次发生此事件(从1起)")
    event_id: Mapped[int | None] = mapped_column(BigInteger, comment="时间线事件ID")
    event_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="事件发生时间")
    event_reason: Mapped[str | None] = mapped_column(Text, comment="事件理由(不予受理理由、退回理由等)")
    actor_name: Mapped[str | None] = mapped_column(String(64), comment="事件操作者姓名")
    region_code: Mapped[str] = mapped_column(String(12), index=True, comment="诉求所属行政区划代码")
    unit_id: Mapped[int | None] = mapped_column(
        Integer, comment="责任单位ID(退单为退回的承办单位；受理环节的不予受理、合并为空)"
    )
    unit_name: Mapped[str | None] = mapped_column(String(100), comment="责任单位名称(快照)")
    status: Mapped[str] = mapped_column(String(16), comment="状态 skipped未抽中/pending待质检/reviewed已质检")
    sampled_by: Mapped[str | None] = mapped_column(
        String(16), comment="抽中依据 all全部/random随机/source来源规则/unit_returns单位退单规则"
    )
    verdict: Mapped[str | None] = mapped_column(
        String(16), comment="质检结论 qualified合格/unqualified不合格/rectify需整改"
    )
    remarks: Mapped[str | None] = mapped_column(Text, comment="质检意见")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="质检时间")
    reviewed_by: Mapped[str | None] = mapped_column(String(64), comment="质检人(sub)")
    reviewer_name: Mapped[str | None] = mapped_column(String(64), comment="质检人姓名")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="登记时间")
