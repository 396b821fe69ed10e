"""Online sessions with forced logout (security administrator) and the sign-in log with its export (auditor)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response, status

from gateway.iam import sessions
from gateway.iam.dependencies import ClockDep, SettingsDep, audit_trail
from gateway.iam.models import User, UserSession
from gateway.iam.schemas import problem
from gateway.sessions import service
from gateway.sessions.schemas import OnlineSession, SignInEntry
from platform_core.auth import Principal, require_perms
from platform_core.dates import IsoAwareDatetime
from platform_core.db import SessionDep
from platform_core.exports import append_row, workbook_bytes
from platform_core.imports import XLSX_MEDIA_TYPE, xlsx_response
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.periods import SHANGHAI
from platform_core.problems import not_found

router = APIRouter()

COMMON: dict[int | str, dict[str, Any]] = {401: problem("未登录或令牌无效"), 403: problem("无权执行此操作")}
READ = [Depends(forbid_unknown_query)]
RESULT_NAMES = {"success": "成功", "failure": "失败"}


@router.get(
    "/api/v1/system/sessions",
    tags=["系统管理"],
    summary="在线用户(当前有效的登录会话)",
    response_model=Page[OnlineSession],
    responses=COMMON,
    dependencies=READ,
)
async def list_online_sessions(
    principal: Annotated[Principal, Depends(require_perms("system:session:list"))],
    session: SessionDep,
    page: PageDep,
    settings: SettingsDep,
    clock: ClockDep,
    keyword: Annotated[str | None, Query(max_length=64, description="登录名或姓名关键字")] = None,
) -> Page[OnlineSession]:
    """Sessions not ended, within their lifetime and refreshed within the idle limit, most recently active first."""
    sid = principal.claims.get("sid")
    items, total = await service.online_sessions(
        session,
        principal=principal,
        page=page,
        now=clock(),
        idle_seconds=settings.refresh_idle_seconds,
        keyword=keyword,
        current_sid=sid if isinstance(sid, str) else None,
    )
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@router.post(
    "/api/v1/system/sessions/{session_id}/revoke",
    tags=["系统管理"],
    summary="强制下线",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={**COMMON, 404: problem("会话不存在或已结束")},
)
async def revoke_session(
    principal: Annotated[Principal, Depends(require_perms("system:session:revoke"))],
    session: SessionDep,
    clock: ClockDep,
    session_id: Annotated[str, Path(max_length=32, pattern=r"^[0-9a-f]{32}$", description="会话标识")],
) -> Response:
    """End a session now: its refresh tokens are revoked and its access tokens refused within seconds."""
    now = clock()
    row = await session.get(UserSession, session_id)
    # Another city's sessions are not the caller's to see: the same 404 as a session that does not exist.
    if row is None or row.ended_at is not None or not await service.administers(session, principal, row.user_id):
        raise not_found("会话不存在或已结束")
    user = await session.get(User, row.user_id)
    await sessions.end(session, session_id=session_id, now=now, reason="forced")
    await audit_trail.record(
        session,
        principal=principal,
        action="session.revoke",
        entity_type="user_session",
        entity_id=session_id,
        region_code=user.region_code if user else None,
        before={"user_id": row.user_id, "username": user.username if user else None, "address": row.address},
        detail=f"强制下线：{user.username if user else row.user_id}",
    )
    await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def sign_in_filters(
    username: Annotated[str | None, Query(max_length=64, description="登录名(包含)")] = None,
    result: Annotated[Literal["success", "failure"] | None, Query(description="结果")] = None,
    address: Annotated[str | None, Query(max_length=64, description="登录地址(前缀)")] = None,
    occurred_from: Annotated[IsoAwareDatetime | None, Query(alias="from", description="起始时间(含时区)")] = None,
    occurred_to: Annotated[IsoAwareDatetime | None, Query(alias="to", description="截止时间(含时区，不含)")] = None,
) -> service.SignInFilters:
    """The sign-in log's filters from the query string."""
    return service.SignInFilters(username, result, address, occurred_from, occurred_to)


Filters = Annotated[service.SignInFilters, Depends(sign_in_filters)]
Auditor = Annotated[Principal, Depends(require_perms("audit:signin:list"))]


@router.get(
    "/api/v1/audit/sign-ins",
    tags=["审计日志"],
    summary="登录日志",
    response_model=Page[SignInEntry],
    responses=COMMON,
    dependencies=READ,
)
async def list_sign_ins(principal: Auditor, session: SessionDep, page: PageDep, filters: Filters) -> Page[SignInEntry]:
    """Password sign-in attempts in the caller's region, successful or not, newest first."""
    items, total = await service.sign_in_page(session, principal=principal, filters=filters, page=page)
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@router.get(
    "/api/v1/audit/sign-ins/export",
    tags=["审计日志"],
    summary="导出登录日志(XLSX)",
    response_class=Response,
    responses={200: {"content": {XLSX_MEDIA_TYPE: {}}}, **COMMON},
    dependencies=READ,
)
async def export_sign_ins(principal: Auditor, session: SessionDep, filters: Filters) -> Response:
    """The filtered sign-in log as an XLSX sheet (newest first, at most 50,000 rows, times in Beijing time)."""
    from openpyxl import Workbook

    rows = await service.sign_in_rows(session, principal=principal, filters=filters)
    # The auditor reads who signed in by name, not by user id.
    names = await service.display_names(session, {r.user_id for r in rows if r.user_id is not None})
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("登录日志")
    append_row(ws, ["时间", "登录名", "姓名", "结果", "说明", "登录地址", "客户端"])
    for r in rows:
        # Login names and user agents are whatever a caller sent: written as text, never as formulas.
        append_row(
            ws,
            [
                r.occurred_at.astimezone(SHANGHAI).replace(tzinfo=None),
                r.username,
                names.get(r.user_id, "") if r.user_id is not None else "",
                RESULT_NAMES.get(r.result, r.result),
                r.reason,
                r.address,
                r.user_agent,
            ],
        )
    return xlsx_response(workbook_bytes(wb), "登录日志.xlsx")
