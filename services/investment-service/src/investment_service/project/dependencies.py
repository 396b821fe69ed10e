"""Dependencies that validate and load: a project id becomes an in-scope row or a 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from investment_service.project import service
from investment_service.project.models import Project
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep
from platform_core.problems import not_found


async def valid_project(
    session: SessionDep,
    principal: CurrentPrincipal,
    project_id: Annotated[int, Path(ge=1, description="项目ID")],
) -> Project:
    """The project if it exists and is in the caller's scope; 404 otherwise."""
    project = await service.get_project(session, principal=principal, project_id=project_id)
    if project is None:
        raise not_found("项目不存在")
    return project


ProjectDep = Annotated[Project, Depends(valid_project)]
