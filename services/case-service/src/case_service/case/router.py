"""HTTP endpoints of cases: list, create, detail, edit, timeline, one POST per lifecycle action, sync, timer check."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case import flows, service
from case_service.case.dependencies import CaseDep, LockedCaseDep, NowDep, PolicyDep
from case_service.case.models import Case, CaseAction, CaseSource, CaseState, UnitRole, WarningLevel
from case_service.case.render import CASE_SHEET, CONTACT_READ, render_detail, render_list
from case_service.case.schemas import (
    ActionBody,
    ActionInfo,
    AnswerBody,
    AssignBody,
    CaseCreate,
    CaseDetail,
    CaseEventList,
    CaseEventOut,
    CaseListItem,
    CaseSyncItem,
    CaseUpdate,
    DecideBody,
    ExtensionApproveBody,
    ExtensionRequestBody,
    FeedbackBody,
    LongTermBody,
    MergeBody,
    ReasonBody,
    ResultBody,
    RevisitBody,
    StateInfo,
    SupplyMaterialBody,
    TimeLimit,
    TimerCheckReport,
    TransitionInfo,
    TransitionTable,
)
from case_service.case.timers import MAJOR_WORKDAYS, TimerPolicy, warning_level
from case_service.core import audit, idempotency
from case_service.revisit_link import service as revisit_links
from case_service.units import unit_names
from platform_core.auth import CurrentPrincipal, Principal, require_perms
from platform_core.db import SessionDep
from platform_core.etag import require_if_match, set_etag
from platform_core.exports import XLSX_RESPONSES
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.masking import mask_middle, mask_phone
from platform_core.pagination import Page, PageDep, PageParams, forbid_unknown_query
from platform_core.periods import parse_period
from platform_core.problems import ProblemError
from platform_core.regions import RegionDirectory, RegionsDep
from platform_core.sync import SyncDep, SyncPage

router = APIRouter(prefix="/api/v1/cases", tags=["诉求办理"], dependencies=[Depends(forbid_unknown_query)])
open_router = APIRouter(prefix="/open/v1/cases", tags=["开放接口"], dependencies=[Depends(forbid_unknown_query)])
internal_router = APIRouter(prefix="/internal/v1/cases", tags=["内部接口"], include_in_schema=False)

A = CaseAction
Endpoint = TypeVar("Endpoint", bound=Callable[..., Awaitable[Any]])


# --- list, create, table, detail, edit, timeline -------------------------------------------------


def case_filters(
    state: Annotated[list[CaseState] | None, Query(description="状态（可重复）")] = None,
    warning_level: Annotated[WarningLevel | None, Query(description="预警等级（按最近一次检查）")] = None,
    source: Annotated[CaseSource | None, Query(description="来源")] = None,
    category: Annotated[str | None, Query(max_length=32, description="诉求分类编码")] = None,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    unit_id: Annotated[int | None, Query(ge=1, description="承办单位ID（牵头或配合）")] = None,
    enterprise_uscc: Annotated[str | None, Query(max_length=18, description="企业统一社会信用代码")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="标题、企业名称或诉求编号")] = None,
    assigned_period: Annotated[
        str | None, Query(max_length=32, description="交办期间：2021、2021-Q3、2021-07、2021-07-YTD 或 起..止")
    ] = None,
    mine: Annotated[
        Literal["unit", "created"] | None, Query(description="unit 本单位承办的；created 我登记/提交的")
    ] = None,
    sort: Annotated[
        str | None,
        Query(
            description="排序：created_at, updated_at, assigned_at, resolve_due, warning_level, urgency, case_no, id；"
            "前缀 - 表示倒序"
        ),
    ] = None,
) -> dict[str, Any]:
    """The case list's filters (shared by the list and its export) as arguments of `service.list_cases`."""
    return {
        "states": state or (),
        "warning_level": warning_level,
        "source": source,
        "category": category,
        "region_code": region_code,
        "unit_id": unit_id,
        "enterprise_uscc": enterprise_uscc,
        "q": q,
        "assigned": parse_period(assigned_period, "assigned_period") if assigned_period else None,
        "mine": mine,
        "sort": sort,
    }


CaseFilters = Annotated[dict[str, Any], Depends(case_filters)]
CaseReader = Annotated[Principal, Depends(require_perms("case:case:list"))]


@router.get("", summary="诉求列表", response_model=Page[CaseListItem])
async def list_cases(
    session: SessionDep,
    page: PageDep,
    regions: RegionsDep,
    policy: PolicyDep,
    now: NowDep,
    principal: CaseReader,
    filters: CaseFilters,
) -> Page[CaseListItem]:
    """Cases in the caller's data scope."""
    rows, total = await service.list_cases(session, principal=principal, regions=regions, page=page, **filters)
    items = await render_list(session, rows, regions=regions, policy=policy, now=now)
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@router.get("/export", summary="导出诉求列表(XLSX)", response_class=Response, responses=XLSX_RESPONSES)
async def export_cases(
    request: Request,
    session: SessionDep,
    regions: RegionsDep,
    policy: PolicyDep,
    now: NowDep,
    principal: CaseReader,
    filters: CaseFilters,
) -> Response:
    """The filtered cases in scope as an XLSX sheet with Chinese headers (no contacts); the export is audited."""

    async def page_of(page: PageParams) -> tuple[list[Case], int]:
        return await service.list_cases(session, principal=principal, regions=regions, page=page, **filters)

    async def rendered(rows: list[Case]) -> list[CaseListItem]:
        return await render_list(session, rows, regions=regions, policy=policy, now=now)

    return await CASE_SHEET.export(
        request, session, audit, principal=principal, entity_type="case", list_page=page_of, render=rendered
    )


@router.post("", summary="登记/提交诉求", status_code=201, response_model=CaseDetail)
async def create_case(
    request: Request,
    idempotency_key: IdempotencyKey,
    data: CaseCreate,
    session: SessionDep,
    regions: RegionsDep,
    policy: PolicyDep,
    now: NowDep,
    principal: Annotated[Principal, Depends(require_perms("case:case:create"))],
) -> CaseDetail | JSONResponse:
    """An enterprise submits its own problem, or an officer registers one from any source; `Idempotency-Key`."""

    async def work() -> Outcome:
        item = await service.create_case(session, principal=principal, data=data, now=now)
        out = await render_detail(session, item, principal=principal, regions=regions, policy=policy, now=now)
        return Outcome(out, 201, {"ETag": f'"{item.version}"', "Location": f"/api/v1/cases/{item.id}"})

    return await idempotency.run(request, session, principal, data.model_dump(mode="json"), work, key=idempotency_key)


@router.get("/transitions", summary="诉求状态流转表", response_model=TransitionTable)
async def transition_table(
    _: Annotated[Principal, Depends(require_perms("case:case:list"))],
    policy: PolicyDep,
) -> TransitionTable:
    """States, actions and transitions with their Chinese labels, and the time limits in force."""
    unit = "workday" if policy.calendar == "workdays" else "day"
    major = (MAJOR_WORKDAYS, "workday") if policy.major_limit == "workdays10" else (policy.major_days, unit)
    return TransitionTable(
        limits=[
            TimeLimit(step="sign", days=policy.sign_days, unit=unit),
            TimeLimit(step="feedback", days=policy.feedback_days, unit=unit),
            TimeLimit(step="resolve_ordinary", days=policy.ordinary_days, unit=unit),
            TimeLimit(step="resolve_major", days=major[0], unit=major[1]),
        ],
        states=[StateInfo(code=s, label=label) for s, label in flows.STATE_LABELS.items()],
        actions=[
            ActionInfo(code=a, label=r.label, permission=r.permission, actor=r.actor.value)
            for a, r in flows.ACTION_RULES.items()
        ],
        transitions=[TransitionInfo(source=t.source, action=t.action, target=t.target) for t in flows.TRANSITIONS],
    )


@router.get("/{case_id:int}", summary="诉求详情", response_model=CaseDetail)
async def get_case(
    principal: Annotated[Principal, Depends(require_perms("case:case:read"))],
    item: CaseDep,
    response: Response,
    session: SessionDep,
    regions: RegionsDep,
    policy: PolicyDep,
    now: NowDep,
) -> CaseDetail:
    """One case in scope with its ETag and the actions the caller may take now."""
    set_etag(response, item.version)
    return await render_detail(session, item, principal=principal, regions=regions, policy=policy, now=now)


@router.patch("/{case_id:int}", summary="修改诉求登记信息", response_model=CaseDetail)
async def update_case(
    principal: Annotated[Principal, Depends(require_perms("case:case:update"))],
    request: Request,
    response: Response,
    data: CaseUpdate,
    item: LockedCaseDep,
    session: SessionDep,
    regions: RegionsDep,
    policy: PolicyDep,
    now: NowDep,
) -> CaseDetail:
    """Correct a case before it is assigned; `If-Match` with the current ETag is required."""
    require_if_match(request, item.version)
    item = await service.update_case(session, principal=principal, item=item, data=data, now=now)
    out = await render_detail(session, item, principal=principal, regions=regions, policy=policy, now=now)
    await session.commit()
    set_etag(response, item.version)
    return out


@router.get("/{case_id:int}/events", summary="诉求办理时间线", response_model=CaseEventList)
async def list_events(
    _: Annotated[Principal, Depends(require_perms("case:case:read"))],
    item: CaseDep,
    session: SessionDep,
) -> CaseEventList:
    """Every timeline entry of the case, oldest first."""
    rows = await service.list_events(session, case_id=item.id)
    return CaseEventList(items=[CaseEventOut.model_validate(r) for r in rows])


# --- lifecycle actions ----------------------------------------------------------------------------


@dataclass(slots=True)
class ActionContext:
    """Everything an action endpoint passes on."""

    request: Request
    idempotency_key: str | None
    session: AsyncSession
    principal: Principal
    item: Case
    regions: RegionDirectory
    policy: TimerPolicy
    now: datetime


async def action_context(
    request: Request,
    idempotency_key: IdempotencyKey,
    session: SessionDep,
    principal: CurrentPrincipal,
    item: LockedCaseDep,
    regions: RegionsDep,
    policy: PolicyDep,
    now: NowDep,
) -> ActionContext:
    """Collect the request's parts for an action."""
    return ActionContext(request, idempotency_key, session, principal, item, regions, policy, now)


Ctx = Annotated[ActionContext, Depends(action_context)]


def _perm(action: CaseAction) -> list[Any]:
    """The route dependency checking the action's permission before the case is loaded."""
    return [Depends(require_perms(flows.ACTION_RULES[action].permission))]


async def _act(ctx: ActionContext, action: CaseAction, body: ActionBody) -> CaseDetail | JSONResponse:
    """Run an action: a replayed Idempotency-Key answers as before; If-Match, when sent, must be current."""

    async def work() -> Outcome:
        if ctx.request.headers.get("if-match"):
            require_if_match(ctx.request, ctx.item.version)
        item = await flows.perform(
            ctx.session,
            item=ctx.item,
            action=action,
            body=body,
            principal=ctx.principal,
            now=ctx.now,
            policy=ctx.policy,
            public_base=revisit_links.public_base(ctx.request, ctx.request.app.state.settings.public_base_url),
            delivery=ctx.request.app.state.delivery,
        )
        out = await render_detail(
            ctx.session, item, principal=ctx.principal, regions=ctx.regions, policy=ctx.policy, now=ctx.now
        )
        return Outcome(out, 200, {"ETag": f'"{item.version}"'})

    return await idempotency.run(
        ctx.request,
        ctx.session,
        ctx.principal,
        {"action": action.value, **body.model_dump(mode="json")},
        work,
        key=ctx.idempotency_key,
    )


def action_post(action: CaseAction, summary: str) -> Callable[[Endpoint], Endpoint]:
    """Register `POST /api/v1/cases/{case_id}/<action>` with the action's permission checked first."""
    return router.post(
        f"/{{case_id:int}}/{action.value}",
        summary=summary,
        response_model=CaseDetail,
        dependencies=_perm(action),
    )


@action_post(A.ACCEPT, "受理")
async def accept(ctx: Ctx, body: ActionBody | None = None) -> CaseDetail | JSONResponse:
    """Accept a submitted case (SUBMITTED → ACCEPTED)."""
    return await _act(ctx, A.ACCEPT, body or ActionBody())


@action_post(A.REJECT, "不予受理")
async def reject(ctx: Ctx, body: ReasonBody) -> CaseDetail | JSONResponse:
    """Reject a submitted case with a reason (→ CLOSED, rejected)."""
    return await _act(ctx, A.REJECT, body)


@action_post(A.MERGE, "合并重复诉求")
async def merge(ctx: Ctx, body: MergeBody) -> CaseDetail | JSONResponse:
    """Merge a duplicate into another case (→ CLOSED, merged; a tombstone in the sync stream)."""
    return await _act(ctx, A.MERGE, body)


@action_post(A.ANSWER_NOW, "即问即答")
async def answer_now(ctx: Ctx, body: AnswerBody) -> CaseDetail | JSONResponse:
    """Answer a consultation at once (ACCEPTED → RESOLVED)."""
    return await _act(ctx, A.ANSWER_NOW, body)


@action_post(A.ASSIGN, "交办")
async def assign(ctx: Ctx, body: AssignBody) -> CaseDetail | JSONResponse:
    """Assign to a lead unit and co-units; the 13710 deadlines are set (ACCEPTED → ASSIGNED)."""
    names = await unit_names(
        ctx.request, {"lead_unit": [body.lead_unit.unit_id], "co_units": [u.unit_id for u in body.co_units]}
    )
    for unit in (body.lead_unit, *body.co_units):
        unit.unit_name = names[unit.unit_id]
    return await _act(ctx, A.ASSIGN, body)


@action_post(A.SIGN, "签收")
async def sign(ctx: Ctx, body: ActionBody | None = None) -> CaseDetail | JSONResponse:
    """The lead unit signs for the case (ASSIGNED → IN_PROGRESS)."""
    return await _act(ctx, A.SIGN, body or ActionBody())


@action_post(A.REQUEST_RETURN, "申请退回")
async def request_return(ctx: Ctx, body: ReasonBody) -> CaseDetail | JSONResponse:
    """The lead unit asks to return a case that is not its business (ASSIGNED → RETURN_REQUESTED)."""
    return await _act(ctx, A.REQUEST_RETURN, body)


@action_post(A.APPROVE_RETURN, "同意退回")
async def approve_return(ctx: Ctx, body: ActionBody | None = None) -> CaseDetail | JSONResponse:
    """Approve the return; the case waits for a new assignment (→ ACCEPTED)."""
    return await _act(ctx, A.APPROVE_RETURN, body or ActionBody())


@action_post(A.DENY_RETURN, "不同意退回")
async def deny_return(ctx: Ctx, body: ReasonBody) -> CaseDetail | JSONResponse:
    """Deny the return; the clock keeps running (→ ASSIGNED)."""
    return await _act(ctx, A.DENY_RETURN, body)


@action_post(A.FEEDBACK, "进展反馈")
async def feedback(ctx: Ctx, body: FeedbackBody) -> CaseDetail | JSONResponse:
    """Report progress; the first report meets the 3-day feedback deadline."""
    return await _act(ctx, A.FEEDBACK, body)


@action_post(A.REQUEST_EXTENSION, "申请延期")
async def request_extension(ctx: Ctx, body: ExtensionRequestBody) -> CaseDetail | JSONResponse:
    """Ask for more days (IN_PROGRESS → EXTENSION_REQUESTED)."""
    return await _act(ctx, A.REQUEST_EXTENSION, body)


@action_post(A.APPROVE_EXTENSION, "同意延期")
async def approve_extension(ctx: Ctx, body: ExtensionApproveBody | None = None) -> CaseDetail | JSONResponse:
    """Approve the extension; the resolution deadline moves (→ IN_PROGRESS)."""
    return await _act(ctx, A.APPROVE_EXTENSION, body or ExtensionApproveBody())


@action_post(A.DENY_EXTENSION, "不同意延期")
async def deny_extension(ctx: Ctx, body: ReasonBody) -> CaseDetail | JSONResponse:
    """Deny the extension (→ IN_PROGRESS, deadline unchanged)."""
    return await _act(ctx, A.DENY_EXTENSION, body)


@action_post(A.ESCALATE, "提请会商")
async def escalate(ctx: Ctx, body: ReasonBody) -> CaseDetail | JSONResponse:
    """Put a case up for joint decision (会商) (IN_PROGRESS → ESCALATED)."""
    return await _act(ctx, A.ESCALATE, body)


@action_post(A.DECIDE, "会商决定")
async def decide(ctx: Ctx, body: DecideBody) -> CaseDetail | JSONResponse:
    """A leader records the joint decision (ESCALATED → IN_PROGRESS)."""
    return await _act(ctx, A.DECIDE, body)


@action_post(A.LONG_TERM, "转长期跟踪")
async def long_term(ctx: Ctx, body: LongTermBody) -> CaseDetail | JSONResponse:
    """Track a case that cannot be solved now under a dated plan (IN_PROGRESS → LONG_TERM_TRACKING)."""
    return await _act(ctx, A.LONG_TERM, body)


@action_post(A.SUBMIT_RESULT, "提交办理结果")
async def submit_result(ctx: Ctx, body: ResultBody) -> CaseDetail | JSONResponse:
    """Submit the result with its basis and attachments (→ PENDING_REVIEW)."""
    return await _act(ctx, A.SUBMIT_RESULT, body)


@action_post(A.APPROVE_RESULT, "审核通过")
async def approve_result(ctx: Ctx, body: ActionBody | None = None) -> CaseDetail | JSONResponse:
    """Approve the result (PENDING_REVIEW → RESOLVED)."""
    return await _act(ctx, A.APPROVE_RESULT, body or ActionBody())


@action_post(A.SEND_BACK, "退回重办")
async def send_back(ctx: Ctx, body: ReasonBody) -> CaseDetail | JSONResponse:
    """Send the result back to the lead unit (PENDING_REVIEW → IN_PROGRESS)."""
    return await _act(ctx, A.SEND_BACK, body)


@action_post(A.REVISIT, "回访评价")
async def revisit(ctx: Ctx, body: RevisitBody) -> CaseDetail | JSONResponse:
    """The enterprise's rating: 满意 / 基本满意 / 不满意 (RESOLVED → VISITED)."""
    return await _act(ctx, A.REVISIT, body)


@action_post(A.CLOSE, "销号")
async def close(ctx: Ctx, body: ActionBody | None = None) -> CaseDetail | JSONResponse:
    """Strike the case off (VISITED → CLOSED, resolved)."""
    return await _act(ctx, A.CLOSE, body or ActionBody())


@action_post(A.REOPEN, "重新办理")
async def reopen(ctx: Ctx, body: ReasonBody) -> CaseDetail | JSONResponse:
    """Reopen a case the enterprise was dissatisfied with, within the reopen limit (VISITED → IN_PROGRESS)."""
    return await _act(ctx, A.REOPEN, body)


@action_post(A.PAUSE, "等待企业补充材料（暂停计时）")
async def pause(ctx: Ctx, body: ReasonBody) -> CaseDetail | JSONResponse:
    """Ask the enterprise for material: the resolve clock and the warning colour stand still (IN_PROGRESS → PAUSED)."""
    return await _act(ctx, A.PAUSE, body)


@action_post(A.RESUME, "恢复办理")
async def resume(ctx: Ctx, body: ActionBody | None = None) -> CaseDetail | JSONResponse:
    """The lead unit resumes; the deadlines move on by the paused time (PAUSED → IN_PROGRESS)."""
    return await _act(ctx, A.RESUME, body or ActionBody())


@action_post(A.SUPPLY_MATERIAL, "企业补充材料")
async def supply_material(ctx: Ctx, body: SupplyMaterialBody) -> CaseDetail | JSONResponse:
    """The case's enterprise supplies the material; the clock runs again (PAUSED → IN_PROGRESS)."""
    return await _act(ctx, A.SUPPLY_MATERIAL, body)


@action_post(A.URGE, "催办")
async def urge(ctx: Ctx, body: ActionBody | None = None) -> CaseDetail | JSONResponse:
    """Remind the handling units of a running case (a timeline entry and a notice; the state stays)."""
    return await _act(ctx, A.URGE, body or ActionBody())


# --- provincial sync and the internal timer check ---------------------------------------------------


@open_router.get("", summary="诉求数据增量同步", response_model=SyncPage[CaseSyncItem])
async def sync_cases(
    request: Request,
    session: SessionDep,
    params: SyncDep,
    policy: PolicyDep,
    now: NowDep,
    principal: Annotated[Principal, Depends(require_perms("open:case:read"))],
) -> SyncPage[CaseSyncItem]:
    """Changes since a cursor or instant in (updated_at, id) order; merged cases as tombstones; contacts masked."""
    settle = request.app.state.settings.sync_settle_seconds
    rows, cursor, more = await service.sync_changes(session, principal=principal, params=params, settle_seconds=settle)
    live = [r.id for r in rows if r.merged_into_id is None]
    units = await service.load_units(session, case_ids=live)
    supervised = await service.open_supervision_counts(session, case_ids=live)
    contacts = principal.has(CONTACT_READ)
    items: list[CaseSyncItem] = []
    for r in rows:
        if r.merged_into_id is not None:
            items.append(
                CaseSyncItem(
                    id=r.id, case_no=r.case_no, deleted=True, updated_at=r.updated_at, merged_into_id=r.merged_into_id
                )
            )
            continue
        items.append(
            CaseSyncItem.model_validate(
                {
                    "id": r.id,
                    "case_no": r.case_no,
                    "deleted": False,
                    "updated_at": r.updated_at,
                    "source": r.source,
                    "superior_doc_no": r.superior_doc_no,
                    "category_code": r.category_code,
                    "enterprise_uscc": r.enterprise_uscc,
                    "enterprise_name": r.enterprise_name,
                    "region_code": r.region_code,
                    "title": r.title,
                    "description": r.description,
                    "urgency": r.urgency,
                    "complexity": r.complexity,
                    "state": r.state,
                    "closed_reason": r.closed_reason,
                    "warning_level": warning_level(r, now=now, policy=policy, supervised=bool(supervised.get(r.id))),
                    "lead_unit_id": r.lead_unit_id,
                    "co_unit_ids": [u.unit_id for u in units.get(r.id, []) if u.role == UnitRole.CO],
                    "contact_person": r.contact_person if contacts else mask_middle(r.contact_person, 1, 0),
                    "contact_phone": r.contact_phone if contacts else mask_phone(r.contact_phone),
                    "assigned_at": r.assigned_at,
                    "sign_due": r.sign_due,
                    "first_feedback_due": r.first_feedback_due,
                    "resolve_due": r.resolve_due,
                    "signed_at": r.signed_at,
                    "first_feedback_at": r.first_feedback_at,
                    "resolved_at": r.resolved_at,
                    "closed_at": r.closed_at,
                    "result": r.result,
                    "satisfaction": r.satisfaction,
                    "reopen_count": r.reopen_count,
                    "created_at": r.created_at,
                }
            )
        )
    return SyncPage(items=items, next_cursor=cursor, has_more=more)


@internal_router.post("/timer-check", summary="诉求期限检查（内部）", response_model=TimerCheckReport)
async def timer_check(
    request: Request,
    session: SessionDep,
    policy: PolicyDep,
    now: NowDep,
    x_internal_token: Annotated[str | None, Header(description="服务间调用令牌")] = None,
) -> TimerCheckReport:
    """Recompute stored warning levels and send deadline notices; idempotent, for schedulers inside the network."""
    expected: str = request.app.state.settings.internal_token
    if not x_internal_token or not hmac.compare_digest(x_internal_token.encode(), expected.encode()):
        raise ProblemError(401, "unauthorized", "需要服务间调用令牌")
    result = await service.run_timer_check(session, now=now, policy=policy)
    await session.commit()
    return TimerCheckReport(
        checked=result.checked, level_changes=result.level_changes, notifications=result.notifications, checked_at=now
    )
