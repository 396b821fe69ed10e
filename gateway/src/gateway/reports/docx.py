"""The report as a DOCX in the official document format (GB/T 9704-2012 党政机关公文格式).

A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; a text area of 22 lines of 28
characters; title in 2号 (22 pt) 方正小标宋简体, body in 3号 (16 pt) 仿宋_GB2312, first-level headings in
3号黑体, second-level in 3号楷体_GB2312; page numbers 「— 1 —」 in 4号 (14 pt) 宋体 at the foot.

The file names the standard fonts so that a government desktop shows them. Where a font is not installed the
renderer substitutes one; `FALLBACK_FONTS` lists the Noto CJK faces `fonts.conf` maps them to for LibreOffice.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from gateway.reports.template import Rendered, Segment
from platform_core.exports import xml_text

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_1_FONT = "黑体"
HEADING_2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
#: What each standard font falls back to where it is not installed (see fonts.conf).
FALLBACK_FONTS: dict[str, str] = {
    TITLE_FONT: "Noto Serif CJK SC (Bold)",
    BODY_FONT: "Noto Serif CJK SC",
    HEADING_1_FONT: "Noto Sans CJK SC",
    HEADING_2_FONT: "Noto Serif CJK SC",
    PAGE_NUMBER_FONT: "Noto Serif CJK SC",
}

TITLE_PT = 22  # 2号
BODY_PT = 16  # 3号
PAGE_NUMBER_PT = 14  # 4号
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
#: 225 mm (637.8 pt) of text height holds 22 lines of 28.95 pt (579 twentieths of a point, the grid's unit).
LINE_PITCH_TWIPS = 579
LINE_PITCH_PT = LINE_PITCH_TWIPS / 20
#: 156 mm (442.2 pt) of text width holds 28 characters of 16 pt drawn 0.25 pt closer (in twentieths of a point).
CHAR_SPACING_TWIPS = -5
MISSING_NOTE_TITLE = "附：暂无数据的图表"


def render_docx(rendered: Rendered) -> bytes:
    """The filled report as DOCX bytes."""
    doc = Document()
    _page(doc)
    _defaults(doc)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(title, first_line_chars=0)
    for i, line in enumerate(rendered.title_lines()):
        if i:
            title.add_run().add_break()
        for seg in line:
            _run(title, seg, TITLE_FONT, TITLE_PT)
    _spacing(doc.add_paragraph(), first_line_chars=0)  # one blank line between title and body
    for p in rendered.paragraphs:
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _spacing(para)
        head_font = HEADING_1_FONT if p.heading_level == 1 else HEADING_2_FONT
        for seg in p.heading:
            _run(para, seg, head_font, BODY_PT)
        for seg in p.body:
            _run(para, seg, BODY_FONT, BODY_PT)
    if rendered.missing:
        # A draft with gaps says where they are, so nobody signs off a report with a figure left blank.
        _spacing(doc.add_paragraph(), first_line_chars=0)
        note = doc.add_paragraph()
        _spacing(note)
        _run(note, Segment(MISSING_NOTE_TITLE), HEADING_1_FONT, BODY_PT)
        for i, item in enumerate(rendered.missing, start=1):
            line = doc.add_paragraph()
            _spacing(line)
            where = f"（位置：{item.place}；{item.excerpt}）" if item.place else ""
            _run(line, Segment(f"{i}. {item.name}{where}：{item.reason}"), BODY_FONT, BODY_PT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page(doc: Document) -> None:
    """A4 portrait with the standard margins, the 22 x 28 grid and page numbers."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.footer_distance = Mm(28 - 7)  # the page number sits 7 mm below the text area's last line
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    grid = OxmlElement("w:docGrid")
    # A line grid only: the 28 characters per line come from the run spacing, which every renderer honours
    # (LibreOffice spreads characters over a character grid differently from Word).
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    sect_pr.append(grid)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, Segment("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
    _page_field(footer)
    _run(footer, Segment(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_PT)


def _defaults(doc: Document) -> None:
    """The Normal style: 3号仿宋 with Times New Roman for Latin letters and digits."""
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), BODY_FONT)


def _spacing(paragraph: DocxParagraph, first_line_chars: int = 2) -> None:
    """Exact line pitch of the grid, no space around, and a first-line indent of two characters."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(BODY_PT * first_line_chars) if first_line_chars else None


def _run(paragraph: DocxParagraph, seg: Segment, east_asian_font: str, size_pt: int) -> None:
    """A run in a Chinese font (Latin text in Times New Roman)."""
    # Figures and the edited text come from user data: a control character must not break the document.
    run = paragraph.add_run(xml_text(seg.text))
    run.font.size = Pt(size_pt)
    run.font.name = LATIN_FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian_font)
    fonts.set(qn("w:hint"), "eastAsia")
    if size_pt == BODY_PT:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
        run._element.get_or_add_rPr().append(spacing)


def _page_field(paragraph: DocxParagraph) -> None:
    """A PAGE field in the footer's font."""
    run = paragraph.add_run()
    run.font.size = Pt(PAGE_NUMBER_PT)
    run.font.name = LATIN_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), PAGE_NUMBER_FONT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._element.append(t)
