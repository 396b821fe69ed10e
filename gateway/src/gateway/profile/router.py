"""HTTP endpoint of the enterprise profile (一企一档)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from gateway.profile import service
from gateway.profile.docx import render_profile_docx
from gateway.profile.schemas import EnterpriseProfile
from platform_core.auth import Principal, require_perms
from platform_core.exports import DOCX_MEDIA_TYPE, download
from platform_core.pagination import forbid_unknown_query

PROBLEM = {"content": {"application/problem+json": {}}}

router = APIRouter(tags=["一企一档"], dependencies=[Depends(forbid_unknown_query)])


@router.get(
    "/api/v1/enterprises/{enterprise_id}/profile",
    summary="一企一档",
    description="企业名录信息，及其包联、走访、诉求（含状态）、招商项目、外资企业与实际吸收外资、外贸政策资金、"
    "参加展会、出口注册备案和监管出口，并发取自各服务并按调用者本人的权限与数据范围返回；"
    "某服务不可用或超时时，其余部分照常返回，缺失部分在 missing 中列出。",
    response_model=EnterpriseProfile,
    responses={401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 503: PROBLEM},
)
async def enterprise_profile(
    request: Request,
    _: Annotated[Principal, Depends(require_perms("enterprise:enterprise:read"))],
    enterprise_id: Annotated[int, Path(ge=1, description="企业ID（企业名录）")],
) -> EnterpriseProfile:
    """One enterprise's records across the services, as the caller may see them."""
    return await service.compose(request, enterprise_id)


@router.get(
    "/api/v1/enterprises/{enterprise_id}/profile/docx",
    summary="导出一企一档(DOCX)",
    description="与一企一档页面相同的内容（调用者本人的权限与数据范围），排版为可打印、可归档的 Word 文档。",
    response_class=Response,
    responses={200: {"content": {DOCX_MEDIA_TYPE: {}}}, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 503: PROBLEM},
)
async def enterprise_profile_docx(
    request: Request,
    _: Annotated[Principal, Depends(require_perms("enterprise:enterprise:read"))],
    enterprise_id: Annotated[int, Path(ge=1, description="企业ID（企业名录）")],
) -> Response:
    """The profile as a DOCX download named after the enterprise."""
    profile = await service.compose(request, enterprise_id)
    name = str(profile.enterprise.get("name") or enterprise_id)
    return download(render_profile_docx(profile), f"一企一档-{name}.docx", DOCX_MEDIA_TYPE)
