"""The routing catalogue's rules and the record of which rule proposed each assignment."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, UTCDateTime
from platform_core.records import RegionRecord, record_indexes


class RoutingRule(RegionRecord, Base):
    """A rule of the city's routing catalogue: which units handle a category of problem in a region."""

    __tablename__ = "routing_rule"
    __table_args__ = (*record_indexes("routing_rule"), {"comment": "交办规则目录"})

    name: Mapped[str] = mapped_column(String(100), comment="规则名称")
    category_code: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("case_category.code"), index=True, comment="诉求分类编码(空为不限)"
    )
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list, comment="关键词(命中任一即适用；空为不限)")
    lead_unit_id: Mapped[int] = mapped_column(Integer, comment="建议牵头单位ID(网关单位)")
    lead_unit_name: Mapped[str | None] = mapped_column(String(100), comment="建议牵头单位名称")
    co_units: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, comment="建议配合单位[{unit_id, unit_name}]"
    )
    duty_basis: Mapped[str] = mapped_column(Text, comment="单位职责依据(三定方案等职责条文)")
    priority: Mapped[int] = mapped_column(Integer, default=0, comment="优先级(同分时高者在前)")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, comment="是否启用")


class CaseRouting(Base):
    """One assignment made from a rule's proposal: whether the officer took it as proposed, and whether the
    lead unit returned the case (退单)."""

    __tablename__ = "case_routing"
    __table_args__ = (
        Index("ix_case_routing_rule_id_assigned_at", "rule_id", "assigned_at"),
        {"comment": "诉求交办建议采纳记录"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    case_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("case_record.id", ondelete="CASCADE"), index=True, comment="诉求ID"
    )
    rule_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("routing_rule.id"), comment="提出建议的规则ID")
    proposed_lead_unit_id: Mapped[int] = mapped_column(Integer, comment="建议牵头单位ID")
    lead_unit_id: Mapped[int] = mapped_column(Integer, comment="实际牵头单位ID")
    accepted: Mapped[bool] = mapped_column(Boolean, comment="是否按建议交办(牵头与配合单位均一致)")
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="交办时间")
    assigned_by: Mapped[str] = mapped_column(String(64), comment="交办人(sub)")
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="退单(同意退回)时间")
