"""一企一档: one enterprise's profile composed from every service."""

from gateway.profile.router import router

__all__ = ["router"]
