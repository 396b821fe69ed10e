"""Policy pushes (政策找企业): one row per policy and enterprise pushed to, and a read receipt per recipient."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, UTCDateTime, utcnow


class PolicyPush(Base):
    """A policy pushed to one enterprise; (policy, enterprise) is unique so pushing again notifies nobody twice."""

    __tablename__ = "policy_push"
    __table_args__ = (
        UniqueConstraint("policy_id", "enterprise_uscc"),
        # Per-policy statistics and the scoped list read one policy's pushes under a region prefix.
        Index("ix_policy_push_policy_id_region_path", "policy_id", "region_path"),
        Index("ix_policy_push_enterprise_uscc", "enterprise_uscc"),
        {"comment": "政策推送记录(政策-企业)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    policy_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("policy_document.id", ondelete="CASCADE"), comment="政策文件ID"
    )
    enterprise_id: Mapped[int] = mapped_column(BigInteger, comment="企业ID")
    enterprise_uscc: Mapped[str] = mapped_column(String(18), comment="企业统一社会信用代码")
    region_code: Mapped[str] = mapped_column(String(12), comment="企业所属行政区划代码(推送时)")
    region_path: Mapped[str] = mapped_column(String(80), comment="企业行政区划物化路径(推送时)")
    pushed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="推送时间")
    pushed_by: Mapped[str | None] = mapped_column(String(64), comment="推送人(sub)")


class PolicyPushReceipt(Base):
    """Who a push reached (the enterprise's inbox, each 包联 cadre) and when they read the policy."""

    __tablename__ = "policy_push_receipt"
    __table_args__ = (
        UniqueConstraint("push_id", "recipient"),
        Index("ix_policy_push_receipt_recipient_read_at", "recipient", "read_at"),
        {"comment": "政策推送阅读回执"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    push_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("policy_push.id", ondelete="CASCADE"), comment="推送记录ID"
    )
    recipient: Mapped[str] = mapped_column(String(64), comment="接收者：enterprise:<信用代码> 或包联干部 user:<id>")
    role: Mapped[str] = mapped_column(String(16), comment="接收者身份 enterprise 企业 / cadre 包联干部")
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="阅读时间")
    read_by: Mapped[str | None] = mapped_column(String(64), comment="阅读人(sub)")
