"""Per-caller rate limits: a sliding window per minute, in memory or in Redis.

The window is the usual two-counter approximation: the current minute's count plus the previous
minute's count weighted by how much of it still overlaps the last 60 seconds. One counter update per
request (one Redis round trip); a refused request is not counted, so a caller that waits as told by
`Retry-After` gets through.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from gateway.settings import GatewaySettings

log = logging.getLogger(__name__)

WINDOW_S = 60
RETRY_REDIS_AFTER_S = 5.0


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of one check, with what the `RateLimit-*` headers report."""

    allowed: bool
    limit: int
    remaining: int
    reset_s: int
    retry_after_s: int = 0

    def headers(self) -> list[tuple[bytes, bytes]]:
        """`RateLimit-Limit`, `-Remaining`, `-Reset`, `-Policy` (and `Retry-After` when refused)."""
        out = [
            (b"ratelimit-limit", str(self.limit).encode()),
            (b"ratelimit-remaining", str(self.remaining).encode()),
            (b"ratelimit-reset", str(self.reset_s).encode()),
            (b"ratelimit-policy", f"{self.limit};w={WINDOW_S}".encode()),
        ]
        if not self.allowed:
            out.append((b"retry-after", str(self.retry_after_s).encode()))
        return out


class Backend(Protocol):
    """Counter storage: count a hit in a window and return (current count, previous window's count)."""

    async def hit(self, key: str, window: int) -> tuple[int, int]:
        """Add one to the key's counter of a window."""
        ...

    async def undo(self, key: str, window: int) -> None:
        """Take back the hit of a refused request."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


class MemoryBackend:
    """Counters in this process (one gateway process; use Redis when there are several)."""

    def __init__(self, max_keys: int = 100_000) -> None:
        """Start empty."""
        self._counters: dict[str, list[int]] = {}  # key -> [window, current, previous]
        self._max_keys = max_keys

    async def hit(self, key: str, window: int) -> tuple[int, int]:
        """Count a hit."""
        entry = self._counters.get(key)
        if entry is None:
            if len(self._counters) >= self._max_keys:
                self._prune(window)
            self._counters[key] = [window, 1, 0]
            return 1, 0
        if entry[0] != window:
            entry[2] = entry[1] if entry[0] == window - 1 else 0
            entry[0], entry[1] = window, 0
        entry[1] += 1
        return entry[1], entry[2]

    async def undo(self, key: str, window: int) -> None:
        """Take back a hit."""
        entry = self._counters.get(key)
        if entry is not None and entry[0] == window and entry[1] > 0:
            entry[1] -= 1

    def _prune(self, window: int) -> None:
        """Forget callers idle for two windows; if that frees nothing, start over rather than grow."""
        stale = [k for k, v in self._counters.items() if v[0] < window - 1]
        for k in stale:
            del self._counters[k]
        if len(self._counters) >= self._max_keys:
            self._counters.clear()

    async def close(self) -> None:
        """Nothing to release."""


class RedisBackend:
    """Counters in Redis, shared by every gateway process; if Redis is unreachable requests pass."""

    def __init__(self, url: str, prefix: str = "gateway:rl:") -> None:
        """Connect lazily with short timeouts (a slow Redis must not slow every request)."""
        # Imported here: the Redis client costs the gateway ≈ 14 MB of memory, paid only when it is configured.
        from redis import asyncio as aioredis
        from redis.exceptions import RedisError

        self._errors: tuple[type[Exception], ...] = (RedisError, OSError)
        self.redis = aioredis.Redis.from_url(
            url, socket_timeout=0.25, socket_connect_timeout=0.25, health_check_interval=30
        )
        self.prefix = prefix
        self._last_warning = 0.0
        self._down_until = 0.0

    async def hit(self, key: str, window: int) -> tuple[int, int]:
        """INCR the current window, set its expiry and read the previous one in one round trip."""
        if time.monotonic() < self._down_until:
            return 0, 0  # Redis failed a moment ago: do not make every request wait for its timeout
        current = f"{self.prefix}{key}:{window}"
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                pipe.incr(current)
                pipe.expire(current, 2 * WINDOW_S)
                pipe.get(f"{self.prefix}{key}:{window - 1}")
                count, _, previous = await pipe.execute()
        except self._errors as exc:
            self._warn(exc)
            return 0, 0
        return int(count), int(previous or 0)

    async def undo(self, key: str, window: int) -> None:
        """DECR the current window."""
        if time.monotonic() < self._down_until:
            return
        try:
            await self.redis.decr(f"{self.prefix}{key}:{window}")
        except self._errors as exc:
            self._warn(exc)

    def _warn(self, exc: Exception) -> None:
        # Limits fail open: an unavailable Redis must not take the platform down. Try it again after a
        # few seconds; warn at most twice a minute.
        now = time.monotonic()
        self._down_until = now + RETRY_REDIS_AFTER_S
        if now - self._last_warning > 30:
            self._last_warning = now
            log.warning("rate limit store unavailable, requests pass unlimited: %s", exc)

    async def close(self) -> None:
        """Close the connection pool."""
        await self.redis.aclose()


class RateLimiter:
    """Limits by caller kind: users, machine clients, anonymous addresses and addresses calling the public
    operations (a strict quota of their own) each have a per-minute quota."""

    def __init__(
        self,
        backend: Backend,
        *,
        user_per_minute: int,
        client_per_minute: int,
        anonymous_per_minute: int,
        public_per_minute: int = 10,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Bind a backend and the quotas."""
        self.backend = backend
        self.limits = {
            "user": user_per_minute,
            "client": client_per_minute,
            "anonymous": anonymous_per_minute,
            "public": public_per_minute,
        }
        self.clock = clock

    @classmethod
    def from_settings(cls, settings: GatewaySettings) -> RateLimiter:
        """Redis when `redis_url` is set, memory otherwise."""
        backend: Backend = RedisBackend(settings.redis_url) if settings.redis_url else MemoryBackend()
        return cls(
            backend,
            user_per_minute=settings.rate_limit_user_per_minute,
            client_per_minute=settings.rate_limit_client_per_minute,
            anonymous_per_minute=settings.rate_limit_anonymous_per_minute,
            public_per_minute=settings.rate_limit_public_per_minute,
        )

    def limit_for(self, kind: str) -> int:
        """The quota of a caller kind (`user`, `client`, `anonymous`, `public`)."""
        return self.limits.get(kind, self.limits["anonymous"])

    async def check(self, key: str, kind: str) -> Decision:
        """Count a request of a caller and say whether it may pass."""
        limit = self.limit_for(kind)
        now = self.clock()
        window = int(now // WINDOW_S)
        elapsed = now - window * WINDOW_S
        reset_s = max(1, math.ceil(WINDOW_S - elapsed))
        current, previous = await self.backend.hit(key, window)
        weight = (WINDOW_S - elapsed) / WINDOW_S
        used = previous * weight + current
        if current == 0 or used <= limit:
            # current == 0: the store failed open.
            return Decision(True, limit, max(0, limit - math.ceil(used)), reset_s)
        await self.backend.undo(key, window)
        return Decision(False, limit, 0, reset_s, _retry_after(limit, current - 1, previous, elapsed))

    async def close(self) -> None:
        """Release the backend."""
        await self.backend.close()


def _retry_after(limit: int, current: int, previous: int, elapsed: float) -> int:
    """Seconds until one more request fits under the sliding estimate (counts exclude the refused one)."""
    to_end = WINDOW_S - elapsed
    if current < limit and previous > 0:
        # previous * (W - elapsed - t) / W + current + 1 <= limit, solved for t, within this window.
        wait = to_end - (limit - 1 - current) * WINDOW_S / previous
        if wait <= to_end:
            return max(1, math.ceil(wait))
    # Next window: this window's count becomes the weighted one and must fade below the quota.
    fade = max(0.0, WINDOW_S - (limit - 1) * WINDOW_S / current) if current > 0 else 0.0
    return max(1, math.ceil(to_end + fade))
