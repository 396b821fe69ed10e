"""XLSX rendering of a rhythm report: one sheet per table, a title row, a frozen header, sized columns."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from case_service.indicators.schemas import StatsBlock
from case_service.reports.schemas import CaseReport, Column, Table
from platform_core.exports import workbook_bytes, write_cell
from platform_core.periods import SHANGHAI

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 3
TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FORBIDDEN_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def display_width(value: Any) -> int:
    """Columns a value needs: wide (CJK) characters count twice."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def cell_value(value: Any, column: Column) -> Any:
    """A value as Excel stores it: instants in Beijing time without offset, percentages as numbers."""
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).replace(tzinfo=None)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


NUMBER_FORMATS = {"percent": "0.0", "number": "0.00", "int": "0", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}


def write_sheet(ws: Worksheet, title: str, subtitle: str, columns: list[Column], rows: list[dict[str, Any]]) -> None:
    """Title (row 1), subtitle (row 2), header (row 3, frozen), data, and widths that fit."""
    width = max(len(columns), 1)
    write_cell(ws, 1, 1, title).font = TITLE_FONT
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    write_cell(ws, 2, 1, subtitle)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    widths = [display_width(c.label) for c in columns]
    for j, column in enumerate(columns, start=1):
        cell = write_cell(ws, HEADER_ROW, j, column.label)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, row in enumerate(rows, start=HEADER_ROW + 1):
        for j, column in enumerate(columns, start=1):
            value = cell_value(row.get(column.key), column)
            # Case titles and enterprise names are user text: written as text, never as formulas.
            cell = write_cell(ws, i, j, value)
            cell.border = BORDER
            if column.kind in NUMBER_FORMATS and value is not None:
                cell.number_format = NUMBER_FORMATS[column.kind]
            shown = value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime | date) else value
            widths[j - 1] = max(widths[j - 1], display_width(shown))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(max(w + 2, 8), 60)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)


def summary_table(all_cases: StatsBlock, superior: StatsBlock) -> Table:
    """The headline counts and rates, all cases beside 上级交办 ones, with each rate's counts and basis."""
    counts = [
        ("登记数", "received", "flow"),
        ("交办数", "assigned", "flow"),
        ("办结数", "resolved", "flow"),
        ("销号数", "closed", "flow"),
        ("回访评价数", "rated", "flow"),
        ("期内登记中不予受理数", "rejected", "cohort"),
        ("期内登记中合并办理数", "merged", "cohort"),
        ("期内登记中受理数", "accepted", "cohort"),
        ("在办数", "open", "snapshot"),
        ("无计划未办结数", "open_without_plan", "snapshot"),
        ("黄色预警", "yellow", "snapshot"),
        ("红色预警", "red", "snapshot"),
        ("升级预警", "escalated", "snapshot"),
        ("超期数", "overdue", "snapshot"),
    ]
    rows: list[dict[str, Any]] = [
        {
            "metric": label,
            "all": getattr(getattr(all_cases, part), key),
            "superior": getattr(getattr(superior, part), key),
        }
        for label, key, part in counts
    ]
    for label, key in (
        ("办结率(%)", "resolution"),
        ("按期办结率(%)", "on_time"),
        ("签收及时率(%)", "sign_timely"),
        ("反馈及时率(%)", "feedback_timely"),
        ("满意率(%)", "satisfaction"),
    ):
        rate, sup = getattr(all_cases.rates, key), getattr(superior.rates, key)
        rows.append(
            {
                "metric": label,
                "all": rate.value,
                "superior": sup.value,
                "numerator": rate.numerator,
                "denominator": rate.denominator,
                "basis": f"{rate.numerator_label} ÷ {rate.denominator_label}",
            }
        )
    return Table(
        key="summary",
        title="概况",
        columns=[
            Column(key="metric", label="指标"),
            Column(key="all", label="全部", kind="number"),
            Column(key="superior", label="其中上级交办", kind="number"),
            Column(key="numerator", label="分子(全部)", kind="int"),
            Column(key="denominator", label="分母(全部)", kind="int"),
            Column(key="basis", label="口径"),
        ],
        rows=rows,
    )


def comparison_table(report: CaseReport) -> Table:
    """环比 and 同比 of the report, as a table."""
    return Table(
        key="comparisons",
        title="同比环比",
        columns=[
            Column(key="metric", label="指标"),
            Column(key="basis", label="对比"),
            Column(key="current", label="本期", kind="int"),
            Column(key="previous", label="对比期", kind="int"),
            Column(key="change_percent", label="增减(%)", kind="percent"),
        ],
        rows=[c.model_dump() for c in report.comparisons],
    )


def render(report: CaseReport) -> bytes:
    """The report as an XLSX workbook."""
    wb = Workbook()
    subtitle = (
        f"统计期间：{report.period.first_day}至{report.period.last_day}　区域：{report.region_name or '全部'}"
        f"　统计时点：{report.as_of.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"
        f"　生成时间：{report.generated_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"
    )
    summary = summary_table(report.summary, report.superior)
    summary.rows += [{"metric": ""}] + [{"metric": "说明", "basis": note} for note in report.notes]
    tables = [summary]
    if report.comparisons:
        tables.append(comparison_table(report))
    tables += report.tables
    first = True
    for table in tables:
        ws = wb.active if first else wb.create_sheet()
        first = False
        assert ws is not None
        ws.title = table.title.translate(FORBIDDEN_SHEET_CHARS)[:31]
        write_sheet(ws, f"{report.title}——{table.title}", subtitle, table.columns, table.rows)
    return workbook_bytes(wb)


def content_disposition(ascii_name: str, name: str) -> str:
    """An attachment header with an ASCII fallback and the UTF-8 name (RFC 5987 / RFC 6266)."""
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
