"""The work report's figures (domain.md §7): which service, which indicator, which SPA page holds the records.

Every figure of the report has one entry here, so a figure whose service is down or whose module holds no data
is still listed (as missing) instead of silently disappearing.
"""

from __future__ import annotations

from dataclasses import dataclass

CASE_FIGURES_PATH = "/api/v1/campaign/figures"
INVESTMENT_INDICATORS_PATH = "/api/v1/investment/indicators"
TRADE_INDICATORS_PATH = "/api/v1/trade/indicators"

FACT_PREFIX = "fact:"

#: The indicator endpoint of each service, asked once per report.
SOURCES: dict[str, str] = {
    "case": CASE_FIGURES_PATH,
    "investment": INVESTMENT_INDICATORS_PATH,
    "trade": TRADE_INDICATORS_PATH,
}


@dataclass(frozen=True, slots=True)
class FigureSpec:
    """One figure: its key in templates, its rows in §7, where it comes from and where its records are listed."""

    key: str
    rows: tuple[int, ...]
    name: str
    service: str
    source: str  # the figure number (case), indicator code (investment, rate:<code> for rates) or key (trade)
    part: str | None  # which part of a composite case figure (plan date, title, document number…)
    unit: str | None
    link: str  # SPA page listing the records behind the figure


def _case(key: str, no: int, name: str, unit: str | None, link: str, part: str | None = None) -> FigureSpec:
    return FigureSpec(key, (no,), name, "case", str(no), part, unit, link)


def _inv(
    key: str, rows: tuple[int, ...], name: str, unit: str, link: str, *, rate: bool = False, source: str | None = None
) -> FigureSpec:
    return FigureSpec(key, rows, name, "investment", f"rate:{key}" if rate else source or key, None, unit, link)


def _trade(key: str, rows: tuple[int, ...], name: str, unit: str, link: str) -> FigureSpec:
    return FigureSpec(key, rows, name, "trade", key, None, unit, link)


def _named(key: str, rows: tuple[int, ...], name: str, link: str) -> FigureSpec:
    """A named fact of the trade service: the names the report writes (events, honours, streets, brands)."""
    return FigureSpec(key, rows, name, "trade", f"{FACT_PREFIX}{key}", None, None, link)


FIGURES: tuple[FigureSpec, ...] = (
    _case("staff_seconded", 1, "抽调参加活动人数", "人", "/campaign-staff"),
    _case("staff_task_force", 2, "其中到活动专班人数", "人", "/campaign-staff"),
    _case("staff_coordination", 3, "其中到市统筹组人数", "人", "/campaign-staff"),
    _case("plan_issued_on", 4, "实施方案印发日期", None, "/policies", part="issue_date"),
    _case("plan_doc_number", 4, "实施方案文号", None, "/policies", part="doc_number"),
    _case("leader_key_enterprises", 5, "局领导每人包联重点企业数", "家", "/pairings"),
    _case("superior_received", 6, "接上级交办件数", "件", "/cases"),
    _case("superior_resolved", 7, "上级交办件已办结数", "件", "/cases"),
    _case("superior_resolution_rate", 8, "上级交办件办结率", "%", "/cases"),
    _case("measures_title", 9, "若干措施文件", None, "/policies", part="title"),
    _case("measure_areas", 9, "若干措施的措施方面数", "个方面", "/policies", part="measure_areas"),
    _inv("rounds_held", (10,), "参加全省“三个一批”活动期数", "期", "/investment/rounds"),
    # The sentence on the 三个一批 rounds counts what the rounds page lists: the projects signed at the rounds.
    _inv(
        "projects_signed", (10,), "“三个一批”活动签约项目数", "个", "/investment/rounds", source="round_projects_signed"
    ),
    _inv(
        "contracted_investment",
        (11,),
        "“三个一批”签约项目总投资",
        "亿元",
        "/investment/rounds",
        source="round_contracted_investment",
    ),
    _inv(
        "projects_landed", (12,), "“三个一批”签约项目落地数", "个", "/investment/rounds", source="round_projects_landed"
    ),
    _inv(
        "projects_started",
        (13,),
        "“三个一批”签约项目开工数",
        "个",
        "/investment/rounds",
        source="round_projects_started",
    ),
    _inv(
        "projects_in_production",
        (14,),
        "“三个一批”签约项目投产试产数",
        "个",
        "/investment/rounds",
        source="round_projects_in_production",
    ),
    _inv(
        "projects_signed_all",
        (10,),
        "全年签约项目总数（含“三个一批”以外）",
        "个",
        "/investment/projects",
        source="projects_signed",
    ),
    _inv("performance_rate", (12,), "履约率", "%", "/investment/projects", rate=True),
    _inv("start_rate", (13,), "开工率", "%", "/investment/projects", rate=True),
    _inv("production_rate", (14,), "投产率", "%", "/investment/projects", rate=True),
    _inv("out_of_province_projects", (15,), "引进省外资金项目数", "个", "/investment/projects"),
    _inv("out_of_province_funds", (16, 17, 18), "实际到位省外资金", "亿元", "/investment/funds"),
    _inv("new_foreign_enterprises", (19, 20, 21), "新设外资企业", "家", "/investment/foreign-enterprises"),
    _inv("foreign_capital_local", (22, 23, 24), "实际吸收外资（省定口径）", "万美元", "/investment/foreign-capital"),
    _inv("foreign_capital_mofcom", (22,), "实际使用外资（商务部口径）", "万美元", "/investment/foreign-capital"),
    _named("labour_brands", (25,), "涉外劳务品牌（名片）", "/trade/labour"),
    _trade("labour_exchange_events", (25,), "劳务合作交流活动", "场", "/trade/labour"),
    _trade("labour_dispatched", (26, 27), "对外劳务派出人数", "人", "/trade/labour"),
    _trade("fund_disbursed_enterprises", (28,), "政策资金拨付企业数", "家", "/trade/funds"),
    _trade("fund_disbursed_wan_yuan", (28,), "政策资金拨付金额", "万元", "/trade/funds"),
    _trade("fair_participants", (29,), "组织参展企业数", "家", "/trade/fairs"),
    _trade("fair_intended_deal_wan_usd", (29,), "参展意向成交额", "万美元", "/trade/fairs"),
    _trade("trainings_held", (30,), "外贸培训场次", "场", "/trade/fairs"),
    _trade("training_attendees", (30,), "外贸培训人次", "人次", "/trade/fairs"),
    _trade("export_registrations", (31,), "出口注册备案数", "项", "/trade/exports"),
    _trade("first_exports", (31,), "首次出口", "项", "/trade/exports"),
    _trade("shipment_trains", (32,), "中欧班列专列趟数", "趟", "/trade/exports"),
    _named("shipment_train_names", (32,), "出口专列名称", "/trade/exports"),
    _trade("shipment_batches", (33, 35), "监管出口批次", "批次", "/trade/exports"),
    _trade("shipment_goods_value_wan_yuan", (34, 36), "监管出口货值", "万元", "/trade/exports"),
    _trade("promotion_events", (37,), "促销活动场次", "场", "/trade/domestic"),
    _trade("promotion_consumption_yi_yuan", (38, 39), "促销活动带动消费", "亿元", "/trade/domestic"),
    _named("cuisine_contests", (37,), "美食推广大赛名称", "/trade/domestic"),
    _named("food_seasons", (37,), "美食季系列活动名称", "/trade/domestic"),
    _named("food_towns", (37,), "美食之乡（地区与称号）", "/trade/domestic"),
    _named("featured_brands", (37,), "推介的餐饮品牌", "/trade/domestic"),
    _named("time_honoured_titles", (40,), "老字号称号", "/trade/domestic"),
    _named("honours_by_kind", (40,), "荣誉创建（按级别、类别）", "/trade/domestic"),
    _trade("honours_created", (40,), "内贸荣誉创建", "个", "/trade/domestic"),
    _trade("streets_renovated", (41,), "步行街改造完成", "条", "/trade/domestic"),
    _named("streets_named", (41,), "改造完成的步行街（商业街）", "/trade/domestic"),
    _trade("ecommerce_demo_counties", (42,), "电子商务进农村综合示范县", "个", "/trade/ecommerce"),
    _trade("ecommerce_station_coverage_poor_villages", (43,), "电商服务站点贫困村覆盖率", "%", "/trade/ecommerce"),
    _trade("ecommerce_station_coverage_villages", (43,), "电商服务站点行政村覆盖率", "%", "/trade/ecommerce"),
    _trade("ecommerce_express_coverage_villages", (44,), "快递服务行政村覆盖率", "%", "/trade/ecommerce"),
    _trade("ecommerce_promotions_to_national", (45,), "晋级国家级示范县", "个", "/trade/ecommerce"),
    _named("ecommerce_national_promotions", (45,), "晋级国家级示范的县（月份）", "/trade/ecommerce"),
    _trade("ecommerce_public_brands", (46,), "农产品电商公共品牌", "个", "/trade/ecommerce"),
    _named("ecommerce_brand_names", (46,), "农产品电商公共品牌名称", "/trade/ecommerce"),
    _trade("ecommerce_training_person_times", (47,), "电商培训人次", "人次", "/trade/ecommerce"),
    _trade("ecommerce_training_person_times_cumulative", (47,), "电商培训累计人次", "人次", "/trade/ecommerce"),
)

FIGURES_BY_KEY: dict[str, FigureSpec] = {f.key: f for f in FIGURES}
