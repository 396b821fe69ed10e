"""Validate-and-load dependencies of identity administration (404 for what is missing or out of scope)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from gateway.admin import service
from gateway.iam.models import MachineClient, Role, Unit, User
from gateway.iam.service import get_client, get_role
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep
from platform_core.problems import not_found


async def valid_user(
    session: SessionDep, principal: CurrentPrincipal, user_id: Annotated[int, Path(ge=1, description="用户ID")]
) -> User:
    """The user of the path, inside the caller's scope."""
    user = await service.find_user(session, principal=principal, user_id=user_id)
    if user is None:
        raise not_found("用户不存在")
    return user


async def valid_role(session: SessionDep, code: Annotated[str, Path(max_length=64, description="角色编码")]) -> Role:
    """The role of the path."""
    role = await get_role(session, code=code)
    if role is None:
        raise not_found("角色不存在")
    return role


async def valid_unit(
    session: SessionDep, principal: CurrentPrincipal, unit_id: Annotated[int, Path(ge=1, description="单位ID")]
) -> Unit:
    """The unit of the path, inside the caller's scope."""
    unit = await service.find_unit(session, principal=principal, unit_id=unit_id)
    if unit is None:
        raise not_found("单位不存在")
    return unit


async def valid_client(
    session: SessionDep, client_id: Annotated[str, Path(max_length=64, description="客户端标识")]
) -> MachineClient:
    """The machine client of the path."""
    client = await get_client(session, client_id=client_id)
    if client is None:
        raise not_found("接入客户端不存在")
    return client


ValidUser = Annotated[User, Depends(valid_user)]
ValidRole = Annotated[Role, Depends(valid_role)]
ValidUnit = Annotated[Unit, Depends(valid_unit)]
ValidClient = Annotated[MachineClient, Depends(valid_client)]
