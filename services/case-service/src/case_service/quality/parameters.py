"""The 系统参数 of 撤单质检: how candidates are drawn for review (all / a random share / by rule).

Rules, kept simple on purpose:
- 全部抽取 (`all`): every candidate is reviewed.
- 按比例随机抽取 (`random`): a candidate is drawn when a hash of (case, event, occurrence) falls under the rate,
  so a retried action or another replica draws the same way, and about `quality_rate` % are drawn.
- 按规则抽取 (`rule`): a candidate is drawn when its case has the chosen source (`quality_rule_source`, 不限 = no
  source rule), or when it is a return (退单) and the returning unit has, counting this one, more returns in the
  last 30 days than `quality_rule_unit_returns`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.core import Parameter
from platform_core.enumerations import labels
from platform_core.parameters import ParameterSpec, Value
from platform_core.problems import ProblemError

GROUP = "撤单质检"
MODES: dict[str, str] = {"all": "全部抽取", "random": "按比例随机抽取", "rule": "按规则抽取"}
ANY_SOURCE = "any"

MODE = "quality_mode"
RATE = "quality_rate"
RULE_SOURCE = "quality_rule_source"
RULE_UNIT_RETURNS = "quality_rule_unit_returns"


def quality_parameters() -> tuple[ParameterSpec, ...]:
    """The sampling parameters, shown on the 系统参数 page under 撤单质检."""
    sources = {ANY_SOURCE: "不限", **labels("case_source")}
    return (
        ParameterSpec(
            MODE,
            "抽样方式",
            GROUP,
            "choice",
            "random",
            choices=MODES,
            description="不予受理、合并、撤回、退单的诉求按此方式抽取质检样本",
        ),
        ParameterSpec(
            RATE, "随机抽样比例", GROUP, "int", 20, "%", 1, 100, description="抽样方式为按比例随机抽取时的比例"
        ),
        ParameterSpec(
            RULE_SOURCE,
            "规则：抽取来源",
            GROUP,
            "choice",
            ANY_SOURCE,
            choices=sources,
            description="抽样方式为按规则抽取时，该来源的诉求一律抽取（不限为不按来源抽取）",
        ),
        ParameterSpec(
            RULE_UNIT_RETURNS,
            "规则：单位退单数超过",
            GROUP,
            "int",
            3,
            "件",
            0,
            100,
            description="按规则抽取时，单位近30日退单数（含本次）超过此数后其退单一律抽取；0 为每次退单都抽取",
        ),
    )


SPECS: dict[str, ParameterSpec] = {spec.key: spec for spec in quality_parameters()}


@dataclass(frozen=True, slots=True)
class SamplingRule:
    """The sampling parameters in force."""

    mode: str = "random"
    rate: int = 20
    source: str = ANY_SOURCE
    unit_returns: int = 3

    @classmethod
    def of(cls, values: Mapping[str, Value]) -> SamplingRule:
        """The rule from parameter values (each key's default when absent)."""
        v = {key: values.get(key, spec.default) for key, spec in SPECS.items()}
        return cls(
            mode=str(v[MODE]), rate=int(v[RATE]), source=str(v[RULE_SOURCE]), unit_returns=int(v[RULE_UNIT_RETURNS])
        )


async def current_rule(session: AsyncSession) -> SamplingRule:
    """The rule as the table holds it now, read in the caller's transaction (a value out of bounds keeps the
    default), so every replica draws by the same values the moment an edit commits."""
    rows = (await session.execute(select(Parameter.key, Parameter.value).where(Parameter.key.in_(SPECS)))).all()
    values: dict[str, Value] = {}
    for key, value in rows:
        try:
            values[key] = SPECS[key].check(value)
        except ProblemError:
            continue
    return SamplingRule.of(values)
