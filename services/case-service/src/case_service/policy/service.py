"""Data access for policy documents: a document is read where it applies, written where it was issued."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, String, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.core import kit
from case_service.policy.models import PolicyDocument
from case_service.policy.schemas import DOC_NUMBER_RE, PolicyCreate, PolicyUpdate
from platform_core.auth import Principal
from platform_core.pagination import PageParams, paginate, parse_sort
from platform_core.problems import duplicate
from platform_core.regions import RegionDirectory
from platform_core.scope import ScopeColumns, placed, scope_condition

SCOPE = ScopeColumns(region_path=PolicyDocument.region_path, region_code=PolicyDocument.region_code)

SORTS = {
    "issue_date": PolicyDocument.issue_date,
    "doc_number": PolicyDocument.doc_number,
    "updated_at": PolicyDocument.updated_at,
    "id": PolicyDocument.id,
}

AUDITED_FIELDS = (
    "doc_number",
    "title",
    "issuer",
    "issue_date",
    "kind",
    "measure_areas",
    "summary",
    "attachment_url",
    "region_code",
)


#: The audit's entity type of a policy document (its actions are `policy.*`).
ENTITY = "policy_document"


def snapshot(doc: PolicyDocument) -> dict[str, Any]:
    """The audited fields of a document."""
    out: dict[str, Any] = {}
    for f in AUDITED_FIELDS:
        value = getattr(doc, f)
        out[f] = value.isoformat() if isinstance(value, date) else value
    return out


def doc_year(doc_number: str) -> int:
    """The year inside a document number's 〔〕."""
    m = DOC_NUMBER_RE.match(doc_number)
    return int(m[1]) if m else 0


def visible(principal: Principal) -> ColumnElement[bool]:
    """Documents in the caller's scope, plus those issued above the caller's own region (they apply there too)."""
    conditions = [scope_condition(principal, SCOPE)]
    if principal.region_path:
        # The caller's path starts with the issuing region's path: issued by an ancestor (or the region itself).
        conditions.append(literal(principal.region_path, String).startswith(PolicyDocument.region_path))
    return or_(*conditions)


def scoped(principal: Principal) -> Select[tuple[PolicyDocument]]:
    """Documents the principal may read."""
    return select(PolicyDocument).where(visible(principal))


async def list_policies(
    session: AsyncSession,
    *,
    principal: Principal,
    page: PageParams,
    kind: str | None = None,
    year: int | None = None,
    region_code: str | None = None,
    q: str | None = None,
    sort: str | None = None,
) -> tuple[list[PolicyDocument], int]:
    """A page of readable documents, newest first by default."""
    stmt = scoped(principal)
    if kind:
        stmt = stmt.where(PolicyDocument.kind == kind)
    if year is not None:
        stmt = stmt.where(
            PolicyDocument.issue_date >= date(year, 1, 1), PolicyDocument.issue_date < date(year + 1, 1, 1)
        )
    if region_code:
        stmt = stmt.where(PolicyDocument.region_code == region_code)
    if q:
        term = q.strip()
        stmt = stmt.where(
            or_(
                PolicyDocument.title.contains(term, autoescape=True),
                PolicyDocument.doc_number.contains(term, autoescape=True),
            )
        )
    order = parse_sort(sort, SORTS, [PolicyDocument.issue_date.desc()])
    return await paginate(session, stmt.order_by(*order, PolicyDocument.id.desc()), page)


async def get_policy(session: AsyncSession, *, principal: Principal, policy_id: int) -> PolicyDocument | None:
    """One readable document, or None."""
    return await session.scalar(scoped(principal).where(PolicyDocument.id == policy_id))


async def _refuse_duplicate(session: AsyncSession, doc_number: str, exclude_id: int | None = None) -> None:
    stmt = select(PolicyDocument.id).where(PolicyDocument.doc_number == doc_number)
    if exclude_id is not None:
        stmt = stmt.where(PolicyDocument.id != exclude_id)
    if await session.scalar(stmt) is not None:
        raise duplicate("doc_number", "该文号已登记")


async def create_policy(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, data: PolicyCreate
) -> PolicyDocument:
    """Register a document (409 naming `doc_number` when the number is taken)."""
    path = placed(regions, principal, data.region_code)
    await _refuse_duplicate(session, data.doc_number)
    doc = PolicyDocument(**data.model_dump(), region_path=path, created_by=principal.subject)
    return await kit.insert(session, principal=principal, row=doc, name="policy", entity=ENTITY, snapshot_of=snapshot)


async def update_policy(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, doc: PolicyDocument, data: PolicyUpdate
) -> PolicyDocument:
    """Apply a partial update (the writer must be able to write where it was issued)."""
    placed(regions, principal, doc.region_code)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("doc_number") is not None:
        await _refuse_duplicate(session, changes["doc_number"], exclude_id=doc.id)
    return await kit.change(
        session,
        principal=principal,
        row=doc,
        changes=changes,
        name="policy",
        entity=ENTITY,
        regions=regions,
        snapshot_of=snapshot,
    )


async def delete_policy(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, doc: PolicyDocument
) -> None:
    """Delete a document registered by mistake (the audit entry keeps its content)."""
    placed(regions, principal, doc.region_code)
    await kit.remove(
        session, principal=principal, row=doc, name="policy", entity=ENTITY, snapshot_of=snapshot, tombstone=False
    )


async def latest_of_kind(
    session: AsyncSession,
    *,
    principal: Principal,
    kind: str,
    first_day: date,
    end_day: date,
    region_code: str | None = None,
) -> PolicyDocument | None:
    """The most recently issued readable document of a kind issued in [first_day, end_day), by one region if given."""
    stmt = (
        scoped(principal)
        .where(PolicyDocument.kind == kind, PolicyDocument.issue_date >= first_day, PolicyDocument.issue_date < end_day)
        .order_by(PolicyDocument.issue_date.desc(), PolicyDocument.id.desc())
        .limit(1)
    )
    if region_code:
        stmt = stmt.where(PolicyDocument.region_code == region_code)
    return await session.scalar(stmt)
