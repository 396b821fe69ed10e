"""A raw HTTP/1.1 service for the upstream-fault tests: it hangs (accepts, reads the request, never answers)
or answers every request with a chosen status after a chosen delay, and counts the connections and requests
it received."""

from __future__ import annotations

import asyncio
import json
from types import TracebackType


class FakeService:
    """An asyncio server on a loopback port; `hang` and `status` may change while it runs."""

    def __init__(self, *, hang: bool = True, status: int = 200, delay_s: float = 0.0) -> None:
        """Not listening until entered."""
        self.hang = hang
        self.status = status
        self.delay_s = delay_s
        self.connections = 0
        self.requests: list[str] = []  # request lines, e.g. "GET /api/v1/enterprises HTTP/1.1"
        self.url = ""
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def __aenter__(self) -> FakeService:
        """Listen on an ephemeral port."""
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop listening and drop every connection still open."""
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.close()
        await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                self.requests.append(lines[0])
                length = next(
                    (int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")), 0
                )
                if length:
                    await reader.readexactly(length)
                if self.hang:
                    await reader.read()  # until the gateway gives up and closes the connection
                    return
                if self.delay_s:
                    await asyncio.sleep(self.delay_s)
                body = json.dumps({"status": "ready" if self.status == 200 else "down"}).encode()
                writer.write(
                    b"HTTP/1.1 %d X\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s"
                    % (self.status, len(body), body)
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()
