"""Side effects of visits: a problem found on a visit becomes a case (source 走访发现) in one step."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case import service as cases
from case_service.case.models import Case, CaseSource
from case_service.case.schemas import CaseCreate
from case_service.core import audit
from case_service.pairing.service import enterprise_for_write
from case_service.visit.models import Visit, VisitProblem
from case_service.visit.schemas import VisitCaseCreate
from platform_core.auth import Principal
from platform_core.problems import ProblemError, field_error

TITLE_LENGTH = 60


def _title_of(problem: VisitProblem) -> str:
    """A case title from a problem's first line, shortened."""
    first = problem.description.strip().splitlines()[0].strip()
    return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1] + "…"


def _description_of(visit: Visit, problem: VisitProblem) -> str:
    """The problem with where it was found, so the handling unit sees the visit's context."""
    found = f"{visit.visit_date.isoformat()} {'、'.join(visit.visitors or [])}走访发现"
    if visit.campaign:
        found += f"（{visit.campaign}）"
    return f"{problem.description}\n\n——{found}"


async def problem_to_case(
    session: AsyncSession, *, principal: Principal, visit: Visit, data: VisitCaseCreate, now: datetime
) -> tuple[Case, VisitProblem]:
    """Register the problem as a case through the case module and link it; 409 if it already became one."""
    problem = next((p for p in visit.problems if p.id == data.problem_id), None)
    if problem is None:
        raise field_error("problem_id", "该问题不属于此走访记录")
    if problem.case_id is not None:
        raise ProblemError(
            409,
            "conflict",
            "该问题已转为诉求",
            errors=[{"field": "problem_id", "location": "body", "message": "该问题已转为诉求", "code": "linked"}],
            extra={"case_id": problem.case_id},
        )
    ent = await enterprise_for_write(session, principal=principal, uscc=visit.enterprise_uscc)
    # The contact the visit met is usually the directory's; a field left out takes it from there.
    sent = data.model_fields_set
    contact_person = data.contact_person if "contact_person" in sent else ent.contact_person
    contact_phone = data.contact_phone if "contact_phone" in sent else ent.contact_phone
    item = await cases.create_case(
        session,
        principal=principal,
        data=CaseCreate(
            source=CaseSource.VISIT,
            visit_id=visit.id,
            category_code=data.category_code,
            enterprise_uscc=visit.enterprise_uscc,
            title=data.title or _title_of(problem),
            description=data.description or _description_of(visit, problem),
            urgency=data.urgency,
            complexity=data.complexity,
            contact_person=contact_person,
            contact_phone=contact_phone,
        ),
        now=now,
    )
    problem.case_id, problem.case_created_at = item.id, now
    # The visit changed (its problem now names a case): the provincial sync must pick it up again.
    visit.updated_at = now
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action="visit.problem_to_case",
        entity_type="visit",
        entity_id=visit.id,
        region_code=item.region_code,
        after={"problem_id": problem.id, "case_id": item.id, "case_no": item.case_no},
    )
    return item, problem
