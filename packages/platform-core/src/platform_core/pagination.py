"""One page shape and one way to paginate and sort, with unknown query parameters refused."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel, Field, model_validator
from sqlalchemy import Integer, Select, bindparam, func, select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core.db import CompiledRead, compile_read, fetch_direct, reads_directly
from platform_core.problems import ProblemError

T = TypeVar("T")

MAX_PAGE_SIZE = 100

#: Rows a list counts at most (beyond the page asked for) before its total becomes a lower bound. A province-wide
#: list of millions of cases would otherwise count every one of them for each first page; "10,000+" is what a
#: reader of such a list needs, and a narrower filter gives the exact figure.
COUNT_LIMIT = 10_000


class Total(int):
    """A list's total; `exact` is False when counting stopped at the limit and the total is a lower bound."""

    exact: bool

    def __new__(cls, value: int, exact: bool = True) -> Total:
        """A total of `value` rows, exact or a lower bound."""
        obj = super().__new__(cls, value)
        obj.exact = exact
        return obj


class Page(BaseModel, Generic[T]):
    """A page of a list: `{items, total, total_exact, page, page_size}`."""

    items: list[T]
    total: int = Field(description="符合条件的总数（total_exact 为 false 时为下限）")
    total_exact: bool = Field(
        True,
        description="total 是否为精确总数：符合条件的记录超过计数上限（10000 条）时为 false，total 为下限，"
        "界面显示为“10000+”；缩小筛选范围可得精确总数",
    )
    page: int = Field(description="页码，从1开始")
    page_size: int = Field(description="每页条数")

    @model_validator(mode="before")
    @classmethod
    def _exactness(cls, data: Any) -> Any:
        # A `Total` from `paginate` says itself whether it is exact: every list passes it on without a second name.
        if isinstance(data, dict) and isinstance(data.get("total"), Total) and "total_exact" not in data:
            return {**data, "total_exact": data["total"].exact}
        return data


M = TypeVar("M", bound=BaseModel)


def trusted(model: type[M], values: dict[str, Any]) -> M:
    """A model over values read from our own tables, every field given: built without validation.

    Pydantic's `model_construct` walks the model's fields for aliases and defaults on every call (a tenth of
    a list request's CPU for a page of twenty); values that name every field need none of that.
    """
    obj = model.__new__(model)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", set(values))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


class PageParams(BaseModel):
    """Page number and size from the query string."""

    page: int
    page_size: int

    @property
    def offset(self) -> int:
        """Rows to skip."""
        return (self.page - 1) * self.page_size


async def page_params(
    page: Annotated[int, Query(ge=1, le=100_000, description="页码，从1开始")] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="每页条数，最大100")] = 20,
) -> PageParams:
    """Read `page` and `page_size`."""
    return PageParams(page=page, page_size=page_size)


PageDep = Annotated[PageParams, Depends(page_params)]


def _query_names(dependant: Dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def forbid_unknown_query(request: Request) -> None:
    """Refuse query parameters the endpoint does not declare (422 naming them)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    cache = request.app.state.__dict__.setdefault("_query_names", {})
    allowed = cache.get(id(route))
    if allowed is None:
        allowed = cache[id(route)] = _query_names(dependant)
    unknown = sorted(set(request.query_params.keys()) - allowed)
    if unknown:
        raise ProblemError(
            422,
            "unknown_parameter",
            f"不支持的查询参数：{', '.join(unknown)}",
            errors=[
                {"field": name, "location": "query", "message": "不支持的查询参数", "code": "unknown_parameter"}
                for name in unknown
            ],
        )


def parse_sort(sort: str | None, allowed: dict[str, Any], default: Sequence[Any]) -> list[Any]:
    """Turn `name,-updated_at` into ORDER BY clauses over an allowlist (422 naming the field otherwise)."""
    if not sort:
        return list(default)
    clauses: list[Any] = []
    for part in sort.split(","):
        part = part.strip()
        desc = part.startswith("-")
        key = part.lstrip("+-")
        if key not in allowed:
            raise ProblemError(
                422,
                "validation_failed",
                f"不支持的排序字段：{key}",
                errors=[
                    {
                        "field": "sort",
                        "location": "query",
                        "message": f"不支持的排序字段：{key}",
                        "code": "invalid_sort",
                    }
                ],
            )
        col = allowed[key]
        clauses.append(col.desc() if desc else col.asc())
    return clauses


class CountCache:
    """Totals of recent list queries, kept a few seconds.

    Counting a county's or a city's rows costs tens of milliseconds on a large table, while the page
    itself costs one; officials page through the same filtered list, so the total is reused until it
    expires or a write in this process invalidates its topic. Other processes see a new total after
    at most `ttl_s`.
    """

    def __init__(self, ttl_s: float = 5.0, max_entries: int = 10_000) -> None:
        """An empty cache."""
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._entries: dict[tuple[Any, ...], tuple[float, int]] = {}

    def get(self, key: tuple[Any, ...]) -> int | None:
        """A fresh total, or None."""
        hit = self._entries.get(key)
        if hit is None or hit[0] < time.monotonic():
            return None
        return hit[1]

    def put(self, key: tuple[Any, ...], total: int) -> None:
        """Remember a total."""
        if len(self._entries) >= self.max_entries:
            self._entries.clear()
        self._entries[key] = (time.monotonic() + self.ttl_s, total)

    def invalidate(self, topic: str) -> None:
        """Forget every total of a topic (the first element of its keys) after a write."""
        self._entries = {k: v for k, v in self._entries.items() if k[0] != topic}


#: Execution options of a page read by column name (see `paginate`).
_BY_NAME = {"_result_disable_adapt_to_context": True}


@dataclass(frozen=True, slots=True)
class BoundList:
    """A list query built once per shape, its values (and the page's limit and offset) bind parameters.

    Building a select and walking it for SQLAlchemy's statement cache cost about a fifth of a list request's
    CPU, though requests differ only in their values: a service keeps one `BoundList` per shape (which scope
    terms, which filters, which order; `functools.lru_cache` on its builder) and passes the values to
    `paginate`.
    """

    page: Select[Any]
    count: Select[Any]
    columns_only: bool
    #: The page and count statements compiled for running on the driver, per dialect (see `compiled`).
    _reads: dict[str, tuple[CompiledRead | None, CompiledRead | None]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def compiled(self, dialect: Dialect) -> tuple[CompiledRead | None, CompiledRead | None]:
        """The page and count statements compiled once for a dialect (None for one only SQLAlchemy can run)."""
        reads = self._reads.get(dialect.name)
        if reads is None:
            reads = self._reads[dialect.name] = (compile_read(self.page, dialect), compile_read(self.count, dialect))
        return reads


def bound_list(stmt: Select[Any]) -> BoundList:
    """The page and count statements of a list query whose values are bind parameters."""
    page = stmt.limit(bindparam("page_limit", type_=Integer)).offset(bindparam("page_offset", type_=Integer))
    return BoundList(page=page, count=_count_of(stmt), columns_only=columns_only(stmt))


def count_limit(params: PageParams) -> int:
    """Rows to count for a page: `COUNT_LIMIT`, or as deep as the page goes when it goes deeper."""
    return max(COUNT_LIMIT, params.offset + params.page_size)


async def paginate(
    session: AsyncSession,
    stmt: Select[Any] | BoundList,
    params: PageParams,
    *,
    values: Mapping[str, Any] | None = None,
    count_cache: CountCache | None = None,
    count_key: tuple[Any, ...] | None = None,
    rows: bool = False,
) -> tuple[list[Any], Total]:
    """Run a select for one page and count the result up to a limit (reusing a cached total when keyed).

    `stmt` is a select, or a `BoundList` run with `values` bound. With `rows=True` the page is plain rows of the
    selected columns, not ORM entities: a list that only renders what it read skips the identity map and the
    instrumented attributes (a third of its cost). The total counts at most `count_limit(params)` rows; beyond
    that it is that many and not exact (`Total.exact`), which `Page` reports as `total_exact`.

    The plain rows of a `BoundList` are read straight from the driver where the session allows it
    (`db.reads_directly`): tuples of the selected columns, in their order.
    """
    if isinstance(stmt, BoundList):
        query = stmt
        bound = dict(values or {})
    else:
        query = BoundList(page=stmt, count=_count_of(stmt), columns_only=columns_only(stmt))
        bound = {}
    # A statement built once per shape, of plain columns, runs on the driver when the session allows it.
    direct = isinstance(stmt, BoundList) and rows and stmt.columns_only and reads_directly(session)
    page_read, count_read = query.compiled(session.bind.dialect) if direct and session.bind else (None, None)
    limit = count_limit(params)
    total = _cached_total(count_cache, count_key, limit)
    if total is None:
        counting = {**bound, "count_limit": limit + 1}
        if count_read is not None:
            counted = int((await fetch_direct(session, count_read, counting))[0][0] or 0)
        else:
            counted = int(await session.scalar(query.count, counting) or 0)
        total = _counted(counted, limit, count_cache, count_key)
    if isinstance(stmt, BoundList):
        page = query.page
        bound |= {"page_limit": params.page_size, "page_offset": params.offset}
    else:
        page = stmt.limit(params.page_size).offset(params.offset)
    if page_read is not None:
        return list(await fetch_direct(session, page_read, bound)), total
    if rows and query.columns_only:
        # Core execution on the session's connection: rows of plain columns need none of the ORM's result
        # machinery (compile state hooks, loading, the identity map), about a tenth of a list request's cost.
        # The rows are read by column name, so the result keeps the cached statement's column map instead of
        # re-keying it for this statement object (what the ORM does too).
        connection = await session.connection()
        result = await connection.execute(page, bound, execution_options=_BY_NAME)
        return list(result.all()), total
    if rows:  # rows holding entities (an entity beside some columns) are loaded by the ORM
        return list((await session.execute(page, bound)).all()), total
    return list((await session.scalars(page, bound)).all()), total


def _cached_total(count_cache: CountCache | None, count_key: tuple[Any, ...] | None, limit: int) -> Total | None:
    """A total counted recently enough for a page needing `limit` rows counted, or None."""
    if count_cache is None or count_key is None:
        return None
    cached = count_cache.get(count_key)
    # A lower bound counted for a shallower page says nothing of this one: counted again, deeper.
    if cached is not None and (getattr(cached, "exact", True) or cached >= limit):
        return cached if isinstance(cached, Total) else Total(cached)
    return None


def _counted(counted: int, limit: int, count_cache: CountCache | None, count_key: tuple[Any, ...] | None) -> Total:
    """The total of `counted` rows (counting stopped past `limit`: a lower bound), kept when keyed."""
    total = Total(counted) if counted <= limit else Total(limit, exact=False)
    if count_cache is not None and count_key is not None:
        count_cache.put(count_key, total)
    return total


def _count_of(stmt: Select[Any]) -> Select[Any]:
    # Counting stops after `count_limit` rows: a LIMIT inside the subquery ends the scan there.
    capped = stmt.order_by(None).limit(bindparam("count_limit", type_=Integer))
    return select(func.count()).select_from(capped.subquery())


def columns_only(stmt: Select[Any]) -> bool:
    """Whether a select names columns only (no mapped entity, which Core would flatten into its columns)."""
    return not any(d.get("entity") is not None and d["expr"] is d["entity"] for d in stmt.column_descriptions)
