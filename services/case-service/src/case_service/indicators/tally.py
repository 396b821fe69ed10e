"""Monthly case tallies: what each case adds to the flow counts, kept in every change's transaction, rebuilt on demand.

`python -m case_service.indicators.tally` rebuilds the tallies, their yearly and monthly roll-ups (and every case's
statistics horizon) from the cases.
"""

# Every flow count of the statistics is "cases whose anchor instant lies in the period and whose second instant
# lies before the cut-off" (a received case resolved or closed by then, an assigned one signed or past its sign
# deadline by then, ...). A tally row counts cases by the months of both instants, so a period that starts and
# ends on month boundaries is a sum over rows: `month` in the period, `second_month` before the cut-off month.
#
# A period not yet over is cut off now, inside a month. The tallies of that month count what has happened in it so
# far, which is what the statistics count up to now for every case whose instants all lie before now; the few
# others (a sign or feedback deadline still to come: their `stats_horizon` is after now) are re-read and their
# tallied counts replaced (see `stats.service._late_instants`).
#
# The tallies change in a `before_flush` hook: for every case written, the counts of its previous values are
# taken off and those of its new values added, as upserts in the same transaction, so they are never stale and a
# rollback takes them back with the change.

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger,
    Connection,
    DateTime,
    Table,
    bindparam,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, UOWTransaction

from case_service.case.models import Case, ClosedReason, Satisfaction
from case_service.indicators.models import COUNTS, CaseMonthTally, CaseTally, CaseYearTally
from platform_core.db import utcnow
from platform_core.periods import SHANGHAI

SATISFIED = frozenset({Satisfaction.SATISFIED.value, Satisfaction.BASICALLY_SATISFIED.value})
#: Close reasons that take a registered case out of the 办结率 (each tallied under its own name).
EXCLUDED = frozenset({ClosedReason.REJECTED.value, ClosedReason.MERGED.value})

#: The case columns a tally depends on.
TALLIED: tuple[str, ...] = (
    "source",
    "region_code",
    "region_path",
    "lead_unit_id",
    "lead_unit_name",
    "created_at",
    "assigned_at",
    "sign_due",
    "signed_at",
    "first_feedback_due",
    "first_feedback_at",
    "resolve_due",
    "result_submitted_at",
    "resolved_at",
    "rated_at",
    "satisfaction",
    "closed_at",
    "closed_reason",
)
_KEY_COLUMNS = ("month", "second_month", "region_code", "source", "lead_unit_id", "lead_unit_name")
_YEAR_KEY_COLUMNS = ("year", "region_code", "source", "lead_unit_id", "lead_unit_name")
_MONTH_KEY_COLUMNS = ("month", "region_code", "source")


@dataclass(frozen=True, slots=True, order=True)
class TallyKey:
    """One tally row's identity (the region path goes with the region code)."""

    month: int
    second_month: int
    region_code: str
    source: str
    lead_unit_id: int  # 0: not assigned
    lead_unit_name: str  # "": not assigned
    region_path: str


@dataclass(frozen=True, slots=True, order=True)
class YearKey:
    """One yearly roll-up row's identity (`CaseYearTally`)."""

    year: int
    region_code: str
    source: str
    lead_unit_id: int
    lead_unit_name: str
    region_path: str


@dataclass(frozen=True, slots=True, order=True)
class MonthKey:
    """One trend roll-up row's identity (`CaseMonthTally`)."""

    month: int
    region_code: str
    source: str
    region_path: str


#: A tally row's counts by name (only those that are not 0).
Counts = Counter[str]
K = TypeVar("K")


def month_of(moment: datetime) -> int:
    """The Asia/Shanghai month of an instant as one number (year * 12 + month - 1)."""
    local = moment.astimezone(SHANGHAI)
    return local.year * 12 + local.month - 1


def _earliest(*values: datetime | None) -> datetime | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def instants(v: Mapping[str, Any]) -> list[tuple[str, datetime, datetime]]:
    """(measure, anchor, second) of every count the case adds to, as `stats.service._families` defines them."""
    out: list[tuple[str, datetime, datetime]] = []
    created = v["created_at"]
    if created is not None:
        out.append(("received", created, created))
        # 办结率 counts resolutions of the registered cases; a rejection or a merge is a count of its own and
        # leaves the case out of both sides of the rate (domain.md §4).
        if v["resolved_at"] is not None:
            out.append(("done", created, v["resolved_at"]))
        elif v["closed_at"] is not None and v["closed_reason"] in EXCLUDED:
            out.append((v["closed_reason"], created, v["closed_at"]))
    assigned = v["assigned_at"]
    if assigned is not None:
        out.append(("assigned", assigned, assigned))
        sign_due, signed = v["sign_due"], v["signed_at"]
        reached = _earliest(sign_due, signed)
        if reached is not None:
            out.append(("sign_due", assigned, reached))
        if signed is not None and sign_due is not None and signed <= sign_due:
            out.append(("signed_in_time", assigned, signed))
        feedback_due, fed = v["first_feedback_due"], v["first_feedback_at"]
        reached = _earliest(feedback_due, fed)
        if reached is not None:
            out.append(("feedback_due", assigned, reached))
        if fed is not None and feedback_due is not None and fed <= feedback_due:
            out.append(("feedback_in_time", assigned, fed))
    resolved = v["resolved_at"]
    if resolved is not None:
        out.append(("resolved", resolved, resolved))
        # The clock stops when the result is submitted, as in the statistics.
        reach = v["result_submitted_at"] or resolved
        if v["resolve_due"] is None or reach <= v["resolve_due"]:
            out.append(("on_time", resolved, resolved))
    rated = v["rated_at"]
    if rated is not None:
        out.append(("rated", rated, rated))
        if v["satisfaction"] in SATISFIED:
            out.append(("satisfied", rated, rated))
    closed = v["closed_at"]
    if closed is not None:
        out.append(("closed", closed, closed))
    return out


def contributions(v: Mapping[str, Any]) -> dict[TallyKey, Counts]:
    """The counts one case adds 1 to, by tally row."""
    out: dict[TallyKey, Counts] = {}
    for measure, anchor, second in instants(v):
        key = TallyKey(
            month=month_of(anchor),
            second_month=month_of(second),
            region_code=v["region_code"],
            source=v["source"],
            lead_unit_id=v["lead_unit_id"] or 0,
            lead_unit_name=v["lead_unit_name"] or "",
            region_path=v["region_path"],
        )
        out.setdefault(key, Counter())[measure] += 1
    return out


def year_end(month: int) -> int:
    """The last month (as `month_of` numbers it) of the year a month lies in."""
    return month - month % 12 + 11


def rolled_up(delta: Mapping[TallyKey, Counts]) -> tuple[dict[YearKey, Counts], dict[MonthKey, Counts]]:
    """Monthly tally counts rolled up by year and unit, and by month without the unit, keeping only the counts whose
    second instant lies in the anchor's year (what a calendar year's statistics read; `fill_rollups` in SQL)."""
    years: dict[YearKey, Counts] = {}
    months: dict[MonthKey, Counts] = {}
    for key, counts in delta.items():
        if key.second_month > year_end(key.month):
            continue
        year = YearKey(
            key.month // 12, key.region_code, key.source, key.lead_unit_id, key.lead_unit_name, key.region_path
        )
        _add(years, {year: counts})
        _add(months, {MonthKey(key.month, key.region_code, key.source, key.region_path): counts})
    return years, months


def _add(total: dict[K, Counts], part: Mapping[K, Counts], sign: int = 1) -> None:
    for key, counts in part.items():
        row = total.setdefault(key, Counter())
        for name, n in counts.items():
            row[name] += sign * n


def horizon(v: Mapping[str, Any]) -> datetime | None:
    """The latest instant any of the case's counts depends on (a pending deadline included)."""
    moments = [m for _, anchor, second in instants(v) for m in (anchor, second)]
    return max(moments) if moments else None


def _write(
    session_or_conn: Session | Connection,
    table: Table,
    key_columns: Sequence[str],
    delta: Mapping[Any, Counts],
    *,
    upsert: bool = True,
) -> None:
    """Add counts to one table's rows, creating missing rows (in key order, so concurrent changes never deadlock)."""
    rows = [
        {**asdict(k), **{name: counts.get(name, 0) for name in COUNTS}}
        for k, counts in sorted(delta.items())
        if any(counts.values())
    ]
    if not rows:
        return
    if not upsert:
        session_or_conn.execute(insert(table), rows)
        return
    bind = session_or_conn.get_bind() if isinstance(session_or_conn, Session) else session_or_conn
    ins = (pg_insert if bind.dialect.name == "postgresql" else sqlite_insert)(table)
    added = {name: table.c[name] + ins.excluded[name] for name in COUNTS}
    session_or_conn.execute(ins.on_conflict_do_update(index_elements=list(key_columns), set_=added), rows)


def _apply(session_or_conn: Session | Connection, delta: Mapping[TallyKey, Counts]) -> None:
    """Add counts to the monthly tallies and their roll-ups (the tables always in this order)."""
    years, months = rolled_up(delta)
    _write(session_or_conn, CaseTally.__table__, _KEY_COLUMNS, delta)
    _write(session_or_conn, CaseYearTally.__table__, _YEAR_KEY_COLUMNS, years)
    _write(session_or_conn, CaseMonthTally.__table__, _MONTH_KEY_COLUMNS, months)


def fill_rollups(conn: Connection) -> None:
    """Replace the roll-ups with the sums of the stored monthly tallies (what `rolled_up` keeps, in one statement
    each: a migration or a rebuild need not read the tallies into Python)."""
    t = CaseTally.__table__
    within = t.c.second_month <= t.c.month - t.c.month % 12 + 11
    sums = [func.sum(t.c[name]) for name in COUNTS]
    year = t.c.month // 12
    for model, names, key in (
        (CaseYearTally, _YEAR_KEY_COLUMNS, [year, t.c.region_code, t.c.source, t.c.lead_unit_id, t.c.lead_unit_name]),
        (CaseMonthTally, _MONTH_KEY_COLUMNS, [t.c.month, t.c.region_code, t.c.source]),
    ):
        conn.execute(delete(model))
        rolled = select(*key, func.max(t.c.region_path), *sums).where(within).group_by(*key)
        conn.execute(insert(model).from_select([*names, "region_path", *COUNTS], rolled))


def _current(item: Case) -> dict[str, Any]:
    return {name: getattr(item, name) for name in TALLIED}


def _previous(session: Session, item: Case) -> dict[str, Any]:
    """The values the case had at the last flush (from the attribute history, else from the database)."""
    state = inspect(item)
    out: dict[str, Any] = {}
    for name in TALLIED:
        hist = state.attrs[name].history
        if hist.deleted:
            out[name] = hist.deleted[0]
        elif hist.unchanged:
            out[name] = hist.unchanged[0]
        else:  # changed without its loaded value: the row still holds it
            row = session.execute(select(*[getattr(Case, n) for n in TALLIED]).where(Case.id == item.id)).one()
            return dict(row._mapping)
    return out


def _tallied_change(item: Case) -> bool:
    state = inspect(item)
    return any(state.attrs[name].history.has_changes() for name in TALLIED)


@event.listens_for(Session, "before_flush")
def _keep_tallies(session: Session, flush_context: UOWTransaction, instances: Iterable[object] | None) -> None:
    """Move each written case's counts from its previous values to its new ones, in the flush's transaction."""
    delta: dict[TallyKey, Counts] = {}
    for item in session.new:
        if isinstance(item, Case):
            if item.created_at is None:
                item.created_at = utcnow()
            values = _current(item)
            _add(delta, contributions(values))
            item.stats_horizon = horizon(values)
    for item in session.dirty:
        if isinstance(item, Case) and _tallied_change(item):
            _add(delta, contributions(_previous(session, item)), -1)
            values = _current(item)
            _add(delta, contributions(values))
            item.stats_horizon = horizon(values)
    for item in session.deleted:
        if isinstance(item, Case):
            _add(delta, contributions(_previous(session, item)), -1)
    _apply(session, delta)


def recount(conn: Connection, *, batch: int = 5000) -> tuple[dict[TallyKey, Counts], dict[int, datetime | None]]:
    """The tallies and horizons the cases call for, computed from the cases alone."""
    totals: dict[TallyKey, Counts] = {}
    horizons: dict[int, datetime | None] = {}
    cols = [Case.id, *[getattr(Case, n) for n in TALLIED]]
    last = 0
    while True:
        rows: Sequence[Any] = conn.execute(select(*cols).where(Case.id > last).order_by(Case.id).limit(batch)).all()
        if not rows:
            return {k: +v for k, v in totals.items() if +v}, horizons
        for row in rows:
            values = row._mapping
            _add(totals, contributions(values))
            horizons[row.id] = horizon(values)
        last = rows[-1].id


def _read(conn: Connection, model: Any, key_type: type[K]) -> dict[K, Counts]:
    """One tally table's rows by key (zero counts and rows counting nothing left out)."""
    keys = [f.name for f in fields(key_type)]
    table = model.__table__
    out: dict[K, Counts] = {}
    for row in conn.execute(select(*[table.c[n] for n in (*keys, *COUNTS)])):
        values = row._mapping
        counts = +Counter({name: values[name] for name in COUNTS})
        if counts:
            _add(out, {key_type(**{c: values[c] for c in keys}): counts})
    return out


def stored(conn: Connection) -> dict[TallyKey, Counts]:
    """The tallies as stored (zero counts and rows counting nothing left out)."""
    return _read(conn, CaseTally, TallyKey)


def stored_rollups(conn: Connection) -> tuple[dict[YearKey, Counts], dict[MonthKey, Counts]]:
    """The roll-ups as stored (zero counts and rows counting nothing left out)."""
    return _read(conn, CaseYearTally, YearKey), _read(conn, CaseMonthTally, MonthKey)


def rebuild(conn: Connection, *, batch: int = 5000, rollups: bool = True) -> int:
    """Replace the tallies (and, unless told not to, their roll-ups) and every case's horizon with a recount; the
    number of tally rows written."""
    totals, horizons = recount(conn, batch=batch)
    conn.execute(delete(CaseTally))
    keys = sorted(totals)
    for i in range(0, len(keys), batch):
        _write(conn, CaseTally.__table__, _KEY_COLUMNS, {k: totals[k] for k in keys[i : i + batch]}, upsert=False)
    if rollups:
        fill_rollups(conn)
    table = Case.__table__
    # A recount is no change of the record: provincial sync reads `updated_at`, so it stays as it was.
    _kept = {"updated_at": table.c.updated_at}
    ids = list(horizons)
    for i in range(0, len(ids), batch):
        part = ids[i : i + batch]
        if conn.dialect.name == "postgresql":
            # One statement per batch: a row-by-row update takes minutes on a million cases.
            moments = [horizons[k] for k in part]
            given = select(
                func.unnest(bindparam("ids", part, type_=ARRAY(BigInteger))).label("case_id"),
                func.unnest(bindparam("moments", moments, type_=ARRAY(DateTime(timezone=True)))).label("h"),
            ).subquery()
            conn.execute(update(table).where(table.c.id == given.c.case_id).values(stats_horizon=given.c.h, **_kept))
        else:
            stmt = (
                update(table)
                .where(table.c.id == bindparam("case_id"))
                .values(stats_horizon=bindparam("horizon"), **_kept)
            )
            conn.execute(stmt, [{"case_id": k, "horizon": horizons[k]} for k in part])
    return len(keys)


async def _rebuild_database(url: str) -> int:
    from case_service.core import SCHEMA
    from platform_core.db import Database

    db = Database(url, SCHEMA)
    try:
        async with db.engine.begin() as conn:
            return await conn.run_sync(lambda c: rebuild(c))
    finally:
        await db.dispose()


def main() -> None:
    """Rebuild the tallies of the configured database (or of `--database-url`)."""
    from case_service.settings import get_settings

    parser = argparse.ArgumentParser(description="重建诉求统计汇总")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    url = args.database_url or get_settings().resolved_database_url()
    rows = asyncio.run(_rebuild_database(url))
    print(f"case tallies rebuilt: {rows} rows")


if __name__ == "__main__":
    main()
