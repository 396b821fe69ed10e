"""The shared figure runner: declaration order, readings made figures, failures named, declarations checked."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from platform_core.figures import FigureError, FigureSet, Reading, once
from platform_core.problems import ProblemError, field_error


@dataclass
class Ctx:
    """A context whose shared input counts how often it is loaded."""

    loads: int = 0
    memo: dict = field(default_factory=dict)


async def shared(ctx: Ctx) -> int:
    async def load() -> int:
        ctx.loads += 1
        return 7

    return await once(ctx.memo, "shared", load)


def declared() -> FigureSet[Ctx, str]:
    figures: FigureSet[Ctx, str] = FigureSet("test")

    @figures.figure("count", label="件数", unit="件", rows=(6,), caliber="期内登记")
    async def count(ctx: Ctx) -> int:
        return await shared(ctx)

    @figures.figure("rate", label="办结率", unit="%", rows=(8,))
    async def rate(ctx: Ctx) -> Reading[str]:
        n = await shared(ctx)
        return Reading(Decimal("71.4"), numerator=5, denominator=n, caliber="办结 ÷ 登记", detail="records")

    @figures.figure("plan", label="实施方案", rows=(4,))
    async def plan(ctx: Ctx) -> Reading[str]:
        return Reading(None, missing="截至期末未登记实施方案")

    return figures


async def test_figures_come_in_declaration_order_with_their_declaration_and_reading() -> None:
    ctx = Ctx()
    count, rate, plan = await declared().run(ctx)
    assert [count.key, rate.key, plan.key] == ["count", "rate", "plan"]
    assert (count.label, count.unit, count.rows, count.value, count.caliber) == ("件数", "件", (6,), 7, "期内登记")
    assert count.detail is None and count.missing is None
    assert (rate.value, rate.numerator, rate.denominator) == (Decimal("71.4"), 5, 7)
    assert (rate.caliber, rate.detail) == ("办结 ÷ 登记", "records")  # the reading's caliber wins
    assert (plan.value, plan.missing, plan.unit) == (None, "截至期末未登记实施方案", None)
    assert ctx.loads == 1  # the input two figures read is loaded once per answer


async def test_a_failing_figure_function_is_named_and_its_error_kept() -> None:
    figures = declared()

    @figures.figure("broken", label="签约项目总投资", unit="亿元")
    async def broken(ctx: Ctx) -> int:
        raise ZeroDivisionError("division by zero")

    with pytest.raises(ZeroDivisionError) as caught:
        await figures.run(Ctx())
    note = "test: 图表 broken（签约项目总投资），函数 test_figures.test_a_failing_figure_function_is_named"
    assert caught.value.__notes__[0].startswith(note)
    assert caught.value.__notes__[0].endswith(".broken 计算失败")
    # The note is printed with the traceback the log writes.
    printed = "".join(traceback.format_exception(caught.value))
    assert "图表 broken（签约项目总投资）" in printed and "ZeroDivisionError: division by zero" in printed


async def test_a_refusal_inside_a_figure_stays_a_refusal() -> None:
    figures: FigureSet[Ctx, None] = FigureSet("test")

    @figures.figure("region", label="区域")
    async def region(ctx: Ctx) -> int:
        raise field_error("region_code", "行政区划代码不存在")

    with pytest.raises(ProblemError) as caught:
        await figures.run(Ctx())
    assert caught.value.status == 422
    assert "图表 region（区域）" in caught.value.__notes__[0]


@pytest.mark.parametrize("answer", [True, "7", 1.5, [7]])
async def test_an_answer_that_is_no_reading_is_refused_naming_the_figure(answer: object) -> None:
    figures: FigureSet[Ctx, None] = FigureSet("test")

    async def odd(ctx: Ctx) -> object:
        return answer

    figures.add("odd", odd, label="奇数")  # type: ignore[arg-type]
    with pytest.raises(FigureError, match=r"test: 图表 odd（奇数）.*返回了 \w+，应为 Reading 或数值"):
        await figures.run(Ctx())


def test_a_key_is_declared_once() -> None:
    figures = declared()

    async def again(ctx: Ctx) -> int:
        return 1

    with pytest.raises(ValueError, match="'count' is declared twice"):
        figures.add("count", again, label="件数")
    assert figures.keys() == ["count", "rate", "plan"]
