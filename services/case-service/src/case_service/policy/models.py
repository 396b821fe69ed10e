"""Policy documents of the campaign: implementation plans, measures and notices, with their measure areas."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, VersionMixin


class PolicyDocument(TimestampMixin, VersionMixin, Base):
    """One issued document (红头文件) with its number."""

    __tablename__ = "policy_document"
    __table_args__ = (
        Index("ix_policy_document_issue_date", "issue_date"),
        Index(
            "ix_policy_document_region_path",
            "region_path",
            postgresql_ops={"region_path": "text_pattern_ops"},
        ),
        {"comment": "政策文件(实施方案/若干措施/通知)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    doc_number: Mapped[str] = mapped_column(String(64), unique=True, comment="文号，如 X商字〔2021〕82号")
    title: Mapped[str] = mapped_column(String(300), comment="文件标题")
    issuer: Mapped[str] = mapped_column(String(128), comment="发文机关")
    issue_date: Mapped[date] = mapped_column(Date, comment="印发日期")
    kind: Mapped[str] = mapped_column(
        String(32), index=True, comment="文件类型 implementation_plan 实施方案 / measures 若干措施 / notice 通知"
    )
    measure_areas: Mapped[list[str]] = mapped_column(JSON, default=list, comment="措施方面(如若干措施的11个方面)")
    summary: Mapped[str | None] = mapped_column(Text, comment="内容摘要")
    attachment_url: Mapped[str | None] = mapped_column(String(500), comment="原文链接或附件地址")
    region_code: Mapped[str] = mapped_column(String(12), comment="发文机关所属行政区划代码")
    region_path: Mapped[str] = mapped_column(String(80), comment="发文区划物化路径")
    # Null: the document is not targeted at enterprises; an object (lists empty = any) drives 政策找企业.
    conditions: Mapped[dict[str, Any] | None] = mapped_column(
        JSON(none_as_null=True), comment="适用条件(行业/规模/区域/重点企业)，空为未设置"
    )
    created_by: Mapped[str | None] = mapped_column(String(64), comment="创建人")
