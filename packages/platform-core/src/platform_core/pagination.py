"""One page shape and one way to paginate and sort, with unknown query parameters refused."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core.problems import ProblemError

T = TypeVar("T")

MAX_PAGE_SIZE = 100


class Page(BaseModel, Generic[T]):
    """A page of a list: `{items, total, page, page_size}`."""

    items: list[T]
    total: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从1开始")
    page_size: int = Field(description="每页条数")


class PageParams(BaseModel):
    """Page number and size from the query string."""

    page: int
    page_size: int

    @property
    def offset(self) -> int:
        """Rows to skip."""
        return (self.page - 1) * self.page_size


def page_params(
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


async def paginate(session: AsyncSession, stmt: Select[Any], params: PageParams) -> tuple[list[Any], int]:
    """Run a select for one page and count the whole result."""
    total = await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = (await session.scalars(stmt.limit(params.page_size).offset(params.offset))).all()
    return list(rows), int(total or 0)
