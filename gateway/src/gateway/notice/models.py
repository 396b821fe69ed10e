"""Tables of notices (schema `iam`): the notice, its audience, its attachments (bytes in `notice_blob`) and
who read it when."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.iam.models import Base
from platform_core.blobs import BlobMixin
from platform_core.db import TimestampMixin, UTCDateTime, VersionMixin, utcnow


class NoticeStatus(StrEnum):
    """Draft (editable, seen by nobody), published (seen by its audience), withdrawn (seen by nobody again)."""

    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class AudienceKind(StrEnum):
    """Whom an audience row names: the holders of a role, the users of a region and below, or one user."""

    ROLE = "role"
    REGION = "region"
    USER = "user"


class Notice(TimestampMixin, VersionMixin, Base):
    """A notice: plain text, shown to its audience once published."""

    __tablename__ = "notice"
    __table_args__ = (
        Index("ix_notice_status_published", "status", "published_at"),
        {"comment": "通知公告"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True, comment="主键")
    title: Mapped[str] = mapped_column(String(200), comment="标题")
    body: Mapped[str] = mapped_column(Text, comment="正文(纯文本，显示时转义)")
    pinned: Mapped[bool] = mapped_column(Boolean, default=False, comment="是否置顶")
    status: Mapped[str] = mapped_column(
        String(16), default=NoticeStatus.DRAFT.value, comment="状态 draft/published/withdrawn"
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="发布时间")
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="撤回时间")
    author: Mapped[str] = mapped_column(String(64), comment="发布人(sub)")
    author_name: Mapped[str | None] = mapped_column(String(64), comment="发布人姓名")
    region_code: Mapped[str] = mapped_column(
        String(12), ForeignKey("region.code"), index=True, comment="发布人所属行政区划代码"
    )
    # A publisher scoped to a region reaches only users in it: the audience is cut to this path.
    audience_path: Mapped[str | None] = mapped_column(String(128), comment="受众范围限定路径(空为不限)")


class NoticeAudience(Base):
    """One addressee of a notice: a role code, a region code (with its path) or a user id."""

    __tablename__ = "notice_audience"
    __table_args__ = (
        UniqueConstraint("notice_id", "kind", "value"),
        Index("ix_notice_audience_kind_value", "kind", "value"),
        {"comment": "通知公告接收范围"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True, comment="主键")
    notice_id: Mapped[int] = mapped_column(
        ForeignKey("notice.id", ondelete="CASCADE"), index=True, comment="通知公告ID"
    )
    kind: Mapped[str] = mapped_column(String(16), comment="类别 role/region/user")
    value: Mapped[str] = mapped_column(String(64), comment="角色编码、行政区划代码或用户ID")
    region_path: Mapped[str | None] = mapped_column(String(128), comment="行政区划的物化路径(含下级)")


class NoticeRead(Base):
    """A read receipt: the first time a user opened a notice."""

    __tablename__ = "notice_read"
    __table_args__ = {"comment": "通知公告阅读记录"}

    notice_id: Mapped[int] = mapped_column(
        ForeignKey("notice.id", ondelete="CASCADE"), primary_key=True, comment="通知公告ID"
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True, comment="用户ID"
    )
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="阅读时间")


class NoticeAttachment(Base):
    """A file attached to a notice; its bytes are stored by the row id."""

    __tablename__ = "notice_attachment"
    __table_args__ = {"comment": "通知公告附件"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True, comment="主键")
    notice_id: Mapped[int] = mapped_column(
        ForeignKey("notice.id", ondelete="CASCADE"), index=True, comment="通知公告ID"
    )
    filename: Mapped[str] = mapped_column(String(255), comment="原始文件名(仅用于下载时展示)")
    content_type: Mapped[str] = mapped_column(String(100), comment="按文件内容识别的类型")
    size: Mapped[int] = mapped_column(Integer, comment="字节数")
    sha256: Mapped[str] = mapped_column(String(64), comment="SHA-256 校验值(十六进制)")
    uploaded_by: Mapped[str] = mapped_column(String(64), comment="上传人(sub)")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="上传时间")


class NoticeBlob(BlobMixin, Base):
    """The bytes of notice attachments, in the gateway's own schema."""

    __tablename__ = "notice_blob"
    __table_args__ = {"comment": "通知公告附件内容"}
