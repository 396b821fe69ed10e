"""The public operations: paths served without a token (any Authorization header is dropped) and limited per
client address at a strict quota. Only route-table rows under `PUBLIC_PREFIX` may be public, and all there are."""

from __future__ import annotations

#: The permission a public row names for its methods (the sentinel the proxy forwards without a caller).
PUBLIC = "public"
PUBLIC_PREFIX = "/api/v1/public/"


def is_public_path(path: str) -> bool:
    """Whether a request path is under the public prefix."""
    return path.startswith(PUBLIC_PREFIX)
