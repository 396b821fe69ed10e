"""Dependencies that validate and load: a view id becomes a view the caller may read, or a 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from case_service.case_view import service
from case_service.case_view.models import CaseView
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep
from platform_core.problems import not_found


async def valid_view(
    session: SessionDep,
    principal: CurrentPrincipal,
    view_id: Annotated[int, Path(ge=1, le=2**63 - 1, description="视图ID")],
) -> CaseView:
    """The view if the caller owns it or it is shared with one of their roles; 404 otherwise."""
    row = await service.get_view(session, principal=principal, view_id=view_id)
    if row is None:
        raise not_found("视图不存在")
    return row


ViewDep = Annotated[CaseView, Depends(valid_view)]
