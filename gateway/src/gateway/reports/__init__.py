"""The year's (quarter's, month's) work report composed from every service's figures."""

from gateway.reports.router import router

__all__ = ["router"]
