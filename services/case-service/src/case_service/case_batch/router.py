"""HTTP endpoints of the bulk case actions: one POST per action over a list of cases, answered per row."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case import flows
from case_service.case.dependencies import NowDep, PolicyDep
from case_service.case.models import CaseAction
from case_service.case.schemas import ActionBody, AssignBody
from case_service.case.timers import TimerPolicy
from case_service.case_batch import service
from case_service.case_batch.schemas import BulkAssignBody, BulkBody, BulkResult
from case_service.core import idempotency
from case_service.units import unit_names
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.pagination import forbid_unknown_query

router = APIRouter(prefix="/api/v1/cases/bulk", tags=["诉求办理"], dependencies=[Depends(forbid_unknown_query)])

A = CaseAction


Assigner = Annotated[Principal, Depends(require_perms(flows.ACTION_RULES[A.ASSIGN].permission))]
Urger = Annotated[Principal, Depends(require_perms(flows.ACTION_RULES[A.URGE].permission))]
Closer = Annotated[Principal, Depends(require_perms(flows.ACTION_RULES[A.CLOSE].permission))]


async def _bulk(
    request: Request,
    key: str | None,
    session: AsyncSession,
    principal: Principal,
    action: CaseAction,
    body: BulkBody,
    action_body: ActionBody,
    policy: TimerPolicy,
    now: datetime,
) -> JSONResponse:
    """Run a bulk action once per `Idempotency-Key` (a replay answers the same rows)."""

    async def work() -> Outcome:
        result = await service.run_bulk(
            session, principal=principal, action=action, rows=body.items, body=action_body, policy=policy, now=now
        )
        return Outcome(result, 200)

    payload = {"action": action.value, **body.model_dump(mode="json")}
    return await idempotency.run(request, session, principal, payload, work, key=key)


@router.post("/assign", summary="批量交办", response_model=BulkResult)
async def bulk_assign(
    request: Request,
    idempotency_key: IdempotencyKey,
    body: BulkAssignBody,
    session: SessionDep,
    policy: PolicyDep,
    now: NowDep,
    principal: Assigner,
) -> JSONResponse:
    """Assign accepted cases to the same lead unit and co-units; each case answered on its own row."""
    names = await unit_names(
        request, {"lead_unit": [body.lead_unit.unit_id], "co_units": [u.unit_id for u in body.co_units]}
    )
    assign = AssignBody(
        comment=body.comment,
        lead_unit=body.lead_unit.model_copy(update={"unit_name": names[body.lead_unit.unit_id]}),
        co_units=[u.model_copy(update={"unit_name": names[u.unit_id]}) for u in body.co_units],
        complexity=body.complexity,
    )
    return await _bulk(request, idempotency_key, session, principal, A.ASSIGN, body, assign, policy, now)


@router.post("/urge", summary="批量催办", response_model=BulkResult)
async def bulk_urge(
    request: Request,
    idempotency_key: IdempotencyKey,
    body: BulkBody,
    session: SessionDep,
    policy: PolicyDep,
    now: NowDep,
    principal: Urger,
) -> JSONResponse:
    """Remind the handling units of running cases; paused, resolved or unassigned ones are answered with why not."""
    return await _bulk(
        request, idempotency_key, session, principal, A.URGE, body, ActionBody(comment=body.comment), policy, now
    )


@router.post("/close", summary="批量销号", response_model=BulkResult)
async def bulk_close(
    request: Request,
    idempotency_key: IdempotencyKey,
    body: BulkBody,
    session: SessionDep,
    policy: PolicyDep,
    now: NowDep,
    principal: Closer,
) -> JSONResponse:
    """Strike off visited cases (销号); cases not yet visited are answered with why not."""
    return await _bulk(
        request, idempotency_key, session, principal, A.CLOSE, body, ActionBody(comment=body.comment), policy, now
    )
