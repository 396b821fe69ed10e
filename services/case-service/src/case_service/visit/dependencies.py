"""Dependencies that validate and load: a visit id becomes an in-scope row or a 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from case_service.visit import service
from case_service.visit.models import Visit
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep
from platform_core.problems import not_found


async def valid_visit(
    session: SessionDep,
    principal: CurrentPrincipal,
    visit_id: Annotated[int, Path(ge=1, description="走访记录ID")],
) -> Visit:
    """The visit if it exists and is in the caller's scope; 404 otherwise."""
    visit = await service.get_visit(session, principal=principal, visit_id=visit_id)
    if visit is None:
        raise not_found("走访记录不存在")
    return visit


VisitDep = Annotated[Visit, Depends(valid_visit)]
