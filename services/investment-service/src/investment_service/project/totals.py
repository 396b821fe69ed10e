"""Monthly milestone counts and signing cohorts per region, kept in step with the projects in every flush.

Each project contributes, while it is live, one to the month of each milestone it has (with its
contracted investment and out-of-province origin on the signing month) and one cohort row per later
milestone (signing month, milestone, milestone month). A flush that adds, steps, edits or deletes a
project adds what it contributes now minus what it contributed before, in the same transaction, as the
fund totals do (`funds/totals.py`). `rebuild()` sums everything again after rows loaded around the ORM.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import chain
from typing import Any

from sqlalchemy import Connection, delete, event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, UOWTransaction

from investment_service.project.models import Project, ProjectCohortTotal, ProjectMonthTotal

ZERO = Decimal(0)
OUT_OF_PROVINCE = "out_of_province"
MILESTONES = ("landed", "started", "in_production")
MONTH_COLUMNS = ("signed", "contracted_wan_yuan", "signed_out_of_province", "landed", "started", "in_production")
FIELDS = (
    "deleted_at",
    "region_path",
    "region_code",
    "signed_on",
    "landed_on",
    "started_on",
    "in_production_on",
    "contracted_investment_wan_yuan",
    "investor_origin",
)

MonthKey = tuple[str, str, date]  # region path, region code, month
CohortKey = tuple[str, str, date, str, date]  # region path, region code, signed month, milestone, its month


@dataclass(slots=True)
class Deltas:
    """Differences to add: per region and month, per column; per cohort row, a count."""

    months: dict[MonthKey, dict[str, Decimal]]
    cohorts: dict[CohortKey, int]

    @classmethod
    def empty(cls) -> Deltas:
        """No differences yet."""
        return cls(defaultdict(lambda: defaultdict(lambda: ZERO)), defaultdict(int))

    def add(self, values: dict[str, Any] | None, sign: int) -> None:
        """Add (sign 1) or take away (sign -1) what a project with these values contributes."""
        if values is None or values["deleted_at"] is not None:
            return
        path, code = values["region_path"], values["region_code"]
        signed_on: date | None = values["signed_on"]
        if signed_on is not None:
            month = self.months[(path, code, _month(signed_on))]
            month["signed"] += sign
            month["contracted_wan_yuan"] += sign * Decimal(values["contracted_investment_wan_yuan"])
            if values["investor_origin"] == OUT_OF_PROVINCE:
                month["signed_out_of_province"] += sign
        for milestone in MILESTONES:
            on: date | None = values[f"{milestone}_on"]
            if on is None:
                continue
            self.months[(path, code, _month(on))][milestone] += sign
            if signed_on is not None:
                self.cohorts[(path, code, _month(signed_on), milestone, _month(on))] += sign


def _month(day: date) -> date:
    return day.replace(day=1)


def _values(obj: Project, *, before: bool) -> dict[str, Any]:
    """The fields a project's contribution depends on, as they were before this flush or as they are."""
    out: dict[str, Any] = {}
    state = inspect(obj)
    for name in FIELDS:
        history = state.attrs[name].history
        if not before or not history.has_changes():
            out[name] = getattr(obj, name)
        elif history.deleted:
            out[name] = history.deleted[0]
        else:
            # Set for the first time since the row was inserted without it: these columns have no defaults,
            # so the row held NULL (an expired attribute is loaded before it changes: `active_history`).
            out[name] = None
    return out


def _upsert(conn: Connection, table: Any, keys: list[str], values: dict[str, Any], columns: Iterable[str]) -> None:
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = insert(table).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c[k] for k in keys],
        set_={c: table.c[c] + stmt.excluded[c] for c in columns},
    )
    conn.execute(stmt)


def _month_rows(deltas: Deltas) -> list[dict[str, Any]]:
    rows = []
    for (path, code, month), columns in sorted(deltas.months.items()):
        if all(v == 0 for v in columns.values()):
            continue
        values: dict[str, Any] = {c: int(columns.get(c, 0)) for c in MONTH_COLUMNS}
        values["contracted_wan_yuan"] = columns.get("contracted_wan_yuan", ZERO)
        rows.append({"region_path": path, "region_code": code, "month": month, **values})
    return rows


def _cohort_rows(deltas: Deltas) -> list[dict[str, Any]]:
    return [
        {
            "region_path": path,
            "region_code": code,
            "signed_month": signed_month,
            "milestone": milestone,
            "milestone_month": milestone_month,
            "projects": n,
        }
        for (path, code, signed_month, milestone, milestone_month), n in sorted(deltas.cohorts.items())
        if n != 0
    ]


def apply(conn: Connection, deltas: Deltas) -> None:
    """Add the differences (upserts, so concurrent writers add up); rows that net to nothing are skipped."""
    for row in _month_rows(deltas):
        _upsert(conn, ProjectMonthTotal.__table__, ["region_path", "month"], row, MONTH_COLUMNS)
    keys = ["region_path", "signed_month", "milestone", "milestone_month"]
    for row in _cohort_rows(deltas):
        _upsert(conn, ProjectCohortTotal.__table__, keys, row, ["projects"])


@event.listens_for(Session, "after_flush")
def _keep_totals(session: Session, _: UOWTransaction) -> None:
    """Apply this flush's project differences (attribute history still shows the state before the flush)."""
    deltas = Deltas.empty()
    touched = False
    for obj in chain(session.new, session.dirty, session.deleted):
        if not isinstance(obj, Project):
            continue
        before = None if obj in session.new else _values(obj, before=True)
        after = None if obj in session.deleted else _values(obj, before=False)
        if before == after:
            continue
        deltas.add(before, -1)
        deltas.add(after, 1)
        touched = True
    if touched:
        apply(session.connection(), deltas)


async def rebuild(session: AsyncSession) -> None:
    """Count every live project again (after rows were loaded around the ORM)."""
    await session.execute(delete(ProjectMonthTotal))
    await session.execute(delete(ProjectCohortTotal))
    deltas = Deltas.empty()
    columns = [getattr(Project, name) for name in FIELDS]
    live = select(*columns).where(Project.deleted_at.is_(None)).execution_options(yield_per=5000)
    result = await session.stream(live)
    async for row in result:
        deltas.add(dict(zip(FIELDS, row, strict=True)), 1)
    # The tables are empty now: plain multi-row inserts.
    for table, rows in ((ProjectMonthTotal, _month_rows(deltas)), (ProjectCohortTotal, _cohort_rows(deltas))):
        for i in range(0, len(rows), 5000):
            await session.execute(table.__table__.insert(), rows[i : i + 5000])
