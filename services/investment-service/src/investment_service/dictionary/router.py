"""HTTP endpoints of the industry-chain dictionary: the province's defaults and the caller's city's additions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.core import DICTIONARY_MANAGE, PROJECT_LIST, kit
from investment_service.dictionary import service
from investment_service.dictionary.models import IndustryChain
from investment_service.dictionary.schemas import ChainCreate, ChainList, ChainOut, ChainUpdate
from investment_service.levels import level_out
from platform_core.auth import CurrentPrincipal, Principal, require_perms
from platform_core.db import SessionDep
from platform_core.pagination import forbid_unknown_query
from platform_core.problems import not_found
from platform_core.records import Endpoints, Write
from platform_core.regions import RegionDirectory, RegionsDep

PREFIX = "/api/v1/investment/industry-chains"
router = APIRouter(prefix=PREFIX, tags=["产业链字典"], dependencies=[Depends(forbid_unknown_query)])


def out(row: IndustryChain, principal: Principal, regions: RegionDirectory) -> ChainOut:
    """A chain with the level that keeps it and whether the caller may change it."""
    return ChainOut(
        id=row.id,
        code=row.code,
        name=row.name,
        industry=row.industry,
        is_leading=row.is_leading,
        sort_order=row.sort_order,
        is_active=row.is_active,
        version=row.version,
        updated_at=row.updated_at,
        **level_out(row, principal, regions),
    )


@router.get("", summary="产业链列表", response_model=ChainList)
async def list_chains(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(PROJECT_LIST))],
    include_inactive: Annotated[bool, Query(description="是否包含已停用的条目")] = False,
) -> ChainList:
    """The province's default chains, then the caller's city's additions, each in display order."""
    rows = await service.list_chains(session, principal, include_inactive=include_inactive)
    return ChainList(items=[out(r, principal, regions) for r in rows])


async def valid_chain(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    chain_id: Annotated[int, Path(ge=1, description="产业链ID")],
) -> IndustryChain:
    """The chain if the caller reads it (the province's, its city's); 404 otherwise.

    A change is asked of any chain: one kept at another level is refused with 403 naming `region_code`.
    """
    readable_only = request.method in ("GET", "HEAD")
    row = await service.get_chain(session, principal if readable_only else None, chain_id)
    if row is None:
        raise not_found("产业链不存在")
    return row


async def render(session: AsyncSession, row: IndustryChain, principal: Principal, regions: RegionDirectory) -> ChainOut:
    """One chain as the caller sees it."""
    return out(row, principal, regions)


kit.serve(
    router,
    Endpoints(
        label="产业链",
        location=PREFIX,
        item="/{chain_id}",
        row=Annotated[IndustryChain, Depends(valid_chain)],
        out=ChainOut,
        render=render,
        create=Write(DICTIONARY_MANAGE, service.create_chain, ChainCreate),
        update=Write(DICTIONARY_MANAGE, service.update_chain, ChainUpdate),
    ),
)
