"""Projects, the steps of their stage machine, and their progress reports."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from investment_service.core import Base
from platform_core.db import BigIntPK, TimestampMixin, UTCDateTime, VersionMixin, utcnow


class Project(TimestampMixin, VersionMixin, Base):
    """An investment project, from negotiation to full capacity.

    The date and round of each milestone are kept on the row as well as in the step history, so the
    indicators count a year of 200k projects from one table without joining the history.
    """

    __tablename__ = "project"
    __table_args__ = (
        Index(
            "ix_project_region_path",
            "region_path",
            postgresql_ops={"region_path": "text_pattern_ops"},
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index("ix_project_updated_at_id", "updated_at", "id"),
        Index("ix_project_signed_on", "signed_on"),
        Index("ix_project_landed_on", "landed_on"),
        Index("ix_project_started_on", "started_on"),
        Index("ix_project_in_production_on", "in_production_on"),
        {"comment": "招商项目"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    code: Mapped[str] = mapped_column(String(32), unique=True, comment="项目编号")
    name: Mapped[str] = mapped_column(String(200), index=True, comment="项目名称")
    investor_name: Mapped[str] = mapped_column(String(200), comment="投资方名称")
    investor_uscc: Mapped[str | None] = mapped_column(String(18), comment="投资方统一社会信用代码(已登记时)")
    investor_origin: Mapped[str] = mapped_column(
        String(24), comment="投资方来源 local 本省 / out_of_province 省外 / foreign 境外(含港澳台)", active_history=True
    )
    investor_province_code: Mapped[str | None] = mapped_column(String(6), comment="省外投资方所在省份代码")
    investor_country_region: Mapped[str | None] = mapped_column(String(64), comment="境外投资方国别或地区")
    industry: Mapped[str | None] = mapped_column(String(64), comment="所属行业")
    industry_chain_code: Mapped[str | None] = mapped_column(String(32), index=True, comment="所属产业链编码")
    category: Mapped[str] = mapped_column(String(32), comment="项目类别(制造业/基础设施/现代服务业/社会事业等)")
    region_code: Mapped[str] = mapped_column(String(12), comment="项目所在行政区划代码", active_history=True)
    region_path: Mapped[str] = mapped_column(String(80), comment="行政区划物化路径", active_history=True)
    contracted_investment_wan_yuan: Mapped[Decimal] = mapped_column(
        Numeric(18, 2), comment="签约投资额(万元)", active_history=True
    )
    stage: Mapped[str] = mapped_column(String(16), index=True, comment="当前阶段")
    stage_before_stall: Mapped[str | None] = mapped_column(String(16), comment="停滞前所处阶段")
    last_step_on: Mapped[date | None] = mapped_column(Date, comment="最近一次阶段变更日期")
    signed_on: Mapped[date | None] = mapped_column(Date, comment="签约日期", active_history=True)
    landed_on: Mapped[date | None] = mapped_column(Date, comment="履约(注册落地)日期", active_history=True)
    started_on: Mapped[date | None] = mapped_column(Date, comment="实质性开工日期", active_history=True)
    in_production_on: Mapped[date | None] = mapped_column(Date, comment="投产(试产)日期", active_history=True)
    at_capacity_on: Mapped[date | None] = mapped_column(Date, comment="达产日期")
    signed_round_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("investment_round.id"), index=True, comment="签约所在批次"
    )
    started_round_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("investment_round.id"), index=True, comment="开工所在批次"
    )
    in_production_round_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("investment_round.id"), index=True, comment="投产所在批次"
    )
    chief_service_officer: Mapped[str | None] = mapped_column(String(64), comment="首席服务官")
    linked_case_ids: Mapped[list[int]] = mapped_column(JSON, default=list, comment="关联诉求ID(case-service)")
    description: Mapped[str | None] = mapped_column(Text, comment="项目简介")
    created_by: Mapped[str | None] = mapped_column(String(64), comment="创建人")
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="删除时间(墓碑)", active_history=True)


class ProjectStageEvent(Base):
    """One step of a project's stage machine: when, on what evidence, listed in which round."""

    __tablename__ = "project_stage_event"
    __table_args__ = (
        Index("ix_project_stage_event_round_id_to_stage", "round_id", "to_stage"),
        {"comment": "项目阶段变更记录"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    project_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("project.id", ondelete="CASCADE"), index=True, comment="项目ID"
    )
    seq: Mapped[int] = mapped_column(Integer, comment="序号(从1开始)")
    from_stage: Mapped[str | None] = mapped_column(String(16), comment="变更前阶段(新建时为空)")
    to_stage: Mapped[str] = mapped_column(String(16), comment="变更后阶段")
    occurred_on: Mapped[date] = mapped_column(Date, comment="发生日期")
    evidence: Mapped[str | None] = mapped_column(Text, comment="佐证材料说明")
    round_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("investment_round.id"), comment="列入的“三个一批”批次"
    )
    recorded_by: Mapped[str] = mapped_column(String(64), comment="登记人(sub)")
    recorded_by_name: Mapped[str | None] = mapped_column(String(64), comment="登记人姓名")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="登记时间")


class ProjectProgress(Base):
    """A progress report on a project (推进情况)."""

    __tablename__ = "project_progress"
    __table_args__ = {"comment": "项目推进情况"}

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    project_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("project.id", ondelete="CASCADE"), index=True, comment="项目ID"
    )
    reported_on: Mapped[date] = mapped_column(Date, comment="报告日期")
    content: Mapped[str] = mapped_column(Text, comment="推进情况")
    problems: Mapped[str | None] = mapped_column(Text, comment="存在问题")
    reported_by: Mapped[str] = mapped_column(String(64), comment="填报人(sub)")
    reported_by_name: Mapped[str | None] = mapped_column(String(64), comment="填报人姓名")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="填报时间")


class ProjectMonthTotal(Base):
    """Milestones of live projects counted per region and month (`project/totals.py` keeps them in step).

    A month-aligned period's signed, landed, started and producing counts, contracted investment and
    out-of-province signings are sums of a few rows per county instead of a scan of every project.
    """

    __tablename__ = "project_month_total"
    __table_args__ = (
        UniqueConstraint("region_path", "month"),
        {"comment": "招商项目按地区、月份汇总的节点数(仅未删除项目)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    region_path: Mapped[str] = mapped_column(String(80), comment="行政区划物化路径")
    region_code: Mapped[str] = mapped_column(String(12), comment="行政区划代码")
    month: Mapped[date] = mapped_column(Date, comment="月份(当月1日)")
    signed: Mapped[int] = mapped_column(Integer, default=0, comment="当月签约项目数")
    contracted_wan_yuan: Mapped[Decimal] = mapped_column(
        Numeric(18, 2), default=Decimal(0), comment="当月签约投资额(万元)"
    )
    signed_out_of_province: Mapped[int] = mapped_column(Integer, default=0, comment="当月签约的省外资金项目数")
    landed: Mapped[int] = mapped_column(Integer, default=0, comment="当月履约落地项目数")
    started: Mapped[int] = mapped_column(Integer, default=0, comment="当月开工项目数")
    in_production: Mapped[int] = mapped_column(Integer, default=0, comment="当月投产项目数")


class ProjectCohortTotal(Base):
    """Live projects counted by signing month and the month they reached a later milestone.

    The rates ask how many of the projects signed in a period had landed (started, produced) by its end:
    for a month-aligned period that is the sum of the rows signed in it with the milestone before its end.
    """

    __tablename__ = "project_cohort_total"
    __table_args__ = (
        UniqueConstraint(
            "region_path", "signed_month", "milestone", "milestone_month", name="uq_project_cohort_total_key"
        ),
        {"comment": "招商项目按签约月份与后续节点月份汇总(履约率、开工率、投产率)"},
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    region_path: Mapped[str] = mapped_column(String(80), comment="行政区划物化路径")
    region_code: Mapped[str] = mapped_column(String(12), comment="行政区划代码")
    signed_month: Mapped[date] = mapped_column(Date, comment="签约月份(当月1日)")
    milestone: Mapped[str] = mapped_column(String(16), comment="节点 landed / started / in_production")
    milestone_month: Mapped[date] = mapped_column(Date, comment="到达该节点的月份(当月1日)")
    projects: Mapped[int] = mapped_column(Integer, default=0, comment="项目数")
