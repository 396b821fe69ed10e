"""Dependencies that validate and load: a pairing id becomes an in-scope row or a 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from case_service.pairing import service
from case_service.pairing.models import Pairing
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep
from platform_core.problems import not_found


async def valid_pairing(
    session: SessionDep,
    principal: CurrentPrincipal,
    pairing_id: Annotated[int, Path(ge=1, description="包联关系ID")],
) -> Pairing:
    """The pairing if it exists and is in the caller's scope; 404 otherwise."""
    row = await service.get_pairing(session, principal=principal, pairing_id=pairing_id)
    if row is None:
        raise not_found("包联关系不存在")
    return row


PairingDep = Annotated[Pairing, Depends(valid_pairing)]
