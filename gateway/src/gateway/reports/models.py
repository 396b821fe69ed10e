"""The report's editable text, one row per period and region (schema `iam`, the gateway's own)."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.iam.models import Base
from platform_core.db import TimestampMixin, VersionMixin


class ReportText(TimestampMixin, VersionMixin, Base):
    """The text around the figures of one report (a template with `{{figure}}` placeholders)."""

    __tablename__ = "report_text"
    __table_args__ = (
        UniqueConstraint("period", "region_code"),
        {"comment": "工作报告文稿(每个期间、区域一份，图表以占位符引用)"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True, comment="主键")
    period: Mapped[str] = mapped_column(String(32), comment="报告期间(规范写法)，如 2021、2021-Q3")
    region_code: Mapped[str] = mapped_column(String(12), index=True, comment="报告区域代码")
    text: Mapped[str] = mapped_column(Text, comment="报告正文模板，{{键}} 为图表占位符")
    updated_by: Mapped[str | None] = mapped_column(String(64), comment="最后编辑人")
