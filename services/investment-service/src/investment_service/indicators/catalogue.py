"""The indicators of the report (figures 10-24), one function each, read from one period's and region's counters.

The same declarations serve the figures with YoY and rank, the per-county figures and the monthly series: each is
run on the counters of whichever period and region is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from investment_service.foreign.schemas import Caliber
from investment_service.indicators.service import RoundSignings, Tally
from platform_core.figures import FigureSet, Reading

WAN_PER_YI = Decimal(10000)
YI_PLACES = Decimal("0.000001")  # 万元 carry 2 decimals, so 亿元 are exact at 6
PERCENT_PLACES = Decimal("0.1")
NO_MONEY = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Counters:
    """What the figures of one period and region are read from: the counters and the provincial rounds held."""

    tally: Tally
    rounds: int = 0
    at_rounds: RoundSignings | None = None


#: Figures with a value (Decimal) for a period and region.
FIGURES: FigureSet[Counters, None] = FigureSet("investment")
#: 履约率 / 开工率 / 投产率 of the projects signed in the period: numerator ÷ denominator, in percent.
RATES: FigureSet[Counters, None] = FigureSet("investment rates")
#: The projects signed at the period's provincial “三个一批” rounds (the rounds page's caliber): the report's
#: 「先后两期共签约项目…」 counts these, not every project signed in the period.
AT_ROUNDS: FigureSet[Counters, None] = FigureSet("investment at rounds")
#: Figures counted for the whole province, not per region (left out of the per-county view).
PROVINCE_WIDE = frozenset({"rounds_held"})


def yi(wan: Decimal) -> Decimal:
    """万元 → 亿元."""
    return (wan / WAN_PER_YI).quantize(YI_PLACES)


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator ÷ denominator in percent, one decimal; None without a denominator."""
    if denominator == 0:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


@FIGURES.figure("rounds_held", label="参加全省“三个一批”活动", unit="期")
async def rounds_held(c: Counters) -> Decimal:
    """Provincial rounds held in the period."""
    return Decimal(c.rounds)


@FIGURES.figure("projects_signed", label="签约项目（全部）", unit="个")
async def projects_signed(c: Counters) -> Decimal:
    """Projects signed in the period."""
    return Decimal(c.tally.signed)


@FIGURES.figure("contracted_investment", label="签约项目总投资（全部）", unit="亿元")
async def contracted_investment(c: Counters) -> Decimal:
    """Total investment of the projects signed."""
    return yi(c.tally.contracted_wan_yuan)


@FIGURES.figure("projects_landed", label="履约落地项目", unit="个")
async def projects_landed(c: Counters) -> Decimal:
    """Projects that landed in the period."""
    return Decimal(c.tally.landed)


@FIGURES.figure("projects_started", label="开工项目", unit="个")
async def projects_started(c: Counters) -> Decimal:
    """Projects that started construction in the period."""
    return Decimal(c.tally.started)


@FIGURES.figure("projects_in_production", label="投产项目", unit="个")
async def projects_in_production(c: Counters) -> Decimal:
    """Projects that went into production in the period."""
    return Decimal(c.tally.in_production)


@FIGURES.figure("out_of_province_projects", label="省外资金项目", unit="个")
async def out_of_province_projects(c: Counters) -> Decimal:
    """Projects funded from outside the province."""
    return Decimal(c.tally.out_of_province_projects)


@FIGURES.figure("out_of_province_funds", label="实际到位省外资金", unit="亿元")
async def out_of_province_funds(c: Counters) -> Decimal:
    """Out-of-province funds arrived in the period."""
    return yi(c.tally.funds_wan_yuan)


@FIGURES.figure("new_foreign_enterprises", label="新设外资企业", unit="家")
async def new_foreign_enterprises(c: Counters) -> Decimal:
    """Foreign-invested enterprises established in the period."""
    return Decimal(c.tally.new_foreign_enterprises)


@FIGURES.figure("foreign_capital_local", label="实际吸收外资（省定口径）", unit="万美元", caliber=Caliber.LOCAL)
async def foreign_capital_local(c: Counters) -> Decimal:
    """Foreign capital absorbed, the province's caliber (never added to MOFCOM's)."""
    return c.tally.capital_wan_usd.get(Caliber.LOCAL.value, NO_MONEY)


@FIGURES.figure("foreign_capital_mofcom", label="实际使用外资（商务部口径）", unit="万美元", caliber=Caliber.MOFCOM)
async def foreign_capital_mofcom(c: Counters) -> Decimal:
    """Foreign capital used, MOFCOM's caliber."""
    return c.tally.capital_wan_usd.get(Caliber.MOFCOM.value, NO_MONEY)


def _at_rounds(c: Counters) -> RoundSignings:
    return c.at_rounds or RoundSignings()


@AT_ROUNDS.figure("round_projects_signed", label="“三个一批”活动签约项目", unit="个")
async def round_projects_signed(c: Counters) -> Decimal:
    """Projects signed at the period's provincial rounds."""
    return Decimal(_at_rounds(c).signed)


@AT_ROUNDS.figure("round_contracted_investment", label="“三个一批”签约项目总投资", unit="亿元")
async def round_contracted_investment(c: Counters) -> Decimal:
    """Total investment of the projects signed at the rounds."""
    return yi(_at_rounds(c).contracted_wan_yuan)


@AT_ROUNDS.figure("round_projects_landed", label="“三个一批”签约项目已落地", unit="个")
async def round_projects_landed(c: Counters) -> Decimal:
    """Of the projects signed at the rounds, those landed by the period's end."""
    return Decimal(_at_rounds(c).landed)


@AT_ROUNDS.figure("round_projects_started", label="“三个一批”签约项目已开工", unit="个")
async def round_projects_started(c: Counters) -> Decimal:
    """Of the projects signed at the rounds, those started by the period's end."""
    return Decimal(_at_rounds(c).started)


@AT_ROUNDS.figure("round_projects_in_production", label="“三个一批”签约项目已投产试产", unit="个")
async def round_projects_in_production(c: Counters) -> Decimal:
    """Of the projects signed at the rounds, those in production by the period's end."""
    return Decimal(_at_rounds(c).in_production)


def _rate(numerator: int, denominator: int) -> Reading[None]:
    return Reading(percent(numerator, denominator), numerator=numerator, denominator=denominator)


@RATES.figure("performance_rate", label="履约率", unit="%")
async def performance_rate(c: Counters) -> Reading[None]:
    """Of the projects signed in the period, those landed by its end."""
    return _rate(c.tally.cohort_landed, c.tally.signed)


@RATES.figure("start_rate", label="开工率", unit="%")
async def start_rate(c: Counters) -> Reading[None]:
    """Of the projects signed in the period, those started by its end."""
    return _rate(c.tally.cohort_started, c.tally.signed)


@RATES.figure("production_rate", label="投产率", unit="%")
async def production_rate(c: Counters) -> Reading[None]:
    """Of the projects signed in the period, those in production by its end."""
    return _rate(c.tally.cohort_in_production, c.tally.signed)


#: Every indicator a provincial bulletin may rank, with its name.
INDICATOR_NAMES: dict[str, str] = {s.key: s.label for s in (*FIGURES.specs, *RATES.specs)}
