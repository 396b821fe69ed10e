"""Exports: user text is written as text (never a formula or an error value), characters XML cannot hold are
dropped, numbers stay numbers, and the import template goes through the same writer."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from pydantic import BaseModel

from platform_core.exports import (
    CELL_MAX_CHARS,
    append_row,
    formula_like,
    safe_cell,
    workbook_bytes,
    write_cell,
    xml_text,
)
from platform_core.imports import Column, ImportSpec
from platform_core.testing import assert_readable_export

HOSTILE_TEXT = '=HYPERLINK("http://evil","x")\x01\x0b'


def test_xml_text_drops_what_xml_cannot_hold_and_keeps_the_rest():
    assert xml_text("张\x00三\x01\x08\x0b\x0c\x1f\x7f") == "张三\x7f"
    assert xml_text("a\tb\nc\rd") == "a\tb\nc\rd"
    assert xml_text("lone \ud800 surrogate \udfff") == "lone  surrogate "
    assert xml_text("\ufffe\uffff\ufffd") == "\ufffd"
    assert xml_text("信阳毛尖 😀 \U0010ffff") == "信阳毛尖 😀 \U0010ffff"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x","y")'])
def test_formula_leads_are_recognised(text):
    assert formula_like(text)


@pytest.mark.parametrize("text", ["1+1", "张三", " =1", "", "＝1", "a=b"])
def test_ordinary_text_is_not_formula_like(text):
    assert not formula_like(text)


def test_safe_cell_cleans_text_and_leaves_other_types_alone():
    assert safe_cell("x\x01y") == "xy"
    assert len(safe_cell("字" * (CELL_MAX_CHARS + 10))) == CELL_MAX_CHARS
    for value in (-5, -1.5, Decimal("-3.20"), date(2021, 7, 1), True, None):
        assert safe_cell(value) == value and type(safe_cell(value)) is type(value)


VALUES = [HOSTILE_TEXT, "+86 138", "-3", "@home", "#N/A", "\tindent", -42, Decimal("-0.5"), "张三"]


def check_row(ws):
    cells = list(ws[1])
    formula, plus, minus, at, error, tab, number, decimal, name = cells
    assert (formula.value, formula.data_type, formula.quotePrefix) == ('=HYPERLINK("http://evil","x")', "s", True)
    for cell, text in ((plus, "+86 138"), (minus, "-3"), (at, "@home"), (tab, "\tindent")):
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert (error.value, error.data_type, error.quotePrefix) == ("#N/A", "s", False)
    assert (number.value, number.data_type) == (-42, "n")
    assert (decimal.value, decimal.data_type) == (-0.5, "n")
    assert (name.value, name.data_type, name.quotePrefix) == ("张三", "s", False)


@pytest.mark.parametrize("write_only", [True, False])
def test_append_row_writes_text_as_text_in_both_kinds_of_sheet(write_only):
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("s") if write_only else wb.active
    append_row(ws, VALUES)
    check_row(load_workbook(io.BytesIO(workbook_bytes(wb))).worksheets[0])


def test_write_cell_writes_text_as_text_and_keeps_later_styles():
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    for column, value in enumerate(VALUES, start=1):
        write_cell(ws, 1, column, value).font = Font(bold=True)
    back = load_workbook(io.BytesIO(workbook_bytes(wb))).active
    check_row(back)
    assert back["A1"].font.bold and back["A1"].quotePrefix


def test_without_the_writer_openpyxl_breaks_or_writes_a_formula():
    """Why the writer exists: the same values straight into openpyxl fail or become live formulas."""
    from openpyxl.utils.exceptions import IllegalCharacterError

    ws = Workbook().active
    with pytest.raises(IllegalCharacterError):
        ws.cell(row=1, column=1, value=HOSTILE_TEXT)
    assert ws.cell(row=1, column=2, value='=HYPERLINK("http://evil","x")').data_type == "f"


class Row(BaseModel):
    name: str
    kind: str


def test_the_import_template_holds_no_formula():
    columns = (Column("name", "=名称", note="@说明"), Column("kind", "-类别", choices={"甲": "a"}))
    spec = ImportSpec(Row, columns, title="t")
    wb = load_workbook(io.BytesIO(spec.template()))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells and all(c.data_type == "s" for c in cells)
    assert wb.worksheets[0]["A1"].value == "=名称*" and wb.worksheets[0]["A1"].quotePrefix


def _sheet(*values: str) -> bytes:
    wb = Workbook()
    for value in values:
        wb.active.append([value])
    return workbook_bytes(wb)


@pytest.mark.parametrize("code", ["superior_received", "auth.login", "状态：labour_worker.returned"])
def test_an_export_showing_a_code_is_caught(code: str) -> None:
    with pytest.raises(AssertionError, match="codes instead of names"):
        assert_readable_export(_sheet("姓名", code))


def test_names_addresses_and_file_names_pass_and_listed_codes_are_caught() -> None:
    assert_readable_export(
        _sheet("外派劳务人员.xlsx", "http://example.cn/a_b", "li.si@example.cn", "Linux x86_64", "已回国")
    )
    with pytest.raises(AssertionError):
        assert_readable_export(_sheet("returned"), codes=["returned"])
