"""The statistics' own table (monthly case tallies) and the indexes they need on the case table."""

from __future__ import annotations

from sqlalchemy import Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import conv

from case_service.case.models import Case
from case_service.core import Base
from platform_core.db import BigIntPK

# Declared here, next to the queries that use them (the case table itself is the case module's); partial
# indexes: the instant stays NULL until the step happens, and those rows never match a period.
RESOLVED_AT = Index("ix_case_record_resolved_at", Case.resolved_at, postgresql_where=text("resolved_at IS NOT NULL"))
RATED_AT = Index("ix_case_record_rated_at", Case.rated_at, postgresql_where=text("rated_at IS NOT NULL"))
CLOSED_AT = Index("ix_case_record_closed_at", Case.closed_at, postgresql_where=text("closed_at IS NOT NULL"))


class CaseTally(Base):
    """Case counts per measure, month, region, source and lead unit, kept in each case change's transaction.

    A row counts the cases whose `measure` has its anchor instant (registration, assignment, resolution,
    rating or close) in `month` and its second instant (e.g. the resolution of a registered case, the
    signature or sign deadline of an assigned one) in `second_month`; a month-aligned period's flow counts
    are sums over rows with `month` in the period and `second_month` before its cut-off.
    """

    __tablename__ = "case_tally"
    __table_args__ = (
        UniqueConstraint(
            "measure",
            "month",
            "second_month",
            "region_code",
            "source",
            "lead_unit_id",
            "lead_unit_name",
            name=conv("uq_case_tally_key"),
        ),
        Index(
            "ix_case_tally_region_path_month",
            "region_path",
            "month",
            postgresql_ops={"region_path": "text_pattern_ops"},
        ),
        {"comment": "诉求统计汇总(按月、区划、来源、牵头单位)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    measure: Mapped[str] = mapped_column(String(20), comment="指标，如 received/done/assigned/sign_due")
    month: Mapped[int] = mapped_column(Integer, comment="锚定时刻所在月(北京时间)：年*12+月-1")
    second_month: Mapped[int] = mapped_column(Integer, comment="第二时刻所在月(北京时间)，无第二时刻时同锚定月")
    region_code: Mapped[str] = mapped_column(String(12), comment="行政区划代码")
    region_path: Mapped[str] = mapped_column(String(80), comment="行政区划物化路径")
    source: Mapped[str] = mapped_column(String(16), comment="来源")
    lead_unit_id: Mapped[int] = mapped_column(Integer, comment="牵头单位ID，未交办为0")
    lead_unit_name: Mapped[str] = mapped_column(String(100), comment="牵头单位名称(交办时快照)，未交办为空串")
    n: Mapped[int] = mapped_column(Integer, default=0, comment="件数")


# Current-period statistics re-read the cases active since the cut-off month began.
HORIZON = Index(
    "ix_case_record_region_path_stats_horizon",
    Case.region_path,
    Case.stats_horizon,
    postgresql_ops={"region_path": "text_pattern_ops"},
)
