"""The circuit breaker on its own, with a clock the tests move: when it opens, how long it refuses, the one
probe of the half-open state, and why results of an earlier phase are ignored."""

from __future__ import annotations

import pytest

from gateway.proxy.breaker import BreakerState, CircuitBreaker, Permit


class Clock:
    """Monotonic seconds that move only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def breaker(clock: Clock) -> CircuitBreaker:
    return CircuitBreaker("case", failure_threshold=3, cooldown_s=10.0, clock=clock)


def admitted(breaker: CircuitBreaker) -> Permit:
    permit = breaker.admit()
    assert permit is not None
    return permit


def fail(breaker: CircuitBreaker, times: int) -> None:
    for _ in range(times):
        admitted(breaker).failed()


def test_opens_after_consecutive_failures_only(breaker: CircuitBreaker):
    fail(breaker, 2)
    admitted(breaker).succeeded()  # a success starts the count again
    fail(breaker, 2)
    assert breaker.state is BreakerState.CLOSED
    assert breaker.consecutive_failures == 2
    fail(breaker, 1)
    assert breaker.state is BreakerState.OPEN
    assert breaker.admit() is None


def test_open_refuses_for_the_cool_down_and_counts_it_down(breaker: CircuitBreaker, clock: Clock):
    fail(breaker, 3)
    assert breaker.retry_after() == 10
    clock.now += 7.5
    assert breaker.admit() is None
    assert breaker.retry_after() == 3  # 2.5 s left, rounded up
    clock.now += 2.4
    assert breaker.admit() is None
    assert breaker.retry_after() == 1


def test_after_the_cool_down_exactly_one_probe_passes(breaker: CircuitBreaker, clock: Clock):
    fail(breaker, 3)
    clock.now += 10
    probe = admitted(breaker)
    assert probe.probe
    assert breaker.state is BreakerState.HALF_OPEN
    assert [breaker.admit() for _ in range(5)] == [None] * 5
    assert breaker.retry_after() == 1
    probe.succeeded()
    assert breaker.state is BreakerState.CLOSED
    assert all(breaker.admit() is not None for _ in range(5))


def test_a_failed_probe_opens_for_another_cool_down(breaker: CircuitBreaker, clock: Clock):
    fail(breaker, 3)
    clock.now += 10
    admitted(breaker).failed()
    assert breaker.state is BreakerState.OPEN
    assert breaker.retry_after() == 10
    clock.now += 9.9
    assert breaker.admit() is None
    clock.now += 0.1
    assert admitted(breaker).probe


def test_a_probe_without_a_verdict_frees_the_slot(breaker: CircuitBreaker, clock: Clock):
    fail(breaker, 3)
    clock.now += 10
    first = admitted(breaker)
    assert breaker.admit() is None
    first.release()  # the caller went away
    assert breaker.state is BreakerState.HALF_OPEN
    second = admitted(breaker)
    assert second.probe
    second.succeeded()
    second.release()  # after a verdict, releasing changes nothing
    assert breaker.state is BreakerState.CLOSED


def test_results_of_an_earlier_phase_are_ignored(breaker: CircuitBreaker, clock: Clock):
    slow = admitted(breaker)  # admitted while closed, answers late
    fail(breaker, 3)
    slow.succeeded()
    assert breaker.state is BreakerState.OPEN  # a late success of the closed phase does not close it
    clock.now += 10
    probe = admitted(breaker)
    probe.succeeded()
    late_failures = [admitted(breaker) for _ in range(3)]
    fail(breaker, 2)
    assert breaker.state is BreakerState.CLOSED
    # Failures admitted in this closed phase count, wherever they started.
    late_failures[0].failed()
    assert breaker.state is BreakerState.OPEN
    late_failures[1].failed()  # the breaker has opened since: ignored, the cool-down is not extended
    assert breaker.retry_after() == 10
    clock.now += 5
    late_failures[2].failed()
    assert breaker.retry_after() == 5


def test_listeners_see_every_change(breaker: CircuitBreaker, clock: Clock):
    changes: list[tuple[str, str, str]] = []
    breaker.listeners.append(lambda b, old, new: changes.append((b.service, old.value, new.value)))
    fail(breaker, 3)
    clock.now += 10
    admitted(breaker).failed()
    clock.now += 10
    admitted(breaker).succeeded()
    assert changes == [
        ("case", "closed", "open"),
        ("case", "open", "half_open"),
        ("case", "half_open", "open"),
        ("case", "open", "half_open"),
        ("case", "half_open", "closed"),
    ]
    assert [BreakerState(new).gauge_value for *_, new in changes] == [2, 1, 2, 1, 0]


@pytest.mark.parametrize(("threshold", "cooldown"), [(0, 1.0), (1, 0.0)])
def test_a_breaker_needs_a_threshold_and_a_cool_down(threshold: int, cooldown: float):
    with pytest.raises(ValueError, match="failure_threshold"):
        CircuitBreaker("case", failure_threshold=threshold, cooldown_s=cooldown)
