"""A circuit breaker per upstream service.

Closed, every request passes; `failure_threshold` consecutive transport failures (refused or reset
connections, timeouts) open it. Open, every request is refused at once (the caller gets 503 with
`Retry-After`) until `cooldown_s` has passed; the next request then moves it to half-open and is let
through as the one probe, while every other caller is still refused. The probe's success closes the
breaker, its failure opens it for another cool-down, and a probe that ends with neither (the caller went
away) frees the slot for the next caller.

Answers of a healthy service are no failures, whatever their status: a 4xx is the caller's, and a 500,
502 or 503 arrived quickly from a live process (the gateway talks to the services directly, with nothing
in between that could answer for them), passes through untouched, and the service's own `/readyz` tells
whether its database is the cause. Counting them would let one broken endpoint switch off every route of
its service.

Results are matched to the breaker's phase: a request admitted before the last state change reports
into a phase that is over, and is ignored, so a slow success of the old closed phase cannot close an
open breaker, nor can stale failures extend its cool-down. One event loop owns a breaker: no locks.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from enum import StrEnum

log = logging.getLogger(__name__)


class BreakerState(StrEnum):
    """The three states; `gauge_value` is what the Prometheus gauge shows."""

    CLOSED = "closed"
    HALF_OPEN = "half_open"
    OPEN = "open"

    @property
    def gauge_value(self) -> int:
        """0 closed, 1 half-open, 2 open."""
        return _GAUGE[self]


_GAUGE = {BreakerState.CLOSED: 0, BreakerState.HALF_OPEN: 1, BreakerState.OPEN: 2}

#: Called after every state change with the breaker, the old and the new state.
Listener = Callable[["CircuitBreaker", BreakerState, BreakerState], None]


class Permit:
    """The right of one admitted request to reach the service; it reports how the request went."""

    __slots__ = ("breaker", "phase", "probe", "settled")

    def __init__(self, breaker: CircuitBreaker, phase: int, probe: bool) -> None:
        """Bind the permit to the breaker's phase at admission."""
        self.breaker = breaker
        self.phase = phase
        self.probe = probe
        self.settled = False

    def succeeded(self) -> None:
        """The service answered (any status)."""
        self.settled = True
        self.breaker._record(self, ok=True)

    def failed(self) -> None:
        """The service could not be reached or did not answer in time (also after an earlier success)."""
        self.settled = True
        self.breaker._record(self, ok=False)

    def release(self) -> None:
        """The request ended without a verdict (caller gone, body refused): a probe frees its slot."""
        if not self.settled:
            self.settled = True
            self.breaker._release(self)


class CircuitBreaker:
    """Closed → open after consecutive failures → half-open after a cool-down → closed on a probe's success."""

    __slots__ = (
        "_clock",
        "_failures",
        "_opened_at",
        "_phase",
        "_probing",
        "_state",
        "cooldown_s",
        "failure_threshold",
        "listeners",
        "service",
    )

    def __init__(
        self,
        service: str,
        *,
        failure_threshold: int,
        cooldown_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """A closed breaker for one service."""
        if failure_threshold < 1 or cooldown_s <= 0:
            raise ValueError("a breaker needs failure_threshold >= 1 and cooldown_s > 0")
        self.service = service
        self.failure_threshold = failure_threshold
        self.cooldown_s = cooldown_s
        self.listeners: list[Listener] = []
        self._clock = clock
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._phase = 0
        self._probing = False

    @property
    def state(self) -> BreakerState:
        """The state as of the last request (an open breaker turns half-open when a request arrives)."""
        return self._state

    @property
    def consecutive_failures(self) -> int:
        """Failures since the last success in the closed state."""
        return self._failures

    def admit(self) -> Permit | None:
        """A permit for a request, or None when the request must be refused without contacting the service."""
        if self._state is BreakerState.CLOSED:
            return Permit(self, self._phase, probe=False)
        if self._state is BreakerState.OPEN:
            if self._clock() - self._opened_at < self.cooldown_s:
                return None
            self._move(BreakerState.HALF_OPEN)
        if self._probing:
            return None
        self._probing = True
        return Permit(self, self._phase, probe=True)

    def retry_after(self) -> int:
        """Whole seconds a refused caller should wait: the rest of the cool-down, at least 1."""
        if self._state is BreakerState.OPEN:
            return max(1, math.ceil(self.cooldown_s - (self._clock() - self._opened_at)))
        return 1

    def _record(self, permit: Permit, *, ok: bool) -> None:
        if permit.phase != self._phase:
            return  # admitted before the last state change: that phase is over
        if self._state is BreakerState.HALF_OPEN:
            self._move(BreakerState.CLOSED if ok else BreakerState.OPEN)
        elif ok:
            self._failures = 0
        else:
            self._failures += 1
            if self._failures >= self.failure_threshold:
                self._move(BreakerState.OPEN)

    def _release(self, permit: Permit) -> None:
        if permit.probe and permit.phase == self._phase and self._state is BreakerState.HALF_OPEN:
            self._probing = False

    def _move(self, new: BreakerState) -> None:
        old, self._state = self._state, new
        self._phase += 1
        self._probing = False
        if new is BreakerState.OPEN:
            self._opened_at = self._clock()
            why = "the probe failed" if old is BreakerState.HALF_OPEN else f"{self._failures} consecutive failures"
            log.warning(
                "circuit breaker of %s: %s -> open (%s); cool-down %.1f s", self.service, old, why, self.cooldown_s
            )
        else:
            log.warning("circuit breaker of %s: %s -> %s", self.service, old, new)
        self._failures = 0
        for listener in self.listeners:
            listener(self, old, new)
