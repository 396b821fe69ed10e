"""The project stage machine: which steps are allowed, and applying one (date, evidence, round, history)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.core import audit
from investment_service.project.models import Project, ProjectStageEvent
from investment_service.rounds.usable import usable_round
from platform_core.auth import Principal
from platform_core.db import utcnow
from platform_core.enumerations import labels
from platform_core.periods import today
from platform_core.problems import ProblemError, field_error


class Stage(StrEnum):
    """项目阶段."""

    NEGOTIATING = "negotiating"
    SIGNED = "signed"
    LANDED = "landed"
    STARTED = "started"
    IN_PRODUCTION = "in_production"
    AT_CAPACITY = "at_capacity"
    STALLED = "stalled"
    CANCELLED = "cancelled"


#: The default names of the stages (the 业务字典 `investment_stage`; an administrator edits what the SPA shows).
STAGE_LABELS: dict[str, str] = labels("investment_stage")

#: The pipeline in order; a project moves one step forward at a time.
PIPELINE: tuple[Stage, ...] = (
    Stage.NEGOTIATING,
    Stage.SIGNED,
    Stage.LANDED,
    Stage.STARTED,
    Stage.IN_PRODUCTION,
    Stage.AT_CAPACITY,
)

#: The milestone date column of each pipeline stage (negotiation has none).
MILESTONE_DATE: dict[Stage, str] = {
    Stage.SIGNED: "signed_on",
    Stage.LANDED: "landed_on",
    Stage.STARTED: "started_on",
    Stage.IN_PRODUCTION: "in_production_on",
    Stage.AT_CAPACITY: "at_capacity_on",
}

#: 三个一批 lists a batch signed, a batch started and a batch in production; only those steps name a round.
MILESTONE_ROUND: dict[Stage, str] = {
    Stage.SIGNED: "signed_round_id",
    Stage.STARTED: "started_round_id",
    Stage.IN_PRODUCTION: "in_production_round_id",
}


def _next(stage: Stage) -> Stage | None:
    i = PIPELINE.index(stage)
    return PIPELINE[i + 1] if i + 1 < len(PIPELINE) else None


def allowed_targets(stage: Stage, before_stall: Stage | None = None) -> list[Stage]:
    """The stages a project may move to from where it is.

    Forward one step; stall or cancel before production; a producing project may stall but is not cancelled;
    a stalled project resumes where it stopped (or one step further) or is cancelled. Full capacity and
    cancellation are final.
    """
    if stage in (Stage.AT_CAPACITY, Stage.CANCELLED):
        return []
    if stage is Stage.STALLED:
        resume = before_stall or Stage.NEGOTIATING
        out = [resume]
        if (following := _next(resume)) is not None:
            out.append(following)
        if resume in PIPELINE[:4]:
            out.append(Stage.CANCELLED)
        return out
    out = []
    if (following := _next(stage)) is not None:
        out.append(following)
    out.append(Stage.STALLED)
    if stage in PIPELINE[:4]:
        out.append(Stage.CANCELLED)
    return out


async def apply_step(
    session: AsyncSession,
    *,
    principal: Principal,
    project: Project,
    target: Stage,
    on: date,
    evidence: str | None,
    round_id: int | None,
) -> ProjectStageEvent:
    """Move a project one step: 409 naming both stages when forbidden, 422 naming `date` when it runs backwards."""
    current = Stage(project.stage)
    before_stall = Stage(project.stage_before_stall) if project.stage_before_stall else None
    allowed = allowed_targets(current, before_stall)
    if target not in allowed:
        raise ProblemError(
            409,
            "conflict",
            f"项目当前阶段为“{STAGE_LABELS[current]}”，不能变更为“{STAGE_LABELS[target]}”",
            errors=[{"field": "stage", "location": "body", "message": "不允许的阶段变更", "code": "stage_forbidden"}],
            extra={"current_stage": current.value, "target_stage": target.value, "allowed": [s.value for s in allowed]},
        )
    if project.last_step_on is not None and on < project.last_step_on:
        raise field_error(
            "date", f"日期不能早于上一阶段变更日期（{project.last_step_on.isoformat()}）", "date_backwards"
        )
    if on > today():
        raise field_error("date", "日期不能晚于今天", "date_in_future")
    if round_id is not None:
        if target not in MILESTONE_ROUND:
            raise field_error("round_id", "“三个一批”只列入签约、开工、投产项目")
        # Only the province's rounds and the project's city's list it (never another city's).
        await usable_round(session, round_id=round_id, region_path=project.region_path)
    seq = int(await session.scalar(select(func.count()).where(ProjectStageEvent.project_id == project.id)) or 0) + 1
    event = ProjectStageEvent(
        project_id=project.id,
        seq=seq,
        from_stage=current.value,
        to_stage=target.value,
        occurred_on=on,
        evidence=evidence,
        round_id=round_id,
        recorded_by=principal.subject,
        recorded_by_name=principal.name,
    )
    session.add(event)
    before = {
        "stage": current.value,
        "last_step_on": project.last_step_on.isoformat() if project.last_step_on else None,
    }
    if target is Stage.STALLED:
        project.stage_before_stall = current.value
    elif current is Stage.STALLED:
        project.stage_before_stall = None
    if target in MILESTONE_DATE and getattr(project, MILESTONE_DATE[target]) is None:
        # A project that resumes into a stage it already reached keeps the first date it got there.
        setattr(project, MILESTONE_DATE[target], on)
    if target in MILESTONE_ROUND and round_id is not None:
        setattr(project, MILESTONE_ROUND[target], round_id)
    project.stage = target.value
    project.last_step_on = on
    project.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action="project.stage",
        entity_type="project",
        entity_id=project.id,
        region_code=project.region_code,
        before=before,
        after={"stage": target.value, "date": on.isoformat(), "round_id": round_id, "evidence": evidence},
    )
    return event
