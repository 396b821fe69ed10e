"""Dependencies that validate and load: a rule id becomes a rule the caller may read, or a 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from case_service.routing import service
from case_service.routing.models import RoutingRule
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep
from platform_core.problems import not_found


async def valid_rule(
    session: SessionDep,
    principal: CurrentPrincipal,
    rule_id: Annotated[int, Path(ge=1, description="交办规则ID")],
) -> RoutingRule:
    """The rule if it exists and the caller may read it; 404 otherwise."""
    row = await service.get_rule(session, principal=principal, rule_id=rule_id)
    if row is None:
        raise not_found("交办规则不存在")
    return row


RuleDep = Annotated[RoutingRule, Depends(valid_rule)]
