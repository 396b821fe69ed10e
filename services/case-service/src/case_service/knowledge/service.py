"""Data access of the knowledge base: entries as a kit resource (the city's read by its counties, each written
where it is placed), search ranked by the service's text similarity, the draft taken from a case, the outcomes of
the enterprise's submit form and the rate of submissions they prevented."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, cast, func, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case import service as cases
from case_service.case.models import Case, CaseState, ClosedReason
from case_service.core import kit
from case_service.dictionary import service as dictionary
from case_service.enterprise import service as enterprises
from case_service.indicators.service import period_out, rate
from case_service.knowledge.models import EntryStatus, KnowledgeEntry, KnowledgeOutcome, Outcome
from case_service.knowledge.schemas import (
    OUTCOME_LABELS,
    STATUS_LABELS,
    DeflectionRegion,
    DeflectionStats,
    EntryCreate,
    EntryDraft,
    EntryOut,
    EntryUpdate,
    OutcomeCreate,
    OutcomeOut,
    PolicyLink,
    Suggestion,
    SuggestionList,
)
from case_service.policy import service as policies
from case_service.policy.models import PolicyDocument
from case_service.similarity import Method, ranked
from platform_core.auth import Principal
from platform_core.db import utcnow
from platform_core.pagination import PageParams, paginate, parse_sort
from platform_core.periods import Period
from platform_core.problems import ProblemError, field_error
from platform_core.records import Resource, region_condition, visible
from platform_core.regions import RegionDirectory
from platform_core.scope import DataScope, ScopeColumns, can_write_region, scope_condition

EDIT = "case:knowledge:edit"

ENTRIES = Resource(
    name="knowledge_entry",
    label="知识库问答",
    model=KnowledgeEntry,
    sorts={
        "updated_at": KnowledgeEntry.updated_at,
        "published_at": KnowledgeEntry.published_at,
        "category_code": KnowledgeEntry.category_code,
        "id": KnowledgeEntry.id,
    },
    default_sort=(KnowledgeEntry.updated_at.desc(),),
    # The city's answers hold city-wide: its counties read them (and write only their own).
    visible_from_below=True,
)

#: Search: the most similar answers listed (then paged), the threshold of a search (low: a few words typed into
#: a search box share few trigrams with a long question; a question holding the words is always found) and of the
#: submit form's suggestions (a whole problem typed), and how many suggestions the form shows.
SEARCH_LIMIT = 50
SEARCH_THRESHOLD = 0.06
SUGGEST_THRESHOLD = 0.2
SUGGEST_LIMIT = 5
#: Cases whose answer may be taken into the base: handled to a result (即问即答 or approved), not rejected/merged.
DONE = (CaseState.RESOLVED.value, CaseState.VISITED.value, CaseState.CLOSED.value)

OUTCOME_SCOPE = ScopeColumns(
    region_path=KnowledgeOutcome.region_path,
    region_code=KnowledgeOutcome.region_code,
    enterprise_uscc=KnowledgeOutcome.enterprise_uscc,
)


def readable(principal: Principal) -> Select[tuple[KnowledgeEntry]]:
    """Live entries the caller may read: officers those in scope and the city's; an enterprise (or a reader who
    does not curate) the published ones that hold where it is."""
    m = KnowledgeEntry
    cond = visible(ENTRIES, principal)
    if DataScope.SELF in principal.data_scopes and principal.region_path:
        # An enterprise reads the answers placed in its own region or above it (its county's and the city's).
        cond = or_(cond, literal(principal.region_path, String).startswith(m.region_path))
    stmt = select(m).where(m.deleted_at.is_(None), cond)
    if not principal.has(EDIT):
        stmt = stmt.where(m.status == EntryStatus.PUBLISHED.value)
    return stmt


async def get_entry(session: AsyncSession, *, principal: Principal, entry_id: int) -> KnowledgeEntry | None:
    """A live entry the caller may read, or None."""
    return await session.scalar(readable(principal).where(KnowledgeEntry.id == entry_id))


def editable(principal: Principal, row: KnowledgeEntry) -> bool:
    """Whether the caller curates entries and may write where this one is placed."""
    return principal.has(EDIT) and can_write_region(principal, row.region_path, row.region_code)


def tag_condition(tag: str) -> ColumnElement[bool]:
    """Entries carrying the tag: its JSON string (as the column stores it) inside the list's text."""
    return cast(KnowledgeEntry.tags, String).contains(json.dumps(tag), autoescape=True)


def entry_filters(
    regions: RegionDirectory,
    *,
    category: str | None,
    tag: str | None,
    status: EntryStatus | None,
    region_code: str | None,
) -> list[ColumnElement[bool]]:
    """The list's filters."""
    where = region_condition(KnowledgeEntry, regions, region_code) if region_code else []
    if category is not None:
        where.append(KnowledgeEntry.category_code == category)
    if tag is not None:
        where.append(tag_condition(tag))
    if status is not None:
        where.append(KnowledgeEntry.status == status.value)
    return where


async def policy_links(session: AsyncSession, principal: Principal, ids: Sequence[int]) -> dict[int, PolicyLink]:
    """The linked documents the reader may see, by id."""
    if not ids:
        return {}
    rows = (await session.scalars(policies.scoped(principal).where(PolicyDocument.id.in_(sorted(set(ids)))))).all()
    return {r.id: PolicyLink(id=r.id, doc_number=r.doc_number, title=r.title) for r in rows}


async def render(
    session: AsyncSession,
    rows: Sequence[KnowledgeEntry],
    principal: Principal,
    regions: RegionDirectory,
    scores: dict[int, float] | None = None,
) -> list[EntryOut]:
    """Entries as the API shows them (names, visible policy links, whether the caller may edit, scores)."""
    categories = await dictionary.category_names(session)
    links = await policy_links(session, principal, [i for r in rows for i in r.policy_ids or []])
    return [
        EntryOut(
            id=r.id,
            question=r.question,
            answer=r.answer,
            category_code=r.category_code,
            category_name=categories.get(r.category_code),
            tags=list(r.tags or []),
            policy_ids=list(r.policy_ids or []),
            policies=[links[i] for i in r.policy_ids or [] if i in links],
            source_case_id=r.source_case_id,
            status=EntryStatus(r.status),
            status_label=STATUS_LABELS[r.status],
            region_code=r.region_code,
            region_name=regions.name_of(r.region_code),
            editable=editable(principal, r),
            score=round(scores[r.id], 3) if scores and r.id in scores else None,
            published_at=r.published_at,
            version=r.version,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in rows
    ]


async def search(
    session: AsyncSession,
    *,
    principal: Principal,
    page: PageParams,
    where: Sequence[ColumnElement[bool]],
    q: str | None,
    sort: str | None,
    schema: str | None,
) -> tuple[list[KnowledgeEntry], int, dict[int, float]]:
    """A page of readable entries: with `q`, the most similar questions first (at most `SEARCH_LIMIT`), each with
    its score; without, in the order asked."""
    base = readable(principal).where(*where)
    if not q:
        order = parse_sort(sort, ENTRIES.sorts, ENTRIES.default_sort)
        rows, total = await paginate(session, base.order_by(*order, KnowledgeEntry.id.desc()), page)
        return list(rows), total, {}
    _, found = await _similar(
        session, base, query=q, threshold=SEARCH_THRESHOLD, schema=schema, limit=SEARCH_LIMIT, substring=True
    )
    start = (page.page - 1) * page.page_size
    chosen = found[start : start + page.page_size]
    return [r for r, _ in chosen], len(found), {r.id: s for r, s in chosen}


async def _similar(
    session: AsyncSession,
    base: Select[Any],
    *,
    query: str,
    threshold: float,
    schema: str | None,
    limit: int,
    substring: bool = False,
) -> tuple[Method, list[tuple[KnowledgeEntry, float]]]:
    """Entries of `base` whose question is like the query (or, with `substring`, holds it), most similar first."""
    return await ranked(
        session,
        base,
        column=KnowledgeEntry.question,
        text_of=lambda r: r.question,
        query=query,
        threshold=threshold,
        schema=schema,
        limit=limit,
        newest=(KnowledgeEntry.updated_at.desc(), KnowledgeEntry.id.desc()),
        keep=KnowledgeEntry.question.contains(query, autoescape=True) if substring else None,
        keep_row=(lambda r: query.lower() in r.question.lower()) if substring else None,
    )


async def suggestions(
    session: AsyncSession, *, principal: Principal, regions: RegionDirectory, q: str, schema: str | None
) -> SuggestionList:
    """The published answers most like the problem being typed (at most five, with their score)."""
    base = readable(principal).where(KnowledgeEntry.status == EntryStatus.PUBLISHED.value)
    method, found = await _similar(
        session, base, query=q, threshold=SUGGEST_THRESHOLD, schema=schema, limit=SUGGEST_LIMIT
    )
    scores = {r.id: s for r, s in found}
    out = await render(session, [r for r, _ in found], principal, regions, scores)
    items = [
        Suggestion(
            id=e.id,
            question=e.question,
            answer=e.answer,
            category_name=e.category_name,
            tags=e.tags,
            policies=e.policies,
            score=e.score or 0.0,
        )
        for e in out
    ]
    return SuggestionList(method=method, threshold=SUGGEST_THRESHOLD, items=items)


# --- writes ----------------------------------------------------------------------------------------------------


async def _check_refs(
    session: AsyncSession, principal: Principal, *, category: str | None, policy_ids: Sequence[int] | None
) -> None:
    """The category is an active one of the dictionary, each policy a document the curator may read."""
    if category is not None:
        await dictionary.usable_category(session, code=category, principal=principal)
    if policy_ids:
        seen = await policy_links(session, principal, policy_ids)
        if missing := [i for i in policy_ids if i not in seen]:
            raise field_error("policy_ids", f"政策文件不存在：{missing[0]}", code="not_found")


async def source_case(session: AsyncSession, principal: Principal, case_id: int, field: str = "source_case_id") -> Case:
    """A case in scope handled to a result (即问即答, or approved and past), else 422 naming the field."""
    item = await cases.get_case(session, principal=principal, case_id=case_id)
    if item is None:
        raise field_error(field, "诉求不存在或不在数据权限范围内", code="not_found")
    if item.state not in DONE or item.closed_reason in (ClosedReason.REJECTED.value, ClosedReason.MERGED.value):
        raise field_error(field, "只有已办结或即问即答的诉求可以收录到知识库", code="not_done")
    if not item.result:
        raise field_error(field, "该诉求没有办理结果，无法收录", code="no_result")
    return item


def _status_values(status: str | None, row: KnowledgeEntry | None) -> dict[str, Any]:
    """`published_at` moves when an entry is (re)published."""
    if status == EntryStatus.PUBLISHED.value and (row is None or row.status != status):
        return {"published_at": utcnow()}
    return {}


async def create_entry(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, data: EntryCreate
) -> KnowledgeEntry:
    """Add an entry where the curator may write (the city for all, a county for its own)."""
    await _check_refs(session, principal, category=data.category_code, policy_ids=data.policy_ids)
    if data.source_case_id is not None:
        await source_case(session, principal, data.source_case_id)
    values = {**data.model_dump(), "status": data.status.value, **_status_values(data.status.value, None)}
    return await kit.create(session, res=ENTRIES, principal=principal, regions=regions, values=values)


async def update_entry(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, row: KnowledgeEntry, data: EntryUpdate
) -> KnowledgeEntry:
    """Edit, publish or retire an entry placed where the curator may write (403 for the city's, to a county)."""
    changes = data.model_dump(exclude_unset=True)
    await _check_refs(session, principal, category=changes.get("category_code"), policy_ids=changes.get("policy_ids"))
    if "status" in changes and changes["status"] is not None:
        changes["status"] = EntryStatus(changes["status"]).value
        changes.update(_status_values(changes["status"], row))
    return await kit.update(session, res=ENTRIES, principal=principal, regions=regions, row=row, changes=changes)


async def delete_entry(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, row: KnowledgeEntry
) -> None:
    """Delete an entry made by mistake (kept as a tombstone)."""
    await kit.delete(session, res=ENTRIES, principal=principal, regions=regions, row=row)


async def draft_from_case(session: AsyncSession, principal: Principal, case_id: int) -> EntryDraft:
    """An entry prefilled from a handled case: the problem as the question, the result (and basis) as the answer."""
    item = await source_case(session, principal, case_id, field="case_id")
    question = item.title if len(item.title) >= 4 else f"{item.title}：{item.description}"[:300]
    answer = item.result or ""
    if item.result_basis:
        answer = f"{answer}\n依据：{item.result_basis}"
    return EntryDraft(
        question=question[:300],
        answer=answer[:5000],
        category_code=item.category_code,
        tags=[],
        policy_ids=[],
        source_case_id=item.id,
        region_code=item.region_code,
    )


# --- outcomes of the submit form and the prevented submissions --------------------------------------------------


def outcome_out(row: KnowledgeOutcome) -> OutcomeOut:
    """An outcome as the API shows it."""
    return OutcomeOut(
        id=row.id,
        session_key=row.session_key,
        outcome=Outcome(row.outcome),
        outcome_label=OUTCOME_LABELS[row.outcome],
        entry_id=row.entry_id,
        case_id=row.case_id,
        created_at=row.created_at,
    )


async def record_outcome(
    session: AsyncSession, *, principal: Principal, data: OutcomeCreate, now: datetime
) -> tuple[KnowledgeOutcome, bool]:
    """Record how a form session ended, once per session key: the same outcome again answers the first record
    (False: nothing new), another outcome for the key is a 409."""
    if not principal.enterprise_uscc:
        raise ProblemError(403, "knowledge.enterprise_only", "只有企业用户的提交表单记录即时解答结果")
    existing = await session.scalar(select(KnowledgeOutcome).where(KnowledgeOutcome.session_key == data.session_key))
    if existing is not None:
        return _same(existing, principal, data), False
    if data.outcome is Outcome.SOLVED:
        if data.entry_id is None:
            raise field_error("entry_id", "请指明解决问题的解答", code="missing")
        entry = await get_entry(session, principal=principal, entry_id=data.entry_id)
        if entry is None or entry.status != EntryStatus.PUBLISHED.value:
            raise field_error("entry_id", "解答不存在", code="not_found")
    else:
        if data.case_id is None:
            raise field_error("case_id", "请指明提交的诉求", code="missing")
        if await cases.get_case(session, principal=principal, case_id=data.case_id) is None:
            raise field_error("case_id", "诉求不存在", code="not_found")
    ent = await enterprises.get_by_uscc(session, principal=principal, uscc=principal.enterprise_uscc)
    if ent is None:
        raise field_error("session_key", "企业不存在", code="not_found")
    row = KnowledgeOutcome(
        session_key=data.session_key,
        outcome=data.outcome.value,
        entry_id=data.entry_id if data.outcome is Outcome.SOLVED else None,
        case_id=data.case_id if data.outcome is Outcome.SUBMITTED else None,
        shown_entry_ids=list(dict.fromkeys(data.shown_entry_ids)),
        enterprise_uscc=ent.uscc,
        region_code=ent.region_code,
        region_path=ent.region_path,
        created_at=now,
        created_by=principal.subject,
    )
    try:
        async with session.begin_nested():
            row = await kit.insert(
                session,
                principal=principal,
                row=row,
                name="knowledge_outcome",
                snapshot_of=lambda r: {
                    "outcome": r.outcome,
                    "entry_id": r.entry_id,
                    "case_id": r.case_id,
                    "shown_entry_ids": r.shown_entry_ids,
                },
            )
    except IntegrityError:
        # Two requests with the same key at once: the other one recorded it.
        existing = await session.scalar(
            select(KnowledgeOutcome).where(KnowledgeOutcome.session_key == data.session_key)
        )
        assert existing is not None
        return _same(existing, principal, data), False
    return row, True


def _same(existing: KnowledgeOutcome, principal: Principal, data: OutcomeCreate) -> KnowledgeOutcome:
    """The recorded outcome of a key, if it is the caller's and the same outcome (409 otherwise)."""
    if existing.created_by != principal.subject or existing.outcome != data.outcome.value:
        raise ProblemError(
            409,
            "knowledge.outcome_recorded",
            "该次提交的即时解答结果已记录",
            extra={"outcome": existing.outcome},
        )
    return existing


PREVENTED_NUM = "看到即时解答后选择“已解决，不再提交”的次数"
PREVENTED_DEN = "看到即时解答的提交表单次数(已解决 + 仍提交诉求)"


async def deflection_stats(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    period: Period,
    where: Sequence[ColumnElement[bool]] = (),
) -> DeflectionStats:
    """即时解答拦截数 and 拦截率 in the period (Asia/Shanghai days), in the caller's scope, overall and per county."""
    m = KnowledgeOutcome
    solved = m.outcome == Outcome.SOLVED.value
    submitted = m.outcome == Outcome.SUBMITTED.value
    rows = (
        await session.execute(
            select(m.region_code, func.count().filter(solved), func.count().filter(submitted))
            .where(
                scope_condition(principal, OUTCOME_SCOPE),
                m.created_at >= period.start,
                m.created_at < period.end,
                and_(*where) if where else literal(True),
            )
            .group_by(m.region_code)
            .order_by(m.region_code)
        )
    ).all()
    by_region = [
        DeflectionRegion(
            region_code=code,
            region_name=regions.name_of(code),
            prevented=int(p),
            submitted=int(s),
            rate=rate(int(p), int(p) + int(s), PREVENTED_NUM, PREVENTED_DEN),
        )
        for code, p, s in rows
    ]
    prevented = sum(r.prevented for r in by_region)
    after = sum(r.submitted for r in by_region)
    return DeflectionStats(
        period=period_out(period),
        prevented=prevented,
        submitted=after,
        rate=rate(prevented, prevented + after, PREVENTED_NUM, PREVENTED_DEN),
        by_region=by_region,
    )
