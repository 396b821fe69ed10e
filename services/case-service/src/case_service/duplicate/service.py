"""Data access of duplicates: the similarity search (pg_trgm on PostgreSQL when installed, the same measure in
Python otherwise), links between cases and the repeat rate. Every query starts from the caller's case scope."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, func, literal_column, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case import flows as case_flows
from case_service.case import service as cases
from case_service.case.models import Case, CaseState, ClosedReason
from case_service.core import audit
from case_service.duplicate.models import CaseLink, LinkKind
from case_service.duplicate.schemas import (
    LinkCreate,
    LinkedCase,
    LinkOut,
    RepeatStats,
    SimilarCase,
    SimilarList,
)
from case_service.indicators.service import period_out, rate
from case_service.similarity import ranked, similarity
from platform_core.auth import Principal
from platform_core.periods import Period
from platform_core.problems import ProblemError, field_error

#: Cases past handling: compared only when registered in the window.
DONE = (CaseState.RESOLVED.value, CaseState.VISITED.value, CaseState.CLOSED.value)
#: How many similar cases an answer lists.
SHOWN = 10
#: How much of the text a query compares (a long description would drown the title).
QUERY_CHARS = 1000


def case_text() -> ColumnElement[Any]:
    """The compared text of a case: its title and description (the trigram index is on this expression)."""
    return Case.title.op("||")(literal_column("' '")).op("||")(Case.description)


def query_text(title: str, description: str) -> str:
    """The text compared with the cases' texts."""
    return f"{title} {description}"[:QUERY_CHARS]


def candidates(
    principal: Principal, *, region_code: str, uscc: str, now: datetime, window_days: int, exclude_id: int | None
) -> Any:
    """The bounded set compared: in scope, same county or same enterprise, open or registered in the window."""
    stmt = cases.scoped(principal).where(
        Case.merged_into_id.is_(None),
        or_(Case.region_code == region_code, Case.enterprise_uscc == uscc),
        or_(Case.state.not_in(DONE), Case.created_at >= now - timedelta(days=window_days)),
    )
    return stmt.where(Case.id != exclude_id) if exclude_id is not None else stmt


async def similar(
    session: AsyncSession,
    *,
    principal: Principal,
    region_code: str,
    uscc: str,
    query: str,
    now: datetime,
    threshold: float,
    window_days: int,
    schema: str | None,
    exclude_id: int | None = None,
) -> SimilarList:
    """Cases like the query text or of the same enterprise, most similar first (at most ten)."""
    base = candidates(
        principal, region_code=region_code, uscc=uscc, now=now, window_days=window_days, exclude_id=exclude_id
    )
    method, found = await ranked(
        session,
        base,
        column=case_text(),
        text_of=lambda r: query_text(r.title, r.description),
        query=query,
        threshold=threshold,
        schema=schema,
        limit=SHOWN,
        newest=(Case.created_at.desc(), Case.id.desc()),
        keep=Case.enterprise_uscc == uscc,
        keep_row=lambda r: r.enterprise_uscc == uscc,
    )
    linked = await linked_ids(session, case_id=exclude_id) if exclude_id is not None else set()
    items = [
        SimilarCase(
            id=r.id,
            case_no=r.case_no,
            title=r.title,
            enterprise_name=r.enterprise_name,
            region_code=r.region_code,
            state=CaseState(r.state),
            state_label=case_flows.state_label(r.state, r.closed_reason),
            created_at=r.created_at,
            similarity=round(s, 3),
            same_enterprise=r.enterprise_uscc == uscc,
            linked=r.id in linked,
        )
        for r, s in found
    ]
    return SimilarList(method=method, threshold=threshold, window_days=window_days, items=items)


async def linked_ids(session: AsyncSession, *, case_id: int) -> set[int]:
    """Ids of the cases linked with this one, either way."""
    rows = await session.execute(
        select(CaseLink.case_id, CaseLink.other_case_id).where(
            or_(CaseLink.case_id == case_id, CaseLink.other_case_id == case_id)
        )
    )
    return {b if a == case_id else a for a, b in rows.all()}


async def add_link(
    session: AsyncSession,
    *,
    principal: Principal,
    item: Case,
    other: Case,
    kind: LinkKind,
    now: datetime,
    note: str | None = None,
) -> CaseLink:
    """Record a link from `item` to `other` with the similarity of their texts, on both timelines, audited."""
    score = round(similarity(query_text(item.title, item.description), query_text(other.title, other.description)), 3)
    link = CaseLink(
        case_id=item.id,
        other_case_id=other.id,
        kind=kind.value,
        similarity=score,
        note=note,
        created_at=now,
        created_by=principal.subject,
    )
    session.add(link)
    data = {"kind": kind.value, "similarity": score}
    for this, that, action in ((item, other, "link"), (other, item, "linked")):
        cases.add_event(
            session,
            item=this,
            action=action,
            principal=principal,
            now=now,
            from_state=this.state,
            to_state=this.state,
            comment=note,
            data={**data, "case_id": that.id, "case_no": that.case_no},
        )
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action=f"case.link_{kind.value}",
        entity_type="case",
        entity_id=item.id,
        region_code=item.region_code,
        after={"other_case_id": other.id, "kind": kind.value, "similarity": score, "note": note},
    )
    return link


async def create_link(
    session: AsyncSession, *, principal: Principal, item: Case, data: LinkCreate, now: datetime
) -> CaseLink:
    """Link the case with another in scope (422 naming `other_case_id` for itself or one out of sight, 409 twice)."""
    if data.other_case_id == item.id:
        raise field_error("other_case_id", "不能关联诉求本身")
    other = await cases.get_case(session, principal=principal, case_id=data.other_case_id)
    if other is None:
        raise field_error("other_case_id", "关联的诉求不存在或不在数据权限范围内")
    if other.id in await linked_ids(session, case_id=item.id):
        raise ProblemError(409, "case.already_linked", "两件诉求已经关联", extra={"other_case_id": other.id})
    item.updated_at = now  # the case changed: its version moves, so an If-Match taken before is stale
    return await add_link(
        session, principal=principal, item=item, other=other, kind=LinkKind(data.kind), now=now, note=data.note
    )


async def list_links(session: AsyncSession, *, principal: Principal, case_id: int) -> list[LinkOut]:
    """The case's links whose other end the caller may see, newest first."""
    rows = (
        await session.scalars(
            select(CaseLink)
            .where(or_(CaseLink.case_id == case_id, CaseLink.other_case_id == case_id))
            .order_by(CaseLink.id.desc())
        )
    ).all()
    others = {r.other_case_id if r.case_id == case_id else r.case_id for r in rows}
    visible = {
        c.id: c for c in (await session.scalars(cases.scoped(principal).where(Case.id.in_(sorted(others))))).all()
    }
    out: list[LinkOut] = []
    for r in rows:
        other_id = r.other_case_id if r.case_id == case_id else r.case_id
        c = visible.get(other_id)
        if c is None:  # the other end is outside the caller's scope: not even its existence is shown
            continue
        out.append(
            LinkOut(
                id=r.id,
                kind=LinkKind(r.kind),
                direction="outgoing" if r.case_id == case_id else "incoming",
                case=LinkedCase(
                    id=c.id,
                    case_no=c.case_no,
                    title=c.title,
                    state=CaseState(c.state),
                    state_label=case_flows.state_label(c.state, c.closed_reason),
                ),
                similarity=r.similarity,
                note=r.note,
                created_at=r.created_at,
                created_by=r.created_by,
            )
        )
    return out


# --- the repeat rate ---------------------------------------------------------------------------------------

REPEAT_NUM = "期内登记的诉求中关联为重复诉求或合并办理的件数"
REPEAT_DEN = "期内登记的诉求件数"


async def repeat_stats(
    session: AsyncSession, *, principal: Principal, period: Period, where: Sequence[ColumnElement[bool]] = ()
) -> RepeatStats:
    """重复诉求率: cases registered in the period that repeat another (linked as duplicate, or merged) over all
    cases registered in the period, in the caller's scope."""
    duplicate = exists().where(CaseLink.case_id == Case.id, CaseLink.kind == LinkKind.DUPLICATE.value)
    merged = Case.closed_reason == ClosedReason.MERGED.value
    stmt = cases.scoped(principal).where(Case.created_at >= period.start, Case.created_at < period.end, *where)
    sub = stmt.subquery()
    row = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(duplicate),
                func.count().filter(merged),
                func.count().filter(or_(duplicate, merged)),
            )
            .select_from(Case)
            .where(Case.id.in_(select(sub.c.id)))
        )
    ).one()
    registered, linked, merged_n, repeats = (int(v or 0) for v in row)
    return RepeatStats(
        period=period_out(period),
        registered=registered,
        linked_duplicates=linked,
        merged=merged_n,
        repeat_rate=rate(repeats, registered, REPEAT_NUM, REPEAT_DEN, "cohort"),
    )
