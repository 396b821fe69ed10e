"""Optimistic concurrency over HTTP: ETag out, If-Match required in (428 without, 412 when stale)."""

from __future__ import annotations

import copy
from typing import Any

from fastapi import Request, Response

from platform_core.contract import IF_MATCH_PARAMETER
from platform_core.problems import ProblemError

#: The `openapi_extra` of a POST action that requires If-Match (every PUT, PATCH and DELETE does already):
#: the document then lists the header as required and the 428 and 412 answers.
IF_MATCH_REQUIRED: dict[str, Any] = {"parameters": [copy.deepcopy(IF_MATCH_PARAMETER)]}


def etag_of(version: int) -> str:
    """The strong ETag of a record version."""
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    """Put the record's ETag on a response."""
    response.headers["ETag"] = etag_of(version)


def require_if_match(request: Request, current_version: int) -> None:
    """Refuse an update without If-Match (428) or against a stale version (412)."""
    header = request.headers.get("if-match")
    if not header:
        raise ProblemError(428, "precondition_required")
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    if "*" in tags or etag_of(current_version) in tags:
        return
    raise stale(current_version)


def stale(current_version: int | None = None) -> ProblemError:
    """The 412 of a write that lost to another one (its version, when known, for the client to reload)."""
    extra = {"current_version": current_version} if current_version is not None else None
    return ProblemError(412, "precondition_failed", extra=extra)
