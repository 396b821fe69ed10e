"""Idempotent creates and actions, one mechanism for every route that takes an `Idempotency-Key`.

A key is claimed before the work runs, atomically (a unique row per caller, key, method and path):
- the same key and body after the first request finished: the stored answer, `Idempotent-Replayed: true`;
- the same key while the first request still runs: 409 `idempotency_in_progress` with `Retry-After`;
- the same key with another body: 422 `idempotency_key_reused`;
- the work failed: the claim is released, so a retry runs it afresh.
The answer is stored in the same transaction as the work, so a stored answer always describes data that
exists. On PostgreSQL the claim is committed on its own connection first (that is what lets a concurrent
retry, on this replica or another, see it in flight); on the embedded SQLite default writes are
serialised per process, so the claim is simply part of the request's own transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import JSON, Integer, String, UniqueConstraint, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from platform_core.auth import Principal
from platform_core.db import BigIntPK, Database, UTCDateTime, utcnow
from platform_core.problems import ProblemError

MAX_KEY_LENGTH = 128


async def idempotency_key(
    key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=MAX_KEY_LENGTH,
            pattern=r"^[!-~]+$",
            description="幂等键：同一调用者以同一键重试同一请求，返回首次结果而不重复办理",
            examples=["3f0c9a7e-5b1d-4c2e-9f6a-1b2c3d4e5f60"],
        ),
    ] = None,
) -> str | None:
    """The optional `Idempotency-Key` header (printable ASCII, at most 128 characters)."""
    return key


#: What every idempotent route declares (and so documents) to receive its key.
IdempotencyKey = Annotated[str | None, Depends(idempotency_key)]
#: A claim still in flight after this long belongs to a request that died with its process: a retry
#: may take it over. Longer than any request may run (the gateway's longest upstream timeout).
ABANDONED_AFTER = timedelta(minutes=5)
#: Seconds a concurrent retry is asked to wait while the first request runs.
IN_PROGRESS_RETRY_AFTER = 1


class IdempotencyRecordMixin:
    """A claimed key and, once the work is done, the answer to replay."""

    __tablename__ = "idempotency_record"

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:  # noqa: N805
        """One record per caller, key, method and path."""
        return (UniqueConstraint("subject", "key", "method", "path"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    subject: Mapped[str] = mapped_column(String(64), comment="调用者")
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH), comment="幂等键")
    method: Mapped[str] = mapped_column(String(8), comment="请求方法")
    path: Mapped[str] = mapped_column(String(255), comment="请求路径")
    request_hash: Mapped[str] = mapped_column(String(64), comment="请求体摘要")
    status_code: Mapped[int | None] = mapped_column(Integer, comment="首次响应状态码(空=处理中)")
    response_body: Mapped[Any] = mapped_column(JSON, nullable=True, comment="首次响应体")
    response_headers: Mapped[dict[str, str] | None] = mapped_column(JSON, comment="首次响应的关键响应头")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True, comment="创建时间")


def body_hash(payload: Any) -> str:
    """A stable digest of a request body (key order does not matter)."""
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


_SAME = object()


@dataclass(slots=True)
class Outcome:
    """What a create or an action answers: the body, its status and headers (ETag, Location)."""

    body: Any
    status_code: int = 201
    headers: dict[str, str] = field(default_factory=dict)
    #: What a replay answers instead of `body` (a secret shown once must not be stored).
    remembered: Any = _SAME


Work = Callable[[], Awaitable[Outcome]]
Commit = Callable[[AsyncSession], Awaitable[None]]


async def _commit(session: AsyncSession) -> None:
    await session.commit()


@dataclass(slots=True)
class _Claim:
    """A key this request holds."""

    record_id: int
    detached: bool  # committed on its own connection (PostgreSQL), not part of the request's transaction


class IdempotencyStore:
    """Claims keys and remembers answers in one service's idempotency table."""

    def __init__(self, model: type[Any]) -> None:
        """Bind the service's idempotency model."""
        self.model = model

    async def run(
        self,
        request: Request,
        session: AsyncSession,
        principal: Principal,
        payload: Any,
        work: Work,
        *,
        key: str | None,
        commit: Commit = _commit,
    ) -> JSONResponse:
        """Do `work` once per key (the route's declared `Idempotency-Key`): claim, run, store, commit; or replay."""
        claim: _Claim | None = None
        if key is not None:
            digest = body_hash(jsonable_encoder(payload))
            found = await self._claim(request, session, principal, key, digest)
            if isinstance(found, JSONResponse):
                return found
            claim = found
        try:
            outcome = await work()
            body = jsonable_encoder(outcome.body)
            if claim is not None:
                remembered = body if outcome.remembered is _SAME else jsonable_encoder(outcome.remembered)
                await session.execute(
                    update(self.model)
                    .where(self.model.id == claim.record_id)
                    .values(status_code=outcome.status_code, response_body=remembered, response_headers=outcome.headers)
                )
            await commit(session)
        except BaseException:
            if claim is not None and claim.detached:
                await self._release(request, claim)
            raise
        return JSONResponse(body, status_code=outcome.status_code, headers=outcome.headers)

    def _detached(self, request: Request) -> bool:
        """Whether claims go on their own connection (PostgreSQL outside a test's bound session)."""
        db: Database = request.app.state.db
        return not db.is_sqlite and getattr(request.app.state, "bound_session", None) is None

    async def _claim(
        self, request: Request, session: AsyncSession, principal: Principal, key: str, digest: str
    ) -> _Claim | JSONResponse:
        """Take the key, or answer from (or about) the request that holds it."""
        m = self.model
        where = (m.subject == principal.subject, m.key == key, m.method == request.method, m.path == request.url.path)
        values = {
            "subject": principal.subject,
            "key": key,
            "method": request.method,
            "path": request.url.path,
            "request_hash": digest,
        }
        if not self._detached(request):
            row = await session.scalar(select(m).where(*where))
            if row is None:
                record = m(**values)
                session.add(record)
                await session.flush()
                return _Claim(record.id, detached=False)
            return self._answer_from(row, digest) or await self._take_over(session, row, detached=False)
        db: Database = request.app.state.db
        async with db.sessionmaker() as side:
            record = m(**values)
            side.add(record)
            try:
                await side.commit()
                return _Claim(record.id, detached=True)
            except IntegrityError:
                await side.rollback()
            row = await side.scalar(select(m).where(*where))
            if row is None:  # released between our insert and our read: the key is free again
                raise _in_progress()
            return self._answer_from(row, digest) or await self._take_over(side, row, detached=True)

    @staticmethod
    def _answer_from(row: Any, digest: str) -> JSONResponse | None:
        """The replay of a finished request; 422 for another body; None for an abandoned claim."""
        if row.request_hash != digest:
            raise ProblemError(422, "idempotency_key_reused")
        if row.status_code is not None:
            headers = dict(row.response_headers or {})
            headers["Idempotent-Replayed"] = "true"
            return JSONResponse(row.response_body, status_code=row.status_code, headers=headers)
        if row.created_at > utcnow() - ABANDONED_AFTER:
            raise _in_progress()
        return None

    async def _take_over(self, session: AsyncSession, row: Any, *, detached: bool) -> _Claim:
        """Claim a key whose first request died in flight (only one taker wins)."""
        m = self.model
        taken = await session.execute(
            update(m)
            .where(m.id == row.id, m.status_code.is_(None), m.created_at == row.created_at)
            .values(created_at=utcnow())
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            raise _in_progress()
        if detached:
            await session.commit()
        return _Claim(row.id, detached=detached)

    async def _release(self, request: Request, claim: _Claim) -> None:
        """Free the key of a request whose work failed, so that a retry runs it."""
        db: Database = request.app.state.db
        async with db.sessionmaker() as side:
            m = self.model
            await side.execute(delete(m).where(m.id == claim.record_id, m.status_code.is_(None)))
            await side.commit()


def _in_progress() -> ProblemError:
    """409 while the first request with this key runs."""
    return ProblemError(
        409,
        "idempotency_in_progress",
        "相同幂等键的请求正在处理，请稍后重试",
        headers={"Retry-After": str(IN_PROGRESS_RETRY_AFTER)},
    )
