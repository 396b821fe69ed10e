"""Industry chains: an editable dictionary projects are classified by."""

from __future__ import annotations

from sqlalchemy import Boolean, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from investment_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, VersionMixin


class IndustryChain(TimestampMixin, VersionMixin, Base):
    """One industry chain (产业链), flagged when it is one of the leading industries.

    Kept per level: the province's defaults (owned by the province) and each city's additions (owned by the city).
    A code is unique across the province (projects refer to it); a name is unique within its owner's level.
    """

    __tablename__ = "industry_chain"
    __table_args__ = (
        UniqueConstraint("region_code", "name"),
        Index("ix_industry_chain_region_path", "region_path", postgresql_ops={"region_path": "text_pattern_ops"}),
        {"comment": "产业链字典"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    code: Mapped[str] = mapped_column(String(32), unique=True, comment="产业链编码")
    name: Mapped[str] = mapped_column(String(64), comment="产业链名称")
    industry: Mapped[str | None] = mapped_column(String(64), comment="所属产业")
    is_leading: Mapped[bool] = mapped_column(Boolean, default=False, comment="是否主导产业(如“1+1”主导产业)")
    sort_order: Mapped[int] = mapped_column(Integer, default=0, comment="排序号(小在前)")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, comment="是否启用(停用后不可用于新项目)")
    region_code: Mapped[str] = mapped_column(String(12), comment="所属层级行政区划代码(省级默认或市级增设)")
    region_path: Mapped[str] = mapped_column(String(80), comment="所属层级行政区划物化路径")
