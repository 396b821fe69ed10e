"""Files the platform writes (XLSX, DOCX) from user data: odd text never breaks them, and nothing in them runs.

Every XLSX writer puts its values through `write_cell()` (a worksheet cell) or `append_row()` (a row of a
write-only or normal sheet) and saves with `workbook_bytes()`; the DOCX builder passes its text through
`xml_text()`.

- `xml_text()` removes what XML 1.0 cannot hold: control characters other than tab, LF and CR, U+FFFE/U+FFFF
  and lone surrogates. One such character in one record (a name pasted from another system) would otherwise
  make openpyxl or python-docx refuse the whole file.
- Text is always written as a text cell (type `s`), so a value like `=HYPERLINK("http://x","click")` is never
  a formula and `#N/A` never an error value. Text beginning with `=`, `+`, `-`, `@`, tab or CR (the leads
  OWASP lists for formula injection) also carries Excel's quote-prefix style, the marker Excel itself sets for
  text typed after an apostrophe: the cell stays text when someone edits it and presses Enter. The value is not
  changed (no visible leading `'`), so an exported sheet reads back and re-imports as it was entered. Numbers,
  dates and booleans stay what they are: a negative amount is still a number.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # openpyxl loads only when a file is written
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

#: Excel holds at most this many characters in a cell; longer text is cut rather than making a broken file.
CELL_MAX_CHARS = 32_767
#: Leads that make a spreadsheet read text as a formula (OWASP CSV/formula injection).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold (control characters but tab/LF/CR, lone surrogates)."""
    return _NOT_XML.sub("", text)


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would take the text for a formula if it were typed in."""
    return text.startswith(FORMULA_LEADS)


def safe_cell(value: Any) -> Any:
    """A value as an export stores it: text cleaned for XML and cut to Excel's limit; other types unchanged."""
    if isinstance(value, str):
        return xml_text(value)[:CELL_MAX_CHARS]
    return value


def _as_text(cell: Cell, text: str) -> Cell:
    # Set after the value: openpyxl infers `f` for "=..." and `e` for "#N/A"; text must stay text.
    cell.data_type = "s"
    if formula_like(text):
        cell.quotePrefix = True
    return cell


def write_cell(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Put a value into a cell of a normal worksheet, text as text (see the module's rule)."""
    value = safe_cell(value)
    cell = ws.cell(row=row, column=column, value=value)
    return _as_text(cell, value) if isinstance(value, str) else cell


def append_row(ws: Any, values: Iterable[Any]) -> None:
    """Append a row to a worksheet (write-only or normal), text as text (see the module's rule)."""
    from openpyxl.cell import WriteOnlyCell

    row: list[Any] = []
    for value in values:
        value = safe_cell(value)
        # A plain string is already written as text unless openpyxl would infer a formula or an error value;
        # only those (rare) values need a cell object, which keeps large write-only exports fast.
        if isinstance(value, str) and (formula_like(value) or value.startswith("#")):
            value = _as_text(WriteOnlyCell(ws, value=value), value)
        row.append(value)
    ws.append(row)


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as XLSX bytes."""
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
