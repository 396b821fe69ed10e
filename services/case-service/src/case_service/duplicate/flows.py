"""Splitting a submission: each matter becomes a case of its own, with its own timers from its own 交办; the
original stays and is linked from each part."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case import flows as case_flows
from case_service.case import service as cases
from case_service.case.models import Case, CaseAction, CaseSource, CaseState, Complexity, Urgency
from case_service.case.schemas import ActionBody, CaseCreate
from case_service.case.timers import TimerPolicy
from case_service.core import audit
from case_service.duplicate.models import CaseLink, LinkKind
from case_service.duplicate.schemas import SplitBody
from case_service.duplicate.service import add_link
from platform_core.auth import Principal
from platform_core.problems import ProblemError

#: A submission is split before it is assigned: after that, its units and timers already run.
SPLITTABLE = frozenset({CaseState.SUBMITTED.value, CaseState.ACCEPTED.value})


async def split(
    session: AsyncSession,
    *,
    principal: Principal,
    item: Case,
    body: SplitBody,
    now: datetime,
    policy: TimerPolicy,
) -> list[Case]:
    """Register each part as a new case of the same enterprise (accepted when the original was), linked to it."""
    if item.state not in SPLITTABLE:
        raise ProblemError(
            409,
            "case.split_not_allowed",
            "只有待受理或已受理(尚未交办)的诉求可以拆分",
            extra={"state": item.state},
        )
    already = await session.scalar(
        select(CaseLink.id).where(CaseLink.other_case_id == item.id, CaseLink.kind == LinkKind.SPLIT.value).limit(1)
    )
    if already is not None:
        raise ProblemError(409, "case.already_split", "该诉求已经拆分过")
    parts: list[Case] = []
    for part in body.parts:
        data = CaseCreate(
            source=CaseSource(item.source),
            superior_doc_no=item.superior_doc_no,
            visit_id=item.visit_id,
            category_code=part.category_code or item.category_code,
            enterprise_uscc=item.enterprise_uscc,
            title=part.title,
            description=part.description,
            urgency=Urgency(item.urgency),
            complexity=Complexity(item.complexity),
            contact_person=item.contact_person,
            contact_phone=item.contact_phone,
        )
        new = await cases.create_case(session, principal=principal, data=data, now=now)
        if item.state == CaseState.ACCEPTED.value:
            comment = f"拆分自诉求 {item.case_no}"
            new = await case_flows.perform(
                session,
                item=new,
                action=CaseAction.ACCEPT,
                body=ActionBody(comment=comment),
                principal=principal,
                now=now,
                policy=policy,
            )
        await add_link(
            session, principal=principal, item=new, other=item, kind=LinkKind.SPLIT, now=now, note=body.comment
        )
        parts.append(new)
    item.updated_at = now  # the original changed: its version moves
    cases.add_event(
        session,
        item=item,
        action="split",
        principal=principal,
        now=now,
        from_state=item.state,
        to_state=item.state,
        comment=body.comment,
        data={"case_ids": [p.id for p in parts], "case_nos": [p.case_no for p in parts]},
    )
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action="case.split",
        entity_type="case",
        entity_id=item.id,
        region_code=item.region_code,
        after={"case_ids": [p.id for p in parts]},
        detail=body.comment[:500] if body.comment else None,
    )
    return parts
