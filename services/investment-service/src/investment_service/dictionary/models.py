"""Industry chains: an editable dictionary projects are classified by."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from investment_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, VersionMixin


class IndustryChain(TimestampMixin, VersionMixin, Base):
    """One industry chain (产业链), flagged when it is one of the city's leading industries."""

    __tablename__ = "industry_chain"
    __table_args__ = {"comment": "产业链字典"}

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    code: Mapped[str] = mapped_column(String(32), unique=True, comment="产业链编码")
    name: Mapped[str] = mapped_column(String(64), comment="产业链名称")
    industry: Mapped[str | None] = mapped_column(String(64), comment="所属产业")
    is_leading: Mapped[bool] = mapped_column(Boolean, default=False, comment="是否主导产业(如“1+1”主导产业)")
    sort_order: Mapped[int] = mapped_column(Integer, default=0, comment="排序号(小在前)")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, comment="是否启用(停用后不可用于新项目)")
