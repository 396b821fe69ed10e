"""Dependencies of the case endpoints: the timer policy, the clock, and a case id turned into an in-scope row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Path, Request

from case_service.case import service
from case_service.case.models import Case
from case_service.case.timers import TimerPolicy, policy_from_settings
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep, utcnow
from platform_core.problems import not_found


def policy_for(app: FastAPI) -> TimerPolicy:
    """The app's timer policy, built from its settings once (tests may replace `app.state.case_timer_policy`)."""
    policy = getattr(app.state, "case_timer_policy", None)
    if policy is None:
        policy = app.state.case_timer_policy = policy_from_settings(app.state.settings)
    return policy


def clock_for(app: FastAPI) -> Callable[[], datetime]:
    """The app's clock in UTC: the real one unless a test froze `app.state.clock`."""
    clock: Callable[[], datetime] | None = getattr(app.state, "clock", None)
    if clock is None:
        return utcnow
    # Instants leave the service in UTC whatever zone the clock was set in, as stored ones do.
    return lambda: clock().astimezone(UTC)


async def get_policy(request: Request) -> TimerPolicy:
    """The timer policy of the app serving the request."""
    return policy_for(request.app)


async def get_now(request: Request) -> datetime:
    """The current instant as the app's clock tells it."""
    return clock_for(request.app)()


PolicyDep = Annotated[TimerPolicy, Depends(get_policy)]
NowDep = Annotated[datetime, Depends(get_now)]


async def valid_case(
    session: SessionDep,
    principal: CurrentPrincipal,
    case_id: Annotated[int, Path(ge=1, description="诉求ID")],
) -> Case:
    """The case if it exists and is in the caller's scope; 404 otherwise."""
    item = await service.get_case(session, principal=principal, case_id=case_id)
    if item is None:
        raise not_found("诉求不存在")
    return item


async def case_for_action(
    session: SessionDep,
    principal: CurrentPrincipal,
    case_id: Annotated[int, Path(ge=1, description="诉求ID")],
) -> Case:
    """The case in scope, locked against a concurrent action (PostgreSQL), or 404."""
    item = await service.get_case(session, principal=principal, case_id=case_id, for_update=True)
    if item is None:
        raise not_found("诉求不存在")
    return item


CaseDep = Annotated[Case, Depends(valid_case)]
LockedCaseDep = Annotated[Case, Depends(case_for_action)]
