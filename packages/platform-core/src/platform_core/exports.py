"""Files the platform writes (XLSX, DOCX) from user data: odd text never breaks them, and nothing in them runs.

Every XLSX writer puts its values through `write_cell()` (a worksheet cell) or `append_row()` (a row of a
write-only or normal sheet) and saves with `workbook_bytes()`; the DOCX builder passes its text through
`xml_text()`. A list's 导出 declares its sheet once (`Sheet`: Chinese headers, one reader per column) and
answers with `Sheet.response()`, after `fetch_all()` read the filtered rows through the list's own query (same
filters, same data scope) under the service's `export_max_rows` cap; `audited_export()` records who exported
what with which filters.

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
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core.auth import Principal
from platform_core.pagination import PageParams
from platform_core.problems import ProblemError

if TYPE_CHECKING:  # openpyxl loads only when a file is written
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from platform_core.audit import AuditTrail

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: OpenAPI `responses` of an XLSX download endpoint.
XLSX_RESPONSES: dict[int | str, dict[str, Any]] = {200: {"content": {XLSX_MEDIA_TYPE: {}}}}
#: Times in a sheet are the bureau's wall-clock time (Excel cells hold no offset).
_SHEET_ZONE = ZoneInfo("Asia/Shanghai")
T = TypeVar("T")

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


def download(content: bytes, filename: str, media_type: str = XLSX_MEDIA_TYPE) -> Response:
    """A file download with a UTF-8 file name (RFC 6266)."""
    suffix = filename.rsplit(".", 1)[-1]
    ascii_name = filename.encode("ascii", "ignore").decode().strip(".") or f"export.{suffix}"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


def xlsx_response(content: bytes, filename: str) -> Response:
    """An XLSX download with a UTF-8 file name (RFC 6266)."""
    return download(content, filename, XLSX_MEDIA_TYPE)


def sheet_value(value: Any) -> Any:
    """A rendered field as a cell holds it: enums by value, aware times as Beijing wall-clock text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(_SHEET_ZONE).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value if v is not None)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column of an exported list: its Chinese header and how it reads a rendered item."""

    header: str
    read: Callable[[T], Any]


def column(header: str, name: str, labels: Mapping[Any, str] | None = None) -> Column[Any]:
    """A column showing an attribute of the rendered item, through Chinese labels when given."""

    def read(item: Any) -> Any:
        value = getattr(item, name)
        if labels is not None and value is not None:
            return labels.get(value, labels.get(getattr(value, "value", value), value))
        return value

    return Column(header, read)


@dataclass(frozen=True)
class Sheet(Generic[T]):
    """A list's export: sheet title (also the file name) and its columns, in order."""

    title: str
    columns: Sequence[Column[T]]

    def workbook(self, items: Iterable[T]) -> bytes:
        """The items as an XLSX workbook: one header row, one row per item."""
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(self.title)
        append_row(ws, [c.header for c in self.columns])
        for item in items:
            append_row(ws, [sheet_value(c.read(item)) for c in self.columns])
        return workbook_bytes(wb)

    def response(self, items: Iterable[T]) -> Response:
        """The items as an XLSX download named after the sheet."""
        return xlsx_response(self.workbook(items), f"{self.title}.xlsx")

    async def export(
        self,
        request: Request,
        session: AsyncSession,
        audit: AuditTrail,
        *,
        principal: Principal,
        entity_type: str,
        list_page: Callable[[PageParams], Awaitable[tuple[list[Any], int]]],
        render: Callable[[list[Any]], Awaitable[list[T]]],
    ) -> Response:
        """A list's 导出: every row its query finds (under the service's cap), rendered as the list, audited."""
        rows = await fetch_all(list_page, request.app.state.settings.export_max_rows)
        items = await render(rows)
        await audited_export(
            session, audit, principal=principal, entity_type=entity_type, request=request, count=len(items)
        )
        return self.response(items)


def too_many_rows(limit: int, field_name: str = "region_code") -> ProblemError:
    """The 422 of an export beyond the cap, naming the filter to narrow."""
    return ProblemError(
        422,
        "validation_failed",
        f"导出超过{limit}条，请缩小筛选范围",
        errors=[{"field": field_name, "location": "query", "message": "导出数据过多", "code": "too_many"}],
    )


async def fetch_all(list_page: Callable[[PageParams], Awaitable[tuple[list[T], int]]], limit: int) -> list[T]:
    """Every row a paged list query finds, read as one page of `limit` rows (422 when there are more)."""
    rows, total = await list_page(PageParams(page=1, page_size=limit))
    # A total that is a lower bound (`Total.exact`) stopped counting past the page: more rows than the limit.
    if total > limit or not getattr(total, "exact", True):
        raise too_many_rows(limit)
    return rows


async def audited_export(
    session: AsyncSession,
    audit: AuditTrail,
    *,
    principal: Principal,
    entity_type: str,
    request: Request,
    count: int,
) -> None:
    """Record that the caller exported `count` rows of a list with the request's filters (committed here)."""
    query = request.query_params
    used = {k: vs[0] if len(vs) == 1 else vs for k in query for vs in [query.getlist(k)]}
    await audit.record(
        session,
        principal=principal,
        action=f"{entity_type}.export",
        entity_type=entity_type,
        entity_id=None,
        region_code=principal.region_code,
        after={"filters": used, "rows": count},
        detail=f"导出{count}条",
    )
    await session.commit()
