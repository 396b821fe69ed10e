"""The statistics' own table (monthly case tallies) and the indexes they need on the case table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Index, Integer, String, UniqueConstraint, func, literal_column, text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import conv

from case_service.case.models import Case, CaseAction, CaseEvent, CaseState
from case_service.core import Base
from platform_core.db import BigIntPK

# Declared here, next to the queries that use them (the case table itself is the case module's); partial
# indexes: the instant stays NULL until the step happens, and those rows never match a period.
RESOLVED_AT = Index("ix_case_record_resolved_at", Case.resolved_at, postgresql_where=text("resolved_at IS NOT NULL"))
RATED_AT = Index("ix_case_record_rated_at", Case.rated_at, postgresql_where=text("rated_at IS NOT NULL"))
CLOSED_AT = Index("ix_case_record_closed_at", Case.closed_at, postgresql_where=text("closed_at IS NOT NULL"))


class TallyRow:
    """What every tally row holds (the monthly tallies and their two roll-ups alike): its region, its source and the
    fourteen counts."""

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    region_code: Mapped[str] = mapped_column(String(12), comment="行政区划代码")
    region_path: Mapped[str] = mapped_column(String(80), comment="行政区划物化路径")
    source: Mapped[str] = mapped_column(String(16), comment="来源")
    received: Mapped[int] = mapped_column(Integer, default=0, comment="登记数(锚定：登记)")
    done: Mapped[int] = mapped_column(Integer, default=0, comment="已办结数(锚定：登记；第二：办结)")
    rejected: Mapped[int] = mapped_column(Integer, default=0, comment="不予受理数(锚定：登记；第二：关闭)")
    merged: Mapped[int] = mapped_column(Integer, default=0, comment="合并办理数(锚定：登记；第二：关闭)")
    assigned: Mapped[int] = mapped_column(Integer, default=0, comment="交办数(锚定：交办)")
    sign_due: Mapped[int] = mapped_column(Integer, default=0, comment="签收期限已到或已签收数(第二：两者较早者)")
    signed_in_time: Mapped[int] = mapped_column(Integer, default=0, comment="按期签收数(第二：签收)")
    feedback_due: Mapped[int] = mapped_column(Integer, default=0, comment="反馈期限已到或已反馈数(第二：较早者)")
    feedback_in_time: Mapped[int] = mapped_column(Integer, default=0, comment="按期首次反馈数(第二：首次反馈)")
    resolved: Mapped[int] = mapped_column(Integer, default=0, comment="办结数(锚定：办结)")
    on_time: Mapped[int] = mapped_column(Integer, default=0, comment="按期办结数(锚定：办结)")
    rated: Mapped[int] = mapped_column(Integer, default=0, comment="回访评价数(锚定：评价)")
    satisfied: Mapped[int] = mapped_column(Integer, default=0, comment="满意及基本满意数(锚定：评价)")
    closed: Mapped[int] = mapped_column(Integer, default=0, comment="销号数(锚定：关闭)")


class LeadUnit:
    """The lead unit a tally row counts for."""

    lead_unit_id: Mapped[int] = mapped_column(Integer, comment="牵头单位ID，未交办为0")
    lead_unit_name: Mapped[str] = mapped_column(String(100), comment="牵头单位名称(交办时快照)，未交办为空串")


class CaseTally(TallyRow, LeadUnit, Base):
    """Case counts per month pair, region, source and lead unit, kept in each case change's transaction.

    A count in a row counts the cases whose anchor instant of that count (registration, assignment, resolution,
    rating or close) lies in `month` and whose second instant (the resolution or close of a registered case, the
    signature or sign deadline of an assigned one, ...) lies in `second_month`; counts with no second instant
    sit in rows with `second_month` equal to `month`. A month-aligned period's flow counts are sums over the
    rows with `month` in the period and `second_month` before the cut-off month.
    """

    __tablename__ = "case_tally"
    __table_args__ = (
        UniqueConstraint(
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

    month: Mapped[int] = mapped_column(Integer, comment="锚定时刻所在月(北京时间)：年*12+月-1")
    second_month: Mapped[int] = mapped_column(Integer, comment="第二时刻所在月(北京时间)，无第二时刻的计数同锚定月")


# A calendar year's statistics read the year's own roll-ups: its months' tallies summed over every month pair whose
# second instant lies in the year too (a province's year at 1M cases is some 10,000 rows by unit instead of
# 111,000 by month pair, and as many by month and region, without the unit, for its trend).
class CaseYearTally(TallyRow, LeadUnit, Base):
    """The monthly tallies of one year by region, source and lead unit, counting what is complete within the year."""

    __tablename__ = "case_tally_year"
    __table_args__ = (
        UniqueConstraint(
            "year", "region_code", "source", "lead_unit_id", "lead_unit_name", name=conv("uq_case_tally_year_key")
        ),
        {"comment": "诉求年度统计汇总(按年、区划、来源、牵头单位；第二时刻在当年内的计数)"},
    )

    year: Mapped[int] = mapped_column(Integer, comment="锚定时刻所在年(北京时间)")


class CaseMonthTally(TallyRow, Base):
    """The monthly tallies by anchor month, region and source, counting what is complete within the anchor's year
    (a calendar year's trend)."""

    __tablename__ = "case_tally_month"
    __table_args__ = (
        UniqueConstraint("month", "region_code", "source", name=conv("uq_case_tally_month_key")),
        {"comment": "诉求月度趋势汇总(按锚定月、区划、来源；第二时刻在锚定月当年内的计数)"},
    )

    month: Mapped[int] = mapped_column(Integer, comment="锚定时刻所在月(北京时间)：年*12+月-1")


#: The counts a tally row holds, in the order of `stats.service.Tally`.
COUNTS: tuple[str, ...] = (
    "received", "done", "rejected", "merged", "assigned", "sign_due", "signed_in_time", "feedback_due",
    "feedback_in_time", "resolved", "on_time", "rated", "satisfied", "closed",
)  # fmt: skip


# Current-period statistics re-read the cases with an instant still to come (a horizon from now on): few, so the
# horizon leads. Led by the region path, a province's read walked every case's entry (10,800 pages, 103 ms at 1M).
HORIZON = Index(
    "ix_case_record_stats_horizon_region_path",
    Case.stats_horizon,
    Case.region_path,
    postgresql_ops={"region_path": "text_pattern_ops"},
)


def open_span() -> ColumnElement[Any]:
    """The instants a case is open, [registered, resolved or closed] (PostgreSQL `tstzrange`, unbounded when open)."""
    done = func.coalesce(func.least(Case.resolved_at, Case.closed_at), literal_column("'infinity'::timestamptz"))
    # `greatest` keeps a range valid even for a case resolved before its registration was recorded.
    return func.tstzrange(Case.created_at, func.greatest(Case.created_at, done), literal_column("'[]'"))


#: States of a case still being handled (not resolved, visited or closed).
OPEN_STATES: list[str] = sorted(
    s.value for s in CaseState if s not in (CaseState.RESOLVED, CaseState.VISITED, CaseState.CLOSED)
)

# The statistics' snapshot reads the cases open at an instant in two parts, each with its index: those still open
# (by region), and those resolved or closed since (by the span they were open, without reading every case
# resolved since the instant).
#: The case columns the grouped snapshot reads of an open case (`levels.level_at` and the groups).
SNAPSHOT_COLUMNS: tuple[str, ...] = (
    "id", "region_code", "lead_unit_id", "lead_unit_name", "source", "state", "created_at", "assigned_at",
    "escalated_at", "result_submitted_at", "paused_at", "paused_seconds", "resolve_due", "signed_at", "sign_due",
    "first_feedback_at", "first_feedback_due", "resolved_at", "closed_at",
)  # fmt: skip
# On PostgreSQL the open cases' index carries those columns: the snapshot reads the index alone (an index-only
# scan: a province's 13,000 open cases at 1M came from 12,000 heap pages, 71 ms, and now from 800 index pages,
# 22 ms). The pages of cases changed since the last vacuum are still read from the table, so the migration asks
# autovacuum to come more often to the case table.
OPEN_BY_REGION = Index(
    "ix_case_record_open_region_path",
    Case.region_path,
    postgresql_ops={"region_path": "text_pattern_ops"},
    postgresql_where=Case.state.in_(OPEN_STATES),
    postgresql_include=list(SNAPSHOT_COLUMNS),
    sqlite_where=Case.state.in_(OPEN_STATES),
)
#: Length of a city's region path ("/410000/411500/"): GB/T 2260 codes are six digits.
CITY_PATH_LENGTH = 15


def city_of_path() -> ColumnElement[str]:
    """The city part of a case's region path (the province's own path for a case placed at the province)."""
    return func.substr(Case.region_path, 1, CITY_PATH_LENGTH)


# The cases done since a cut-off that were open at it, found by city and span (`btree_gist` lets the city lead a GiST
# index): a city's 1,561 at the end of 2025 at 5M cases were found among the province's 21,635 (37 ms), and are
# now found directly (6 ms); the province reads the span alone, a little slower than from a span-only index.
DONE_SPAN = Index(
    "ix_case_record_done_city_open_span",
    city_of_path(),
    open_span(),
    postgresql_using="gist",
    postgresql_where=Case.state.not_in(OPEN_STATES),
).ddl_if(dialect="postgresql")
# The statistics count the 催办 of a period: a timeline holds some ten entries a case, few of them reminders.
URGED = Index(
    "ix_case_event_urged_at",
    CaseEvent.occurred_at,
    postgresql_where=CaseEvent.action == CaseAction.URGE.value,
    sqlite_where=CaseEvent.action == CaseAction.URGE.value,
)
