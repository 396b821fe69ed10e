"""Officials seconded to the campaign (抽调人员): to the task force, the coordination group or elsewhere."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, VersionMixin


class CampaignStaff(TimestampMixin, VersionMixin, Base):
    """One official's secondment to the campaign of a region."""

    __tablename__ = "campaign_staff"
    __table_args__ = (
        Index(
            "ix_campaign_staff_region_path",
            "region_path",
            postgresql_ops={"region_path": "text_pattern_ops"},
        ),
        {"comment": "活动抽调人员(活动专班/市协调组等)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    name: Mapped[str] = mapped_column(String(64), comment="姓名")
    position: Mapped[str | None] = mapped_column(String(64), comment="职务")
    unit_id: Mapped[int | None] = mapped_column(BigInteger, comment="派出单位ID")
    unit_name: Mapped[str] = mapped_column(String(128), comment="派出单位名称")
    group: Mapped[str] = mapped_column(
        String(32), index=True, comment="去向 task_force 活动专班 / coordination_group 市协调组 / other 其他"
    )
    group_name: Mapped[str | None] = mapped_column(String(64), comment="去向名称(其他去向时填写)")
    from_date: Mapped[date] = mapped_column(Date, comment="抽调开始日期")
    to_date: Mapped[date | None] = mapped_column(Date, comment="抽调结束日期(含；为空表示至今)")
    region_code: Mapped[str] = mapped_column(String(12), comment="活动所在行政区划代码(抽调到哪一级活动)")
    region_path: Mapped[str] = mapped_column(String(80), comment="行政区划物化路径")
    note: Mapped[str | None] = mapped_column(String(500), comment="备注")
    created_by: Mapped[str | None] = mapped_column(String(64), comment="创建人")
