"""Serialised answers of costly reads (statistics), kept a short time per process and computed once however many
callers ask for the same one at the same time.

A province's year of 13710 statistics reads some 120,000 tally rows and every case open at its cut-off: about half a
second of one core. Leaders and officers open the same dashboards at the same hours, so the answer is computed once,
shared by every caller asking for it while it runs, and kept `ttl_s` seconds. A commit in this process that writes
what the answer is made of (`invalidate_on_commit`) drops every kept answer at once; other replicas see the change
after at most `ttl_s`, and the answer always says when it was computed (`Age`). A caller who must have the newest
figures sends `Cache-Control: no-cache`.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

_CHANGED = "answers_changed"


@dataclass(frozen=True, slots=True)
class Answer:
    """A serialised answer, how old it is and whether it was kept from an earlier request."""

    body: bytes
    age_s: float
    kept: bool


class AnswerCache:
    """Answers by key: fresh for `ttl_s` seconds (0 keeps none), at most `max_bytes` in all, each computed once."""

    def __init__(self, ttl_s: float, max_bytes: int = 64 * 1024 * 1024) -> None:
        """An empty cache."""
        self.ttl_s = ttl_s
        self.max_bytes = max_bytes
        self.generation = 0
        self._entries: OrderedDict[Hashable, tuple[float, bytes]] = OrderedDict()
        self._size = 0
        self._flights: dict[Hashable, asyncio.Future[tuple[float, bytes]]] = {}

    def invalidate(self) -> None:
        """Forget every kept answer (a write changed what they are made of)."""
        self.generation += 1
        self._entries.clear()
        self._size = 0

    def _fresh(self, key: Hashable) -> tuple[float, bytes] | None:
        hit = self._entries.get(key)
        if hit is None:
            return None
        if time.monotonic() - hit[0] >= self.ttl_s:
            self._drop(key)
            return None
        self._entries.move_to_end(key)
        return hit

    def _drop(self, key: Hashable) -> None:
        _, body = self._entries.pop(key)
        self._size -= len(body)

    def _keep(self, key: Hashable, made: float, body: bytes) -> None:
        if self.ttl_s <= 0 or len(body) > self.max_bytes:
            return
        if key in self._entries:
            self._drop(key)
        self._entries[key] = (made, body)
        self._size += len(body)
        while self._size > self.max_bytes:  # least recently used first
            self._drop(next(iter(self._entries)))

    async def answer(self, key: Hashable, compute: Callable[[], Awaitable[bytes]], *, fresh: bool = False) -> Answer:
        """The kept answer of `key` while fresh (unless `fresh` is asked), else the one being computed for another
        caller, else a new one computed by `compute` and kept."""
        if not fresh:
            if (hit := self._fresh(key)) is not None:
                return Answer(hit[1], time.monotonic() - hit[0], kept=True)
            flight = self._flights.get(key)
            if flight is not None:
                try:
                    made, body = await asyncio.shield(flight)
                except asyncio.CancelledError:
                    if not flight.cancelled():
                        raise  # this caller was cancelled
                    # The caller computing it went away (a closed connection): this one computes it.
                else:
                    return Answer(body, time.monotonic() - made, kept=True)
        return await self._compute(key, compute)

    async def _compute(self, key: Hashable, compute: Callable[[], Awaitable[bytes]]) -> Answer:
        flight: asyncio.Future[tuple[float, bytes]] = asyncio.get_running_loop().create_future()
        self._flights[key] = flight
        generation, made = self.generation, time.monotonic()
        try:
            body = await compute()
        except asyncio.CancelledError:
            flight.cancel()
            raise
        except Exception as exc:
            flight.set_exception(exc)
            flight.exception()  # marked retrieved: a flight nobody waits on must not warn when collected
            raise
        finally:
            if self._flights.get(key) is flight:
                del self._flights[key]
        flight.set_result((made, body))
        # A write committed while this ran may be missing from it: it is answered, not kept.
        if generation == self.generation:
            self._keep(key, made, body)
        return Answer(body, time.monotonic() - made, kept=False)


_WATCHED: weakref.WeakKeyDictionary[AnswerCache, tuple[type[Any], ...]] = weakref.WeakKeyDictionary()


def invalidate_on_commit(cache: AnswerCache, *models: type[Any]) -> None:
    """Drop the cache's answers when a session of this process commits a write of any of these models through the
    ORM (a bulk statement does not say what it wrote: the answers then age out within `ttl_s`)."""
    _WATCHED[cache] = tuple(models)


@event.listens_for(Session, "before_flush")
def _note_writes(session: Session, flush_context: UOWTransaction, instances: object) -> None:
    """Remember, until the commit, which caches the flushed objects concern."""
    written = [o for part in (session.new, session.dirty, session.deleted) for o in part]
    for cache, kinds in list(_WATCHED.items()):
        if any(isinstance(o, kinds) for o in written):
            session.info.setdefault(_CHANGED, set()).add(cache)


@event.listens_for(Session, "after_commit")
def _invalidate_written(session: Session) -> None:
    """The commit happened: every cache a flush of it concerned forgets its answers."""
    for cache in session.info.pop(_CHANGED, ()):
        cache.invalidate()


@event.listens_for(Session, "after_soft_rollback")
def _forget_writes(session: Session, previous_transaction: object) -> None:
    """Rolled back: nothing changed."""
    if previous_transaction.parent is None:  # type: ignore[attr-defined]  # the outermost transaction
        session.info.pop(_CHANGED, None)
