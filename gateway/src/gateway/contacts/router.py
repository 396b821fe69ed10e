"""HTTP endpoints of 消息接收设置 (the signed-in user's) and the internal recipient directory."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from gateway.contacts import service
from gateway.contacts.schemas import NotificationSettingsIn, NotificationSettingsOut, RecipientsOut
from gateway.iam.dependencies import CurrentUser, audit_trail
from gateway.iam.schemas import problem
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep
from platform_core.etag import require_if_match, set_etag
from platform_core.observability import require_internal_token
from platform_core.pagination import forbid_unknown_query
from platform_core.problems import field_error

PATH = "/api/v1/auth/me/notification-settings"
ERRORS = {401: problem("未登录或令牌无效"), 403: problem("无权访问")}

router = APIRouter(tags=["认证"], dependencies=[Depends(forbid_unknown_query)])
#: Service-to-service only (the platform's internal token); absent for everyone else.
internal_router = APIRouter(
    prefix="/internal/v1", include_in_schema=False, dependencies=[Depends(require_internal_token)]
)


@router.get(PATH, summary="本人消息接收设置", response_model=NotificationSettingsOut, responses=ERRORS)
async def get_settings(user: CurrentUser, principal: CurrentPrincipal, response: Response) -> NotificationSettingsOut:
    """The channels and quiet hours of the signed-in user."""
    set_etag(response, user.version)
    return service.settings_of(user, principal)


@router.put(
    PATH,
    summary="修改本人消息接收设置",
    description="站内消息始终开启；邮件、短信按本人选择发送，免打扰时段（北京时间）内的邮件和短信延后到时段结束发送。"
    "须带 If-Match（版本号）。",
    response_model=NotificationSettingsOut,
    responses={412: problem("版本已变化"), 422: problem("字段不合法"), 428: problem("缺少 If-Match"), **ERRORS},
)
async def put_settings(
    body: NotificationSettingsIn,
    request: Request,
    response: Response,
    session: SessionDep,
    user: CurrentUser,
    principal: CurrentPrincipal,
) -> NotificationSettingsOut:
    """Change one's own channels and quiet hours (audited)."""
    require_if_match(request, user.version)
    before = service.snapshot(user)
    service.apply(user, body)
    await session.flush()
    await audit_trail.record(
        session,
        principal=principal,
        action="user.notification_settings",
        entity_type="user",
        entity_id=user.id,
        region_code=user.region_code,
        before=before,
        after=service.snapshot(user),
    )
    await session.commit()
    set_etag(response, user.version)
    return service.settings_of(user, principal)


@internal_router.get("/recipients", response_model=RecipientsOut)
async def recipients(
    session: SessionDep,
    key: Annotated[list[str], Query(description="接收者：user:<id>、unit:<id>、role:<角色>[:<区划>]")],
) -> RecipientsOut:
    """The people behind recipient keys, with their addresses, channels and quiet hours (for the services)."""
    if len(key) > service.MAX_KEYS:
        raise field_error("key", f"一次最多查询{service.MAX_KEYS}个接收者")
    return RecipientsOut(recipients=await service.resolve(session, key))
