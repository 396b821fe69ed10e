"""Dependencies of the duplicate endpoints: how the database compares texts, decided once per app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from case_service.duplicate import service
from platform_core.db import SessionDep

_UNKNOWN = object()


async def trigram_schema(request: Request, session: SessionDep) -> str | None:
    """pg_trgm's schema when the database has the extension (asked once per app), else None: Python compares."""
    known = getattr(request.app.state, "trigram_schema", _UNKNOWN)
    if known is _UNKNOWN:
        known = request.app.state.trigram_schema = await service.trigram_schema(session)
    return known  # type: ignore[return-value]


TrigramDep = Annotated[str | None, Depends(trigram_schema)]
