"""Identity administration: users, roles, units, regions, machine clients, the gateway's audit log."""

from gateway.admin.router import router

__all__ = ["router"]
