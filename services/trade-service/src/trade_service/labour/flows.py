"""A worker's status machine: `registered → trained → departed → returned`, one step at a time, with dates."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from platform_core import records
from platform_core.auth import Principal
from platform_core.crypto import FieldCipher
from platform_core.db import utcnow
from platform_core.periods import today
from platform_core.problems import ProblemError, field_error
from platform_core.regions import RegionDirectory
from platform_core.scope import placed
from trade_service.core import audit
from trade_service.labour.models import LabourWorker
from trade_service.labour.schemas import Transition, WorkerStatus
from trade_service.labour.service import BATCHES, COUNTS, TOPIC

#: The one step allowed from each status.
NEXT: dict[WorkerStatus, WorkerStatus] = {
    WorkerStatus.REGISTERED: WorkerStatus.TRAINED,
    WorkerStatus.TRAINED: WorkerStatus.DEPARTED,
    WorkerStatus.DEPARTED: WorkerStatus.RETURNED,
}
#: The column holding the date each status was reached.
DATE_COLUMN: dict[WorkerStatus, str] = {
    WorkerStatus.REGISTERED: "registered_on",
    WorkerStatus.TRAINED: "trained_on",
    WorkerStatus.DEPARTED: "departed_on",
    WorkerStatus.RETURNED: "returned_on",
}


def reached_on(row: LabourWorker) -> date:
    """The date the worker reached the current status."""
    return getattr(row, DATE_COLUMN[WorkerStatus(row.status)])


async def transition(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    cipher: FieldCipher,
    row: LabourWorker,
    body: Transition,
) -> LabourWorker:
    """Move the worker one step: a skipped or backward step is 409, a date out of order 422."""
    placed(regions, principal, row.region_code)
    current = WorkerStatus(row.status)
    allowed = NEXT.get(current)
    if body.to != allowed:
        message = f"状态不能从 {current.value} 变为 {body.to.value}"
        raise ProblemError(
            409,
            "conflict",
            message,
            errors=[{"field": "to", "location": "body", "message": message, "code": "invalid_transition"}],
            extra={"current_status": current.value, "allowed": [allowed.value] if allowed else []},
        )
    if body.on < reached_on(row):
        raise field_error("on", f"日期不能早于上一步日期 {reached_on(row).isoformat()}")
    if body.on > today():
        raise field_error("on", "日期不能晚于今天")
    if body.batch_id is not None:
        if body.to != WorkerStatus.DEPARTED:
            raise field_error("batch_id", "只有出境时可以指定派出批次")
        batch = await records.get_record(session, res=BATCHES, principal=principal, record_id=body.batch_id)
        if batch is None:
            raise field_error("batch_id", "派出批次不存在", code="not_found")
        if batch.program_id != row.program_id:
            raise field_error("batch_id", "派出批次与人员所属项目不一致")
        row.batch_id = batch.id
    before = {"status": current.value, DATE_COLUMN[body.to]: None}
    row.status = body.to.value
    setattr(row, DATE_COLUMN[body.to], body.on)
    row.updated_at = utcnow()
    await session.flush()
    COUNTS.invalidate(TOPIC)
    await audit.record(
        session,
        principal=principal,
        action=f"labour_worker.{body.to.value}",
        entity_type="labour_worker",
        entity_id=row.id,
        region_code=row.region_code,
        before=before,
        after={"status": row.status, DATE_COLUMN[body.to]: body.on.isoformat(), "batch_id": row.batch_id},
    )
    return row
