"""Dependencies of the case endpoints: the timer policy, the clock, and a case id turned into an in-scope row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Path, Request
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case import service
from case_service.case.models import Case
from case_service.case.parameters import apply_parameters
from case_service.case.timers import TimerPolicy, policy_from_settings
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep, utcnow
from platform_core.parameters import ParameterStore
from platform_core.problems import not_found
from platform_core.workdays import WorkCalendar, load_calendar


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


def work_calendar_for(app: FastAPI) -> WorkCalendar:
    """The holiday calendar, loaded once (a parameter may switch to working days at any time)."""
    calendar: WorkCalendar | None = getattr(app.state, "case_work_calendar", None)
    if calendar is None:
        calendar = app.state.case_work_calendar = load_calendar(app.state.settings.reference_data_dir)
    return calendar


async def current_policy(app: FastAPI, session: AsyncSession | None = None) -> TimerPolicy:
    """The timer policy now: the configured one with the administrator's edited 系统参数 applied."""
    base = policy_for(app)
    store: ParameterStore | None = getattr(app.state, "parameters", None)
    if store is None:
        return base
    snapshot = await store.current(session)
    # Only edited parameters override: an unedited one keeps the configured (or a test's) policy.
    edited = {key: snapshot[key] for key in snapshot.versions}
    return apply_parameters(base, edited, lambda: work_calendar_for(app)) if edited else base


async def get_policy(request: Request, session: SessionDep) -> TimerPolicy:
    """The timer policy of the app serving the request, as the 系统参数 set it now."""
    return await current_policy(request.app, session)


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
