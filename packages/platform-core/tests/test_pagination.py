"""Totals of large lists: counting stops at the limit and the page says its total is a lower bound; a deeper page
counts deeper; a cached bound never stands for a deeper page; an export past the limit is refused, never cut
short. On SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

import uuid

import pytest
from sqlalchemy import Integer, String, bindparam, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from platform_core import pagination
from platform_core.db import make_base
from platform_core.exports import fetch_all
from platform_core.pagination import CountCache, Page, PageParams, Total, bound_list, paginate
from platform_core.problems import ProblemError
from platform_core.testing import scratch_tables
from platform_core.testing import test_database_url as database_url

SCHEMA = f"paging_{uuid.uuid4().hex[:8]}"
Base = make_base(SCHEMA)
ROWS = 57


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(12))


@pytest.fixture
async def db(tmp_path, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 30)
    async with scratch_tables(database_url(tmp_path, "paging"), SCHEMA, Base.metadata) as database:
        async with database.engine.begin() as conn:
            rows = [{"id": i, "region": "411522" if i % 3 else "411502"} for i in range(1, ROWS + 1)]
            await conn.execute(insert(Item), rows)
        yield database


LIST = select(Item.id).order_by(Item.id.desc())


async def test_a_list_beyond_the_limit_gives_a_lower_bound_said_so_on_the_page(db):
    async with db.session(write=False) as session:
        items, total = await paginate(session, LIST, PageParams(page=1, page_size=20), rows=True)
    assert [r.id for r in items][:3] == [57, 56, 55]
    assert (int(total), total.exact) == (30, False)
    page = Page[int](items=[r.id for r in items], total=total, page=1, page_size=20)
    assert page.model_dump()["total"] == 30 and page.model_dump()["total_exact"] is False


async def test_a_list_within_the_limit_is_counted_exactly(db):
    narrow = select(Item.id).where(Item.region == "411502").order_by(Item.id)
    async with db.session(write=False) as session:
        _, total = await paginate(session, narrow, PageParams(page=1, page_size=20), rows=True)
    assert (int(total), total.exact) == (19, True)
    assert Page[int](items=[], total=total, page=1, page_size=20).total_exact is True
    # A plain int (a list counted its own way) is exact.
    assert Page[int](items=[], total=5, page=1, page_size=20).total_exact is True


async def test_a_page_past_the_limit_counts_as_deep_as_it_goes(db):
    async with db.session(write=False) as session:
        items, total = await paginate(session, LIST, PageParams(page=2, page_size=25), rows=True)
        assert len(items) == 25
        assert (int(total), total.exact) == (50, False)
        items, total = await paginate(session, LIST, PageParams(page=3, page_size=25), rows=True)
        assert [r.id for r in items] == list(range(7, 0, -1))
        assert (int(total), total.exact) == (ROWS, True)


async def test_a_cached_lower_bound_is_counted_again_for_a_deeper_page(db):
    cache = CountCache(ttl_s=60)
    bound = bound_list(select(Item.id).where(Item.region.like(bindparam("prefix"))).order_by(Item.id))
    values = {"prefix": "41%"}
    async with db.session(write=False) as session:
        _, first = await paginate(session, bound, PageParams(page=1, page_size=10), values=values,
                                  count_cache=cache, count_key=("item", "41"), rows=True)  # fmt: skip
        assert (int(first), first.exact) == (30, False)
        _, deeper = await paginate(session, bound, PageParams(page=5, page_size=10), values=values,
                                   count_cache=cache, count_key=("item", "41"), rows=True)  # fmt: skip
        assert (int(deeper), deeper.exact) == (50, False)
        # The deeper bound serves the first page again from the cache (it says no less).
        _, again = await paginate(session, bound, PageParams(page=1, page_size=10), values=values,
                                  count_cache=cache, count_key=("item", "41"), rows=True)  # fmt: skip
        assert (int(again), again.exact) == (50, False)


async def test_an_export_past_the_limit_is_refused_not_cut_short(db):
    async def page_of(params: PageParams):
        async with db.session(write=False) as session:
            return await paginate(session, LIST, params, rows=True)

    with pytest.raises(ProblemError) as refused:
        await fetch_all(page_of, 40)
    assert refused.value.status == 422
    rows = await fetch_all(page_of, ROWS)
    assert len(rows) == ROWS


def test_a_total_is_an_int_with_its_exactness():
    assert Total(7) == 7 and Total(7).exact is True
    assert Total(10, exact=False) + 1 == 11 and Total(10, exact=False).exact is False
