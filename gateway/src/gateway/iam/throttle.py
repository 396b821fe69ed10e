"""In-memory guards of the sign-in endpoints: a per-address throttle and lockouts for unknown usernames."""

from __future__ import annotations

import math
from dataclasses import dataclass

WINDOW_SECONDS = 60.0
MAX_KEYS = 50_000


@dataclass(slots=True)
class _Window:
    """One address's current window."""

    started: float
    count: int


class AddressThrottle:
    """At most `limit` attempts per address in a one-minute window (fixed window, per process)."""

    def __init__(self, limit: int, window_seconds: float = WINDOW_SECONDS, max_keys: int = MAX_KEYS) -> None:
        """Set the limit."""
        self.limit = limit
        self.window = window_seconds
        self.max_keys = max_keys
        self._windows: dict[str, _Window] = {}

    def hit(self, key: str, now: float) -> int | None:
        """Count an attempt; return the seconds to wait when the address is over its limit."""
        slot = self._windows.get(key)
        if slot is None or now - slot.started >= self.window:
            self._evict(now)
            self._windows[key] = _Window(now, 1)
            return None
        if slot.count >= self.limit:
            return max(1, math.ceil(slot.started + self.window - now))
        slot.count += 1
        return None

    def _evict(self, now: float) -> None:
        """Keep memory bounded: drop finished windows, then the oldest ones."""
        if len(self._windows) < self.max_keys:
            return
        for key in [k for k, w in self._windows.items() if now - w.started >= self.window]:
            del self._windows[key]
        while len(self._windows) >= self.max_keys:
            del self._windows[next(iter(self._windows))]


@dataclass(slots=True)
class _Phantom:
    """Failures and lock of one unknown username."""

    failures: int
    locked_until: float


class UnknownUsernames:
    """Failure counts and lockouts for usernames that do not exist, so answers never reveal which do."""

    def __init__(self, threshold: int, lockout_seconds: float, max_keys: int = MAX_KEYS) -> None:
        """Mirror the real accounts' lockout rule."""
        self.threshold = threshold
        self.lockout_seconds = lockout_seconds
        self.max_keys = max_keys
        self._entries: dict[str, _Phantom] = {}

    def locked_for(self, username: str, now: float) -> int | None:
        """Seconds left on this name's lockout, if any."""
        entry = self._entries.get(username)
        if entry is None or entry.locked_until <= now:
            return None
        return max(1, math.ceil(entry.locked_until - now))

    def fail(self, username: str, now: float) -> tuple[int, int | None]:
        """Count a failure: (remaining attempts, lockout seconds when this one locked the name)."""
        entry = self._entries.get(username)
        if entry is None:
            if len(self._entries) >= self.max_keys:
                del self._entries[next(iter(self._entries))]
            entry = self._entries[username] = _Phantom(0, 0.0)
        entry.failures += 1
        if entry.failures >= self.threshold:
            entry.failures = 0
            entry.locked_until = now + self.lockout_seconds
            return 0, math.ceil(self.lockout_seconds)
        return self.threshold - entry.failures, None


class LoginGuard:
    """The per-process state the sign-in endpoints share."""

    def __init__(self, *, limit_per_minute: int, threshold: int, lockout_seconds: float) -> None:
        """Create both guards from the settings' numbers."""
        self.addresses = AddressThrottle(limit_per_minute)
        self.unknown = UnknownUsernames(threshold, lockout_seconds)
