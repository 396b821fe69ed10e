"""Links between cases: related (关联), a repeat of another (重复), or a part split from a submission (拆分)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, UTCDateTime


class LinkKind(StrEnum):
    """How a case relates to another."""

    RELATED = "related"  # 关联: same matter seen from another side, both handled
    DUPLICATE = "duplicate"  # 重复: the case repeats the other (counted in 重复诉求率)
    SPLIT = "split"  # 拆分: the case is a part split from the other's submission


class CaseLink(Base):
    """A link recorded on `case_id` pointing at `other_case_id` (a repeat points at the earlier case; a part at the
    submission it was split from)."""

    __tablename__ = "case_link"
    __table_args__ = (
        UniqueConstraint("case_id", "other_case_id", "kind"),
        Index("ix_case_link_other_case_id", "other_case_id"),
        {"comment": "诉求关联(关联、重复、拆分)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    case_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("case_record.id", ondelete="CASCADE"), index=True, comment="诉求ID"
    )
    other_case_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("case_record.id", ondelete="CASCADE"), comment="关联的诉求ID"
    )
    kind: Mapped[str] = mapped_column(String(16), comment="类型 related关联/duplicate重复/split拆分")
    similarity: Mapped[float | None] = mapped_column(Float, comment="登记时的文本相似度(0-1)")
    note: Mapped[str | None] = mapped_column(String(500), comment="说明")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="关联时间")
    created_by: Mapped[str] = mapped_column(String(64), comment="关联人(sub)")
