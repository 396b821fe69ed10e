"""The report's text: default templates in the seed report's structure and wording, placeholders, rendering.

A template is plain text: its first line is the title, every other non-empty line a paragraph. A paragraph
opening with `一、` (黑体) or `（一）` (楷体) carries a heading up to its first `。` (or the whole line), as
GB/T 9704 sets them. `{{key}}` is a figure's value, `{{key.yoy}}` its 同比 (%), `{{key.mom}}` its 环比 (%),
`{{key.rank}}` its rank in Chinese numerals; `{{region_name}}`, `{{period_label}}`, `{{year}}` and
`{{next_year}}` come from the report's own context. A placeholder without data renders as 「（暂无数据）」.
A 同比/环比 written 「增长{{key.yoy}}%」 reads 「下降3.0%」 when the figure fell.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from gateway.reports.catalogue import FIGURES_BY_KEY
from gateway.reports.schemas import MissingFigure, ReportFigure

MISSING_TEXT = "（暂无数据）"
GROWTH, DECLINE = "增长", "下降"
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)(?:\.(yoy|mom|rank))?\s*\}\}")
#: The report's own context and how the 缺数清单 names it when it is unknown.
CONTEXT_LABELS = {
    "region_name": "报告区域名称",
    "province_name": "所在省份名称",
    "period_label": "报告期间",
    "year": "报告年度",
    "next_year": "下一年度",
}
CONTEXT_KEYS = tuple(CONTEXT_LABELS)
UNKNOWN_LABEL = "未知的占位符"
#: Where a placeholder stands before the first heading and after the last numbered part.
OPENING_PLACE, CLOSING_PLACE = "开头", "结尾"
#: Characters of the text before a missing placeholder the 缺数清单 quotes to show where it stands.
EXCERPT_CHARS = 16
PART_NAMES = {"yoy": "同比", "mom": "环比", "rank": "位次"}
PART_REASONS = {
    "yoy": "上年同期无数据，无法计算同比",
    "mom": "上期无数据，无法计算环比",
    "rank": "未导入该指标该期间的通报",
}
HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、")
HEADING_2 = re.compile(r"^（[一二三四五六七八九十]+）")
CN_DIGITS = "零一二三四五六七八九"
#: A 2号 title line holds 20 characters; a longer title breaks after the issuing organ's name (…局).
TITLE_LINE_CHARS = 20

TemplateKind = Literal["annual", "short"]

ANNUAL_TEMPLATE = """{{region_name}}商务局“万人助万企”活动开展情况汇报
{{year}}年，市商务局认真贯彻落实省委市委关于“万人助万企”活动的各项决策部署，坚持问题导向、结果导向，躬耕入局，全面推动全市商务系统疑难问题解决，全年活动进展顺利。现将{{region_name}}商务局“万人助万企”活动开展情况汇报如下：
一、周密安排部署。市委市政府安排“万人助万企”活动后，市商务局党组高度重视，第一时间组织召开党组会，专题研究“万人助万企”活动实施方案、工作安排，并成立了以局主要领导为组长的市商务局“万人助万企”活动领导小组，明确“万人助万企”活动领导小组办公室和工作人员，加强对活动的组织领导。从商务部门抽调{{staff_seconded}}名精兵强将参加市“万人助万企”活动，其中{{staff_task_force}}人到活动专班工作，{{staff_coordination}}人到市统筹组工作。
二、详实制定方案。为深入贯彻党中央、国务院和省委省政府、市委市政府关于促进经济发展的决策部署，按照市委、市政府“万人助万企”活动安排，{{plan_issued_on}}印发了《“万人助万企”活动{{region_name}}商务局实施方案》（{{plan_doc_number}}），进一步优化营商环境，推动“放管服”改革，激发市场主体的内生动力和市场活力，为我市经济高质量发展奠定了良好基础。
三、建立完善机制。市商务局以“1+1”产业定位和全市重点商贸企业（项目）为主体，局领导每人包联{{leader_key_enterprises}}家重点企业，深入包联企业（项目）调研解决问题。实行双周调度、月度总结推进、季度讲评、年度考核工作制度，严格落实“13710”工作机制，工作机制不断优化，工作效率不断提高。截至目前，市商务局接上级交办件共计{{superior_received}}件，已办结{{superior_resolved}}件，办结率达{{superior_resolution_rate}}%。
四、落实政策措施。市商务局认真研究政策，熟练掌握政策，印发了《{{measures_title}}》，从建立协同联动机制、强化项目资金支持、帮助企业应对融资难题、深入推进招商引资、深入开展“千家外企大走访”活动、助力企业开拓市场、支持外贸新业态发展、围绕惠企利民促消费优化服务、促进商贸流通企业健康发展、促进对外投资和经济合作高质量发展、加大企业涉外法律援助和培训力度等{{measure_areas}}个方面聚焦问题，切实为企业办实事，解难题、解真难。及时传达学习上级新政策、新法规、新动态，为企业提供更深层次的服务。
五、重点工作亮点纷呈
（一）开放招商成效显著。高标准开展“三个一批”活动。紧扣“1+1”主导产业签约合作，先后{{rounds_held}}期共签约项目{{projects_signed}}个，总投资额{{contracted_investment}}亿元，其中落地{{projects_landed}}个，开工{{projects_started}}个，投产试产{{projects_in_production}}个；全年全市共签约项目{{projects_signed_all}}个（含“三个一批”活动以外签约的项目）。组织开展“千家外企大走访”，建立外资企业“白名单”、首席服务官制度，协调解决存量外资企业困难和问题；疫情非常时期下非常之功，紧盯粤港澳大湾区有外资背景企业，实施“外商内招”。{{year}}年，我市引进省外资金项目{{out_of_province_projects}}个，实际到位省外资金{{out_of_province_funds}}亿元，同比增长{{out_of_province_funds.yoy}}%，居全省第{{out_of_province_funds.rank}}位，超额完成省定全年目标任务。{{year}}年，我市新设外资企业{{new_foreign_enterprises}}家，同比增长{{new_foreign_enterprises.yoy}}%，居全省第{{new_foreign_enterprises.rank}}位。实际吸收外资{{foreign_capital_local}}万美元，同比增长{{foreign_capital_local.yoy}}%，居全省第{{foreign_capital_local.rank}}位。
（二）对外经贸稳步发展。一是用好{{labour_brands}}涉外劳务名片。联合商务部成功举办中韩合作线上交流会等{{labour_exchange_events}}场交流活动。中韩雇佣制我市全年共派出赴韩人员{{labour_dispatched}}人，居全国第{{labour_dispatched.rank}}。二是指导企业用足用好外贸“中小开、出口信用保险政策”，资金已拨付到{{fund_disbursed_enterprises}}家企业，共{{fund_disbursed_wan_yuan}}万元。三是组织{{fair_participants}}家外贸企业参加广交会（线上、线下）、“{{province_name}}出口商品网上展示交易会”，寻商机、扩销路。组织参加“对欧经贸合作、区域全面经济伙伴关系协定（RCEP）、外经贸企业汇率避险业务线上培训班”、“单一窗口”应用等外贸培训{{trainings_held}}场、{{training_attendees}}人次，增强竞争力。四是扩大优势特色产品出口。新推荐出口肉类企业对乌兹别克斯坦、哈萨克斯坦、新加坡及中国澳门注册，全年出口注册备案{{export_registrations}}项，实现首次出口{{first_exports}}项。指导出口茶叶企业搭乘{{shipment_trains}}趟“{{shipment_train_names}}”、监管出口茶叶{{shipment_batches}}批次，货值{{shipment_goods_value_wan_yuan}}万元，同比分别增长{{shipment_batches.yoy}}%、{{shipment_goods_value_wan_yuan.yoy}}%。
（三）内贸流通加快推进。一是引导支持大型流通企业以乡镇为重点下沉供应链，完善农村现代商贸流通体系。市商务局牵头上报大别山农产品现代物流中心市场优化升级专项行动实施方案。二是组织开展美食节、购物节等促销活动{{promotion_events}}场次，带动消费{{promotion_consumption_yi_yuan}}亿元，环比增长{{promotion_consumption_yi_yuan.mom}}%。成功指导举办{{cuisine_contests}}，组织参加{{food_seasons}}系列活动启动仪式暨美食之乡宣介活动，集中宣传了{{food_towns}}的饮食文化内涵，打造{{featured_brands}}餐饮品牌，弘扬我市地方特色饮食文化。三是开展{{time_honoured_titles}}、品牌消费集聚区、绿色商场创建，织密“一刻钟社区便民生活圈”。成功创建{{honours_by_kind}}，共{{honours_created}}个。{{streets_named}}改造成效显著。
（四）电子商务提速增效。一是电子商务进农村综合示范县达{{ecommerce_demo_counties}}个，电商服务站点贫困村覆盖率{{ecommerce_station_coverage_poor_villages}}%，快递服务行政村覆盖率{{ecommerce_express_coverage_villages}}%，今年{{ecommerce_national_promotions}}成功晋级国家级示范项目建设。二是我市各个示范县均已培育本地农产品电商公共品牌，如{{ecommerce_brand_names}}等，共{{ecommerce_public_brands}}个。组织农产品企业参加“三品一标”认证培训，开展可追溯体系建设。三是大力开展电商人才培训。各县区常年开设免费电商培训，全年培训{{ecommerce_training_person_times}}人次，已累计培训{{ecommerce_training_person_times_cumulative}}人次。
{{next_year}}年，市商务局将认真总结经验，持续推进“万人助万企”活动，一是进一步完善工作机制和工作制度，创新工作方式和方法，提高工作效率。二是聚焦企业需求。切实为企业办实事，解难题，助力企业发展。三是以“万人助万企”为抓手，构建“亲”“清”共融的新型政商关系，加快推进制度型开放高地建设，持续优化全市营商环境。
"""

#: A county's own report speaks of the county: the city's words in the annual text, in the order they are replaced
#: (longer phrases first, so 「市委市政府」 is not half-replaced by 「市委」).
COUNTY_WORDS = (
    ("省委市委", "省委县委"),
    ("市委市政府", "县委县政府"),
    ("市委、市政府", "县委、县政府"),
    ("市商务局", "县商务局"),
    ("市统筹组", "县统筹组"),
    ("市“万人助万企”", "县“万人助万企”"),
    ("全市", "全县"),
    ("我市", "我县"),
    ("各县区", "各乡镇"),
)

SHORT_TEMPLATE = """{{region_name}}商务局“万人助万企”活动{{period_label}}工作情况
{{period_label}}，市商务局持续推进“万人助万企”活动，严格落实“13710”工作机制，现将有关情况报告如下：
一、问题办理。接上级交办件{{superior_received}}件，已办结{{superior_resolved}}件，办结率{{superior_resolution_rate}}%。局领导每人包联{{leader_key_enterprises}}家重点企业。
二、招商引资。签约项目{{projects_signed}}个，总投资额{{contracted_investment}}亿元；实际到位省外资金{{out_of_province_funds}}亿元，同比增长{{out_of_province_funds.yoy}}%；实际吸收外资{{foreign_capital_local}}万美元，同比增长{{foreign_capital_local.yoy}}%。
三、对外经贸。派出赴韩务工人员{{labour_dispatched}}人；组织{{fair_participants}}家企业参展；监管出口茶叶{{shipment_batches}}批次，货值{{shipment_goods_value_wan_yuan}}万元。
四、内贸与电商。开展促销活动{{promotion_events}}场次，带动消费{{promotion_consumption_yi_yuan}}亿元，环比增长{{promotion_consumption_yi_yuan.mom}}%；电商培训{{ecommerce_training_person_times}}人次。
五、下一步工作。聚焦企业需求，持续推进“万人助万企”活动，切实为企业办实事、解难题。
"""


#: The city whose 2021 report the default texts are written from: its reports (and its counties') keep that wording.
SEED_CITY = "411500"

#: What the seed report says of 信阳 alone — its “1+1” industries, the 大别山 logistics centre, its tea and meat
#: exports, the areas of its measures and the trainings it attended — and how any other city's default says it;
#: the city's and its counties' names come from the report's region and figures.
OTHER_CITY_WORDS = (
    ("市商务局以“1+1”产业定位和全市重点商贸企业（项目）为主体", "市商务局以主导产业和全市重点商贸企业（项目）为主体"),
    ("紧扣“1+1”主导产业签约合作", "紧扣主导产业签约合作"),
    (
        "从建立协同联动机制、强化项目资金支持、帮助企业应对融资难题、深入推进招商引资、深入开展“千家外企大走访”活动、"
        "助力企业开拓市场、支持外贸新业态发展、围绕惠企利民促消费优化服务、促进商贸流通企业健康发展、"
        "促进对外投资和经济合作高质量发展、加大企业涉外法律援助和培训力度等",
        "从",
    ),
    (
        "组织参加“对欧经贸合作、区域全面经济伙伴关系协定（RCEP）、外经贸企业汇率避险业务线上培训班”、“单一窗口”应用等外贸培训",
        "组织参加外贸政策、“单一窗口”应用等外贸培训",
    ),
    ("新推荐出口肉类企业对乌兹别克斯坦、哈萨克斯坦、新加坡及中国澳门注册，", "推荐出口企业办理境外注册，"),
    ("指导出口茶叶企业搭乘", "指导出口企业搭乘"),
    ("监管出口茶叶", "监管出口货物"),
    ("市商务局牵头上报大别山农产品现代物流中心市场优化升级专项行动实施方案", "市商务局牵头推进农产品现代物流体系建设"),
)

#: The province's own report (a province officer's) speaks of the province and its department of commerce.
PROVINCE_WORDS = (
    ("{{region_name}}商务局", "{{region_name}}商务厅"),
    ("省委市委", "省委"),
    ("省委省政府、市委市政府", "省委省政府"),
    ("市委市政府", "省委省政府"),
    ("市委、市政府", "省委、省政府"),
    ("市商务局", "省商务厅"),
    ("市统筹组", "省统筹组"),
    ("市“万人助万企”", "省“万人助万企”"),
    ("全市", "全省"),
    ("我市", "我省"),
    ("各县区", "各市县"),
)


def default_template(
    kind: TemplateKind, *, county: bool = False, city_code: str | None = SEED_CITY, province: bool = False
) -> str:
    """The default text of an annual or a shorter (quarterly, monthly) report for a region: the seed report's words
    in 信阳 (`city_code`: the city the region belongs to), a city's own elsewhere; a county's speaks of the county,
    the province's of the province."""
    text = ANNUAL_TEMPLATE if kind == "annual" else SHORT_TEMPLATE
    if province or city_code != SEED_CITY:
        for seed_words, own_words in OTHER_CITY_WORDS:
            text = text.replace(seed_words, own_words)
    if province:
        for city_word, province_word in PROVINCE_WORDS:
            text = text.replace(city_word, province_word)
    elif county:
        for city_word, county_word in COUNTY_WORDS:
            text = text.replace(city_word, county_word)
    return text


def template_kind(period_kind: str) -> TemplateKind:
    """A year gets the annual report; a quarter, a month or a span the shorter one."""
    return "annual" if period_kind == "year" else "short"


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders a template names that no figure or context value answers."""
    return sorted(
        {
            m.group(0)
            for m in PLACEHOLDER.finditer(text)
            if m.group(1) not in FIGURES_BY_KEY and not (m.group(1) in CONTEXT_KEYS and m.group(2) is None)
        }
    )


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 23 → 二十三 (ranks are written in words in the report)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    if n < 100:
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")
    return str(n)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of a paragraph: plain text, or a filled (or missing) placeholder."""

    text: str
    placeholder: str | None = None
    missing: bool = False


@dataclass(slots=True)
class Paragraph:
    """One paragraph: its heading level (0 body, 1 黑体, 2 楷体) for the leading run, and its runs."""

    heading_level: int
    heading: list[Segment]
    body: list[Segment]


@dataclass(slots=True)
class Rendered:
    """A filled template: the title, the paragraphs and what could not be filled."""

    title: list[Segment]
    paragraphs: list[Paragraph]
    missing: list[MissingFigure] = field(default_factory=list)

    @property
    def title_text(self) -> str:
        """The title as plain text."""
        return "".join(s.text for s in self.title)

    def title_lines(self) -> list[list[Segment]]:
        """The title in lines: one when it fits, else broken after the organ's name (…局) when that fits."""
        text = self.title_text
        cut = text.find("局") + 1
        if len(text) <= TITLE_LINE_CHARS or not 0 < cut <= TITLE_LINE_CHARS or cut == len(text):
            return [self.title]
        first: list[Segment] = []
        second: list[Segment] = []
        pos = 0
        for seg in self.title:
            end = pos + len(seg.text)
            if end <= cut:
                first.append(seg)
            elif pos >= cut or seg.placeholder is not None:
                second.append(seg)
            else:
                first.append(Segment(seg.text[: cut - pos]))
                second.append(Segment(seg.text[cut - pos :]))
            pos = end
        return [first, second]


def render(text: str, figures: list[ReportFigure], context: dict[str, str | None]) -> Rendered:
    """Fill a template's placeholders from the figures; missing ones become 「（暂无数据）」 and are listed.

    Every missing placeholder is listed once per part of the report it stands in, with that part's heading, the
    words before it and the reason, so nothing the report leaves blank goes unmentioned.
    """
    by_key = {f.key: f for f in figures}
    missing: dict[tuple[str, str], MissingFigure] = {}
    place = OPENING_PLACE

    def fill(line: str) -> list[Segment]:
        out: list[Segment] = []
        pos = 0
        verb = GROWTH  # the direction word last written in this line, for 「分别增长5.0%、下降3.0%」
        for m in PLACEHOLDER.finditer(line):
            if m.start() > pos:
                out.append(Segment(line[pos : m.start()]))
            key, part = m.group(1), m.group(2)
            name = f"{key}.{part}" if part else key
            value, reason = _value(by_key, context, key, part)
            if value is not None and part in ("yoy", "mom") and line.startswith("%", m.end()):
                value, verb = _worded_change(value, out, verb)
            if value is None:
                before = "".join(s.text for s in out)[-EXCERPT_CHARS:]
                missing.setdefault(
                    (name, place),
                    MissingFigure(
                        key=name,
                        name=label_of(by_key, key, part),
                        reason=reason or "暂无数据",
                        place=place,
                        excerpt=f"…{before}□" if before else "□",
                    ),
                )
                out.append(Segment(MISSING_TEXT, placeholder=name, missing=True))
            elif key in context and part is None:
                out.append(Segment(value))  # the report's own context, not a figure with records
            else:
                out.append(Segment(value, placeholder=name))
            pos = m.end()
        if pos < len(line):
            out.append(Segment(line[pos:]))
        return out

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = fill(lines[0]) if lines else []
    paragraphs = []
    for index, line in enumerate(lines[1:], start=1):
        heading = _heading_of(line)
        if heading:
            place = heading
        elif index == len(lines) - 1 and index > 1:
            place = CLOSING_PLACE
        paragraphs.append(_paragraph(line, fill))
    return Rendered(title=title, paragraphs=paragraphs, missing=list(missing.values()))


def label_of(by_key: dict[str, ReportFigure], key: str, part: str | None) -> str:
    """A placeholder's name as the 缺数清单 writes it (Chinese, never the key)."""
    figure = by_key.get(key)
    base = figure.name if figure else CONTEXT_LABELS.get(key, UNKNOWN_LABEL)
    return base + (PART_NAMES[part] if part else "")


def _heading_of(line: str) -> str | None:
    """A numbered part's heading (up to its first 。), which names where a placeholder stands."""
    if not (HEADING_1.match(line) or HEADING_2.match(line)):
        return None
    cut = line.find("。")
    return line if cut < 0 else line[:cut]


def _worded_change(value: str, out: list[Segment], verb: str) -> tuple[str, str]:
    """A 同比/环比 written as the report writes it: 「增长5.0%」 or 「下降3.0%」, never 「增长-3.0%」.

    The template says 「增长{{x.yoy}}%」; a fall turns that word into 「下降」. A value listed after
    another without a word of its own (「分别增长{{a.yoy}}%、{{b.yoy}}%」) gets one when its direction
    differs from the word before it.
    """
    direction = DECLINE if value.startswith("-") else GROWTH
    number = value.removeprefix("-")
    before = out[-1] if out and out[-1].placeholder is None else None
    if before is not None and before.text.endswith((GROWTH, DECLINE)):
        # The template's word gives way to the figure's direction (both words are two characters).
        out[-1] = Segment(before.text[: -len(GROWTH)] + direction)
        return number, direction
    return (number if direction == verb else direction + number), direction


def _paragraph(line: str, fill: Callable[[str], list[Segment]]) -> Paragraph:
    """Split a heading run off the paragraph (up to the first 。 or the whole line)."""
    level = 1 if HEADING_1.match(line) else 2 if HEADING_2.match(line) else 0
    if level == 0:
        return Paragraph(0, [], fill(line))
    cut = line.find("。")
    head, rest = (line, "") if cut < 0 else (line[: cut + 1], line[cut + 1 :])
    return Paragraph(level, fill(head), fill(rest) if rest else [])


def _value(
    by_key: dict[str, ReportFigure], context: dict[str, str | None], key: str, part: str | None
) -> tuple[str | None, str | None]:
    """A placeholder's text, or None and why."""
    if key in context and part is None:
        value = context[key]
        return (value, None) if value else (None, f"未找到{CONTEXT_LABELS.get(key, UNKNOWN_LABEL)}")
    figure = by_key.get(key)
    if figure is None:
        return None, "模板中的占位符没有对应的数据项"
    if figure.missing:
        return None, figure.reason
    if part is None:
        return figure.display, None
    cmp = figure.comparison
    if part == "yoy" and cmp.yoy_percent is not None:
        return f"{cmp.yoy_percent:.1f}", None
    if part == "mom" and cmp.mom_percent is not None:
        return f"{cmp.mom_percent:.1f}", None
    if part == "rank" and cmp.rank is not None:
        return chinese_number(cmp.rank.rank), None
    return None, PART_REASONS[part]


def to_html(rendered: Rendered) -> str:
    """The filled report as HTML for preview; every figure carries `data-figure` so the page can link it."""

    def runs(segments: list[Segment]) -> str:
        out = []
        for s in segments:
            text = html.escape(s.text)
            if s.placeholder is None:
                out.append(text)
            else:
                cls = "doc-figure doc-missing" if s.missing else "doc-figure"
                out.append(f'<span class="{cls}" data-figure="{html.escape(s.placeholder)}">{text}</span>')
        return "".join(out)

    title = "<br>".join(runs(line) for line in rendered.title_lines())
    parts = [f'<article class="gb-doc"><h1 class="doc-title">{title}</h1>']
    for p in rendered.paragraphs:
        head = f'<span class="doc-h{p.heading_level}">{runs(p.heading)}</span>' if p.heading_level else ""
        parts.append(f'<p class="doc-p">{head}{runs(p.body)}</p>')
    parts.append("</article>")
    return "".join(parts)
