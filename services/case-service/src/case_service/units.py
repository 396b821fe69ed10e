"""Units named in a request: they must be in the gateway's unit directory as the caller sees it.

The gateway owns the unit directory. A case assigned, an order issued, a pairing, visit or secondment recorded
may name only units the caller could pick there (its own region's and those above it); the names stored with
the record are the directory's, whatever the request said.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Request

from platform_core.peers import Peer, refuse_missing

#: The gateway's unit directory (names and ids of the units a caller may pick).
DIRECTORY = "/api/v1/units"


async def unit_names(request: Request, fields: dict[str, Sequence[int]]) -> dict[int, str]:
    """Names of the units named in each field (one directory call); 422 naming the first field with an unknown unit."""
    peer: Peer = request.app.state.unit_peer
    wanted = sorted({i for ids in fields.values() for i in ids})
    found = await peer.listed(request, DIRECTORY, wanted)
    for field, ids in fields.items():
        refuse_missing(field, [i for i in ids if i not in found], "单位")
    return {i: str(item["name"]) for i, item in found.items()}


async def named_unit(request: Request, data: object, row: object | None = None) -> None:
    """A body's `unit_id`, when it sets one, must be a directory unit; its `unit_name` becomes the directory's."""
    unit_id = getattr(data, "unit_id", None)
    if unit_id is None or (row is not None and unit_id == getattr(row, "unit_id", None)):
        return
    names = await unit_names(request, {"unit_id": [unit_id]})
    if hasattr(data, "unit_name"):
        data.unit_name = names[unit_id]  # type: ignore[attr-defined]
