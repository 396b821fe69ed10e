"""Bulletins: competition ranks with ties, the shared row spec, duplicates, canonical periods, storage."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from platform_core.bulletins import (
    BULLETIN_ROWS,
    BulletinMixin,
    BulletinRowMixin,
    BulletinScope,
    bulletin_rows,
    check_bulletin_rows,
    key_of,
    latest_bulletin,
    period_key,
    rank_of,
    ranks,
    save_bulletin,
)
from platform_core.db import make_base
from platform_core.periods import parse_period
from platform_core.problems import ProblemError


@dataclass
class Entry:
    entity_code: str
    value: Decimal


def rows(*values: str) -> list[Entry]:
    return [Entry(f"41{i:02d}00", Decimal(v)) for i, v in enumerate(values, start=1)]


def test_competition_ranking_shares_ties_and_skips():
    table = rows("10", "30", "20", "20", "5")
    assert ranks(table) == {"410200": 1, "410300": 2, "410400": 2, "410100": 4, "410500": 5}
    assert rank_of(table, "410100") == 4
    assert rank_of(table, "419900") is None


def test_lower_is_better_when_asked():
    assert ranks(rows("3", "1", "1"), higher_is_better=False) == {"410200": 1, "410300": 1, "410100": 3}


def test_all_equal_share_first_place_and_empty_has_no_rank():
    assert set(ranks(rows("7", "7", "7")).values()) == {1}
    assert rank_of([], "411500") is None


def test_bulletin_rows_read_from_csv_and_duplicates_are_row_errors():
    text = "地区名称,地区代码,数值,单位\n郑州市,410100,98000,万美元\n信阳市,411500,66006,万美元\n洛阳市,411500,1,\n"
    result = BULLETIN_ROWS.read_file(text.encode("gbk"), "bulletin.csv")
    check_bulletin_rows(result)
    with pytest.raises(ProblemError) as exc:
        result.raise_if_invalid()
    assert exc.value.errors == [
        {"row": 4, "field": "entity_code", "column": "地区代码", "message": "地区代码与第3行重复", "code": "duplicate"}
    ]


@pytest.mark.parametrize(
    ("text", "key"),
    [("2021", "2021"), ("2021-q3", "2021-Q3"), ("2021-07", "2021-07"), ("2021-06-ytd", "2021-06-YTD")],
)
def test_period_keys_are_canonical(text, key):
    assert period_key(text) == key


def test_custom_period_key_and_bad_period():
    assert period_key("2020-12-01..2021-01-31") == "2020-12-01..2021-01-31"
    assert key_of(parse_period("2021-06-YTD").same_period_last_year()) == "2020-06-YTD"
    with pytest.raises(ProblemError) as exc:
        period_key("last year")
    assert exc.value.errors[0]["field"] == "period"


Base = make_base("bulletin_test")


class Bulletin(BulletinMixin, Base):
    pass


class BulletinRow(BulletinRowMixin, Base):
    pass


async def test_save_and_find_the_newest_bulletin(tmp_path):
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'b.db'}").execution_options(
        schema_translate_map={"bulletin_test": None}
    )
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    from sqlalchemy.ext.asyncio import AsyncSession

    async with AsyncSession(engine) as session:
        parsed = BULLETIN_ROWS.read_records(
            [
                {"entity_name": "郑州市", "entity_code": "410100", "value": "98000"},
                {"entity_name": "信阳市", "entity_code": "411500", "value": "66006"},
            ]
        )
        for doc in ("第一版", "更正版"):
            await save_bulletin(
                session,
                Bulletin,
                BulletinRow,
                indicator_code="foreign_capital_local",
                period="2021",
                scope=BulletinScope.PROVINCE,
                source_document=doc,
                rows=parsed.models,
                imported_by="user:2",
            )
        await session.commit()
        latest = await latest_bulletin(session, Bulletin, indicator_code="foreign_capital_local", period="2021")
        assert latest is not None and latest.source_document == "更正版" and latest.period_label == "2021"
        stored = await bulletin_rows(session, BulletinRow, latest.id)
        assert [r.entity_code for r in stored] == ["410100", "411500"]
        assert rank_of(stored, "411500") == 2
        assert await latest_bulletin(session, Bulletin, indicator_code="x", period="2021") is None
        national = await latest_bulletin(
            session, Bulletin, indicator_code="foreign_capital_local", period="2021", scope=BulletinScope.NATIONAL
        )
        assert national is None
    await engine.dispose()
