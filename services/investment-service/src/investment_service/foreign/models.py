"""Foreign-invested enterprises, visits to them, and actual foreign capital figures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from investment_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, UTCDateTime, VersionMixin, utcnow


class ForeignEnterprise(TimestampMixin, VersionMixin, Base):
    """A foreign-invested enterprise (外资企业; investors from Hong Kong, Macao and Taiwan count as foreign)."""

    __tablename__ = "foreign_enterprise"
    __table_args__ = (
        Index(
            "ix_foreign_enterprise_region_path",
            "region_path",
            postgresql_ops={"region_path": "text_pattern_ops"},
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index("ix_foreign_enterprise_updated_at_id", "updated_at", "id"),
        Index("ix_foreign_enterprise_established_on", "established_on"),
        {"comment": "外商投资企业"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    uscc: Mapped[str] = mapped_column(String(18), unique=True, comment="统一社会信用代码")
    name: Mapped[str] = mapped_column(String(200), index=True, comment="企业名称")
    investor_country_region: Mapped[str] = mapped_column(String(64), comment="投资方国别或地区(含港澳台)")
    region_code: Mapped[str] = mapped_column(String(12), comment="所在行政区划代码")
    region_path: Mapped[str] = mapped_column(String(80), comment="行政区划物化路径")
    established_on: Mapped[date] = mapped_column(Date, comment="设立日期(新设外资企业按此统计)")
    registered_capital_wan_usd: Mapped[Decimal | None] = mapped_column(Numeric(18, 2), comment="注册资本(万美元)")
    industry: Mapped[str | None] = mapped_column(String(64), comment="所属行业")
    is_white_listed: Mapped[bool] = mapped_column(Boolean, default=False, index=True, comment="是否列入白名单")
    white_listed_on: Mapped[date | None] = mapped_column(Date, comment="列入白名单日期")
    chief_service_officer: Mapped[str | None] = mapped_column(String(64), comment="首席服务官")
    created_by: Mapped[str | None] = mapped_column(String(64), comment="创建人")
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="删除时间(墓碑)")


class ForeignVisit(Base):
    """A visit to a foreign-invested enterprise (e.g. the “千家外企大走访” campaign)."""

    __tablename__ = "foreign_enterprise_visit"
    __table_args__ = {"comment": "外资企业走访记录"}

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    enterprise_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("foreign_enterprise.id", ondelete="CASCADE"), index=True, comment="外资企业ID"
    )
    visited_on: Mapped[date] = mapped_column(Date, comment="走访日期")
    visitors: Mapped[list[str]] = mapped_column(JSON, default=list, comment="走访人员姓名")
    campaign: Mapped[str | None] = mapped_column(String(64), comment="所属走访活动")
    notes: Mapped[str | None] = mapped_column(Text, comment="走访情况")
    recorded_by: Mapped[str] = mapped_column(String(64), comment="登记人(sub)")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="登记时间")


class ForeignCapital(TimestampMixin, VersionMixin, Base):
    """Actual foreign capital of a month in a region, in one caliber (figures of two calibers never add up)."""

    __tablename__ = "foreign_capital"
    __table_args__ = (
        Index("ix_foreign_capital_caliber_month", "caliber", "month"),
        Index(
            "ix_foreign_capital_region_path",
            "region_path",
            postgresql_ops={"region_path": "text_pattern_ops"},
            postgresql_where=text("deleted_at IS NULL"),
        ),
        {"comment": "实际吸收外资(按月、分口径)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    region_code: Mapped[str] = mapped_column(String(12), comment="行政区划代码")
    region_path: Mapped[str] = mapped_column(String(80), comment="行政区划物化路径")
    month: Mapped[date] = mapped_column(Date, comment="所属月份(当月1日)")
    caliber: Mapped[str] = mapped_column(String(16), comment="统计口径 local 省定口径 / mofcom 商务部口径")
    amount_wan_usd: Mapped[Decimal] = mapped_column(Numeric(18, 2), comment="实际吸收外资(万美元)")
    enterprise_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("foreign_enterprise.id"), index=True, comment="外资企业ID(可空)"
    )
    note: Mapped[str | None] = mapped_column(String(500), comment="备注")
    created_by: Mapped[str | None] = mapped_column(String(64), comment="创建人")
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="删除时间")
