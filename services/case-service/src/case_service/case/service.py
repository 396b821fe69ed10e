"""Data access for cases: every query passes through the data scope; the 13710 query helpers live here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.models import (
    Case,
    CaseEvent,
    CaseExtension,
    CaseMilestone,
    CasePause,
    CaseSource,
    CaseState,
    CaseUnit,
    WarningLevel,
)
from case_service.case.schemas import CaseCreate, CaseUpdate
from case_service.case.timers import REMINDED_STATES, TIMED_STATES, TimerPolicy, warning_level
from case_service.core import audit
from case_service.dictionary import service as dictionary
from case_service.enterprise import service as enterprises
from case_service.indicators import tally as _tally  # noqa: F401 - every process writing cases keeps the tallies
from case_service.notification import service as notices
from case_service.notification.models import Notification, NotificationKind
from case_service.supervision.models import SupervisionOrder, SupervisionState
from platform_core.auth import Principal
from platform_core.db import utcnow
from platform_core.delivery import DispatchResult
from platform_core.pagination import CountCache, PageParams, paginate, parse_sort
from platform_core.periods import SHANGHAI, Period
from platform_core.problems import ProblemError, field_error
from platform_core.regions import RegionDirectory
from platform_core.scope import ScopeColumns, apply_scope, region_filter, scope_key
from platform_core.sync import SyncParams, keyset_page


def handled_by(unit_id: int) -> ColumnElement[bool]:
    """Cases the unit handles as lead or co-unit (the UNIT data scope)."""
    return select(CaseUnit.id).where(CaseUnit.case_id == Case.id, CaseUnit.unit_id == unit_id).exists()


SCOPE = ScopeColumns(
    region_path=Case.region_path,
    region_code=Case.region_code,
    unit_ids=handled_by,
    enterprise_uscc=Case.enterprise_uscc,
)

TOPIC = "case"
COUNTS = CountCache(ttl_s=5.0)

#: Unsolved states without a dated plan: the "0" of 13710 counts these (see `open_without_plan_condition`).
OPEN_WITHOUT_PLAN_STATES: frozenset[CaseState] = frozenset(CaseState) - {
    CaseState.LONG_TERM_TRACKING,
    CaseState.RESOLVED,
    CaseState.VISITED,
    CaseState.CLOSED,
}

#: Stored warning levels in severity order, for sorting.
WARNING_RANK = case(
    {
        WarningLevel.GREEN.value: 0,
        WarningLevel.YELLOW.value: 1,
        WarningLevel.RED.value: 2,
        WarningLevel.ESCALATED.value: 3,
    },
    value=Case.warning_level,
    else_=0,
)
URGENCY_RANK = case({"normal": 0, "urgent": 1, "critical": 2}, value=Case.urgency, else_=0)

SORTS: dict[str, Any] = {
    "created_at": Case.created_at,
    "updated_at": Case.updated_at,
    "assigned_at": Case.assigned_at,
    "resolve_due": Case.resolve_due,
    "warning_level": WARNING_RANK,
    "urgency": URGENCY_RANK,
    "case_no": Case.case_no,
    "id": Case.id,
}

AUDITED_FIELDS = (
    "state",
    "title",
    "category_code",
    "urgency",
    "complexity",
    "superior_doc_no",
    "contact_person",
    "contact_phone",
    "lead_unit_id",
    "resolve_due",
    "satisfaction",
    "closed_reason",
    "reopen_count",
)


def snapshot(item: Case) -> dict[str, Any]:
    """The audited fields of a case (JSON-safe)."""
    out: dict[str, Any] = {}
    for name in AUDITED_FIELDS:
        value = getattr(item, name)
        out[name] = value.isoformat() if isinstance(value, datetime) else value
    return out


def scoped(principal: Principal) -> Select[tuple[Case]]:
    """Cases the principal may see."""
    return apply_scope(select(Case), principal, SCOPE)


def open_without_plan_condition() -> ColumnElement[bool]:
    """Cases still unsolved with neither a dated plan nor a close: the count 13710 drives to 0.

    Submitted, accepted, assigned, in handling, escalated, extension or return requested, and results
    waiting for review count; long-term cases (dated plan), resolved, visited and closed ones do not.
    """
    return Case.state.in_(sorted(OPEN_WITHOUT_PLAN_STATES))


def overdue_condition(now: datetime) -> ColumnElement[bool]:
    """Cases past their resolution deadline at `now` (a result waiting for review, or a paused case, counts as of
    the instant its clock stopped)."""
    return or_(
        and_(Case.state.in_(sorted(REMINDED_STATES)), Case.resolve_due < now),
        and_(Case.state == CaseState.PENDING_REVIEW.value, Case.result_submitted_at > Case.resolve_due),
        # A paused case is overdue only if it was already when the clock stopped.
        and_(Case.state == CaseState.PAUSED.value, Case.paused_at > Case.resolve_due),
    )


def local_year(moment: datetime) -> int:
    """The Asia/Shanghai year of an instant."""
    return moment.astimezone(SHANGHAI).year


async def list_cases(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    page: PageParams,
    states: Sequence[CaseState] = (),
    warning_level: WarningLevel | None = None,
    source: CaseSource | None = None,
    category: str | None = None,
    region_code: str | None = None,
    unit_id: int | None = None,
    enterprise_uscc: str | None = None,
    q: str | None = None,
    assigned: Period | None = None,
    mine: str | None = None,
    sort: str | None = None,
) -> tuple[list[Case], int]:
    """A page of cases in scope, filtered and sorted (the warning filter reads the stored level)."""
    stmt = scoped(principal)
    if states:
        stmt = stmt.where(Case.state.in_([s.value for s in states]))
    if warning_level is not None:
        stmt = stmt.where(Case.warning_level == warning_level.value)
    if source is not None:
        stmt = stmt.where(Case.source == source.value)
    if category:
        stmt = stmt.where(Case.category_code == category)
    stmt = stmt.where(*region_filter(Case.region_path, regions, region_code))
    if unit_id is not None:
        stmt = stmt.where(handled_by(unit_id))
    if enterprise_uscc:
        stmt = stmt.where(Case.enterprise_uscc == enterprise_uscc.strip().upper())
    if q:
        term = q.strip()
        stmt = stmt.where(
            or_(
                Case.title.contains(term, autoescape=True),
                Case.enterprise_name.contains(term, autoescape=True),
                Case.case_no.startswith(term.upper(), autoescape=True),
            )
        )
    if assigned is not None:
        stmt = stmt.where(Case.assigned_at >= assigned.start, Case.assigned_at < assigned.end)
        # A case is registered before it is assigned (both on the service's clock). Saying so lets the
        # newest-first scan of the registration index start at the period's end instead of today.
        stmt = stmt.where(Case.created_at < assigned.end)
    if mine == "unit":
        stmt = stmt.where(handled_by(principal.unit_id) if principal.unit_id is not None else false())
    elif mine == "created":
        stmt = stmt.where(Case.created_by == principal.subject)
    order = parse_sort(sort, SORTS, [Case.created_at.desc()])
    key = (
        TOPIC,
        scope_key(principal),
        tuple(states),
        warning_level,
        source,
        category,
        region_code,
        unit_id,
        enterprise_uscc,
        q,
        assigned.label if assigned else None,
        mine,
        principal.subject if mine == "created" else None,
    )
    return await paginate(session, stmt.order_by(*order, Case.id.desc()), page, count_cache=COUNTS, count_key=key)


async def get_case(
    session: AsyncSession, *, principal: Principal, case_id: int, for_update: bool = False
) -> Case | None:
    """One case in scope, or None (out of scope looks the same as absent); locked for an action."""
    stmt = scoped(principal).where(Case.id == case_id)
    if for_update:
        stmt = stmt.with_for_update(of=Case)
    return await session.scalar(stmt)


async def load_units(session: AsyncSession, *, case_ids: Sequence[int]) -> dict[int, list[CaseUnit]]:
    """The handling units of each case, lead first."""
    out: dict[int, list[CaseUnit]] = {i: [] for i in case_ids}
    if not case_ids:
        return out
    rows = await session.scalars(
        select(CaseUnit)
        .where(CaseUnit.case_id.in_(case_ids))
        .order_by(CaseUnit.case_id, CaseUnit.role.desc(), CaseUnit.id)
    )
    for row in rows:
        out[row.case_id].append(row)
    return out


async def open_supervision_counts(session: AsyncSession, *, case_ids: Sequence[int]) -> dict[int, int]:
    """Unreplied supervision orders per case."""
    if not case_ids:
        return {}
    rows = await session.execute(
        select(SupervisionOrder.case_id, func.count())
        .where(SupervisionOrder.case_id.in_(case_ids), SupervisionOrder.state == SupervisionState.OPEN.value)
        .group_by(SupervisionOrder.case_id)
    )
    return {int(cid): int(n) for cid, n in rows if cid is not None}


async def list_events(session: AsyncSession, *, case_id: int) -> list[CaseEvent]:
    """A case's timeline, oldest first."""
    rows = await session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id))
    return list(rows.all())


async def list_extensions(session: AsyncSession, *, case_id: int) -> list[CaseExtension]:
    """A case's extension requests, oldest first."""
    rows = await session.scalars(
        select(CaseExtension).where(CaseExtension.case_id == case_id).order_by(CaseExtension.id)
    )
    return list(rows.all())


async def list_pauses(session: AsyncSession, *, case_id: int) -> list[CasePause]:
    """A case's pauses (等待企业补充材料), oldest first."""
    rows = await session.scalars(select(CasePause).where(CasePause.case_id == case_id).order_by(CasePause.id))
    return list(rows.all())


async def list_milestones(session: AsyncSession, *, case_id: int) -> list[CaseMilestone]:
    """A case's long-term plan, in order."""
    rows = await session.scalars(
        select(CaseMilestone).where(CaseMilestone.case_id == case_id).order_by(CaseMilestone.seq)
    )
    return list(rows.all())


def add_event(
    session: AsyncSession,
    *,
    item: Case,
    action: str,
    principal: Principal,
    now: datetime,
    from_state: str | None,
    to_state: str | None,
    comment: str | None = None,
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    """Append a timeline entry to the session."""
    event = CaseEvent(
        case_id=item.id,
        occurred_at=now,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=principal.subject,
        actor_name=principal.name,
        actor_unit_id=principal.unit_id,
        comment=comment,
        data=data or None,
    )
    session.add(event)
    return event


def refresh_warning(item: Case, *, now: datetime, policy: TimerPolicy, supervised: bool) -> WarningLevel:
    """Recompute and store the case's warning level (lists filter and sort on the stored value)."""
    level = warning_level(item, now=now, policy=policy, supervised=supervised)
    item.warning_level = level.value
    item.warning_checked_at = now
    return level


async def create_case(session: AsyncSession, *, principal: Principal, data: CaseCreate, now: datetime) -> Case:
    """Register a case: an enterprise user for its own enterprise, an officer for any enterprise in scope."""
    uscc = data.enterprise_uscc
    if principal.enterprise_uscc:
        if data.source is not CaseSource.ENTERPRISE:
            raise field_error("source", "企业用户只能以“企业反映”提交诉求")
        if uscc and uscc != principal.enterprise_uscc:
            raise field_error("enterprise_uscc", "只能为本企业提交诉求")
        uscc = principal.enterprise_uscc
    if not uscc:
        raise field_error("enterprise_uscc", "请选择企业", code="missing")
    ent = await enterprises.get_by_uscc(session, principal=principal, uscc=uscc)
    if ent is None:
        raise field_error("enterprise_uscc", "企业不在企业名录中或不在数据权限范围内")
    await dictionary.usable_category(session, code=data.category_code, region_path=ent.region_path)
    item = Case(
        source=data.source.value,
        superior_doc_no=data.superior_doc_no,
        visit_id=data.visit_id,
        category_code=data.category_code,
        enterprise_id=ent.id,
        enterprise_uscc=ent.uscc,
        enterprise_name=ent.name,
        region_code=ent.region_code,
        region_path=ent.region_path,
        title=data.title,
        description=data.description,
        urgency=data.urgency.value,
        complexity=data.complexity.value,
        contact_person=data.contact_person or (ent.contact_person if principal.enterprise_uscc else None),
        contact_phone=data.contact_phone or (ent.contact_phone if principal.enterprise_uscc else None),
        state=CaseState.SUBMITTED.value,
        warning_level=WarningLevel.GREEN.value,
        warning_checked_at=now,
        reopen_count=0,
        created_by=principal.subject,
        created_by_name=principal.name,
        # The service's clock, never the client's: the demo seeds a past year through it; requests get the present.
        created_at=now,
    )
    session.add(item)
    await session.flush()
    item.case_no = f"SQ{local_year(now)}{item.id:07d}"
    add_event(
        session,
        item=item,
        action="create",
        principal=principal,
        now=now,
        from_state=None,
        to_state=CaseState.SUBMITTED.value,
        data={"source": item.source},
    )
    await session.flush()
    COUNTS.invalidate(TOPIC)
    await audit.record(
        session,
        principal=principal,
        action="case.create",
        entity_type="case",
        entity_id=item.id,
        region_code=item.region_code,
        after=snapshot(item),
    )
    return item


#: States in which the registered facts may still be corrected.
EDITABLE_STATES = frozenset({CaseState.SUBMITTED, CaseState.ACCEPTED})


async def update_case(
    session: AsyncSession, *, principal: Principal, item: Case, data: CaseUpdate, now: datetime
) -> Case:
    """Correct a case before it is assigned (409 `case.not_editable` afterwards)."""
    if CaseState(item.state) not in EDITABLE_STATES:
        raise ProblemError(
            409,
            "case.not_editable",
            "诉求已交办，不能再修改登记信息",
            extra={"state": item.state},
            title="诉求已交办，不能修改",
        )
    changes = data.model_dump(mode="json", exclude_unset=True)
    for name in ("title", "description", "category_code", "urgency", "complexity"):
        if name in changes and changes[name] is None:
            raise field_error(name, "不能为空")
    if "category_code" in changes:
        await dictionary.usable_category(session, code=changes["category_code"], region_path=item.region_path)
    if item.source == CaseSource.SUPERIOR and "superior_doc_no" in changes and not changes["superior_doc_no"]:
        raise field_error("superior_doc_no", "上级交办的诉求须填写交办文号")
    before = snapshot(item)
    for name, value in changes.items():
        setattr(item, name, value)
    item.updated_at = utcnow()
    add_event(
        session,
        item=item,
        action="update",
        principal=principal,
        now=now,
        from_state=item.state,
        to_state=item.state,
        data={"fields": sorted(changes)},
    )
    await session.flush()
    COUNTS.invalidate(TOPIC)
    await audit.record(
        session,
        principal=principal,
        action="case.update",
        entity_type="case",
        entity_id=item.id,
        region_code=item.region_code,
        before=before,
        after=snapshot(item),
    )
    return item


@dataclass(slots=True)
class TimerCheckResult:
    """Counts of one timer check."""

    checked: int = 0
    level_changes: int = 0
    notifications: int = 0
    #: What the round sent by e-mail and SMS (the background job's round only).
    sent: DispatchResult = field(default_factory=DispatchResult)


_CHECK_COLUMNS = (
    Case.id,
    Case.state,
    Case.warning_level,
    Case.assigned_at,
    Case.sign_due,
    Case.signed_at,
    Case.first_feedback_due,
    Case.first_feedback_at,
    Case.resolve_due,
    Case.result_submitted_at,
    Case.paused_at,
    Case.paused_seconds,
)


async def refresh_stored_levels(
    session: AsyncSession, *, now: datetime, policy: TimerPolicy, batch: int = 500
) -> tuple[int, int]:
    """Recompute the stored warning level of every timed case (and clear stale ones); (checked, changed)."""
    checked = changed = 0
    last_id = 0
    relevant = or_(Case.state.in_(sorted(TIMED_STATES)), Case.warning_level != WarningLevel.GREEN.value)
    while True:
        rows = (
            await session.execute(
                select(*_CHECK_COLUMNS).where(relevant, Case.id > last_id).order_by(Case.id).limit(batch)
            )
        ).all()
        if not rows:
            return checked, changed
        last_id = rows[-1].id
        checked += len(rows)
        supervised = await open_supervision_counts(session, case_ids=[r.id for r in rows])
        moved: dict[str, list[int]] = {}
        for row in rows:
            level = warning_level(row, now=now, policy=policy, supervised=bool(supervised.get(row.id)))
            if level.value != row.warning_level:
                moved.setdefault(level.value, []).append(row.id)
        for level_value, ids in moved.items():
            changed += len(ids)
            # Keep updated_at: a colour change is not a change of the record for sync consumers.
            await session.execute(
                update(Case)
                .where(Case.id.in_(ids))
                .values(warning_level=level_value, warning_checked_at=now, updated_at=Case.updated_at)
            )


def _not_noticed(kind: NotificationKind, due: Any) -> ColumnElement[bool]:
    return (
        ~select(Notification.id)
        .where(Notification.case_id == Case.id, Notification.kind == kind.value, Notification.due_at == due)
        .exists()
    )


@dataclass(frozen=True, slots=True)
class Reminder:
    """A deadline notice due: early warning before the first-feedback or resolution deadline, or overdue."""

    case_id: int
    case_no: str | None
    title: str
    kind: NotificationKind
    due_at: datetime
    unit_id: int
    region_code: str
    assigned_by: str | None

    @property
    def key(self) -> str:
        """The message key: one per case, kind and deadline instant."""
        return f"case:{self.case_id}:{self.kind.value}:{self.due_at.astimezone(UTC).isoformat()}"

    @property
    def subject(self) -> str:
        """The notice's title."""
        prefix = {
            NotificationKind.FEEDBACK_DUE: "首次反馈将到期",
            NotificationKind.DUE_TOMORROW: "办结期限将至",
            NotificationKind.OVERDUE: "诉求已超期",
        }[self.kind]
        return f"{prefix}：{self.title}"

    @property
    def text(self) -> str:
        """The notice's text, with the deadline in Beijing time."""
        due = self.due_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
        if self.kind is NotificationKind.FEEDBACK_DUE:
            return f"诉求 {self.case_no} 须在 {due} 前首次反馈办理进展。"
        if self.kind is NotificationKind.DUE_TOMORROW:
            return f"诉求 {self.case_no} 将于 {due} 到期，请抓紧办结。"
        return f"诉求 {self.case_no} 已超过办结期限（{due}）。"


#: How long before a deadline its early warning goes out by default (the 系统参数 `reminder_lead_hours`).
DEFAULT_LEAD = timedelta(days=1)


async def due_reminders(session: AsyncSession, *, now: datetime, lead: timedelta = DEFAULT_LEAD) -> list[Reminder]:
    """The deadline notices due at `now` and not yet in the lead unit's inbox: first feedback due within `lead`,
    resolution due within `lead`, resolution overdue."""
    reminded = Case.state.in_(sorted(REMINDED_STATES))
    horizon = now + lead
    cols = (Case.id, Case.case_no, Case.title, Case.lead_unit_id, Case.region_code, Case.assigned_by)
    queries = (
        (
            NotificationKind.FEEDBACK_DUE,
            Case.first_feedback_due,
            [Case.first_feedback_at.is_(None), Case.first_feedback_due <= horizon],
        ),
        (NotificationKind.DUE_TOMORROW, Case.resolve_due, [Case.resolve_due > now, Case.resolve_due <= horizon]),
        (NotificationKind.OVERDUE, Case.resolve_due, [Case.resolve_due < now]),
    )
    out: list[Reminder] = []
    for kind, due, conditions in queries:
        rows = await session.execute(
            select(*cols, due.label("due"))
            .where(reminded, Case.lead_unit_id.is_not(None), *conditions, _not_noticed(kind, due))
            .order_by(Case.id)
        )
        out.extend(
            Reminder(r.id, r.case_no, r.title, kind, r.due, r.lead_unit_id, r.region_code, r.assigned_by) for r in rows
        )
    return out


async def notify_deadlines(session: AsyncSession, *, now: datetime, lead: timedelta = DEFAULT_LEAD) -> int:
    """Inbox notices of the due reminders: the lead unit's, and the assigning officer's when overdue."""
    created = 0
    for r in await due_reminders(session, now=now, lead=lead):
        officer = r.assigned_by if r.kind is NotificationKind.OVERDUE else None
        created += await notices.notify(
            session,
            recipients=[notices.unit_recipient(r.unit_id), officer],
            kind=r.kind,
            due_at=r.due_at,
            case_id=r.case_id,
            title=r.subject,
            body=r.text,
        )
    return created


async def run_timer_check(
    session: AsyncSession, *, now: datetime, policy: TimerPolicy, lead: timedelta = DEFAULT_LEAD
) -> TimerCheckResult:
    """The periodic check: stored warning levels and deadline notices; safe to run again at any time."""
    checked, changed = await refresh_stored_levels(session, now=now, policy=policy)
    created = await notify_deadlines(session, now=now, lead=lead)
    if changed:
        COUNTS.invalidate(TOPIC)
    return TimerCheckResult(checked=checked, level_changes=changed, notifications=created)


async def sync_changes(
    session: AsyncSession, *, principal: Principal, params: SyncParams, settle_seconds: float
) -> tuple[list[Case], str | None, bool]:
    """Changes in scope after the cursor, merged cases included (as tombstones)."""
    return await keyset_page(
        session,
        scoped(principal),
        updated_at=Case.updated_at,
        id_col=Case.id,
        params=params,
        settle_seconds=settle_seconds,
    )
