"""The indicators of the report (figures 10-24): code, name, unit, and how each is read from the counters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from investment_service.foreign.schemas import Caliber
from investment_service.indicators.service import Tally

WAN_PER_YI = Decimal(10000)
YI_PLACES = Decimal("0.000001")  # 万元 carry 2 decimals, so 亿元 are exact at 6
PERCENT_PLACES = Decimal("0.1")
NO_MONEY = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure read from the counters (rounds held come from the rounds, not the counters)."""

    code: str
    name: str
    unit: str
    read: Callable[[Tally], Decimal] | None
    caliber: Caliber | None = None


@dataclass(frozen=True, slots=True)
class Rate:
    """A ratio of the signed cohort: numerator ÷ denominator, in percent."""

    code: str
    name: str
    numerator: Callable[[Tally], int]
    denominator: Callable[[Tally], int]


def yi(wan: Decimal) -> Decimal:
    """万元 → 亿元."""
    return (wan / WAN_PER_YI).quantize(YI_PLACES)


FIGURES: tuple[Figure, ...] = (
    Figure("rounds_held", "参加全省“三个一批”活动", "期", None),
    Figure("projects_signed", "签约项目", "个", lambda t: Decimal(t.signed)),
    Figure("contracted_investment", "签约项目总投资", "亿元", lambda t: yi(t.contracted_wan_yuan)),
    Figure("projects_landed", "履约落地项目", "个", lambda t: Decimal(t.landed)),
    Figure("projects_started", "开工项目", "个", lambda t: Decimal(t.started)),
    Figure("projects_in_production", "投产项目", "个", lambda t: Decimal(t.in_production)),
    Figure("out_of_province_projects", "省外资金项目", "个", lambda t: Decimal(t.out_of_province_projects)),
    Figure("out_of_province_funds", "实际到位省外资金", "亿元", lambda t: yi(t.funds_wan_yuan)),
    Figure("new_foreign_enterprises", "新设外资企业", "家", lambda t: Decimal(t.new_foreign_enterprises)),
    Figure(
        "foreign_capital_local",
        "实际吸收外资（省定口径）",
        "万美元",
        lambda t: t.capital_wan_usd.get(Caliber.LOCAL.value, NO_MONEY),
        Caliber.LOCAL,
    ),
    Figure(
        "foreign_capital_mofcom",
        "实际使用外资（商务部口径）",
        "万美元",
        lambda t: t.capital_wan_usd.get(Caliber.MOFCOM.value, NO_MONEY),
        Caliber.MOFCOM,
    ),
)

RATES: tuple[Rate, ...] = (
    Rate("performance_rate", "履约率", lambda t: t.cohort_landed, lambda t: t.signed),
    Rate("start_rate", "开工率", lambda t: t.cohort_started, lambda t: t.signed),
    Rate("production_rate", "投产率", lambda t: t.cohort_in_production, lambda t: t.signed),
)

#: Every indicator a provincial bulletin may rank, with its name.
INDICATOR_NAMES: dict[str, str] = {f.code: f.name for f in FIGURES} | {r.code: r.name for r in RATES}


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator ÷ denominator in percent, one decimal; None without a denominator."""
    if denominator == 0:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)
