"""Enumerations (业务字典) the SPA and the exports name: codes fixed by the code, labels an administrator edits.

A record's state, source, urgency… is a code the state machines and queries rely on, so no one may add or
remove one at run time; what reads it (the label, the order of a list of choices, the colour of its tag,
whether a form still offers it) is the administrator's. This module is the one table of the default labels:
the gateway serves it, merged with the administrator's edits (`gateway.enumerations`), as
`GET /api/v1/enumerations`; the SPA's dictionary store reads labels only from there (`dictLabel`, `<DictTag>`)
and the services' exports name codes through `labels()`. A code the enumeration does not know reads as itself.

Not to be confused with `platform_core.dictionaries`: those are code lists officers create (诉求分类, 产业链).
How to add an enumeration: docs/dictionaries-and-parameters.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Element Plus tag types; a colour is one of these or a hex colour `#rrggbb`.
TAG_TYPES: tuple[str, ...] = ("primary", "success", "info", "warning", "danger")
COLOUR_PATTERN = re.compile(r"^(primary|success|info|warning|danger|#[0-9a-fA-F]{6})$")


@dataclass(frozen=True, slots=True)
class Item:
    """One code of an enumeration with its default label and colour."""

    code: str
    label: str
    colour: str = "info"


@dataclass(frozen=True, slots=True)
class Enumeration:
    """A fixed set of codes: its key, its Chinese name, the app that owns the codes and the items in order."""

    key: str
    name: str
    app: str
    items: tuple[Item, ...]

    def label_of(self, code: str) -> str:
        """The default label of a code (the code itself when unknown)."""
        return next((item.label for item in self.items if item.code == code), code)


def _enum(key: str, name: str, app: str, *items: tuple[str, str] | tuple[str, str, str]) -> Enumeration:
    return Enumeration(key, name, app, tuple(Item(*item) for item in items))


ENUMERATIONS: tuple[Enumeration, ...] = (
    # case-service: 13710 cases
    _enum(
        "case_state",
        "诉求状态",
        "case",
        ("SUBMITTED", "待受理", "info"),
        ("ACCEPTED", "已受理", "primary"),
        ("ASSIGNED", "已交办", "primary"),
        ("RETURN_REQUESTED", "申请退回", "warning"),
        ("IN_PROGRESS", "办理中", "primary"),
        ("EXTENSION_REQUESTED", "申请延期", "warning"),
        ("ESCALATED", "会商中", "danger"),
        ("LONG_TERM_TRACKING", "长期跟踪", "warning"),
        ("PENDING_REVIEW", "待审核", "warning"),
        ("PAUSED", "已暂停", "warning"),
        ("RESOLVED", "已办结", "success"),
        ("VISITED", "已回访", "success"),
        ("CLOSED", "已销号", "info"),
    ),
    _enum(
        "case_closed_reason",
        "诉求关闭原因",
        "case",
        ("resolved", "已销号", "info"),
        ("rejected", "不予受理", "info"),
        ("merged", "已合并", "info"),
    ),
    _enum(
        "case_source",
        "诉求来源",
        "case",
        ("superior", "上级交办", "danger"),
        ("enterprise", "企业反映", "primary"),
        ("visit", "走访发现", "success"),
        ("hotline", "12345热线", "warning"),
        ("leader", "领导交办", "danger"),
    ),
    _enum(
        "case_urgency",
        "紧急程度",
        "case",
        ("normal", "一般", "info"),
        ("urgent", "紧急", "warning"),
        ("critical", "特急", "danger"),
    ),
    _enum("case_complexity", "复杂程度", "case", ("ordinary", "一般", "info"), ("major", "重大复杂", "warning")),
    _enum(
        "case_satisfaction",
        "满意度",
        "case",
        ("satisfied", "满意", "success"),
        ("basically_satisfied", "基本满意", "primary"),
        ("dissatisfied", "不满意", "danger"),
    ),
    _enum(
        "case_warning",
        "预警等级",
        "case",
        ("green", "正常", "success"),
        ("yellow", "黄色预警", "warning"),
        ("red", "红色预警", "danger"),
        ("escalated", "升级督办", "primary"),
    ),
    _enum(
        "supervision_level",
        "督办级别",
        "case",
        ("reminder", "提醒", "info"),
        ("warning", "警告", "warning"),
        ("circular", "通报", "danger"),
    ),
    _enum(
        "enterprise_type",
        "企业类型",
        "case",
        ("state_owned", "国有企业", "danger"),
        ("collective", "集体企业", "warning"),
        ("private", "民营企业", "primary"),
        ("foreign", "外商投资企业", "success"),
        ("hk_mo_tw", "港澳台投资企业", "success"),
        ("individual", "个体工商户", "info"),
        ("other", "其他", "info"),
    ),
    _enum(
        "case_attachment_kind",
        "附件类别",
        "case",
        ("material", "诉求材料", "info"),
        ("result", "办理结果", "success"),
    ),
    _enum(
        "case_link_kind",
        "诉求关联类型",
        "case",
        ("related", "关联", "info"),
        ("duplicate", "重复", "warning"),
        ("split", "拆分", "primary"),
    ),
    _enum(
        "case_report_kind",
        "工作调度报表类型",
        "case",
        ("biweekly", "双周调度", "primary"),
        ("monthly", "月度总结", "primary"),
        ("quarterly", "季度讲评", "success"),
        ("annual", "年度考核", "danger"),
    ),
    _enum(
        "notification_kind",
        "消息类型",
        "case",
        ("assigned", "新交办", "primary"),
        ("feedback_due", "反馈将到期", "warning"),
        ("due_tomorrow", "办结将到期", "warning"),
        ("overdue", "已超期", "danger"),
        ("supervised", "被督办", "danger"),
        ("rated", "企业已评价", "success"),
        ("returned", "退回/审批", "warning"),
        ("result_submitted", "待审核", "primary"),
        ("resolved", "已办结", "success"),
        ("urged", "催办", "warning"),
        ("material", "补充材料", "primary"),
        ("digest", "每日摘要", "info"),
        ("policy", "政策推送", "success"),
        ("quality", "撤单质检", "danger"),
    ),
    _enum(
        "quality_event",
        "撤单质检事件",
        "case",
        ("rejected", "不予受理", "info"),
        ("merged", "合并", "info"),
        ("withdrawn", "撤回", "info"),
        ("returned", "退单", "warning"),
    ),
    _enum(
        "quality_status", "撤单质检状态", "case", ("pending", "待质检", "warning"), ("reviewed", "已质检", "success")
    ),
    _enum(
        "quality_verdict",
        "撤单质检结论",
        "case",
        ("qualified", "合格", "success"),
        ("unqualified", "不合格", "danger"),
        ("rectify", "需整改", "warning"),
    ),
    _enum("supervision_state", "督办单状态", "case", ("open", "待回复", "warning"), ("replied", "已回复", "success")),
    _enum(
        "pairing_kind",
        "包联身份",
        "case",
        ("leader", "包联领导", "danger"),
        ("chief_service_officer", "首席服务官", "primary"),
        ("service_commissioner", "服务专员", "success"),
    ),
    _enum(
        "policy_kind",
        "政策文件类别",
        "case",
        ("implementation_plan", "实施方案", "primary"),
        ("measures", "若干措施", "success"),
        ("notice", "通知", "info"),
    ),
    _enum(
        "staff_group",
        "抽调人员分组",
        "case",
        ("task_force", "活动专班", "primary"),
        ("coordination_group", "市协调组", "success"),
        ("other", "其他", "info"),
    ),
    _enum(
        "enterprise_size",
        "企业规模",
        "case",
        ("large", "大型", "danger"),
        ("medium", "中型", "warning"),
        ("small", "小型", "primary"),
        ("micro", "微型", "info"),
    ),
    # investment-service
    _enum(
        "investment_origin",
        "资金来源地",
        "investment",
        ("local", "省内", "primary"),
        ("out_of_province", "省外", "success"),
        ("foreign", "境外（含港澳台）", "warning"),
    ),
    _enum(
        "investment_caliber",
        "统计口径",
        "investment",
        ("local", "省定口径", "primary"),
        ("mofcom", "商务部口径", "success"),
    ),
    _enum(
        "investment_stage",
        "项目阶段",
        "investment",
        ("negotiating", "在谈", "info"),
        ("signed", "已签约", "primary"),
        ("landed", "已履约落地", "primary"),
        ("started", "已开工", "primary"),
        ("in_production", "已投产", "success"),
        ("at_capacity", "已达产", "success"),
        ("stalled", "停滞", "warning"),
        ("cancelled", "已终止", "danger"),
    ),
    _enum(
        "investment_category",
        "项目类别",
        "investment",
        ("manufacturing", "制造业", "primary"),
        ("investment_attraction", "招商引资", "primary"),
        ("strategic_emerging", "战略性新兴产业", "success"),
        ("infrastructure", "基础设施", "info"),
        ("modern_services", "现代服务业", "warning"),
        ("social", "社会事业", "info"),
    ),
    _enum(
        "investment_round_kind",
        "批次类型",
        "investment",
        ("provincial", "全省集中", "danger"),
        ("city", "全市集中", "primary"),
    ),
    _enum(
        "bulletin_scope",
        "通报范围",
        "investment",
        ("province", "全省", "primary"),
        ("national", "全国", "danger"),
    ),
    # trade-service
    _enum(
        "trade_mode",
        "活动方式",
        "trade",
        ("online", "线上", "primary"),
        ("offline", "线下", "success"),
        ("hybrid", "线上线下", "warning"),
    ),
    _enum(
        "trade_worker_status",
        "外派劳务人员状态",
        "trade",
        ("registered", "已登记", "info"),
        ("trained", "已培训", "primary"),
        ("departed", "已出境", "success"),
        ("returned", "已回国", "warning"),
    ),
    _enum(
        "trade_channel",
        "出口运输方式",
        "trade",
        ("china_europe_railway", "中欧班列", "danger"),
        ("sea", "海运", "primary"),
        ("air", "空运", "success"),
        ("road", "公路", "warning"),
        ("other", "其他", "info"),
    ),
    _enum(
        "trade_fund_kind",
        "资金类别",
        "trade",
        ("sme_market_development", "中小开", "primary"),
        ("export_credit_insurance", "出口信用保险保费补贴", "success"),
        ("other", "其他", "info"),
    ),
    _enum(
        "trade_honour_kind",
        "称号类别",
        "trade",
        ("time_honoured_brand", "老字号", "danger"),
        ("brand_consumption_cluster", "品牌消费集聚区", "primary"),
        ("safe_mall", "平安商场", "success"),
        ("green_mall", "绿色商场", "success"),
        ("express_logistics_park", "快递物流示范园区", "warning"),
        ("pedestrian_street", "步行街", "primary"),
        ("food_town", "美食之乡", "warning"),
    ),
    _enum(
        "trade_level",
        "称号级别",
        "trade",
        ("national", "国家级", "danger"),
        ("provincial", "省级", "warning"),
        ("city", "市级", "primary"),
    ),
    _enum(
        "trade_promotion_kind",
        "促消费活动类别",
        "trade",
        ("food_festival", "美食节", "primary"),
        ("shopping_festival", "购物节", "primary"),
        ("consumption_season", "消费季", "success"),
        ("cuisine_contest", "美食推广大赛", "warning"),
        ("food_season", "美食季系列活动", "warning"),
        ("other", "其他", "info"),
    ),
    _enum(
        "trade_street_kind",
        "街区类别",
        "trade",
        ("pedestrian_street", "步行街", "primary"),
        ("cultural_tourism_street", "文旅街区", "success"),
        ("commercial_street", "商业街", "info"),
    ),
    _enum(
        "trade_demo_level",
        "示范级别",
        "trade",
        ("national", "国家级", "danger"),
        ("provincial", "省级", "warning"),
    ),
)

BY_KEY: dict[str, Enumeration] = {e.key: e for e in ENUMERATIONS}


def enumeration(key: str) -> Enumeration:
    """The enumeration of a key (KeyError for a key not declared: a typo should fail the test, not a user)."""
    return BY_KEY[key]


def labels(key: str) -> dict[str, str]:
    """Code → default label of one enumeration, in order (exports pass it to `platform_core.exports.column`)."""
    return {item.code: item.label for item in BY_KEY[key].items}


def as_json() -> list[dict[str, object]]:
    """The registry as plain data (the SPA's test of hard-coded label tables reads the dump of it)."""
    return [
        {
            "key": e.key,
            "name": e.name,
            "app": e.app,
            "items": [{"code": i.code, "label": i.label, "colour": i.colour} for i in e.items],
        }
        for e in ENUMERATIONS
    ]
