"""A saved filter of the case list (我的视图)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from case_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, VersionMixin


class CaseView(TimestampMixin, VersionMixin, Base):
    """A user's named filter of the case list; shared with a role, its holders may apply it too."""

    __tablename__ = "case_saved_view"
    __table_args__ = (
        UniqueConstraint("owner", "name"),
        Index("ix_case_saved_view_shared_role", "shared_role"),
        {"comment": "诉求列表保存的视图(我的视图)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    owner: Mapped[str] = mapped_column(String(64), index=True, comment="创建人(sub)")
    owner_name: Mapped[str | None] = mapped_column(String(64), comment="创建人姓名")
    name: Mapped[str] = mapped_column(String(50), comment="视图名称")
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, comment="筛选条件(与诉求列表的查询参数同名)")
    shared_role: Mapped[str | None] = mapped_column(String(32), comment="共享给的角色编码(空为仅自己可见)")
    region_code: Mapped[str | None] = mapped_column(String(12), comment="创建人所在行政区划(审计用)")
