"""Notifications: one row per recipient (a user's subject or `unit:<id>`), unread until someone reads it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, UTCDateTime, utcnow
from platform_core.delivery import SendLogMixin


class NotificationKind(StrEnum):
    """What a notice is about."""

    ASSIGNED = "assigned"  # 新交办
    FEEDBACK_DUE = "feedback_due"  # 首次反馈将到期
    DUE_TOMORROW = "due_tomorrow"  # 明日到期
    OVERDUE = "overdue"  # 已超期
    SUPERVISED = "supervised"  # 被督办
    RATED = "rated"  # 企业已评价
    RETURNED = "returned"  # 退回(申请退回、结果退回、重办)
    RESULT_SUBMITTED = "result_submitted"  # 办理结果待审核
    RESOLVED = "resolved"  # 已办结，请评价
    URGED = "urged"  # 催办
    MATERIAL = "material"  # 补充材料(请企业补充、企业已补充、恢复办理)
    DIGEST = "digest"  # 领导每日摘要
    POLICY = "policy"  # 政策推送(适合企业的政策)
    QUALITY = "quality"  # 撤单质检不合格或需整改


class SendLog(SendLogMixin, Base):
    """Every message the service sends (reminders, digests, revisit links, policy pushes), once per channel and
    recipient (`platform_core.delivery`)."""


class Notification(Base):
    """A notice in an inbox; (case, kind, due instant, recipient) is unique so a repeated check adds nothing."""

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("case_id", "kind", "due_at", "recipient"),
        Index("ix_notification_recipient_id", "recipient", "id"),
        Index("ix_notification_recipient_read_at", "recipient", "read_at"),
        {"comment": "站内消息"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    recipient: Mapped[str] = mapped_column(String(64), comment="接收者：用户sub(如 user:5)或单位(如 unit:2)")
    kind: Mapped[str] = mapped_column(String(24), comment="类型")
    case_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("case_record.id", ondelete="CASCADE"), index=True, comment="相关诉求ID"
    )
    supervision_id: Mapped[int | None] = mapped_column(BigInteger, comment="相关督办单ID")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="所涉时刻(期限或动作时间)")
    title: Mapped[str] = mapped_column(String(200), comment="标题")
    body: Mapped[str | None] = mapped_column(String(500), comment="内容")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="创建时间")
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="阅读时间")
    read_by: Mapped[str | None] = mapped_column(String(64), comment="阅读人(sub)")
