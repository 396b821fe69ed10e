"""一企一档 as a DOCX to print or file: the directory record, then each part as a table with Chinese headers.

A4 in the fonts of the work report (`gateway.reports.docx`: 方正小标宋简体 title, 黑体 headings, 仿宋_GB2312
text); tables use a smaller size so that a part's columns fit the page. Parts a service could not give are
named with the reason instead of being left out silently.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from gateway.profile.schemas import EnterpriseProfile
from gateway.reports.docx import BODY_FONT, HEADING_1_FONT, LATIN_FONT, TITLE_FONT
from platform_core.exports import xml_text

SHANGHAI = ZoneInfo("Asia/Shanghai")
TABLE_PT = 10.5  # 五号
TEXT_PT = 12  # 小四

#: The directory fields the document lists first, in order.
DIRECTORY: tuple[tuple[str, str], ...] = (
    ("name", "企业名称"),
    ("uscc", "统一社会信用代码"),
    ("region_name", "所在地区"),
    ("industry", "所属行业"),
    ("legal_representative", "法定代表人"),
    ("contact_person", "联系人"),
    ("contact_phone", "联系电话"),
    ("address", "地址"),
)

#: Each part's columns: the field of its service's list item (the `*_label` fields carry the services' own
#: names of codes) and its header.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "pairings": (
        ("person_name", "包联人"),
        ("unit_name", "所在单位"),
        ("kind_label", "类型"),
        ("start_date", "开始日期"),
        ("end_date", "结束日期"),
    ),
    "visits": (("visit_date", "走访日期"), ("visitors", "走访人"), ("unit_name", "走访单位"), ("notes", "情况")),
    "cases": (
        ("case_no", "编号"),
        ("title", "诉求"),
        ("state_label", "状态"),
        ("warning_label", "预警"),
        ("lead_unit_name", "牵头单位"),
        ("created_at", "登记时间"),
    ),
    "projects": (
        ("code", "项目编号"),
        ("name", "项目名称"),
        ("stage_label", "阶段"),
        ("contracted_investment_wan_yuan", "签约投资额（万元）"),
    ),
    "foreign_enterprise": (
        ("name", "企业名称"),
        ("investor_country_region", "投资方国别"),
        ("established_on", "设立日期"),
    ),
    "foreign_capital": (("month", "月份"), ("caliber", "口径"), ("amount_wan_usd", "金额（万美元）")),
    "fund_grants": (
        ("enterprise_name", "企业"),
        ("amount_wan_yuan", "金额（万元）"),
        ("approved_on", "批准日期"),
        ("disbursed_on", "拨付日期"),
    ),
    "fairs": (("name", "展会"), ("mode", "形式"), ("starts_on", "开始"), ("ends_on", "结束")),
    "export_registrations": (
        ("product", "产品"),
        ("destination_country", "目的国家或地区"),
        ("registered_on", "注册日期"),
        ("first_exported_on", "首次出口"),
    ),
    "shipments": (
        ("shipped_on", "发运日期"),
        ("product", "产品"),
        ("train_no", "班列"),
        ("goods_value_wan_yuan", "货值（万元）"),
    ),
}


def text_of(value: Any) -> str:
    """A field as the document prints it: lists joined, times in Beijing time, nothing as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str) and len(value) > 10 and value[4:5] == "-" and value[10:11] == "T":
        try:
            return datetime.fromisoformat(value).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return value
    return str(value)


def render_profile_docx(profile: EnterpriseProfile) -> bytes:
    """The profile as DOCX bytes."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(20)
    ent = profile.enterprise
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, f"一企一档 · {ent.get('name') or ''}", TITLE_FONT, 22)
    made = profile.generated_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    note = doc.add_paragraph()
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(note, f"生成时间：{made}", BODY_FONT, TEXT_PT)
    _heading(doc, "名录信息")
    rows = [(label, text_of(ent.get(key))) for key, label in DIRECTORY if key in ent]
    _table(doc, ("项目", "内容"), rows)
    for part in profile.parts:
        count = f"（共{part.total}条）" if part.ok and part.total is not None else ""
        _heading(doc, f"{part.title}{count}")
        if not part.ok:
            _line(doc, f"暂不可用：{part.reason or '服务未响应'}")
        elif not part.items:
            _line(doc, "暂无记录")
        else:
            columns = COLUMNS.get(part.key, ())
            _table(doc, [h for _, h in columns], [[text_of(i.get(k)) for k, _ in columns] for i in part.items])
            if part.total is not None and part.total > len(part.items):
                _line(doc, f"仅列出前{len(part.items)}条，其余见系统中的列表。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _run(paragraph: Paragraph, text: str, east_asian_font: str, size_pt: float) -> None:
    """A run in a Chinese font (Latin text in Times New Roman); text cleaned of what XML cannot hold."""
    run = paragraph.add_run(xml_text(text))
    run.font.size = Pt(size_pt)
    run.font.name = LATIN_FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian_font)


def _heading(doc: Any, text: str) -> None:
    para = doc.add_paragraph()
    para.paragraph_format.space_before = Pt(12)
    _run(para, text, HEADING_1_FONT, 14)


def _line(doc: Any, text: str) -> None:
    _run(doc.add_paragraph(), text, BODY_FONT, TEXT_PT)


def _table(doc: Any, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _run(cell.paragraphs[0], header, HEADING_1_FONT, TABLE_PT)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _run(cell.paragraphs[0], value, BODY_FONT, TABLE_PT)
    return table
