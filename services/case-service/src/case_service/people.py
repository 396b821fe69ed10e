"""Accounts named in a request: a pairing's 包联人 account must be in the gateway's people directory as the caller
sees it (staff of the caller's region and those above it), like the units of `case_service.units`."""

from __future__ import annotations

from fastapi import Request

from platform_core.peers import Peer, refuse_missing

#: The gateway's people directory (staff accounts a caller may pick as 包联人).
DIRECTORY = "/api/v1/people"


async def named_person(request: Request, data: object, row: object | None = None) -> None:
    """A body's `user_id`, when it sets a new one, must be an account of the directory (422 naming `user_id`)."""
    user_id = getattr(data, "user_id", None)
    if user_id is None or (row is not None and user_id == getattr(row, "user_id", None)):
        return
    peer: Peer = request.app.state.unit_peer  # the gateway serves both directories
    found = await peer.listed(request, DIRECTORY, [user_id])
    refuse_missing("user_id", [] if user_id in found else [user_id], "账号")
