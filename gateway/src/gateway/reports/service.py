"""Compose the report's figures: ask each service's indicator endpoint once, concurrently, as the caller."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from gateway.compose import Fetched, fetch
from gateway.proxy.routes import SERVICE_LABELS
from gateway.reports.catalogue import FACT_PREFIX, FIGURES, SOURCES, FigureSpec
from gateway.reports.schemas import (
    FigureComparison,
    FigureProvenance,
    FigureValue,
    MissingFigure,
    RecordsLink,
    ReportFigure,
    ReportFigures,
    ReportPeriod,
    ReportRank,
    ReportServiceState,
)
from platform_core.bulletins import key_of
from platform_core.periods import Period, parse_period

NO_RECORDS = "期内及上年同期均无登记记录"
NO_DENOMINATOR = "分母为0，无法计算"
NO_NAMED_RECORDS = "期内无登记记录（请在对应页面登记）"
#: Decimal places a figure is written with in the report, by unit.
PLACES: dict[str, int] = {"亿元": 2, "万元": 2, "万美元": 2, "%": 1}


def period_out(period: Period, key: str) -> ReportPeriod:
    """The period as the API shows it."""
    return ReportPeriod(
        key=key, kind=period.kind, label=period.label, first_day=period.first_day, last_day=period.last_day
    )


def parse(period_text: str) -> tuple[Period, str]:
    """The period (Asia/Shanghai) and its canonical key; a bad one is a 422 naming `period`."""
    period = parse_period(period_text)
    return period, key_of(period)


async def compose(request: Request, *, period_text: str, region_code: str | None) -> ReportFigures:
    """Every figure of §7 for a period and region; a service that does not answer leaves its figures missing."""
    period, key = parse(period_text)
    params = {"period": key, "region_code": region_code} if region_code else {"period": key}
    names = list(SOURCES)
    answers = await asyncio.gather(*(fetch(request, name, SOURCES[name], params) for name in names))
    fetched: dict[str, Fetched] = dict(zip(names, answers, strict=True))
    figures = [_figure(spec, fetched[spec.service], period) for spec in FIGURES]
    region_name = _region_name(fetched)
    return ReportFigures(
        period=period_out(period, key),
        region_code=region_code or _region_code(fetched),
        region_name=region_name,
        generated_at=datetime.now(UTC),
        figures=figures,
        missing=[MissingFigure(key=f.key, name=f.name, reason=f.reason or "") for f in figures if f.missing],
        services=[
            ReportServiceState(service=name, label=SERVICE_LABELS[name], ok=f.ok, reason=f.reason)
            for name, f in fetched.items()
        ],
    )


def _region_name(fetched: dict[str, Fetched]) -> str | None:
    for f in fetched.values():
        if f.ok and isinstance(f.body, dict) and f.body.get("region_name"):
            return str(f.body["region_name"])
    return None


def _region_code(fetched: dict[str, Fetched]) -> str | None:
    for f in fetched.values():
        if f.ok and isinstance(f.body, dict) and f.body.get("region_code"):
            return str(f.body["region_code"])
    return None


def _provenance(spec: FigureSpec, fetched: Fetched, period: Period, **extra: Any) -> FigureProvenance:
    query = f"GET {fetched.path}?{urlencode(fetched.params)}"
    link_query = {"period": fetched.params["period"]}
    if "region_code" in fetched.params:
        link_query["region_code"] = fetched.params["region_code"]
    if spec.service == "case" and spec.source in ("6", "7", "8"):
        link_query["source"] = "superior"
    return FigureProvenance(
        service=spec.service,
        query=query,
        indicator=f"图{spec.source}"
        if spec.service == "case"
        else spec.source.removeprefix("rate:").removeprefix(FACT_PREFIX),
        link=RecordsLink(path=spec.link, query=link_query),
        **extra,
    )


def _missing(spec: FigureSpec, fetched: Fetched, period: Period, reason: str, **extra: Any) -> ReportFigure:
    return ReportFigure(
        key=spec.key,
        rows=list(spec.rows),
        name=spec.name,
        value=None,
        display=None,
        unit=spec.unit,
        missing=True,
        reason=reason,
        comparison=FigureComparison(),
        provenance=_provenance(spec, fetched, period, **extra),
    )


def _figure(spec: FigureSpec, fetched: Fetched, period: Period) -> ReportFigure:
    """One figure from its service's answer."""
    if not fetched.ok:
        # 「对外经贸服务」 + 「服务暂不可用」 reads 「对外经贸服务暂不可用」, not 「…服务服务…」.
        reason = (fetched.reason or "").removeprefix("服务")
        return _missing(spec, fetched, period, f"{SERVICE_LABELS[spec.service]}{reason}")
    try:
        if spec.service == "case":
            return _case_figure(spec, fetched, period)
        if spec.service == "investment":
            return _investment_figure(spec, fetched, period)
        return _trade_figure(spec, fetched, period)
    except (KeyError, TypeError, ValueError, InvalidOperation):
        return _missing(spec, fetched, period, f"{SERVICE_LABELS[spec.service]}返回的数据无法识别")


def _ok(
    spec: FigureSpec,
    fetched: Fetched,
    period: Period,
    value: FigureValue,
    display: str,
    comparison: FigureComparison | None = None,
    **extra: Any,
) -> ReportFigure:
    return ReportFigure(
        key=spec.key,
        rows=list(spec.rows),
        name=spec.name,
        value=value,
        display=display,
        unit=spec.unit,
        missing=False,
        comparison=comparison or FigureComparison(),
        provenance=_provenance(spec, fetched, period, **extra),
    )


def _case_figure(spec: FigureSpec, fetched: Fetched, period: Period) -> ReportFigure:
    found = next((f for f in fetched.body["figures"] if str(f["no"]) == spec.source), None)
    if found is None:
        return _missing(spec, fetched, period, "服务未提供该图表")
    prov = found.get("provenance") or {}
    extra = {
        "criteria": prov.get("criteria"),
        "numerator": prov.get("numerator"),
        "denominator": prov.get("denominator"),
        "record_ids": list(prov.get("record_ids") or []),
    }
    value = found.get("value")
    if value is None:
        return _missing(spec, fetched, period, str(found.get("text") or NO_RECORDS), **extra)
    if spec.part is not None:
        part = value.get(spec.part) if isinstance(value, dict) else None
        if part is None:
            return _missing(spec, fetched, period, str(found.get("text") or NO_RECORDS), **extra)
        if spec.part == "issue_date":
            day = date.fromisoformat(str(part))
            return _ok(spec, fetched, period, str(part), f"{day.month}月{day.day}日", **extra)
        return _ok(spec, fetched, period, part, str(part), **extra)
    if isinstance(value, int) and value == 0 and not extra["record_ids"]:
        # A count of nothing registered is "no data", not a zero the report may print.
        return _missing(spec, fetched, period, "期内无登记记录", **extra)
    if spec.unit == "%":
        return _ok(spec, fetched, period, Decimal(str(value)), _format(Decimal(str(value)), spec.unit), **extra)
    return _ok(spec, fetched, period, value, str(value), **extra)


def _investment_figure(spec: FigureSpec, fetched: Fetched, period: Period) -> ReportFigure:
    body = fetched.body
    if spec.source.startswith("rate:"):
        code = spec.source.removeprefix("rate:")
        rate = next((r for r in body["rates"] if r["code"] == code), None)
        if rate is None:
            return _missing(spec, fetched, period, "服务未提供该指标")
        extra = {"numerator": rate["numerator"], "denominator": rate["denominator"], "criteria": f"{rate['name']}"}
        if rate["value"] is None:
            return _missing(spec, fetched, period, NO_DENOMINATOR, **extra)
        value = Decimal(str(rate["value"]))
        last = (rate.get("last_year") or {}).get("value")
        comparison = FigureComparison(
            last_year_value=Decimal(str(last)) if last is not None else None,
            yoy_percent=rate.get("yoy_percent"),
            rank=_rank(rate.get("rank"), "of"),
        )
        return _ok(spec, fetched, period, value, _format(value, "%"), comparison, **extra)
    item = next((f for f in body["figures"] if f["code"] == spec.source), None)
    if item is None:
        return _missing(spec, fetched, period, "服务未提供该指标")
    value = _number(item["value"])
    last = _number(item.get("last_year"))
    rank = _rank(item.get("rank"), "of")
    extra = {"criteria": _with_caliber(item["name"], item.get("caliber"))}
    if value == 0 and not last and rank is None:
        return _missing(spec, fetched, period, NO_RECORDS, **extra)
    comparison = FigureComparison(last_year_value=last, yoy_percent=item.get("yoy_percent"), rank=rank)
    return _ok(spec, fetched, period, value, _format(value, spec.unit), comparison, **extra)


def _fact_figure(spec: FigureSpec, fetched: Fetched, period: Period) -> ReportFigure:
    """A named fact: the names the report writes, from the records that hold them."""
    key = spec.source.removeprefix(FACT_PREFIX)
    found = next((f for f in fetched.body.get("facts") or [] if f["key"] == key), None)
    if found is None:
        return _missing(spec, fetched, period, "服务未提供该事项")
    extra = {"criteria": found["title"], "record_ids": list(found.get("record_ids") or [])}
    text = found.get("text")
    if not text:
        return _missing(spec, fetched, period, NO_NAMED_RECORDS, **extra)
    return _ok(spec, fetched, period, str(text), str(text), **extra)


#: The investment service's statistical calibers as the report names them.
CALIBER_NAMES = {"local": "省定口径", "mofcom": "商务部口径"}


def _with_caliber(name: str, caliber: str | None) -> str:
    """A figure's name with its caliber in words, unless the name already says it."""
    if not caliber:
        return name
    words = CALIBER_NAMES.get(caliber, "其他口径")
    return name if words in name else f"{name}（{words}）"


def _trade_figure(spec: FigureSpec, fetched: Fetched, period: Period) -> ReportFigure:
    if spec.source.startswith(FACT_PREFIX):
        return _fact_figure(spec, fetched, period)
    item = next((i for i in fetched.body["items"] if i["key"] == spec.source), None)
    if item is None:
        return _missing(spec, fetched, period, "服务未提供该指标")
    extra = {"numerator": item.get("numerator"), "denominator": item.get("denominator"), "criteria": item["title"]}
    raw = item.get("value")
    if raw is None:
        return _missing(spec, fetched, period, NO_DENOMINATOR, **extra)
    value = _number(raw)
    last = _number(item.get("last_year_value"))
    rank = _rank(item.get("rank"), "total")
    if value == 0 and not last and rank is None and not item.get("denominator"):
        return _missing(spec, fetched, period, NO_RECORDS, **extra)
    comparison = FigureComparison(
        last_year_value=last,
        yoy_percent=item.get("yoy_percent"),
        previous_period_value=_number(item.get("previous_period_value")),
        mom_percent=item.get("mom_percent"),
        rank=rank,
    )
    return _ok(spec, fetched, period, value, _format(value, spec.unit), comparison, **extra)


def _number(raw: Any) -> int | Decimal | None:
    """A service's number (int, or a decimal string) as an int or a Decimal; None stays None."""
    if raw is None:
        return None
    if isinstance(raw, int):
        return raw
    number = Decimal(str(raw))
    return int(number) if number == number.to_integral_value() and "." not in str(raw) else number


def _rank(raw: dict[str, Any] | None, total_key: str) -> ReportRank | None:
    if not raw or raw.get("rank") is None:
        return None
    return ReportRank(
        rank=int(raw["rank"]),
        of=raw.get(total_key),
        scope=str(raw["scope"]),
        source_document=raw.get("source_document"),
    )


def _format(value: int | Decimal, unit: str | None) -> str:
    """The number as the report writes it: money and rates rounded to their places, no trailing noise."""
    if isinstance(value, int):
        return str(value)
    places = PLACES.get(unit or "")
    if places is None:
        return format(value.normalize(), "f")
    return f"{value:.{places}f}"
