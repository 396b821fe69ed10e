"""Attachment metadata; the bytes live in a file named by the row id, never by the uploaded name."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, UTCDateTime, utcnow


class AttachmentKind(StrEnum):
    """Supporting material of the problem, or evidence of the result."""

    MATERIAL = "material"
    RESULT = "result"


class CaseAttachment(Base):
    """A file attached to a case."""

    __tablename__ = "case_attachment"
    __table_args__ = {"comment": "诉求附件"}

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    case_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("case_record.id", ondelete="CASCADE"), index=True, comment="诉求ID"
    )
    kind: Mapped[str] = mapped_column(String(16), default=AttachmentKind.MATERIAL.value, comment="类别 material/result")
    filename: Mapped[str] = mapped_column(String(255), comment="原始文件名(仅用于下载时展示)")
    content_type: Mapped[str] = mapped_column(String(100), comment="按文件内容识别的类型")
    size: Mapped[int] = mapped_column(Integer, comment="字节数")
    sha256: Mapped[str] = mapped_column(String(64), comment="SHA-256 校验值(十六进制)")
    uploaded_by: Mapped[str] = mapped_column(String(64), comment="上传人(sub)")
    uploaded_by_name: Mapped[str | None] = mapped_column(String(64), comment="上传人姓名")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="上传时间")
