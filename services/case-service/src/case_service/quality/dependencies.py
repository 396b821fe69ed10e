"""Dependencies of the 撤单质检 endpoints: a sample id turned into an in-scope drawn sample with its case."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from case_service.case.models import Case
from case_service.quality import service
from case_service.quality.models import QualitySample
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep
from platform_core.problems import not_found


async def valid_sample(
    session: SessionDep,
    principal: CurrentPrincipal,
    sample_id: Annotated[int, Path(ge=1, description="质检样本ID")],
) -> tuple[QualitySample, Case]:
    """The drawn sample in the caller's scope with its case; 404 otherwise."""
    found = await service.get_sample(session, principal=principal, sample_id=sample_id)
    if found is None:
        raise not_found("质检样本不存在")
    return found


async def sample_for_review(
    session: SessionDep,
    principal: CurrentPrincipal,
    sample_id: Annotated[int, Path(ge=1, description="质检样本ID")],
) -> tuple[QualitySample, Case]:
    """The drawn sample in scope, locked against a concurrent verdict (PostgreSQL); 404 otherwise."""
    found = await service.get_sample(session, principal=principal, sample_id=sample_id, for_update=True)
    if found is None:
        raise not_found("质检样本不存在")
    return found


SampleDep = Annotated[tuple[QualitySample, Case], Depends(valid_sample)]
LockedSampleDep = Annotated[tuple[QualitySample, Case], Depends(sample_for_review)]
