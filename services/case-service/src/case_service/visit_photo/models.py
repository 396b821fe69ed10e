"""A visit photo: metadata and the (phone-compressed) image bytes in one row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, UTCDateTime, utcnow


class VisitPhoto(Base):
    """A photo of a visit; the bytes are kept in the row (a few hundred KB once compressed on the phone)."""

    __tablename__ = "visit_photo"
    __table_args__ = {"comment": "走访照片"}

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    visit_id: Mapped[int] = mapped_column(
        BigIntPK, ForeignKey("visit.id", ondelete="CASCADE"), index=True, comment="走访记录ID"
    )
    filename: Mapped[str] = mapped_column(String(255), comment="原始文件名(仅用于展示)")
    content_type: Mapped[str] = mapped_column(String(100), comment="按文件内容识别的类型")
    size: Mapped[int] = mapped_column(Integer, comment="字节数")
    sha256: Mapped[str] = mapped_column(String(64), comment="SHA-256 校验值(十六进制)")
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False, comment="图片内容"))
    uploaded_by: Mapped[str] = mapped_column(String(64), comment="上传人(sub)")
    uploaded_by_name: Mapped[str | None] = mapped_column(String(64), comment="上传人姓名")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="上传时间")
