"""A revisit link (回访链接) sent to the enterprise's contact when a case is resolved."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, UTCDateTime


class RevisitLink(Base):
    """One link: only the SHA-256 of its random token is stored, so the table cannot be turned into links."""

    __tablename__ = "revisit_link"
    __table_args__ = {"comment": "回访评价短信链接"}

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    case_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("case_record.id"), index=True, comment="诉求ID")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, comment="令牌的SHA-256(十六进制)")
    phone_masked: Mapped[str | None] = mapped_column(String(32), comment="接收手机号(脱敏)")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="签发时间")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="失效时间")
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="使用时间(或被新链接取代的时间)")
    used_ip: Mapped[str | None] = mapped_column(String(64), comment="使用者地址(被取代时为空)")
