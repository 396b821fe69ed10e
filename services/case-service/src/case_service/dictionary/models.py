"""Case categories: a small, editable dictionary the case form and the reports group by, kept per level."""

from __future__ import annotations

from sqlalchemy import Boolean, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, VersionMixin


class CaseCategory(TimestampMixin, VersionMixin, Base):
    """One category of enterprise problems (诉求分类): a province default or a city's (county's) addition."""

    __tablename__ = "case_category"
    __table_args__ = (
        Index("ix_case_category_region_path", "region_path", postgresql_ops={"region_path": "text_pattern_ops"}),
        {"comment": "诉求分类字典"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    # The code stays unique across levels: cases, routing rules and knowledge entries refer to it alone.
    code: Mapped[str] = mapped_column(String(32), unique=True, comment="分类编码")
    name: Mapped[str] = mapped_column(String(64), comment="分类名称")
    sort_order: Mapped[int] = mapped_column(Integer, default=0, comment="排序号(小在前)")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, comment="是否启用(停用后不可用于新诉求)")
    region_code: Mapped[str] = mapped_column(String(12), comment="所属层级的行政区划代码(410000 为省级默认)")
    region_path: Mapped[str] = mapped_column(String(80), comment="所属层级物化路径，如 /410000/411300/")
