"""The server monitor (系统监控) for the system administrator: read-only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from gateway.iam.schemas import problem
from gateway.monitor import service
from gateway.monitor.schemas import MonitorOut
from platform_core.auth import Principal, require_perms
from platform_core.pagination import forbid_unknown_query

router = APIRouter()

COMMON: dict[int | str, dict[str, Any]] = {401: problem("未登录或令牌无效"), 403: problem("无权执行此操作")}


@router.get(
    "/api/v1/system/monitor",
    tags=["系统管理"],
    summary="服务监控",
    description="网关与各业务服务的运行状态、版本、运行时长、内存、CPU、数据库连接池与数据库，以及网关到各服务的熔断器状态。",
    response_model=MonitorOut,
    responses=COMMON,
    dependencies=[Depends(forbid_unknown_query)],
)
async def monitor(
    request: Request, _principal: Annotated[Principal, Depends(require_perms("system:monitor:read"))]
) -> MonitorOut:
    """Every app's status at this moment."""
    return await service.gather(request.app)
