"""Dependencies that validate and load: an entry id becomes an entry the caller may read, or a 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from case_service.knowledge import service
from case_service.knowledge.models import KnowledgeEntry
from platform_core.auth import CurrentPrincipal
from platform_core.db import SessionDep
from platform_core.problems import not_found


async def valid_entry(
    session: SessionDep,
    principal: CurrentPrincipal,
    entry_id: Annotated[int, Path(ge=1, description="知识库问答ID")],
) -> KnowledgeEntry:
    """The entry if it exists and the caller may read it; 404 otherwise."""
    row = await service.get_entry(session, principal=principal, entry_id=entry_id)
    if row is None:
        raise not_found("知识库问答不存在")
    return row


EntryDep = Annotated[KnowledgeEntry, Depends(valid_entry)]
