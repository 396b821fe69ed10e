"""The enterprise directory (一企一档 anchor): one row per enterprise, keyed across services by USCC."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, UTCDateTime, VersionMixin


class Enterprise(TimestampMixin, VersionMixin, Base):
    """An enterprise served by the campaign."""

    __tablename__ = "enterprise"
    __table_args__ = (
        # Live rows only: list and count queries always exclude tombstones.
        Index(
            "ix_enterprise_region_path",
            "region_path",
            postgresql_ops={"region_path": "text_pattern_ops"},
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index("ix_enterprise_updated_at_id", "updated_at", "id"),
        Index("ix_enterprise_region_code_updated_at", "region_code", "updated_at"),
        {"comment": "企业名录"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    uscc: Mapped[str] = mapped_column(String(18), unique=True, comment="统一社会信用代码")
    name: Mapped[str] = mapped_column(String(200), index=True, comment="企业名称")
    region_code: Mapped[str] = mapped_column(String(12), comment="所属行政区划代码(GB/T 2260)")
    region_path: Mapped[str] = mapped_column(String(80), comment="行政区划物化路径，如 /410000/411500/411522/")
    industry: Mapped[str | None] = mapped_column(String(64), index=True, comment="所属行业")
    size: Mapped[str | None] = mapped_column(String(16), comment="企业规模 large/medium/small/micro")
    enterprise_type: Mapped[str | None] = mapped_column(
        String(16), comment="企业类型 state_owned/collective/private/foreign/hk_mo_tw/individual/other"
    )
    is_key: Mapped[bool] = mapped_column(Boolean, default=False, index=True, comment="是否重点企业")
    contact_person: Mapped[str | None] = mapped_column(String(64), comment="联系人")
    contact_phone: Mapped[str | None] = mapped_column(String(32), comment="联系电话(个人信息，按权限脱敏)")
    address: Mapped[str | None] = mapped_column(String(255), comment="地址")
    created_by: Mapped[str | None] = mapped_column(String(64), comment="创建人")
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="删除时间(墓碑)")
