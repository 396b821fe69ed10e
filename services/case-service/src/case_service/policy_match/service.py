"""政策找企业: a policy's conditions, the enterprises they match (in SQL), pushes with read receipts, figures.

Matching at 200,000 enterprises: the conditions become one WHERE over `enterprise` that the planner can serve
from indexes: the issuing region and each chosen region are constant LIKE prefixes on `region_path`
(`ix_enterprise_region_path`, text_pattern_ops, live rows only), industry an IN on `ix_enterprise_industry`,
the key flag `ix_enterprise_is_key`; size is a residual filter on rows already narrowed. The page is ordered by
the primary key and the count runs on the same filtered set, so no query reads every enterprise into Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, and_, func, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.core import audit, kit
from case_service.enterprise import service as enterprises
from case_service.enterprise.models import Enterprise
from case_service.notification import service as notices
from case_service.notification.models import NotificationKind
from case_service.pairing.models import Pairing
from case_service.pairing.service import in_effect
from case_service.policy.models import PolicyDocument
from case_service.policy.service import ENTITY
from case_service.policy_match.models import PolicyPush, PolicyPushReceipt
from case_service.policy_match.schemas import (
    PolicyConditions,
    PushRequest,
    PushStatistics,
    Rate,
    RegionPushFigures,
)
from platform_core.auth import Principal
from platform_core.db import utcnow
from platform_core.delivery import Delivery, Message
from platform_core.enumerations import labels
from platform_core.pagination import PageParams, paginate
from platform_core.periods import today
from platform_core.problems import ProblemError, field_error
from platform_core.regions import RegionDirectory
from platform_core.scope import ScopeColumns, placed, scope_condition, under_path

ENTERPRISE = "enterprise"
CADRE = "cadre"
#: Rows per INSERT: keeps a push to thousands of enterprises under SQLite's bound-parameter limit.
CHUNK = 500

PUSH_SCOPE = ScopeColumns(
    region_path=PolicyPush.region_path, region_code=PolicyPush.region_code, enterprise_uscc=PolicyPush.enterprise_uscc
)
SIZE_LABELS = labels("enterprise_size")
TYPE_LABELS = labels("enterprise_type")


def conditions_of(doc: PolicyDocument) -> PolicyConditions | None:
    """A document's conditions, or None when it is not targeted at enterprises."""
    return None if doc.conditions is None else PolicyConditions.model_validate(doc.conditions)


def _snapshot(doc: PolicyDocument) -> dict[str, Any]:
    return {"conditions": doc.conditions}


async def set_conditions(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    doc: PolicyDocument,
    data: PolicyConditions,
) -> PolicyDocument:
    """Replace a policy's conditions (regions must exist and lie within the issuing region); audited."""
    placed(regions, principal, doc.region_code)
    for i, code in enumerate(data.region_codes):
        path = regions.path_of(code)
        if path is None:
            raise field_error(f"region_codes.{i}", f"行政区划代码不存在：{code}")
        if not path.startswith(doc.region_path):
            raise field_error(f"region_codes.{i}", f"适用区域应在发文区划之内：{regions.name_of(code) or code}")
    return await kit.change(
        session,
        principal=principal,
        row=doc,
        changes={"conditions": data.model_dump(mode="json")},
        name="policy_conditions",
        entity=ENTITY,
        snapshot_of=_snapshot,
    )


def match_filters(doc: PolicyDocument, cond: PolicyConditions, regions: RegionDirectory) -> list[ColumnElement[bool]]:
    """The WHERE of the enterprises a policy fits (live, within the issuing region, every condition met)."""
    filters: list[ColumnElement[bool]] = [
        Enterprise.deleted_at.is_(None),
        under_path(Enterprise.region_path, doc.region_path),
    ]
    if cond.industries:
        filters.append(Enterprise.industry.in_(cond.industries))
    if cond.sizes:
        filters.append(Enterprise.size.in_([s.value for s in cond.sizes]))
    if cond.enterprise_types:
        filters.append(Enterprise.enterprise_type.in_([t.value for t in cond.enterprise_types]))
    if cond.key_enterprise is not None:
        filters.append(Enterprise.is_key.is_(cond.key_enterprise))
    paths = [p for p in (regions.path_of(c) for c in cond.region_codes) if p]
    if cond.region_codes:
        # A region whose code vanished from the directory matches nothing rather than everything.
        filters.append(or_(*(under_path(Enterprise.region_path, p) for p in paths)) if paths else literal(False))
    return filters


def fits(doc: PolicyDocument, cond: PolicyConditions, regions: RegionDirectory, ent: Any) -> bool:
    """The same test as `match_filters`, for one enterprise already loaded (the home page's few policies)."""
    if ent.region_path is None or not ent.region_path.startswith(doc.region_path):
        return False
    if cond.industries and ent.industry not in cond.industries:
        return False
    if cond.sizes and ent.size not in {s.value for s in cond.sizes}:
        return False
    if cond.enterprise_types and ent.enterprise_type not in {t.value for t in cond.enterprise_types}:
        return False
    if cond.key_enterprise is not None and bool(ent.is_key) is not cond.key_enterprise:
        return False
    if cond.region_codes:
        paths = [p for p in (regions.path_of(c) for c in cond.region_codes) if p]
        return any(ent.region_path.startswith(p) for p in paths)
    return True


def reasons(cond: PolicyConditions, regions: RegionDirectory, ent: Any) -> list[str]:
    """The conditions an enterprise met, in words (an unconditioned policy: 不限条件)."""
    out: list[str] = []
    if cond.industries:
        out.append(f"行业：{ent.industry}")
    if cond.sizes:
        out.append(f"规模：{SIZE_LABELS.get(ent.size or '', ent.size)}")
    if cond.enterprise_types:
        out.append(f"类型：{TYPE_LABELS.get(ent.enterprise_type or '', ent.enterprise_type)}")
    if cond.region_codes:
        hit = next((c for c in cond.region_codes if ent.region_path.startswith(regions.path_of(c) or "\0")), None)
        out.append(f"区域：{regions.name_of(hit) if hit else ''}")
    if cond.key_enterprise is not None:
        out.append("重点企业" if cond.key_enterprise else "非重点企业")
    return out or ["不限条件"]


def _targeted(doc: PolicyDocument) -> PolicyConditions:
    cond = conditions_of(doc)
    if cond is None:
        raise ProblemError(409, "not_targeted", "该政策尚未设置适用条件")
    return cond


def _matched(principal: Principal, doc: PolicyDocument, cond: PolicyConditions, regions: RegionDirectory) -> Any:
    """Matching enterprises the caller may see (the one enterprise scope)."""
    return and_(*match_filters(doc, cond, regions), scope_condition(principal, enterprises.SCOPE))


async def list_matches(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    doc: PolicyDocument,
    page: PageParams,
    pushed: bool | None = None,
) -> tuple[list[Any], int]:
    """A page of matched enterprises in scope with their push time and the enterprise's read time."""
    cond = _targeted(doc)
    stmt = (
        select(
            Enterprise.id,
            Enterprise.uscc,
            Enterprise.name,
            Enterprise.region_code,
            Enterprise.region_path,
            Enterprise.industry,
            Enterprise.size,
            Enterprise.enterprise_type,
            Enterprise.is_key,
            PolicyPush.pushed_at,
            PolicyPushReceipt.read_at,
        )
        .outerjoin(PolicyPush, and_(PolicyPush.policy_id == doc.id, PolicyPush.enterprise_uscc == Enterprise.uscc))
        .outerjoin(
            PolicyPushReceipt, and_(PolicyPushReceipt.push_id == PolicyPush.id, PolicyPushReceipt.role == ENTERPRISE)
        )
        .where(_matched(principal, doc, cond, regions))
    )
    if pushed is True:
        stmt = stmt.where(PolicyPush.id.is_not(None))
    elif pushed is False:
        stmt = stmt.where(PolicyPush.id.is_(None))
    return await paginate(session, stmt.order_by(Enterprise.id), page, rows=True)


def push_key(policy_id: int) -> str:
    """The send-log key of a policy's push: each inbox hears of a policy once, however often it is pushed."""
    return f"policy:{policy_id}"


async def push(
    session: AsyncSession,
    delivery: Delivery,
    *,
    policy_id: int,
    recipients: Iterable[str],
    title: str,
    body: str,
    at: datetime,
) -> int:
    """Deliver a policy notice to inboxes through the notification interface; how many were new."""
    meta = {"kind": NotificationKind.POLICY.value, "due_at": at}
    key = push_key(policy_id)
    messages = [(Message(key, r, title, body, meta), ()) for r in sorted(set(recipients))]
    return await delivery.enqueue_many(session, messages, now=at)


def _insert(session: AsyncSession) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


async def cadres_of(session: AsyncSession, usccs: Sequence[str]) -> dict[str, set[str]]:
    """The inboxes of each enterprise's 包联 cadres in effect today (their own, or their unit's without an account)."""
    out: dict[str, set[str]] = {}
    day = today()
    for i in range(0, len(usccs), CHUNK):
        rows = await session.execute(
            select(Pairing.enterprise_uscc, Pairing.user_id, Pairing.unit_id).where(
                Pairing.enterprise_uscc.in_(usccs[i : i + CHUNK]), Pairing.deleted_at.is_(None), in_effect(day)
            )
        )
        for uscc, user_id, unit_id in rows:
            key = f"user:{user_id}" if user_id is not None else notices.unit_recipient(unit_id) if unit_id else None
            if key:
                out.setdefault(uscc, set()).add(key)
    return out


async def push_policy(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    doc: PolicyDocument,
    data: PushRequest,
    delivery: Delivery,
) -> tuple[int, int, int]:
    """Push a policy to matched enterprises in scope: (newly pushed, pushed before, notices written).

    The push row is unique per policy and enterprise and written with ON CONFLICT DO NOTHING RETURNING: only the
    rows this request inserted are notified; and the notices go through the send log keyed by the policy, so a
    retry or a concurrent push notifies nobody twice (a cadre of several enterprises hears of the policy once).
    """
    cond = _targeted(doc)
    now = utcnow()
    where = [_matched(principal, doc, cond, regions)]
    if data.usccs is not None:
        where.append(Enterprise.uscc.in_(data.usccs))
    candidates = select(
        literal(doc.id).label("policy_id"),
        Enterprise.id,
        Enterprise.uscc,
        Enterprise.region_code,
        Enterprise.region_path,
        literal(now, PolicyPush.pushed_at.type).label("pushed_at"),
        literal(principal.subject, String).label("pushed_by"),
    ).where(*where)
    total = int(await session.scalar(select(func.count()).select_from(candidates.subquery())) or 0)
    columns = ["policy_id", "enterprise_id", "enterprise_uscc", "region_code", "region_path", "pushed_at", "pushed_by"]
    stmt = (
        _insert(session)(PolicyPush)
        .from_select(columns, candidates)
        .on_conflict_do_nothing(index_elements=["policy_id", "enterprise_uscc"])
        .returning(PolicyPush.id, PolicyPush.enterprise_uscc)
    )
    fresh = [(int(r[0]), str(r[1])) for r in (await session.execute(stmt)).all()]
    cadres = await cadres_of(session, [u for _, u in fresh])
    receipts: list[dict[str, Any]] = []
    for push_id, uscc in fresh:
        receipts.append({"push_id": push_id, "recipient": notices.enterprise_recipient(uscc), "role": ENTERPRISE})
        receipts += [{"push_id": push_id, "recipient": r, "role": CADRE} for r in sorted(cadres.get(uscc, ()))]
    for i in range(0, len(receipts), CHUNK):
        await session.execute(_insert(session)(PolicyPushReceipt).values(receipts[i : i + CHUNK]))
    written = await push(
        session,
        delivery,
        policy_id=doc.id,
        recipients=[r["recipient"] for r in receipts],
        title=f"政策推送：{doc.title}",
        body=f"{doc.doc_number}：该政策适合您(或您包联的企业)，请查阅。",
        at=now,
    )
    await audit.record(
        session,
        principal=principal,
        action="policy.push",
        entity_type=ENTITY,
        entity_id=doc.id,
        region_code=principal.region_code,
        after={"pushed": len(fresh), "already_pushed": total - len(fresh), "notices": written, "usccs": data.usccs},
    )
    return len(fresh), total - len(fresh), written


def own_receipts(principal: Principal) -> list[str]:
    """The receipt keys a principal answers for: its own subject, its unit's and its enterprise's inboxes."""
    return notices.recipients_of(principal)


async def mark_read(session: AsyncSession, *, principal: Principal, doc: PolicyDocument) -> int:
    """Mark the caller's unread receipts of a policy read (the enterprise opened it, or a cadre did); audited."""
    pushes = select(PolicyPush.id).where(PolicyPush.policy_id == doc.id).scalar_subquery()
    result = await session.execute(
        update(PolicyPushReceipt)
        .where(
            PolicyPushReceipt.push_id.in_(pushes),
            PolicyPushReceipt.recipient.in_(own_receipts(principal)),
            PolicyPushReceipt.read_at.is_(None),
        )
        .values(read_at=utcnow(), read_by=principal.subject)
        .execution_options(synchronize_session=False)
    )
    marked = int(getattr(result, "rowcount", 0) or 0)
    if marked:
        await audit.record(
            session,
            principal=principal,
            action="policy.read",
            entity_type=ENTITY,
            entity_id=doc.id,
            region_code=principal.region_code,
            after={"marked": marked},
        )
    return marked


def rate(numerator: int, denominator: int) -> Rate:
    """A rate with its parts (no percent over an empty denominator)."""
    percent = round(numerator * 100 / denominator, 1) if denominator else None
    return Rate(numerator=numerator, denominator=denominator, percent=percent)


async def matched_by_region(
    session: AsyncSession, *, principal: Principal, regions: RegionDirectory, doc: PolicyDocument
) -> dict[str, int]:
    """Matched enterprises in scope per region code."""
    cond = _targeted(doc)
    rows = await session.execute(
        select(Enterprise.region_code, func.count())
        .where(_matched(principal, doc, cond, regions))
        .group_by(Enterprise.region_code)
    )
    return {str(code): int(n) for code, n in rows}


async def pushed_by_region(
    session: AsyncSession, *, principal: Principal, doc: PolicyDocument
) -> dict[str, tuple[int, int]]:
    """(pushed, read by the enterprise) in scope per region code of the enterprise when pushed."""
    read = func.count(PolicyPushReceipt.read_at)
    rows = await session.execute(
        select(PolicyPush.region_code, func.count(PolicyPush.id), read)
        .outerjoin(
            PolicyPushReceipt, and_(PolicyPushReceipt.push_id == PolicyPush.id, PolicyPushReceipt.role == ENTERPRISE)
        )
        .where(PolicyPush.policy_id == doc.id, scope_condition(principal, PUSH_SCOPE))
        .group_by(PolicyPush.region_code)
    )
    return {str(code): (int(n), int(r)) for code, n, r in rows}


async def cadre_receipts(session: AsyncSession, *, principal: Principal, doc: PolicyDocument) -> tuple[int, int]:
    """(cadre receipts read, cadre receipts) of a policy's pushes in scope."""
    row = (
        await session.execute(
            select(
                func.count(PolicyPushReceipt.read_at),
                func.count(PolicyPushReceipt.id),
            )
            .join(PolicyPush, PolicyPush.id == PolicyPushReceipt.push_id)
            .where(
                PolicyPush.policy_id == doc.id,
                PolicyPushReceipt.role == CADRE,
                scope_condition(principal, PUSH_SCOPE),
            )
        )
    ).one()
    return int(row[0]), int(row[1])


async def receipts_for_enterprise(session: AsyncSession, *, uscc: str, policy_ids: Sequence[int]) -> dict[int, Any]:
    """policy id → (pushed_at, read_at) of an enterprise's own pushes."""
    if not policy_ids:
        return {}
    rows = await session.execute(
        select(PolicyPush.policy_id, PolicyPush.pushed_at, PolicyPushReceipt.read_at)
        .join(
            PolicyPushReceipt,
            and_(PolicyPushReceipt.push_id == PolicyPush.id, PolicyPushReceipt.role == ENTERPRISE),
        )
        .where(PolicyPush.enterprise_uscc == uscc, PolicyPush.policy_id.in_(policy_ids))
    )
    return {int(pid): (pushed_at, read_at) for pid, pushed_at, read_at in rows}


async def policies_for(
    session: AsyncSession, *, principal: Principal, regions: RegionDirectory
) -> list[tuple[PolicyDocument, Enterprise]]:
    """The targeted policies the caller's enterprise fits, newest first.

    Few documents are targeted at once (hundreds), so they are tested one by one against the one enterprise;
    the SQL narrows them to those issued at or above the enterprise's region.
    """
    if not principal.enterprise_uscc:
        raise ProblemError(403, "forbidden", "仅企业用户可查看适合本企业的政策")
    ent = await session.scalar(
        select(Enterprise).where(Enterprise.uscc == principal.enterprise_uscc, Enterprise.deleted_at.is_(None))
    )
    if ent is None:
        return []
    docs = await session.scalars(
        select(PolicyDocument)
        .where(
            PolicyDocument.conditions.is_not(None),
            literal(ent.region_path, String).startswith(PolicyDocument.region_path),
        )
        .order_by(PolicyDocument.issue_date.desc(), PolicyDocument.id.desc())
    )
    out = []
    for doc in docs:
        cond = conditions_of(doc)
        if cond is not None and fits(doc, cond, regions, ent):
            out.append((doc, ent))
    return out


async def statistics(
    session: AsyncSession, *, principal: Principal, regions: RegionDirectory, doc: PolicyDocument
) -> PushStatistics:
    """A policy's matched, pushed and read enterprises in scope, with each rate's parts, overall and per region."""
    matched = await matched_by_region(session, principal=principal, regions=regions, doc=doc)
    pushed = await pushed_by_region(session, principal=principal, doc=doc)
    cadre_read, cadre_total = await cadre_receipts(session, principal=principal, doc=doc)
    by_region = [
        RegionPushFigures(
            region_code=code,
            region_name=regions.name_of(code),
            matched=matched.get(code, 0),
            pushed=pushed.get(code, (0, 0))[0],
            read=pushed.get(code, (0, 0))[1],
            read_rate=rate(pushed.get(code, (0, 0))[1], pushed.get(code, (0, 0))[0]),
        )
        for code in sorted(set(matched) | set(pushed))
    ]
    n_matched = sum(matched.values())
    n_pushed = sum(p for p, _ in pushed.values())
    n_read = sum(r for _, r in pushed.values())
    return PushStatistics(
        policy_id=doc.id,
        matched=n_matched,
        pushed=n_pushed,
        read=n_read,
        push_rate=rate(n_pushed, n_matched),
        read_rate=rate(n_read, n_pushed),
        cadre_read_rate=rate(cadre_read, cadre_total),
        by_region=by_region,
    )
