"""Dependencies that validate and load: an enterprise id becomes an in-scope row or a 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from case_service.enterprise import service
from case_service.enterprise.models import Enterprise
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep
from platform_core.problems import not_found


async def valid_enterprise(
    session: SessionDep,
    principal: CurrentPrincipal,
    enterprise_id: Annotated[int, Path(ge=1, description="企业ID")],
) -> Enterprise:
    """The enterprise if it exists and is in the caller's scope; 404 otherwise."""
    ent = await service.get_enterprise(session, principal=principal, enterprise_id=enterprise_id)
    if ent is None:
        raise not_found("企业不存在")
    return ent


EnterpriseDep = Annotated[Enterprise, Depends(valid_enterprise)]
