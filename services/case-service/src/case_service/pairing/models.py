"""包联: a leader or cadre paired with an enterprise for a period, as 包联领导, 首席服务官 or 服务专员."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, UTCDateTime, VersionMixin


class Pairing(TimestampMixin, VersionMixin, Base):
    """One person paired with one enterprise."""

    __tablename__ = "pairing"
    __table_args__ = (
        Index("ix_pairing_updated_at_id", "updated_at", "id"),
        Index("ix_pairing_user_id_kind", "user_id", "kind"),
        {"comment": "包联关系(领导/首席服务官/服务专员包联企业)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    user_id: Mapped[int | None] = mapped_column(BigInteger, comment="包联人在统一身份中的用户ID(无账号的干部为空)")
    person_name: Mapped[str] = mapped_column(String(64), comment="包联人姓名(快照)")
    person_title: Mapped[str | None] = mapped_column(String(64), comment="包联人职务，如 副局长")
    unit_id: Mapped[int | None] = mapped_column(BigInteger, index=True, comment="包联人所在单位ID")
    unit_name: Mapped[str | None] = mapped_column(String(128), comment="包联人所在单位名称(快照)")
    enterprise_uscc: Mapped[str] = mapped_column(String(18), index=True, comment="包联企业统一社会信用代码")
    kind: Mapped[str] = mapped_column(
        String(32),
        comment="包联类型 leader 包联领导 / chief_service_officer 首席服务官 / service_commissioner 服务专员",
    )
    start_date: Mapped[date] = mapped_column(Date, comment="包联开始日期")
    end_date: Mapped[date | None] = mapped_column(Date, comment="包联结束日期(含；为空表示至今)")
    note: Mapped[str | None] = mapped_column(String(500), comment="备注")
    created_by: Mapped[str | None] = mapped_column(String(64), comment="创建人")
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="删除时间(墓碑)")
