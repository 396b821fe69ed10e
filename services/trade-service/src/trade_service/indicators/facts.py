"""The report's named facts: the names the work report writes (events, honours, streets, brands, counties).

A figure counts records; a fact names them, in the words the report prints, from the same records and within
the same data scope and region. A fact without records has no text (the report lists it as missing).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import select

from platform_core.records import Resource
from trade_service.domestic.models import CommerceHonour, PromotionEvent, StreetRenovation
from trade_service.domestic.schemas import HonourKind, PromotionKind
from trade_service.domestic.service import HONOURS, PROMOTIONS, STREETS
from trade_service.ecommerce.models import DemoCounty, PublicBrand
from trade_service.ecommerce.service import BRANDS, DEMO_COUNTIES
from trade_service.exports.models import ExportShipment
from trade_service.exports.service import SHIPMENTS
from trade_service.indicators.schemas import Fact
from trade_service.indicators.service import LEVEL_LABELS, Ctx, as_of, in_period
from trade_service.labour.models import LabourBrand
from trade_service.labour.service import BRANDS as LABOUR_BRANDS

LIST_SEPARATOR = "、"
#: How the report names a kind of honour; 平安商场 and 绿色商场 are titles and are quoted.
HONOUR_WORDS = {
    HonourKind.TIME_HONOURED_BRAND.value: "老字号",
    HonourKind.BRAND_CONSUMPTION_CLUSTER.value: "品牌消费集聚区",
    HonourKind.SAFE_MALL.value: "“平安商场”",
    HonourKind.GREEN_MALL.value: "“绿色商场”",
    HonourKind.EXPRESS_LOGISTICS_PARK.value: "快递物流示范园区",
    HonourKind.PEDESTRIAN_STREET.value: "步行街",
}
#: The order the report lists honours in (the seed's order).
HONOUR_ORDER = list(HONOUR_WORDS)
LEVEL_ORDER = list(LEVEL_LABELS)

Named = tuple[str, list[int]]  # the text and the ids of the records it names
FactFn = Callable[[Ctx], Awaitable[Named]]
FACTS: list[tuple[str, str, FactFn]] = []


def fact(key: str, title: str) -> Callable[[FactFn], FactFn]:
    """Declare a named fact of the report."""

    def register(fn: FactFn) -> FactFn:
        FACTS.append((key, title, fn))
        return fn

    return register


def unique(names: Iterable[str]) -> list[str]:
    """Names in first-seen order, each once."""
    return list(dict.fromkeys(n for n in names if n))


async def rows(ctx: Ctx, stmt: Any) -> list[Any]:
    """The rows of a statement."""
    return list((await ctx.session.scalars(stmt)).all())


async def listed(
    ctx: Ctx, res: Resource, conds: Sequence[Any], order: Sequence[Any], text: Callable[[Any], str]
) -> Named:
    """The live rows of a resource in scope and region that meet the conditions, each named once, in order."""
    found = await rows(ctx, select(res.model).where(*ctx.where(res), *conds).order_by(*order))
    return LIST_SEPARATOR.join(unique(text(x) for x in found)), [x.id for x in found]


def _promotions(kind: PromotionKind) -> FactFn:
    async def names(ctx: Ctx) -> Named:
        pe = PromotionEvent
        conds = [*in_period(pe.starts_on, ctx.period), pe.kind == kind.value]
        return await listed(ctx, PROMOTIONS, conds, (pe.starts_on, pe.id), lambda p: p.name)

    return names


fact("cuisine_contests", "美食推广大赛名称")(_promotions(PromotionKind.CUISINE_CONTEST))
fact("food_seasons", "美食季系列活动名称")(_promotions(PromotionKind.FOOD_SEASON))


@fact("food_towns", "美食之乡")
async def food_towns(ctx: Ctx) -> Named:
    """The region's 美食之乡 titles by the end of the period: 「信阳市（中国茶筵之乡）」."""
    h = CommerceHonour
    conds = [h.kind == HonourKind.FOOD_TOWN.value, as_of(h.awarded_on, ctx.period)]
    return await listed(
        ctx,
        HONOURS,
        conds,
        (h.region_path, h.id),
        lambda x: f"{x.holder_name}（{x.title}）" if x.title else x.holder_name,
    )


@fact("featured_brands", "推介的餐饮品牌")
async def featured_brands(ctx: Ctx) -> Named:
    """The catering brands the period's promotions featured (打造…餐饮品牌)."""
    pe = PromotionEvent
    conds = [*in_period(pe.starts_on, ctx.period), pe.featured_brand.is_not(None)]
    return await listed(ctx, PROMOTIONS, conds, (pe.starts_on, pe.id), lambda p: p.featured_brand or "")


@fact("time_honoured_titles", "老字号称号")
async def time_honoured_titles(ctx: Ctx) -> Named:
    """The 老字号 titles held by the end of the period: 「河南老字号」 (untitled ones by their level when none is)."""
    h = CommerceHonour
    stmt = (
        select(h)
        .where(*ctx.where(HONOURS), h.kind == HonourKind.TIME_HONOURED_BRAND.value, as_of(h.awarded_on, ctx.period))
        .order_by(h.awarded_on, h.id)
    )
    found = await rows(ctx, stmt)
    titled = [x for x in found if x.title]
    texts = [x.title or "" for x in titled] or [f"{LEVEL_LABELS.get(x.level, '')}老字号" for x in found]
    return LIST_SEPARATOR.join(unique(texts)), [x.id for x in titled or found]


@fact("honours_by_kind", "荣誉创建（按级别、类别）")
async def honours_by_kind(ctx: Ctx) -> Named:
    """Honours awarded in the period by level and kind: 「省级品牌消费集聚区1个，省级“平安商场”2个」."""
    h = CommerceHonour
    stmt = select(h).where(*ctx.where(HONOURS), h.kind.in_(HONOUR_ORDER), *in_period(h.awarded_on, ctx.period))
    found = await rows(ctx, stmt)
    counts: dict[tuple[str, str], int] = {}
    for x in found:
        counts[(x.level, x.kind)] = counts.get((x.level, x.kind), 0) + 1

    def order(item: tuple[tuple[str, str], int]) -> tuple[int, int]:
        (level, kind), _ = item
        return (
            LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER),
            HONOUR_ORDER.index(kind),
        )

    parts = [
        f"{LEVEL_LABELS.get(level, level)}{HONOUR_WORDS[kind]}{n}个"
        for (level, kind), n in sorted(counts.items(), key=order)
    ]
    return "，".join(parts), sorted(x.id for x in found)


@fact("streets_named", "改造完成的步行街（商业街）")
async def streets_named(ctx: Ctx) -> Named:
    """Streets whose renovation was completed in the period, each with its county: 「浉河区胜利路步行街」."""
    st = StreetRenovation
    return await listed(
        ctx,
        STREETS,
        in_period(st.completed_on, ctx.period),
        (st.completed_on, st.id),
        lambda x: f"{_place(ctx, x.region_code, x.name)}{x.name}",
    )


def _place(ctx: Ctx, region_code: str, name: str) -> str:
    """A county's name before a street's, unless the report is the county's own or the name already says it."""
    county = ctx.regions.name_of(region_code) or ""
    if region_code == ctx.code or name.startswith(county):
        return ""
    return county


@fact("ecommerce_national_promotions", "晋级国家级示范的县（月份）")
async def ecommerce_national_promotions(ctx: Ctx) -> Named:
    """Demonstration counties promoted to national level in the period, with the month: 「6月息县」."""
    d = DemoCounty

    def text(x: DemoCounty) -> str:
        month = x.promoted_to_national_on.month if x.promoted_to_national_on else ""
        return f"{month}月{ctx.regions.name_of(x.region_code) or ''}"

    conds = in_period(d.promoted_to_national_on, ctx.period)
    return await listed(ctx, DEMO_COUNTIES, conds, (d.promoted_to_national_on, d.id), text)


@fact("ecommerce_brand_names", "农产品电商公共品牌名称")
async def ecommerce_brand_names(ctx: Ctx) -> Named:
    """The county public brands launched by the end of the period: 「“光山十宝”、“新县味”」."""
    b = PublicBrand
    launched = b.launched_on.is_(None) | as_of(b.launched_on, ctx.period)
    return await listed(ctx, BRANDS, [launched], (b.id,), lambda x: f"“{x.name}”")


@fact("labour_brands", "涉外劳务品牌")
async def labour_brands(ctx: Ctx) -> Named:
    """The labour-cooperation brands of the region by the end of the period (用好…涉外劳务名片)."""
    lb = LabourBrand
    known = lb.recognized_on.is_(None) | as_of(lb.recognized_on, ctx.period)
    return await listed(ctx, LABOUR_BRANDS, [known], (lb.id,), lambda x: x.name)


@fact("shipment_train_names", "出口专列名称")
async def shipment_train_names(ctx: Ctx) -> Named:
    """The named trains the period's shipments rode (搭乘…趟“中欧班列—信阳绿茶专列”)."""
    s = ExportShipment
    conds = [*in_period(s.shipped_on, ctx.period), s.train_name.is_not(None)]
    return await listed(ctx, SHIPMENTS, conds, (s.shipped_on, s.id), lambda x: x.train_name or "")


async def named_facts(ctx: Ctx) -> list[Fact]:
    """Every named fact for the context's period and region."""
    out = []
    for key, title, fn in FACTS:
        text, ids = await fn(ctx)
        out.append(Fact(key=key, title=title, text=text or None, record_ids=ids))
    return out
