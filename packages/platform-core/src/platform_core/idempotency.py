"""Idempotent creates: the same Idempotency-Key and body replays the first result; another body is 422."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy import JSON, Integer, String, UniqueConstraint, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from platform_core.auth import Principal
from platform_core.db import BigIntPK, UTCDateTime, utcnow
from platform_core.problems import ProblemError

MAX_KEY_LENGTH = 128


class IdempotencyRecordMixin:
    """A remembered response to a create, per caller and key."""

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
    status_code: Mapped[int] = mapped_column(Integer, comment="首次响应状态码")
    response_body: Mapped[Any] = mapped_column(JSON, comment="首次响应体")
    response_headers: Mapped[dict[str, str] | None] = mapped_column(JSON, comment="首次响应的关键响应头")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True, comment="创建时间")


def body_hash(payload: Any) -> str:
    """A stable digest of a request body (key order does not matter)."""
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


class IdempotencyStore:
    """Looks up and remembers responses in one service's idempotency table."""

    def __init__(self, model: type[Any]) -> None:
        """Bind the service's idempotency model."""
        self.model = model

    @staticmethod
    def key_of(request: Request) -> str | None:
        """The Idempotency-Key header, validated."""
        key = request.headers.get("idempotency-key")
        if key is None:
            return None
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            raise ProblemError(
                422,
                "validation_failed",
                errors=[
                    {
                        "field": "Idempotency-Key",
                        "location": "header",
                        "message": f"幂等键长度应为1-{MAX_KEY_LENGTH}",
                        "code": "invalid",
                    }
                ],
            )
        return key

    async def replay(
        self, session: AsyncSession, request: Request, principal: Principal, key: str, digest: str
    ) -> JSONResponse | None:
        """The stored response for this key, or None; 422 when the key came with another body."""
        m = self.model
        row = await session.scalar(
            select(m).where(
                m.subject == principal.subject,
                m.key == key,
                m.method == request.method,
                m.path == request.url.path,
            )
        )
        if row is None:
            return None
        if row.request_hash != digest:
            raise ProblemError(422, "idempotency_key_reused")
        headers = dict(row.response_headers or {})
        headers["Idempotent-Replayed"] = "true"
        return JSONResponse(row.response_body, status_code=row.status_code, headers=headers)

    def remember(
        self,
        session: AsyncSession,
        request: Request,
        principal: Principal,
        key: str,
        digest: str,
        status_code: int,
        body: Any,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Store the response in the same transaction as the create."""
        session.add(
            self.model(
                subject=principal.subject,
                key=key,
                method=request.method,
                path=request.url.path,
                request_hash=digest,
                status_code=status_code,
                response_body=body,
                response_headers=headers,
            )
        )
