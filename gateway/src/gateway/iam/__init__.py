"""Identity: users, roles, regions, units, machine clients, sign-in and tokens."""

from gateway.iam.router import router

__all__ = ["router"]
