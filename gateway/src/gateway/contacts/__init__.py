"""消息接收设置 of the signed-in user, and the directory of recipients (contacts and choices) for the services."""

from gateway.contacts.router import internal_router, router

__all__ = ["internal_router", "router"]
