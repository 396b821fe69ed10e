"""HTTP endpoints of the industry-chain dictionary."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from investment_service.core import DICTIONARY_MANAGE, PROJECT_LIST, idempotency
from investment_service.dictionary import service
from investment_service.dictionary.schemas import ChainCreate, ChainList, ChainOut, ChainUpdate
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.etag import require_if_match, set_etag
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.pagination import forbid_unknown_query
from platform_core.problems import not_found

router = APIRouter(
    prefix="/api/v1/investment/industry-chains", tags=["产业链字典"], dependencies=[Depends(forbid_unknown_query)]
)


@router.get("", summary="产业链字典", response_model=ChainList)
async def list_chains(
    session: SessionDep,
    _: Annotated[Principal, Depends(require_perms(PROJECT_LIST))],
    include_inactive: Annotated[bool, Query(description="是否包含已停用的产业链")] = False,
) -> ChainList:
    """Chains in display order (active ones unless asked otherwise)."""
    rows = await service.list_chains(session, include_inactive=include_inactive)
    return ChainList(items=[ChainOut.model_validate(r) for r in rows])


@router.post("", summary="新增产业链", status_code=201, response_model=ChainOut)
async def create_chain(
    request: Request,
    idempotency_key: IdempotencyKey,
    data: ChainCreate,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms(DICTIONARY_MANAGE))],
) -> ChainOut | JSONResponse:
    """Add a chain; `Idempotency-Key` makes a retry safe."""

    async def work() -> Outcome:
        chain = await service.create_chain(session, principal=principal, data=data)
        out = ChainOut.model_validate(chain)
        return Outcome(out, 201, {"ETag": f'"{chain.version}"'})

    return await idempotency.run(request, session, principal, data.model_dump(mode="json"), work, key=idempotency_key)


@router.patch("/{chain_id}", summary="修改产业链", response_model=ChainOut)
async def update_chain(
    request: Request,
    response: Response,
    data: ChainUpdate,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms(DICTIONARY_MANAGE))],
    chain_id: Annotated[int, Path(ge=1, description="产业链ID")],
) -> ChainOut:
    """Rename, flag, reorder, enable or disable a chain; `If-Match` required."""
    chain = await service.get_chain(session, chain_id=chain_id)
    if chain is None:
        raise not_found("产业链不存在")
    require_if_match(request, chain.version)
    chain = await service.update_chain(session, principal=principal, chain=chain, data=data)
    await session.commit()
    set_etag(response, chain.version)
    return ChainOut.model_validate(chain)
