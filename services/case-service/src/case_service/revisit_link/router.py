"""The public revisit endpoints an enterprise reaches from the SMS link, without signing in.

The gateway forwards these two paths without a token and rate-limits them per client address; the token in
the path is the only credential (see `service`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from sqlalchemy import select

from case_service.case import flows
from case_service.case.dependencies import NowDep, PolicyDep
from case_service.case.models import Case, CaseAction, CaseState, Satisfaction
from case_service.case.schemas import RevisitBody
from case_service.revisit_link import service
from case_service.revisit_link.models import RevisitLink
from case_service.revisit_link.schemas import PublicRevisitBody, RevisitCase, RevisitChoice, RevisitLinkOut
from platform_core.auth import Principal
from platform_core.context import current_context
from platform_core.db import SessionDep
from platform_core.enumerations import labels
from platform_core.pagination import forbid_unknown_query
from platform_core.problems import ProblemError, not_found

router = APIRouter(
    prefix="/api/v1/public/revisits", tags=["回访评价（公开）"], dependencies=[Depends(forbid_unknown_query)]
)

Token = Annotated[str, Path(min_length=1, max_length=128, description="短信链接中的令牌")]

GONE = {"used": "链接已使用", "expired": "链接已过期"}
#: The 410 of a used or expired link (described as problem+json by `platform_core.contract`).
GONE_RESPONSE: dict[int | str, dict[str, Any]] = {410: {"description": "链接已使用或已过期"}}


def gone(state: str) -> ProblemError:
    """410 for a link that was used or ran out."""
    return ProblemError(410, f"revisit_link.{state}", GONE[state], extra={"state": state}, title=GONE[state])


def link_principal(link: RevisitLink, item: Case) -> Principal:
    """The caller a link stands for: the case's enterprise, allowed to rate this case only."""
    return Principal(
        subject=f"revisit-link:{link.id}",
        kind="link",
        name=item.enterprise_name[:64],
        roles=frozenset(),
        permissions=frozenset({flows.ACTION_RULES[CaseAction.REVISIT].permission}),
        data_scopes=frozenset(),
        region_code=item.region_code,
        enterprise_uscc=item.enterprise_uscc,
    )


def render(link: RevisitLink, item: Case, state: str) -> RevisitLinkOut:
    """The link's answer."""
    return RevisitLinkOut(
        state=state,
        expires_at=link.expires_at,
        case=RevisitCase(
            case_no=item.case_no,
            title=item.title,
            enterprise_name=item.enterprise_name,
            lead_unit_name=item.lead_unit_name,
            resolved_at=item.resolved_at,
            result=item.result,
        ),
        satisfaction=item.satisfaction if state == "used" else None,
        satisfaction_comment=item.satisfaction_comment if state == "used" else None,
        choices=[RevisitChoice(code=Satisfaction(c), label=n) for c, n in labels("case_satisfaction").items()],
    )


@router.get("/{token}", summary="回访链接的诉求摘要", response_model=RevisitLinkOut)
async def read_link(token: Token, session: SessionDep, now: NowDep) -> RevisitLinkOut:
    """The case summary and whether the link can still be used (404 for an unknown link)."""
    link = await service.find_link(session, token)
    if link is None:
        raise not_found("链接不存在")
    item = await session.get(Case, link.case_id)
    assert item is not None  # a link's case is never deleted
    return render(link, item, service.link_state(link, now))


@router.post("/{token}", summary="通过短信链接提交回访评价", response_model=RevisitLinkOut, responses=GONE_RESPONSE)
async def submit(
    token: Token, body: PublicRevisitBody, request: Request, session: SessionDep, now: NowDep, policy: PolicyDep
) -> RevisitLinkOut:
    """Rate the case once: 410 for a used or expired link, 409 when the case is no longer awaiting a revisit."""
    link = await service.find_link(session, token)
    if link is None:
        raise not_found("链接不存在")
    state = service.link_state(link, now)
    if state != "valid":
        raise gone(state)
    context = current_context()
    ip = context.client_ip if context is not None else (request.client.host if request.client else None)
    # The link's row is claimed first: a concurrent submit waits on it and then finds it used (410).
    if not await service.claim(session, link, now=now, ip=ip):
        await session.refresh(link)
        lost = service.link_state(link, now)
        raise gone("used" if lost == "valid" else lost)
    item = await session.scalar(select(Case).where(Case.id == link.case_id).with_for_update())
    assert item is not None
    if item.state != CaseState.RESOLVED:
        raise ProblemError(409, "case.invalid_transition", "诉求已不在待评价状态", title="当前状态不允许此操作")
    await flows.perform(
        session,
        item=item,
        action=CaseAction.REVISIT,
        body=RevisitBody(satisfaction=body.satisfaction, comment=body.comment),
        principal=link_principal(link, item),
        now=now,
        policy=policy,
    )
    await session.commit()
    await session.refresh(link)
    return render(link, item, "used")
