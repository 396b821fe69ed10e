"""What the platform's pure ASGI middlewares read of a request: the status answered and the route template."""

from __future__ import annotations

from starlette.types import Message, Scope, Send


class StatusSend:
    """A `send` that remembers the status of the response it passes on (500 until one starts)."""

    def __init__(self, send: Send) -> None:
        """Wrap the server's `send`."""
        self.send = send
        self.status = 500

    async def __call__(self, message: Message) -> None:
        """Pass a message on, noting the status of a response start."""
        if message["type"] == "http.response.start":
            self.status = message["status"]
        await self.send(message)


def route_template(scope: Scope) -> str | None:
    """The matched route's path template (`/api/v1/cases/{case_id}`), never the path with its ids."""
    return getattr(scope.get("route"), "path", None) or scope.get("metrics_route")
