"""Dependencies of 政策找企业: the policy a path names (readable, or 404) and its targeting conditions."""

from __future__ import annotations

from case_service.policy.dependencies import PolicyDep

__all__ = ["PolicyDep"]
