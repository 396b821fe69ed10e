"""Daily tallies of departures and supervised shipments: kept in every change's transaction, rebuilt on demand.

A figure over a period is then a sum over at most a few thousand tally rows instead of a scan of every worker
or shipment of the period. The tallies change in a `before_flush` hook: for every worker or shipment written,
what its previous values contributed is taken off and what its new values contribute is added, as upserts in
the same transaction, so they are never stale and a rollback takes them back with the change. Rows loaded by
other means (COPY) call for `rebuild`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Select, String, cast, delete, event, func, inspect, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, UOWTransaction

from trade_service.exports.models import ExportShipment
from trade_service.indicators.models import DailyTally
from trade_service.labour.models import LabourWorker

DEPARTURE = "departure"
SHIPMENT = "shipment"
TRAIN = "train"
RAIL = "china_europe_railway"

#: kind, day, region_code, key → (region_path, n, amount)
Key = tuple[str, Any, str, str]
Delta = dict[Key, tuple[str, int, Decimal]]

#: The columns each tallied model's contribution depends on.
TALLIED: Mapping[type[Any], tuple[str, ...]] = {
    LabourWorker: ("deleted_at", "departed_on", "region_code", "region_path", "program_id"),
    ExportShipment: (
        "deleted_at",
        "shipped_on",
        "region_code",
        "region_path",
        "product",
        "goods_value_wan_yuan",
        "channel",
        "train_no",
    ),
}


def contribution(model: type[Any], values: Mapping[str, Any]) -> Delta:
    """What one row adds: a live departed worker one person; a live shipment one batch and its value (and, on a
    China-Europe Railway train, one batch of that train, so special trains are counted as distinct keys)."""
    if values.get("deleted_at") is not None:
        return {}
    if model is LabourWorker:
        if values.get("departed_on") is None:
            return {}
        key = (DEPARTURE, values["departed_on"], values["region_code"], str(values["program_id"]))
        return {key: (values["region_path"], 1, Decimal(0))}
    amount = Decimal(str(values.get("goods_value_wan_yuan") or 0))
    key = (SHIPMENT, values["shipped_on"], values["region_code"], str(values["product"]))
    out = {key: (values["region_path"], 1, amount)}
    if values.get("channel") == RAIL and values.get("train_no"):
        out[(TRAIN, values["shipped_on"], values["region_code"], str(values["train_no"]))] = (
            values["region_path"],
            1,
            Decimal(0),
        )
    return out


def _add(delta: Delta, part: Delta, sign: int = 1) -> None:
    for key, (path, n, amount) in part.items():
        _, had_n, had_amount = delta.get(key, (path, 0, Decimal(0)))
        delta[key] = (path, had_n + sign * n, had_amount + sign * amount)


def _previous(session: Session, item: Any, columns: tuple[str, ...]) -> dict[str, Any]:
    """The values the row had at the last flush (attribute history, else the database)."""
    state = inspect(item)
    out: dict[str, Any] = {}
    for name in columns:
        hist = state.attrs[name].history
        if hist.deleted:
            out[name] = hist.deleted[0]
        elif hist.unchanged:
            out[name] = hist.unchanged[0]
        else:  # changed without its loaded value: the row still holds it
            model = type(item)
            row = session.execute(select(*[getattr(model, n) for n in columns]).where(model.id == item.id)).one()
            return dict(row._mapping)
    return out


def _changed(item: Any, columns: tuple[str, ...]) -> bool:
    state = inspect(item)
    return any(state.attrs[name].history.has_changes() for name in columns)


def apply(conn: Session | Connection, delta: Delta) -> None:
    """Add counts to the tally rows, creating missing ones (in key order, so concurrent changes never deadlock)."""
    rows = [
        {"kind": k[0], "day": k[1], "region_code": k[2], "key": k[3], "region_path": path, "n": n, "amount": amount}
        for k, (path, n, amount) in sorted(delta.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2], kv[0][3]))
        if n or amount
    ]
    if not rows:
        return
    bind = conn.get_bind() if isinstance(conn, Session) else conn
    table = DailyTally.__table__
    ins = (pg_insert if bind.dialect.name == "postgresql" else sqlite_insert)(table)
    stmt = ins.on_conflict_do_update(
        index_elements=["kind", "day", "region_code", "key"],
        set_={"n": table.c.n + ins.excluded.n, "amount": table.c.amount + ins.excluded.amount},
    )
    conn.execute(stmt, rows)


@event.listens_for(Session, "before_flush")
def _keep_tallies(session: Session, flush_context: UOWTransaction, instances: Iterable[object] | None) -> None:
    """Move each written worker's or shipment's contribution from its previous values to its new ones."""
    delta: Delta = {}
    for item in session.new:
        model = type(item)
        if model in TALLIED:
            _add(delta, contribution(model, {n: getattr(item, n) for n in TALLIED[model]}))
    for item in session.dirty:
        model = type(item)
        if model in TALLIED and _changed(item, TALLIED[model]):
            _add(delta, contribution(model, _previous(session, item, TALLIED[model])), -1)
            _add(delta, contribution(model, {n: getattr(item, n) for n in TALLIED[model]}))
    for item in session.deleted:
        model = type(item)
        if model in TALLIED:
            _add(delta, contribution(model, _previous(session, item, TALLIED[model])), -1)
    apply(session, delta)


COLUMNS = ["kind", "day", "region_code", "key", "region_path", "n", "amount"]


def recount() -> tuple[Select[Any], ...]:
    """The tallies the live rows call for, as grouped selects in `COLUMNS` order."""
    w, s = LabourWorker, ExportShipment
    departures = (
        select(
            literal(DEPARTURE),
            w.departed_on,
            w.region_code,
            cast(w.program_id, String),
            func.min(w.region_path),
            func.count(),
            literal(Decimal(0)),
        )
        .where(w.deleted_at.is_(None), w.departed_on.is_not(None))
        .group_by(w.departed_on, w.region_code, w.program_id)
    )
    shipments = (
        select(
            literal(SHIPMENT),
            s.shipped_on,
            s.region_code,
            s.product,
            func.min(s.region_path),
            func.count(),
            func.coalesce(func.sum(s.goods_value_wan_yuan), 0),
        )
        .where(s.deleted_at.is_(None))
        .group_by(s.shipped_on, s.region_code, s.product)
    )
    trains = (
        select(
            literal(TRAIN),
            s.shipped_on,
            s.region_code,
            s.train_no,
            func.min(s.region_path),
            func.count(),
            literal(Decimal(0)),
        )
        .where(s.deleted_at.is_(None), s.channel == RAIL, s.train_no.is_not(None), s.train_no != "")
        .group_by(s.shipped_on, s.region_code, s.train_no)
    )
    return departures, shipments, trains


def rebuild(conn: Connection) -> None:
    """Replace the tallies with a recount of the live rows (after a bulk load, and by the migration)."""
    t = DailyTally.__table__
    conn.execute(delete(t))
    for stmt in recount():
        conn.execute(t.insert().from_select(COLUMNS, stmt))
