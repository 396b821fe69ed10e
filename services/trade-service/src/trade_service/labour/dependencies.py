"""Dependencies that validate and load: a worker id becomes an in-scope row or a 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from platform_core import records
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep
from platform_core.problems import not_found
from trade_service.labour.models import LabourWorker
from trade_service.labour.service import WORKERS


async def valid_worker(
    session: SessionDep,
    principal: CurrentPrincipal,
    worker_id: Annotated[int, Path(ge=1, description="外派劳务人员ID")],
) -> LabourWorker:
    """The worker if it exists and is in the caller's scope; 404 otherwise."""
    row = await records.get_record(session, res=WORKERS, principal=principal, record_id=worker_id)
    if row is None:
        raise not_found("外派劳务人员不存在")
    return row


WorkerDep = Annotated[LabourWorker, Depends(valid_worker)]
