"""Dependencies that validate and load: a document id becomes a readable row or a 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from case_service.policy import service
from case_service.policy.models import PolicyDocument
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep
from platform_core.problems import not_found


async def valid_policy(
    session: SessionDep,
    principal: CurrentPrincipal,
    policy_id: Annotated[int, Path(ge=1, description="政策文件ID")],
) -> PolicyDocument:
    """The document if it exists and the caller may read it; 404 otherwise."""
    doc = await service.get_policy(session, principal=principal, policy_id=policy_id)
    if doc is None:
        raise not_found("政策文件不存在")
    return doc


PolicyDep = Annotated[PolicyDocument, Depends(valid_policy)]
