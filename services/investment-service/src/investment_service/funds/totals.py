"""Monthly fund totals per region, kept in step with the fund records and their projects in every flush.

A flush that adds or corrects a fund record, or moves or deletes a project, adds the difference of what
those rows contributed before and after to `project_fund_month_total`, in the same transaction. One choke
point (the session's `after_flush`) rather than a call in every write path, so rows added any way through
the ORM (the API, imports, the demo seed, tests) count alike. Rows written around the ORM (COPY, bulk SQL)
are summed again with `rebuild()`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import chain
from typing import Any

from sqlalchemy import Connection, delete, event, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, UOWTransaction

from investment_service.funds.models import FundMonthTotal, FundRecord
from investment_service.project.models import Project

ZERO = Decimal(0)
Key = tuple[str, str, date]  # region path, region code, month


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a project's funds count: its region, and whether it is live (deleted projects count nowhere)."""

    region_path: str
    region_code: str
    live: bool


def _before_and_after(obj: Any, attr: str) -> tuple[Any, Any]:
    """An attribute's value before this flush and now (the same when unchanged)."""
    history = inspect(obj).attrs[attr].history
    now = getattr(obj, attr)
    if not history.has_changes():
        return now, now
    # Set for the first time since an insert without it: no defaults on these columns, so it was NULL.
    return (history.deleted[0] if history.deleted else None), now


def _placements(conn: Connection, session: Session, project_ids: set[int]) -> dict[int, tuple[Placement, Placement]]:
    """Each project's placement before and after this flush (from the session when loaded, else the database)."""
    out: dict[int, tuple[Placement, Placement]] = {}
    for obj in chain(session.new, session.dirty, session.identity_map.values()):
        if isinstance(obj, Project) and obj.id in project_ids and obj.id not in out:
            path = _before_and_after(obj, "region_path")
            code = _before_and_after(obj, "region_code")
            deleted = _before_and_after(obj, "deleted_at")
            before = Placement(path[0], code[0], deleted[0] is None and obj not in session.new)
            out[obj.id] = (before, Placement(path[1], code[1], deleted[1] is None))
    missing = project_ids - set(out)
    if missing:
        rows = conn.execute(
            select(Project.id, Project.region_path, Project.region_code, Project.deleted_at).where(
                Project.id.in_(missing)
            )
        )
        for pid, path, code, deleted_at in rows:
            same = Placement(path, code, deleted_at is None)
            out[pid] = (same, same)
    return out


def _fund_deltas(
    session: Session, placements: dict[int, tuple[Placement, Placement]], funds: list[FundRecord]
) -> dict[Key, Decimal]:
    """What changed fund records took away (as they were, where their project was) and add (as they are now)."""
    deltas: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    for f in funds:
        before, after = placements[f.project_id]
        was_current, is_current = _before_and_after(f, "is_current")
        old_amount, new_amount = _before_and_after(f, "amount_wan_yuan")
        old_month, new_month = _before_and_after(f, "month")
        if f not in session.new and was_current and before.live:
            deltas[(before.region_path, before.region_code, old_month)] -= Decimal(old_amount)
        if f not in session.deleted and is_current and after.live:
            deltas[(after.region_path, after.region_code, new_month)] += Decimal(new_amount)
    return deltas


def _moved(session: Session, p: Project) -> bool:
    state = inspect(p)
    return p not in session.new and any(state.attrs[a].history.has_changes() for a in ("region_path", "deleted_at"))


def _apply(conn: Connection, deltas: dict[Key, Decimal]) -> None:
    """Add each difference to its region and month (an upsert, so concurrent writers add up)."""
    table = FundMonthTotal.__table__
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    for (path, code, month), amount in sorted(deltas.items()):
        if amount == ZERO:
            continue
        stmt = insert(table).values(region_path=path, region_code=code, month=month, amount_wan_yuan=amount)
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.region_path, table.c.month],
            set_={"amount_wan_yuan": table.c.amount_wan_yuan + stmt.excluded.amount_wan_yuan},
        )
        conn.execute(stmt)


@event.listens_for(Session, "after_flush")
def _keep_totals(session: Session, _: UOWTransaction) -> None:
    """Apply this flush's differences to the monthly totals (history still shows the state before the flush)."""
    funds = [o for o in chain(session.new, session.dirty, session.deleted) if isinstance(o, FundRecord)]
    moved = [o for o in session.dirty if isinstance(o, Project) and _moved(session, o)]
    if not funds and not moved:
        return
    conn = session.connection()
    placements = _placements(conn, session, {f.project_id for f in funds} | {p.id for p in moved})
    deltas = _fund_deltas(session, placements, funds)
    changed = {f.id for f in funds}
    for p in moved:
        before, after = placements[p.id]
        # The project's other current figures move with it (the changed ones were counted above).
        rows = conn.execute(
            select(FundRecord.month, func.sum(FundRecord.amount_wan_yuan))
            .where(FundRecord.project_id == p.id, FundRecord.is_current.is_(True), FundRecord.id.not_in(changed))
            .group_by(FundRecord.month)
        )
        for month, amount in rows:
            if before.live:
                deltas[(before.region_path, before.region_code, month)] -= Decimal(amount)
            if after.live:
                deltas[(after.region_path, after.region_code, month)] += Decimal(amount)
    _apply(conn, deltas)


async def rebuild(session: AsyncSession) -> None:
    """Sum every current figure of live projects again (after rows were loaded around the ORM)."""
    await session.execute(delete(FundMonthTotal))
    sums = (
        select(Project.region_path, Project.region_code, FundRecord.month, func.sum(FundRecord.amount_wan_yuan))
        .join(Project, Project.id == FundRecord.project_id)
        .where(FundRecord.is_current.is_(True), Project.deleted_at.is_(None))
        .group_by(Project.region_path, Project.region_code, FundRecord.month)
    )
    columns = ["region_path", "region_code", "month", "amount_wan_yuan"]
    await session.execute(FundMonthTotal.__table__.insert().from_select(columns, sums))
