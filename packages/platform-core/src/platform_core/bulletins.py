"""Provincial and national bulletins (全省通报 / 全国通报): a table of entities' values for one indicator and
period, imported all-or-nothing, from which an entity's rank is computed.

A service stores bulletins in its own schema::

    class Bulletin(BulletinMixin, Base): ...
    class BulletinRow(BulletinRowMixin, Base): ...

    result = BULLETIN_ROWS.read_file(content, filename)   # or BULLETIN_ROWS.read_records(rows)
    check_bulletin_rows(result)
    result.raise_if_invalid()
    bulletin = await save_bulletin(session, Bulletin, BulletinRow, indicator_code="...", period="2021",
                                   scope=BulletinScope.PROVINCE, source_document="...",
                                   rows=result.models, imported_by=principal.subject)
    latest = await latest_bulletin(session, Bulletin, indicator_code="...", period="2021")
    rows = await bulletin_rows(session, BulletinRow, latest.id)
    rank_of(rows, "411500")                                # 1-based; ties share a rank (1, 2, 2, 4)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, UniqueConstraint, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from platform_core.db import BigIntPK, UTCDateTime, utcnow
from platform_core.imports import Column, ImportedRows, ImportSpec
from platform_core.periods import Period, parse_period

B = TypeVar("B")
R = TypeVar("R")


class BulletinScope(StrEnum):
    """Who the bulletin ranks: the province's cities or the whole country's."""

    PROVINCE = "province"
    NATIONAL = "national"


class BulletinMixin:
    """One imported bulletin: indicator, period, scope, source document, who imported it and when.

    A corrected bulletin is imported again; the newest one for an indicator, period and scope counts, the
    older ones stay as history.
    """

    __tablename__ = "bulletin"

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:  # noqa: N805
        """The newest bulletin of an indicator and period is found by index."""
        return (
            Index(f"ix_{cls.__tablename__}_indicator_period", "indicator_code", "period_label", "scope", "id"),
            {"comment": "全省/全国通报"},
        )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    indicator_code: Mapped[str] = mapped_column(String(64), comment="指标编码")
    period_label: Mapped[str] = mapped_column(String(32), comment="统计期间，如 2021、2021-Q3、2021-06-YTD")
    scope: Mapped[str] = mapped_column(String(16), comment="排名范围 province 全省 / national 全国")
    source_document: Mapped[str] = mapped_column(String(200), comment="来源文件(通报名称或文号)")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="导入时间")
    imported_by: Mapped[str] = mapped_column(String(64), comment="导入人(sub)")


class BulletinRowMixin:
    """One entity's value in a bulletin (a city by its GB/T 2260 code, or a province for national ranks)."""

    __tablename__ = "bulletin_row"

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:  # noqa: N805
        """An entity appears once per bulletin."""
        return (UniqueConstraint("bulletin_id", "entity_code"), {"comment": "通报明细"})

    @declared_attr
    def bulletin_id(cls) -> Mapped[int]:  # noqa: N805
        """The bulletin the row belongs to."""
        return mapped_column(BigIntPK, ForeignKey("bulletin.id", ondelete="CASCADE"), index=True, comment="通报ID")

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    seq: Mapped[int] = mapped_column(Integer, comment="通报中的行序")
    entity_name: Mapped[str] = mapped_column(String(64), comment="地区/单位名称")
    entity_code: Mapped[str] = mapped_column(String(12), comment="地区代码(GB/T 2260)")
    value: Mapped[Decimal] = mapped_column(Numeric(20, 4), comment="指标数值")
    unit: Mapped[str | None] = mapped_column(String(16), comment="计量单位")


class BulletinRowIn(BaseModel):
    """One row of a bulletin as imported."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    entity_name: str = Field(min_length=1, max_length=64, description="地区名称", examples=["信阳市"])
    entity_code: str = Field(
        pattern=r"^[0-9A-Za-z]{2,12}$", description="地区代码(GB/T 2260，如城市代码)", examples=["411500"]
    )
    value: Decimal = Field(max_digits=20, decimal_places=4, description="指标数值", examples=["66006"])
    unit: str | None = Field(default=None, max_length=16, description="计量单位", examples=["万美元"])


BULLETIN_ROWS: ImportSpec[BulletinRowIn] = ImportSpec(
    BulletinRowIn,
    (
        Column("entity_name", "地区名称", "通报中的城市（或省份）名称", "信阳市"),
        Column("entity_code", "地区代码", "GB/T 2260 行政区划代码", "411500", width=14),
        Column("value", "数值", "通报中的指标值（按通报原单位）", "66006", width=14),
        Column("unit", "单位", "计量单位，可空", "万美元", width=10),
    ),
    title="通报数据",
    max_rows=1000,
)


def check_bulletin_rows(result: ImportedRows[BulletinRowIn]) -> None:
    """Add an error for each entity listed more than once (a rank needs one value per entity)."""
    first_row: dict[str, int] = {}
    for row_number, row in result.rows:
        seen = first_row.setdefault(row.entity_code, row_number)
        if seen != row_number:
            result.add_error(row_number, "entity_code", f"地区代码与第{seen}行重复", "duplicate")


def period_key(text: str, field: str = "period") -> str:
    """The canonical text of a period (`2021`, `2021-Q3`, `2021-07`, `2021-07-YTD`, `a..b`); 422 naming `field`."""
    return key_of(parse_period(text, field))


def key_of(p: Period) -> str:
    """The canonical text of a parsed period (e.g. of `same_period_last_year()`)."""
    if p.kind == "year":
        return f"{p.first_day.year}"
    if p.kind == "quarter":
        return f"{p.first_day.year}-Q{(p.first_day.month - 1) // 3 + 1}"
    if p.kind == "month":
        return f"{p.first_day.year}-{p.first_day.month:02d}"
    if p.kind == "ytd":
        return f"{p.first_day.year}-{p.last_day.month:02d}-YTD"
    return f"{p.first_day.isoformat()}..{p.last_day.isoformat()}"


def rank_periods(p: Period) -> list[str]:
    """The bulletin periods that may rank a period, best first: the period itself, then for a year or a year to
    date the cumulative (YTD) bulletins of that year back from its last month.

    The province publishes cumulative bulletins month by month: a year in progress (or a full year whose
    annual bulletin is not yet out) is ranked by the newest one published so far, and says which it is.
    """
    first = key_of(p)
    if p.kind not in ("year", "ytd"):
        return [first]
    cumulative = [f"{p.first_day.year}-{m:02d}-YTD" for m in range(p.last_day.month, 0, -1)]
    return [first, *(label for label in cumulative if label != first)]


class Ranked(Protocol):
    """Anything with an entity code and a value: stored rows, imported rows."""

    @property
    def entity_code(self) -> str:
        """The entity."""
        ...

    @property
    def value(self) -> Decimal:
        """Its value."""
        ...


def ranks(rows: Iterable[Ranked], *, higher_is_better: bool = True) -> dict[str, int]:
    """Every entity's 1-based competition rank: equal values share a rank and the next rank is skipped."""
    ordered = sorted(rows, key=lambda r: r.value, reverse=higher_is_better)
    out: dict[str, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, row in enumerate(ordered, start=1):
        if previous is None or row.value != previous:
            rank = position
            previous = row.value
        out[row.entity_code] = rank
    return out


def rank_of(rows: Iterable[Ranked], entity_code: str, *, higher_is_better: bool = True) -> int | None:
    """One entity's rank in the bulletin, or None when the bulletin does not list it."""
    return ranks(rows, higher_is_better=higher_is_better).get(entity_code)


async def save_bulletin(
    session: AsyncSession,
    bulletin_model: type[B],
    row_model: type[R],
    *,
    indicator_code: str,
    period: str,
    scope: BulletinScope,
    source_document: str,
    rows: Sequence[BulletinRowIn],
    imported_by: str,
) -> B:
    """Store a validated bulletin and its rows (in the caller's transaction); `period` is stored canonical."""
    bulletin: Any = bulletin_model(
        indicator_code=indicator_code,
        period_label=period_key(period),
        scope=scope.value,
        source_document=source_document,
        imported_at=utcnow(),
        imported_by=imported_by,
    )
    session.add(bulletin)
    await session.flush()
    session.add_all(
        [row_model(bulletin_id=bulletin.id, seq=i, **row.model_dump()) for i, row in enumerate(rows, start=1)]
    )
    await session.flush()
    return bulletin


async def latest_bulletin(
    session: AsyncSession,
    bulletin_model: type[B],
    *,
    indicator_code: str,
    period: str,
    scope: BulletinScope = BulletinScope.PROVINCE,
) -> B | None:
    """The newest bulletin of an indicator, period and scope, or None."""
    m: Any = bulletin_model
    stmt = (
        select(m)
        .where(m.indicator_code == indicator_code, m.period_label == period_key(period), m.scope == scope.value)
        .order_by(m.id.desc())
        .limit(1)
    )
    return (await session.scalars(stmt)).first()


async def bulletin_rows(session: AsyncSession, row_model: type[R], bulletin_id: int) -> list[R]:
    """A bulletin's rows in their original order."""
    m: Any = row_model
    return list((await session.scalars(select(m).where(m.bulletin_id == bulletin_id).order_by(m.seq))).all())
