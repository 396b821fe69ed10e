"""Incremental sync for provincial systems: keyset pages over (updated_at, id), with tombstones."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import Select, literal, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core.dates import IsoDatetime
from platform_core.db import utcnow
from platform_core.problems import ProblemError

T = TypeVar("T")

MAX_SYNC_PAGE = 500


class SyncPage(BaseModel, Generic[T]):
    """A page of changes: records changed (or deleted: `deleted: true`) in (updated_at, id) order."""

    items: list[T]
    next_cursor: str | None = Field(description="下一页游标；为空表示已取完当前变更")
    has_more: bool = Field(description="是否还有后续变更")


class SyncParams(BaseModel):
    """Where a sync page starts."""

    updated_since: datetime | None
    after: tuple[datetime, int] | None
    limit: int


def encode_cursor(updated_at: datetime, row_id: int) -> str:
    """An opaque cursor for a position in the change stream."""
    raw = json.dumps([updated_at.isoformat(), row_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """Read a cursor back (422 naming `cursor` when it is not one of ours)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        stamp, row_id = json.loads(base64.urlsafe_b64decode(padded))
        when = datetime.fromisoformat(stamp)
        if when.tzinfo is None:
            raise ValueError("naive")
        return when, int(row_id)
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        raise ProblemError(
            422,
            "validation_failed",
            errors=[{"field": "cursor", "location": "query", "message": "游标无效", "code": "invalid_cursor"}],
        ) from exc


async def sync_params(
    updated_since: Annotated[
        IsoDatetime | None, Query(description="只返回此时间之后变更的记录（ISO 8601，带时区）")
    ] = None,
    cursor: Annotated[str | None, Query(description="上一页返回的 next_cursor")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_SYNC_PAGE, description="每页条数，最大500")] = 100,
) -> SyncParams:
    """Read the sync query parameters."""
    if updated_since is not None and updated_since.tzinfo is None:
        raise ProblemError(
            422,
            "validation_failed",
            errors=[
                {
                    "field": "updated_since",
                    "location": "query",
                    "message": "时间必须带时区偏移",
                    "code": "timezone_aware",
                }
            ],
        )
    return SyncParams(
        updated_since=updated_since,
        after=decode_cursor(cursor) if cursor else None,
        limit=limit,
    )


SyncDep = Annotated[SyncParams, Depends(sync_params)]


async def keyset_page(
    session: AsyncSession,
    stmt: Select[Any],
    *,
    updated_at: Any,
    id_col: Any,
    params: SyncParams,
    settle_seconds: float = 0.0,
) -> tuple[list[Any], str | None, bool]:
    """Fetch one page of changes after the cursor; rows younger than `settle_seconds` wait for the next pull.

    The settle delay keeps a transaction that commits late with an earlier timestamp from being skipped.
    """
    if params.after is not None:
        stamp, last_id = params.after
        # A row-value comparison is an index range on (updated_at, id); the equivalent OR is not.
        stmt = stmt.where(tuple_(updated_at, id_col) > tuple_(literal(stamp, updated_at.type), last_id))
    elif params.updated_since is not None:
        stmt = stmt.where(updated_at > params.updated_since)
    if settle_seconds > 0:
        stmt = stmt.where(updated_at <= utcnow() - timedelta(seconds=settle_seconds))
    result = await session.execute(stmt.order_by(updated_at, id_col).limit(params.limit + 1))
    # `select(Model)` pages carry entities; a select of columns carries rows (cheaper: no identity map).
    rows = list(result.scalars().all() if _selects_entity(stmt) else result.all())
    has_more = len(rows) > params.limit
    rows = rows[: params.limit]
    if rows:
        last = rows[-1]
        next_cursor = encode_cursor(getattr(last, updated_at.key), getattr(last, id_col.key))
    elif params.after is not None:
        next_cursor = encode_cursor(*params.after)
    else:
        next_cursor = None
    return rows, next_cursor, has_more


def _selects_entity(stmt: Select[Any]) -> bool:
    descriptions = stmt.column_descriptions
    return len(descriptions) == 1 and descriptions[0]["expr"] is descriptions[0]["entity"]
