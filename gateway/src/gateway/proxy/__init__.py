"""The gateway's way to the services: the route table, the upstream pool and the proxy route."""

from fastapi import APIRouter

from gateway import audit_merge
from gateway.proxy.client import UpstreamPool
from gateway.proxy.router import ProxyRoute, mount
from gateway.proxy.routes import DEFAULT_TABLE, ROUTES, RouteEntry, RouteTable

__all__ = [
    "DEFAULT_TABLE",
    "ROUTES",
    "ProxyRoute",
    "RouteEntry",
    "RouteTable",
    "UpstreamPool",
    "build_router",
    "mount",
]


def build_router() -> APIRouter:
    """The views the gateway composes from several services (the merged audit log)."""
    router = APIRouter()
    router.include_router(audit_merge.router)
    return router
