"""The server monitor (系统监控): every app's status for the system administrator, read-only."""

from gateway.monitor.router import router

__all__ = ["router"]
