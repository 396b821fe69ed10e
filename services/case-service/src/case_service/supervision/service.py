"""Data access for supervision orders: scoped by region for leaders and officers, by unit for handlers."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case import service as cases
from case_service.case.models import Case, CaseState
from case_service.case.timers import TIMED_STATES, TimerPolicy
from case_service.core import audit
from case_service.notification import service as notices
from case_service.notification.models import NotificationKind
from case_service.supervision.models import SupervisionLevel, SupervisionOrder, SupervisionState
from case_service.supervision.schemas import SupervisionCreate, SupervisionReply
from platform_core.auth import Principal
from platform_core.db import utcnow
from platform_core.enumerations import labels
from platform_core.pagination import PageParams, paginate
from platform_core.problems import ProblemError, field_error
from platform_core.scope import ScopeColumns, apply_scope

SCOPE = ScopeColumns(
    region_path=SupervisionOrder.region_path,
    region_code=SupervisionOrder.region_code,
    unit_ids=SupervisionOrder.unit_id,
)

LEVEL_LABELS = labels("supervision_level")


def scoped(principal: Principal) -> Select[tuple[SupervisionOrder]]:
    """Supervision orders the principal may see."""
    return apply_scope(select(SupervisionOrder), principal, SCOPE)


def overdue_condition(now: datetime) -> ColumnElement[bool]:
    """Open orders past their reply deadline."""
    return and_(SupervisionOrder.state == SupervisionState.OPEN.value, SupervisionOrder.reply_due < now)


async def list_orders(
    session: AsyncSession,
    *,
    principal: Principal,
    page: PageParams,
    now: datetime,
    case_id: int | None = None,
    unit_id: int | None = None,
    state: SupervisionState | None = None,
    level: SupervisionLevel | None = None,
    overdue: bool | None = None,
) -> tuple[list[SupervisionOrder], int]:
    """A page of supervision orders in scope, newest first."""
    stmt = scoped(principal)
    if case_id is not None:
        stmt = stmt.where(SupervisionOrder.case_id == case_id)
    if unit_id is not None:
        stmt = stmt.where(SupervisionOrder.unit_id == unit_id)
    if state is not None:
        stmt = stmt.where(SupervisionOrder.state == state.value)
    if level is not None:
        stmt = stmt.where(SupervisionOrder.level == level.value)
    if overdue is True:
        stmt = stmt.where(overdue_condition(now))
    elif overdue is False:
        stmt = stmt.where(~overdue_condition(now))
    return await paginate(session, stmt.order_by(SupervisionOrder.id.desc()), page)


async def counts_by_unit(
    session: AsyncSession, *, principal: Principal, now: datetime
) -> list[tuple[int, str | None, int, int, int]]:
    """(unit_id, unit_name, total, open, overdue) per unit in scope, most open first."""
    base = scoped(principal).subquery()
    is_open = base.c.state == SupervisionState.OPEN.value
    rows = await session.execute(
        select(
            base.c.unit_id,
            func.max(base.c.unit_name),
            func.count(),
            func.count().filter(is_open),
            func.count().filter(and_(is_open, base.c.reply_due < now)),
        )
        .group_by(base.c.unit_id)
        .order_by(func.count().filter(is_open).desc(), base.c.unit_id)
    )
    return [(int(u), name, int(total), int(n_open), int(late)) for u, name, total, n_open, late in rows]


async def get_order(session: AsyncSession, *, principal: Principal, order_id: int) -> SupervisionOrder | None:
    """One order in scope, or None."""
    return await session.scalar(scoped(principal).where(SupervisionOrder.id == order_id))


async def case_titles(session: AsyncSession, *, case_ids: list[int]) -> dict[int, tuple[str | None, str]]:
    """(case_no, title) of the cases the orders refer to."""
    if not case_ids:
        return {}
    rows = await session.execute(select(Case.id, Case.case_no, Case.title).where(Case.id.in_(case_ids)))
    return {i: (no, title) for i, no, title in rows}


async def _refresh_case(session: AsyncSession, *, item: Case, now: datetime, policy: TimerPolicy) -> None:
    """An order opened or answered changes the case's warning level at once."""
    supervised = bool((await cases.open_supervision_counts(session, case_ids=[item.id])).get(item.id))
    cases.refresh_warning(item, now=now, policy=policy, supervised=supervised)
    cases.COUNTS.invalidate(cases.TOPIC)


async def issue_order(
    session: AsyncSession, *, principal: Principal, data: SupervisionCreate, now: datetime, policy: TimerPolicy
) -> SupervisionOrder:
    """Issue a 督办单; the unit is notified and a case's timeline records it."""
    if data.reply_due <= now:
        raise field_error("reply_due", "回复期限应晚于当前时间")
    item: Case | None = None
    if data.case_id is not None:
        item = await cases.get_case(session, principal=principal, case_id=data.case_id, for_update=True)
        if item is None:
            raise field_error("case_id", "诉求不存在或不在数据权限范围内")
        if CaseState(item.state) not in TIMED_STATES or item.lead_unit_id is None:
            raise field_error("case_id", "只能督办已交办、尚未办结的诉求")
        unit_id, unit_name = item.lead_unit_id, item.lead_unit_name
        region_code, region_path = item.region_code, item.region_path
    else:
        if not principal.region_code or not principal.region_path:
            raise ProblemError(403, "out_of_scope", "签发人没有所属行政区划，不能对单位督办")
        assert data.unit_id is not None
        unit_id, unit_name = data.unit_id, data.unit_name
        region_code, region_path = principal.region_code, principal.region_path
    order = SupervisionOrder(
        case_id=data.case_id,
        unit_id=unit_id,
        unit_name=unit_name,
        region_code=region_code,
        region_path=region_path,
        level=data.level.value,
        content=data.content,
        reply_due=data.reply_due.astimezone(UTC),
        state=SupervisionState.OPEN.value,
        issued_at=now,
        issued_by=principal.subject,
        issued_by_name=principal.name,
    )
    session.add(order)
    await session.flush()
    label = LEVEL_LABELS[data.level]
    if item is not None:
        cases.add_event(
            session,
            item=item,
            action="supervise",
            principal=principal,
            now=now,
            from_state=item.state,
            to_state=item.state,
            comment=data.content,
            data={"supervision_id": order.id, "level": data.level.value, "reply_due": data.reply_due.isoformat()},
        )
        await _refresh_case(session, item=item, now=now, policy=policy)
    await notices.notify(
        session,
        recipients=[notices.unit_recipient(unit_id)],
        kind=NotificationKind.SUPERVISED,
        due_at=utcnow(),
        case_id=data.case_id,
        supervision_id=order.id,
        title=f"督办（{label}）：{item.title if item else data.content[:60]}",
        body=data.content,
    )
    await audit.record(
        session,
        principal=principal,
        action="supervision.issue",
        entity_type="supervision_order",
        entity_id=order.id,
        region_code=region_code,
        after={
            "case_id": data.case_id,
            "unit_id": unit_id,
            "level": data.level.value,
            "reply_due": data.reply_due.isoformat(),
        },
    )
    return order


async def reply_order(
    session: AsyncSession,
    *,
    principal: Principal,
    order: SupervisionOrder,
    data: SupervisionReply,
    now: datetime,
    policy: TimerPolicy,
) -> SupervisionOrder:
    """The supervised unit replies (403 for anyone else; 409 when already replied)."""
    if principal.unit_id is None or principal.unit_id != order.unit_id:
        raise ProblemError(403, "forbidden", "只有被督办单位可以回复")
    if order.state != SupervisionState.OPEN.value:
        raise ProblemError(
            409, "supervision.already_replied", "督办单已回复", extra={"state": order.state}, title="督办单已回复"
        )
    order.reply, order.replied_at = data.reply, now
    order.replied_by, order.replied_by_name = principal.subject, principal.name
    order.state = SupervisionState.REPLIED.value
    await session.flush()
    if order.case_id is not None:
        item = await session.get(Case, order.case_id)
        if item is not None:
            cases.add_event(
                session,
                item=item,
                action="supervision_reply",
                principal=principal,
                now=now,
                from_state=item.state,
                to_state=item.state,
                comment=data.reply,
                data={"supervision_id": order.id},
            )
            await session.flush()
            await _refresh_case(session, item=item, now=now, policy=policy)
    await notices.notify(
        session,
        recipients=[order.issued_by],
        kind=NotificationKind.SUPERVISED,
        due_at=utcnow(),
        case_id=order.case_id,
        supervision_id=order.id,
        title=f"督办已回复：{order.unit_name or order.unit_id}",
        body=data.reply,
    )
    await audit.record(
        session,
        principal=principal,
        action="supervision.reply",
        entity_type="supervision_order",
        entity_id=order.id,
        region_code=order.region_code,
        before={"state": SupervisionState.OPEN.value},
        after={"state": order.state},
    )
    return order
