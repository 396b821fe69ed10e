"""The work report's figures: one figure type for every service, one async function per figure, one runner.

A service declares its figures in a `FigureSet`, each as an async function of the service's context (what the
answer is computed for: session, caller, period, region) decorated with its key, Chinese label, unit and the rows
of the report it fills (domain.md §7)::

    CAMPAIGN: FigureSet[CampaignCtx, CaseDetail] = FigureSet("case")

    @CAMPAIGN.figure("superior_received", label="接上级交办件数", unit="件", rows=(6,))
    async def superior_received(ctx: CampaignCtx) -> Reading[CaseDetail]:
        ...

`FigureSet.run(ctx)` calls them in the order they were declared (they share the context's database session, so
one at a time) and answers a `Figure` per function: the declaration and the function's `Reading` together. The
service then writes its figures in its own response shape. Inputs that several figures read (one query for
three figures) are loaded once per answer with `once()`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

#: A figure's value: a count, an amount (Decimal), a percentage, a range such as "2-3", or the parts of a
#: document figure (issue date, number, title); None when there is nothing to show (`missing` says why).
FigureValue = int | Decimal | float | str | Mapping[str, Any] | None

#: What a count or rate counts, said on every card and table (domain.md §4): the period's flow (events that happened
#: in it), its cohort (records registered in it, in whatever state at the cut-off) or the snapshot at the cut-off.
Basis = Literal["flow", "cohort", "snapshot"]
BASIS_LABELS: dict[str, str] = {
    "flow": "期内发生：统计期间内发生的办理事项",
    "cohort": "期内登记：统计期间内登记(交办)的诉求，按截至统计时点的状态计",
    "snapshot": "统计时点：期末(期间未结束时为当前)的状况",
}

C = TypeVar("C")  # the context the figures of a service are computed from
D = TypeVar("D")  # what a service's figures carry besides the shared fields (records, breakdowns)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Reading(Generic[D]):
    """What a figure function found: the value and, where the figure has them, its comparisons and parts."""

    value: FigureValue
    last_year: FigureValue = None  # 上年同期值
    yoy_percent: float | None = None  # 同比 (%)
    previous: FigureValue = None  # 上期值 (环比基数)
    mom_percent: float | None = None  # 环比 (%)
    numerator: int | None = None  # a rate's parts
    denominator: int | None = None
    caliber: str | None = None  # 取数口径, when the reading states it (else the declaration's)
    missing: str | None = None  # why `value` is None
    detail: D | None = None


@dataclass(frozen=True, slots=True)
class Figure(Generic[D]):
    """One figure of the work report as every service computes it: what it is and what was found."""

    key: str  # stable code, the report template's placeholder where the gateway uses the same
    label: str  # 中文名称
    unit: str | None
    rows: tuple[int, ...]  # rows of domain.md §7
    value: FigureValue
    last_year: FigureValue = None
    yoy_percent: float | None = None
    previous: FigureValue = None
    mom_percent: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    caliber: str | None = None
    missing: str | None = None
    detail: D | None = None


FigureFunction = Callable[[C], Awaitable[Reading[D] | int | Decimal | None]]

_READING_FIELDS = tuple(f.name for f in fields(Reading))
_PLAIN_VALUES = (int, Decimal, type(None))


@dataclass(frozen=True, slots=True)
class FigureSpec(Generic[C, D]):
    """A declared figure: its key, label, unit, rows, stated caliber and the function that reads it."""

    key: str
    label: str
    unit: str | None
    rows: tuple[int, ...]
    caliber: str | None
    read: FigureFunction[C, D]

    def where(self) -> str:
        """The figure and its function, as a failure names them."""
        fn = self.read
        name = f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"
        return f"图表 {self.key}（{self.label}），函数 {name}"

    def figure(self, reading: Reading[D]) -> Figure[D]:
        """The figure from this declaration and what its function read."""
        values = {name: getattr(reading, name) for name in _READING_FIELDS}
        values["caliber"] = reading.caliber or self.caliber
        return Figure(key=self.key, label=self.label, unit=self.unit, rows=self.rows, **values)


class FigureError(TypeError):
    """A figure function answered something that is not a figure's reading."""


@dataclass(slots=True)
class FigureSet(Generic[C, D]):
    """The figures of one service's answer, declared one function each, run in declaration order."""

    service: str
    specs: list[FigureSpec[C, D]] = field(default_factory=list)

    def add(
        self,
        key: str,
        read: FigureFunction[C, D],
        *,
        label: str,
        unit: str | None = None,
        rows: Sequence[int] = (),
        caliber: str | None = None,
    ) -> FigureFunction[C, D]:
        """Declare a figure read by `read` (for figures made by a factory); a key is declared once."""
        if any(s.key == key for s in self.specs):
            raise ValueError(f"{self.service}: figure {key!r} is declared twice")
        self.specs.append(FigureSpec(key, label, unit, tuple(rows), caliber, read))
        return read

    def figure(
        self,
        key: str,
        *,
        label: str,
        unit: str | None = None,
        rows: Sequence[int] = (),
        caliber: str | None = None,
    ) -> Callable[[FigureFunction[C, D]], FigureFunction[C, D]]:
        """Decorator: declare the function as the reader of figure `key`."""

        def declare(read: FigureFunction[C, D]) -> FigureFunction[C, D]:
            return self.add(key, read, label=label, unit=unit, rows=rows, caliber=caliber)

        return declare

    def keys(self) -> list[str]:
        """The declared keys, in order."""
        return [s.key for s in self.specs]

    async def run(self, ctx: C) -> list[Figure[D]]:
        """Every figure for the context, in declaration order.

        A function that fails lets its error through unchanged (a database fault stays a 503, a refused region a
        422), with a note naming the figure and its function, so the log says which figure broke.
        """
        return [await self.run_one(spec, ctx) for spec in self.specs]

    async def run_one(self, spec: FigureSpec[C, D], ctx: C) -> Figure[D]:
        """One figure for the context (see `run` for failures)."""
        try:
            answer = await spec.read(ctx)
        except Exception as exc:
            exc.add_note(f"{self.service}: {spec.where()} 计算失败")
            raise
        if isinstance(answer, Reading):
            return spec.figure(answer)
        if isinstance(answer, _PLAIN_VALUES) and not isinstance(answer, bool):
            return spec.figure(Reading(answer))
        raise FigureError(f"{self.service}: {spec.where()} 返回了 {type(answer).__name__}，应为 Reading 或数值")


async def once(memo: dict[Any, Any], key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
    """`load()` once per memo (one answer): what several figures read comes from one query."""
    if key not in memo:
        memo[key] = await load()
    value: T = memo[key]
    return value
