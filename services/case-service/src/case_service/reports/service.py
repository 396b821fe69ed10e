"""The rhythm reports, composed from the case statistics: dispatch lists, comparisons and weighted rankings."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.schemas import MissedDeadlineOut
from case_service.case.timers import TimerPolicy
from case_service.indicators import service as stats
from case_service.indicators.service import StatsResult, Tally
from case_service.reports.schemas import (
    KIND_LABELS,
    CaseReport,
    Column,
    Comparison,
    OverdueItem,
    RankingWeights,
    RankRow,
    ReportKind,
    Table,
)
from case_service.settings import CaseSettings
from platform_core.auth import Principal
from platform_core.db import utcnow
from platform_core.periods import SHANGHAI, Period, month, parse_period, yoy_percent
from platform_core.problems import field_error
from platform_core.regions import RegionDirectory

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DISPATCH_DAYS = 14
LEVEL_LABELS = {"green": "绿色", "yellow": "黄色", "red": "红色", "escalated": "升级"}

#: The period syntax each report takes (the dispatch takes a day, the two weeks ending with it).
KIND_PERIODS: dict[ReportKind, tuple[str, str]] = {
    ReportKind.MONTHLY: ("month", "月度总结的期间应为月份，如 2021-07"),
    ReportKind.QUARTERLY: ("quarter", "季度讲评的期间应为季度，如 2021-Q3"),
    ReportKind.ANNUAL: ("year", "年度考核的期间应为年份，如 2021"),
}


def report_period(kind: ReportKind, text: str) -> Period:
    """The period of a report: a day (two weeks ending that day) or a span for the dispatch, else its own kind."""
    value = text.strip()
    if kind is ReportKind.BIWEEKLY:
        if _DAY.match(value):
            try:
                last = date.fromisoformat(value)
            except ValueError as exc:
                raise field_error("period", "日期不正确") from exc
            first = last - timedelta(days=DISPATCH_DAYS - 1)
            return Period("custom", first, last + timedelta(days=1), f"{first}至{last}")
        return parse_period(value)
    period = parse_period(value)
    wanted, message = KIND_PERIODS[kind]
    if period.kind != wanted:
        raise field_error("period", message)
    return period


def score_rule(on_time: float, resolution: float, satisfaction: float, overdue: float, red: float) -> str:
    """The score rule in words, as the ranking's tooltip and the report's note show it."""
    return (
        f"得分 = 按期办结率×{on_time:.0%} + 办结率×{resolution:.0%} + 满意率×{satisfaction:.0%}"
        "（无数据的指标不参与，其余权重按比例折算）"
        f" − 超期未办结每件{overdue:g}分 − 红色预警每件{red:g}分（统计时点在办的诉求）；得分相同名次并列"
    )


def weights_from(settings: CaseSettings) -> RankingWeights:
    """The configured weights, scaled to add up to 1 (the defaults when all are zero), and the penalties."""
    raw = (settings.ranking_weight_on_time, settings.ranking_weight_resolution, settings.ranking_weight_satisfaction)
    total = sum(raw)
    if total <= 0:
        raw, total = (0.4, 0.3, 0.3), 1.0
    on_time, resolution, satisfaction = (round(w / total, 4) for w in raw)
    overdue, red = settings.ranking_penalty_overdue, settings.ranking_penalty_red
    return RankingWeights(
        on_time=on_time,
        resolution=resolution,
        satisfaction=satisfaction,
        overdue_penalty=overdue,
        red_penalty=red,
        rule=score_rule(on_time, resolution, satisfaction, overdue, red),
    )


def penalty(t: Tally, weights: RankingWeights) -> float:
    """Points taken off for the cases overdue or red at the cut-off (an overdue red case costs both)."""
    return round(t.overdue * weights.overdue_penalty + t.red * weights.red_penalty, 2)


def score(t: Tally, weights: RankingWeights) -> float | None:
    """The weighted score of a tally less the overdue and red penalties; a rate without data drops out and the
    other weights scale up. A group with neither rates nor late cases has no score."""
    rates = stats.rates_of(t)
    parts = [
        (weights.on_time, rates.on_time.value),
        (weights.resolution, rates.resolution.value),
        (weights.satisfaction, rates.satisfaction.value),
    ]
    present = [(w, v) for w, v in parts if v is not None and w > 0]
    total = sum(w for w, _ in present)
    late = penalty(t, weights)
    if not present or total <= 0:
        # Nothing to rate, but cases left overdue still rank (below those without any).
        return round(-late, 2) if late else None
    return round(sum(w * v for w, v in present) / total - late, 2)


def ranked(rows: list[RankRow]) -> list[RankRow]:
    """Competition ranking by score (1, 1, 3): equal scores share a rank; rows without a score come last, unranked."""
    scored = sorted((r for r in rows if r.score is not None), key=lambda r: (-(r.score or 0), r.code))
    for row in scored:
        row.rank = 1 + sum(1 for other in scored if (other.score or 0) > (row.score or 0))
    unscored = sorted((r for r in rows if r.score is None), key=lambda r: r.code)
    return [*scored, *unscored]


def rank_row(code: str, name: str | None, t: Tally, weights: RankingWeights) -> RankRow:
    """A ranking row of a county or unit."""
    rates = stats.rates_of(t)
    return RankRow(
        rank=None,
        code=code,
        name=name,
        score=score(t, weights),
        on_time=rates.on_time.value,
        resolution=rates.resolution.value,
        satisfaction=rates.satisfaction.value,
        received=t.received,
        resolved=t.resolved,
        overdue=t.overdue,
        red=t.red,
        penalty=penalty(t, weights),
    )


def county_ranking(
    result: StatsResult, regions: RegionDirectory, base: str | None, weights: RankingWeights
) -> list[RankRow]:
    """Every child region of the report's region ranked (those without cases too, unranked)."""
    tallies = result.by(lambda k: stats.child_region(regions, base, k.region_code))
    region = regions.get(base) if base else None
    codes = {c.code for c in region.children} if region else set()
    codes |= {code for code in tallies if code != base}
    return ranked([rank_row(c, regions.name_of(c), tallies.get(c, Tally()), weights) for c in sorted(codes)])


def unit_ranking(result: StatsResult, weights: RankingWeights) -> list[RankRow]:
    """Every lead unit with cases ranked."""
    tallies = result.by(lambda k: k.unit_id)
    return ranked(
        [
            rank_row(str(unit), result.unit_names.get(unit), tallies[unit], weights)
            for unit in stats.sorted_units(tallies)
            if unit is not None
        ]
    )


STAT_COLUMNS = [
    Column(key="received", label="登记数", kind="int"),
    Column(key="assigned", label="交办数", kind="int"),
    Column(key="resolved", label="办结数", kind="int"),
    Column(key="open", label="在办数", kind="int"),
    Column(key="overdue", label="超期数", kind="int"),
    Column(key="red", label="红色预警", kind="int"),
    Column(key="escalated", label="升级预警", kind="int"),
    Column(key="open_without_plan", label="无计划未办结", kind="int"),
    Column(key="resolution", label="办结率(%)", kind="percent"),
    Column(key="on_time", label="按期办结率(%)", kind="percent"),
    Column(key="sign_timely", label="签收及时率(%)", kind="percent"),
    Column(key="feedback_timely", label="反馈及时率(%)", kind="percent"),
    Column(key="satisfaction", label="满意率(%)", kind="percent"),
]


def stat_cells(t: Tally) -> dict[str, Any]:
    """A tally as the cells of STAT_COLUMNS."""
    rates = stats.rates_of(t)
    return {
        "received": t.received,
        "assigned": t.assigned,
        "resolved": t.resolved,
        "open": t.open,
        "overdue": t.overdue,
        "red": t.red,
        "escalated": t.escalated,
        "open_without_plan": t.open_without_plan,
        "resolution": rates.resolution.value,
        "on_time": rates.on_time.value,
        "sign_timely": rates.sign_timely.value,
        "feedback_timely": rates.feedback_timely.value,
        "satisfaction": rates.satisfaction.value,
    }


def region_table(result: StatsResult, regions: RegionDirectory, base: str | None) -> Table:
    """Counts and rates per child region."""
    tallies = result.by(lambda k: stats.child_region(regions, base, k.region_code))
    rows = [{"region": regions.name_of(code) or code, **stat_cells(t)} for code, t in sorted(tallies.items())]
    return Table(
        key="by_region",
        title="分县区情况",
        columns=[Column(key="region", label="县区"), *STAT_COLUMNS],
        rows=[*rows, {"region": "合计", **stat_cells(result.total())}],
    )


def unit_table(result: StatsResult) -> Table:
    """Counts and rates per lead unit."""
    tallies = result.by(lambda k: k.unit_id)
    rows = [
        {"unit": result.unit_names.get(u) or ("未交办" if u is None else str(u)), **stat_cells(tallies[u])}
        for u in stats.sorted_units(tallies)
    ]
    return Table(
        key="by_unit",
        title="分单位情况",
        columns=[Column(key="unit", label="牵头单位"), *STAT_COLUMNS],
        rows=[*rows, {"unit": "合计", **stat_cells(result.total())}],
    )


def ranking_table(key: str, title: str, what: str, rows: list[RankRow]) -> Table:
    """A ranking as a table."""
    return Table(
        key=key,
        title=title,
        columns=[
            Column(key="rank", label="名次", kind="int"),
            Column(key="name", label=what),
            Column(key="score", label="得分", kind="number"),
            Column(key="on_time", label="按期办结率(%)", kind="percent"),
            Column(key="resolution", label="办结率(%)", kind="percent"),
            Column(key="satisfaction", label="满意率(%)", kind="percent"),
            Column(key="received", label="登记数", kind="int"),
            Column(key="resolved", label="办结数", kind="int"),
            Column(key="overdue", label="超期数", kind="int"),
            Column(key="red", label="红色预警", kind="int"),
            Column(key="penalty", label="扣分", kind="number"),
        ],
        rows=[r.model_dump(exclude={"code"}) for r in rows],
    )


def overdue_items(result: StatsResult, regions: RegionDirectory) -> list[OverdueItem]:
    """The overdue cases at the cut-off, grouped by unit, longest overdue first."""
    items = [
        OverdueItem(
            case_id=c.id,
            case_no=c.case_no,
            title=c.title,
            enterprise_name=c.enterprise_name,
            region_code=c.region_code,
            region_name=regions.name_of(c.region_code),
            unit_id=c.unit_id,
            unit_name=c.unit_name,
            resolve_due=c.resolve_due,
            days_overdue=c.days_overdue,
            level=c.level.value,
            superior=c.superior,
            missed_deadlines=[MissedDeadlineOut(kind=m.kind, label=m.label, due=m.due) for m in c.missed],
        )
        for c in result.overdue_cases
    ]
    return sorted(items, key=lambda i: (i.unit_id is None, i.unit_id or 0, -i.days_overdue, i.case_id))


def overdue_table(items: list[OverdueItem]) -> Table:
    """The overdue list as a table."""
    return Table(
        key="overdue",
        title="超期诉求清单",
        columns=[
            Column(key="unit_name", label="牵头单位"),
            Column(key="case_no", label="诉求编号"),
            Column(key="title", label="诉求标题"),
            Column(key="enterprise_name", label="企业"),
            Column(key="region_name", label="县区"),
            Column(key="resolve_due", label="办结期限", kind="datetime"),
            Column(key="days_overdue", label="超期天数", kind="int"),
            Column(key="level", label="预警等级"),
            Column(key="missed", label="已超期限"),
            Column(key="source", label="来源"),
        ],
        rows=[
            {
                "unit_name": i.unit_name,
                "case_no": i.case_no,
                "title": i.title,
                "enterprise_name": i.enterprise_name,
                "region_name": i.region_name,
                "resolve_due": i.resolve_due,
                "days_overdue": i.days_overdue,
                "level": LEVEL_LABELS.get(i.level, i.level),
                "missed": "、".join(m.label for m in i.missed_deadlines),
                "source": "上级交办" if i.superior else "",
            }
            for i in items
        ],
    )


def dispatch_table(result: StatsResult) -> Table:
    """Per lead unit: open cases and their warnings at the cut-off, assigned and resolved in the two weeks."""
    tallies = result.by(lambda k: k.unit_id)
    columns = [
        Column(key="unit", label="牵头单位"),
        Column(key="open", label="在办数", kind="int"),
        Column(key="overdue", label="超期数", kind="int"),
        Column(key="yellow", label="黄色预警", kind="int"),
        Column(key="red", label="红色预警", kind="int"),
        Column(key="escalated", label="升级预警", kind="int"),
        Column(key="assigned", label="期内新交办", kind="int"),
        Column(key="resolved", label="期内办结", kind="int"),
    ]

    def cells(name: str, t: Tally) -> dict[str, Any]:
        return {
            "unit": name,
            "open": t.open,
            "overdue": t.overdue,
            "yellow": t.yellow,
            "red": t.red,
            "escalated": t.escalated,
            "assigned": t.assigned,
            "resolved": t.resolved,
        }

    rows = [
        cells(result.unit_names.get(u) or ("未交办" if u is None else str(u)), tallies[u])
        for u in stats.sorted_units(tallies)
    ]
    return Table(key="dispatch", title="各单位调度情况", columns=columns, rows=[*rows, cells("合计", result.total())])


def month_table(result: StatsResult) -> Table:
    """Received, resolved and the rates per month of the period."""
    tallies = result.by_month()
    rows = []
    for i, (y, m) in enumerate(result.months):
        t = tallies.get(i, Tally())
        rates = stats.rates_of(t)
        rows.append(
            {
                "month": month(y, m).label,
                "received": t.received,
                "assigned": t.assigned,
                "resolved": t.resolved,
                "resolution": rates.resolution.value,
                "on_time": rates.on_time.value,
                "satisfaction": rates.satisfaction.value,
            }
        )
    return Table(
        key="by_month",
        title="分月情况",
        columns=[
            Column(key="month", label="月份"),
            Column(key="received", label="登记数", kind="int"),
            Column(key="assigned", label="交办数", kind="int"),
            Column(key="resolved", label="办结数", kind="int"),
            Column(key="resolution", label="办结率(%)", kind="percent"),
            Column(key="on_time", label="按期办结率(%)", kind="percent"),
            Column(key="satisfaction", label="满意率(%)", kind="percent"),
        ],
        rows=rows,
    )


def comparisons(current: Tally, previous: Tally, basis: Literal["环比", "同比"]) -> list[Comparison]:
    """Received and resolved against another period."""
    return [
        Comparison(
            metric=label,
            basis=basis,
            current=getattr(current, name),
            previous=getattr(previous, name),
            change_percent=yoy_percent(getattr(current, name), getattr(previous, name)),
        )
        for name, label in (("received", "登记数"), ("resolved", "办结数"))
    ]


NOTES = [
    "办结率 = 期内受理的诉求中截至统计时点已办结的件数 ÷ 期内登记的诉求件数(不含不予受理、合并办理，二者单独计数)",
    "口径：登记数、交办数、办结数、销号数、回访评价数为期内发生(流量)；办结率、签收及时率、反馈及时率"
    "按期内登记(交办)的诉求计(批次)",
    "按期办结率 = 在办结期限内提交结果并办结的件数 ÷ 期内办结的件数",
    "签收及时率、反馈及时率的分母为期内交办且期限已到(或已签收/已反馈)的件数",
    "满意率 = (满意 + 基本满意) ÷ 期内完成回访评价的件数",
    "超期、预警与在办数为统计时点(期末或当前)的快照",
]


async def build_report(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    kind: ReportKind,
    period: Period,
    now: datetime,
    policy: TimerPolicy,
    weights: RankingWeights,
    region_code: str | None = None,
) -> CaseReport:
    """One rhythm report for a period and region, within the caller's data scope."""

    async def run(span: Period) -> StatsResult:
        return await stats.compute(
            session,
            principal=principal,
            regions=regions,
            period=span,
            now=now,
            policy=policy,
            region_code=region_code,
            list_overdue=True,
        )

    result = await run(period)
    base = stats.report_region(principal, region_code)
    region_name = regions.name_of(base)
    label = KIND_LABELS[kind]
    notes = list(NOTES)
    tables: list[Table] = []
    report: dict[str, Any] = {}
    if kind is ReportKind.BIWEEKLY:
        items = overdue_items(result, regions)
        report["overdue"] = items
        tables += [dispatch_table(result), overdue_table(items)]
    else:
        tables += [region_table(result, regions, base), unit_table(result)]
    if kind is ReportKind.MONTHLY:
        previous = (await run(period.previous())).total()
        last_year = (await run(period.same_period_last_year())).total()
        report["comparisons"] = [
            *comparisons(result.total(), previous, "环比"),
            *comparisons(result.total(), last_year, "同比"),
        ]
    if kind in (ReportKind.QUARTERLY, ReportKind.ANNUAL):
        counties = county_ranking(result, regions, base, weights)
        units = unit_ranking(result, weights)
        report.update(weights=weights, county_ranking=counties, unit_ranking=units)
        tables += [
            ranking_table("county_ranking", "县区排名", "县区", counties),
            ranking_table("unit_ranking", "单位排名", "牵头单位", units),
        ]
        notes.append(weights.rule)
    if kind is ReportKind.ANNUAL:
        tables.append(month_table(result))
        report["comparisons"] = comparisons(result.total(), (await run(period.same_period_last_year())).total(), "同比")
    return CaseReport(
        kind=kind,
        kind_label=label,
        title=f"{region_name or ''}{period.label}“万人助万企”诉求办理{label}",
        period=stats.period_out(period),
        as_of=result.as_of,
        region_code=base,
        region_name=region_name,
        generated_at=utcnow(),
        summary=stats.block_of(result.total()),
        superior=stats.block_of(result.total(superior=True)),
        tables=tables,
        notes=notes,
        **report,
    )


def local_text(moment: datetime) -> str:
    """An instant as Beijing time text."""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
