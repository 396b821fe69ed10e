"""Dependencies that validate and load: a staff id becomes an in-scope row or a 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from case_service.staff import service
from case_service.staff.models import CampaignStaff
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep
from platform_core.problems import not_found


async def valid_staff(
    session: SessionDep,
    principal: CurrentPrincipal,
    staff_id: Annotated[int, Path(ge=1, description="抽调人员记录ID")],
) -> CampaignStaff:
    """The secondment if it exists and is in the caller's scope; 404 otherwise."""
    row = await service.get_staff(session, principal=principal, staff_id=staff_id)
    if row is None:
        raise not_found("抽调人员记录不存在")
    return row


StaffDep = Annotated[CampaignStaff, Depends(valid_staff)]
