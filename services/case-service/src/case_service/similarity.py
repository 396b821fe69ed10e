"""Text similarity of the service (similar cases, the knowledge base): pg_trgm on PostgreSQL when installed, the
same measure in Python otherwise (SQLite, or PostgreSQL where the extension could not be created).

pg_trgm lower-cases the text, splits it into words (runs of letters and digits; a Chinese sentence without
spaces is one word), pads each word with two spaces in front and one behind, and takes the set of its
three-character substrings. `similarity(a, b)` is |A ∩ B| / |A ∪ B| of the two sets: 0 for nothing in common,
1 for the same set. The same threshold means the same thing on both databases (tests compare the two).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import Depends, Request
from sqlalchemy import ColumnElement, Select, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core.db import SessionDep

Method = Literal["pg_trgm", "python"]
#: How many candidates the Python method reads at most (the newest first).
CANDIDATES = 500

_WORD = re.compile(r"[^\W_]+")


def trigrams(text: str) -> frozenset[str]:
    """The set of trigrams pg_trgm's `show_trgm` would give for the text."""
    out: set[str] = set()
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        out.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(out)


def similarity(a: str, b: str) -> float:
    """pg_trgm's `similarity(a, b)`: shared trigrams over all trigrams of both (0 when either has none)."""
    first, second = trigrams(a), trigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


async def trigram_schema(session: AsyncSession) -> str | None:
    """The schema holding pg_trgm when the database has it installed, else None (then Python compares)."""
    if session.bind.dialect.name != "postgresql":
        return None
    return await session.scalar(
        text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
            " WHERE e.extname = 'pg_trgm'"
        )
    )


_UNKNOWN = object()


async def app_trigram_schema(request: Request, session: SessionDep) -> str | None:
    """pg_trgm's schema when the database has the extension (asked once per app), else None: Python compares."""
    known = getattr(request.app.state, "trigram_schema", _UNKNOWN)
    if known is _UNKNOWN:
        known = request.app.state.trigram_schema = await trigram_schema(session)
    return known  # type: ignore[return-value]


TrigramDep = Annotated[str | None, Depends(app_trigram_schema)]


async def ranked(
    session: AsyncSession,
    base: Select[Any],
    *,
    column: ColumnElement[Any],
    text_of: Callable[[Any], str],
    query: str,
    threshold: float,
    schema: str | None,
    limit: int,
    newest: tuple[ColumnElement[Any], ...],
    keep: ColumnElement[bool] | None = None,
    keep_row: Callable[[Any], bool] | None = None,
) -> tuple[Method, list[tuple[Any, float]]]:
    """Rows of `base` whose `column` is like the query (similarity at least `threshold`, or kept by `keep` /
    `keep_row` whatever the text), most similar first, then newest id; at most `limit`.

    With pg_trgm the database compares (`%` uses a GIN trigram index on the column); otherwise Python compares the
    `CANDIDATES` newest rows (`newest`: their order) by `text_of(row)`, with the same measure.
    """
    model = base.column_descriptions[0]["entity"]
    if schema is not None:
        score = getattr(func, schema).similarity(column, query)
        # `%` compares with this threshold and can use the GIN trigram index; local to the transaction.
        await session.execute(select(func.set_config("pg_trgm.similarity_threshold", str(threshold), True)))
        near = column.op(f'OPERATOR("{schema}".%)')(query)
        stmt = (
            base.add_columns(score.label("similarity"))
            .where(or_(keep, near) if keep is not None else near)
            .order_by(score.desc(), model.id.desc())
            .limit(limit)
        )
        return "pg_trgm", [(row[0], float(row[1])) for row in (await session.execute(stmt)).all()]
    rows = (await session.scalars(base.order_by(*newest).limit(CANDIDATES))).all()
    scored = [(r, similarity(query, text_of(r))) for r in rows]
    found = sorted(
        ((r, s) for r, s in scored if s >= threshold or (keep_row is not None and keep_row(r))),
        key=lambda pair: (-pair[1], -pair[0].id),
    )
    return "python", found[:limit]
