"""Tabular imports: a column spec with Chinese headers turns an XLSX or CSV file (or JSON rows) into validated
pydantic rows, all-or-nothing, and builds the blank XLSX template from the same spec.

Usage::

    SPEC = ImportSpec(ProjectRow, (Column("code", "项目编号"), Column("name", "项目名称")), title="招商项目")
    result = SPEC.read_file(content, filename)      # or SPEC.read_records([{...}, ...]) for JSON rows
    result.add_error(row, "code", "项目编号已存在")   # checks that need the database
    result.raise_if_invalid()                       # 422 `import.rows_invalid` listing every error
    for row_number, row in result.rows: ...

Row numbers are the spreadsheet's (the header is row 1, so the first data row is usually 2) for files, and
1-based positions in the array for JSON rows.

An upload cannot hurt the service (limits in `platform_core.settings.ImportLimits`, env `IMPORT_*`):

- the body is counted while it streams and the file's size checked before parsing (413);
- an XLSX archive is judged from its central directory before anything is inflated: total uncompressed size
  (413), each part's compression ratio, the number of parts, the compression method (422);
- the first sheet streams through openpyxl's read-only mode and reading stops at the first limit passed:
  rows (the sheet's, and the import's own data-row limit), columns, characters per cell (422). Each sheet's
  XML is also counted as it inflates, so a sheet without a `<dimension>` (which openpyxl would read whole to
  size it) or with one enormous row is stopped at the same limits;
- `read_upload` parses in a worker thread, so the event loop (and `/livez`) keeps answering.
"""

from __future__ import annotations

import asyncio
import csv
import io
import itertools
import json
import re
import types
import zipfile
import zlib
from collections.abc import Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar, Union, get_args, get_origin

from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile
from starlette.types import Message

from platform_core.exports import XLSX_MEDIA_TYPE as XLSX_MEDIA_TYPE  # kept importable here
from platform_core.exports import append_row, workbook_bytes, write_cell
from platform_core.exports import xlsx_response as xlsx_response  # the templates' download, kept importable here
from platform_core.parameters import IMPORT_MAX_ROWS, edited_value
from platform_core.problems import ProblemError, validation_errors
from platform_core.settings import ImportLimits

M = TypeVar("M", bound=BaseModel)

ROWS_INVALID = "import.rows_invalid"
#: Room in a multipart body for the boundaries and the form fields beside the file.
FORM_OVERHEAD_BYTES = 64 * 1024
#: Parts smaller than this may compress as well as they like (styles, shared formulas); bombs are larger.
RATIO_GRACE_BYTES = 1024 * 1024
#: Errors listed in one problem; the count of all of them is in `error_count`.
MAX_LISTED_ERRORS = 1000
#: A county sheet often starts with a title row or two; the header is looked for in the first rows.
HEADER_SEARCH_ROWS = 10

_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_UNIT_SUFFIX = re.compile(r"\(.*?\)$")
_HEADER_NOISE = str.maketrans({"*": "", " ": "", "\u3000": "", "（": "(", "）": ")", "\n": ""})


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the row model's field, its Chinese header, help for the template, and allowed values.

    `choices` maps the labels people write in the sheet (e.g. `制造业`) to stored values (`manufacturing`);
    the stored value itself is accepted too.
    """

    field: str
    header: str
    note: str = ""
    example: str = ""
    choices: Mapping[str, str] | None = None
    width: int = 18


@dataclass(slots=True)
class ImportedRows(Generic[M]):
    """Validated rows with their row numbers, and every error found so far."""

    spec: ImportSpec[M]
    rows: list[tuple[int, M]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    total_rows: int = 0

    def add_error(self, row: int, field_name: str | None, message: str, code: str = "invalid") -> None:
        """Record a problem with one row (`field_name` None for the row as a whole)."""
        self.errors.append(
            {
                "row": row,
                "field": field_name,
                "column": self.spec.header_of(field_name),
                "message": message,
                "code": code,
            }
        )

    def raise_if_invalid(self) -> None:
        """Refuse the whole import (422 `import.rows_invalid`) when any row has an error."""
        if not self.errors:
            return
        ordered = sorted(self.errors, key=lambda e: (e["row"], self.spec.position_of(e["field"])))
        bad_rows = len({e["row"] for e in ordered})
        raise ProblemError(
            422,
            ROWS_INVALID,
            f"{bad_rows}行数据有误（共{len(ordered)}处），未导入任何数据",
            errors=ordered[:MAX_LISTED_ERRORS],
            title="导入数据有误",
            extra={
                "error_count": len(ordered),
                "row_count": self.total_rows,
                "truncated": len(ordered) > MAX_LISTED_ERRORS,
            },
        )

    @property
    def models(self) -> list[M]:
        """The validated rows without their numbers."""
        return [m for _, m in self.rows]


class ImportSpec(Generic[M]):
    """How a table maps onto a row model: headers, help text, allowed values, size limit."""

    def __init__(self, model: type[M], columns: Sequence[Column], *, title: str, max_rows: int = 5000) -> None:
        """Check that every column names a field of the model."""
        unknown = [c.field for c in columns if c.field not in model.model_fields]
        if unknown:
            raise ValueError(f"columns {unknown} are not fields of {model.__name__}")
        self.model = model
        self.columns = tuple(columns)
        self.title = title
        self.max_rows = max_rows
        self._by_field = {c.field: c for c in self.columns}
        self._dates = {c.field for c in self.columns if _is_date(model.model_fields[c.field].annotation)}
        self._lookup: dict[str, str] = {}
        for col in self.columns:
            self._lookup[_norm_header(col.header)] = col.field
            self._lookup[_norm_header(col.field)] = col.field
            # "投资额" finds "投资额（万元）"; a header naming another unit, "投资额(亿元)", finds nothing.
            self._lookup.setdefault(_UNIT_SUFFIX.sub("", _norm_header(col.header)), col.field)

    def required(self, column: Column) -> bool:
        """Whether the row model requires the column."""
        return self.model.model_fields[column.field].is_required()

    def header_of(self, field_name: str | None) -> str | None:
        """The Chinese header of a field."""
        col = self._by_field.get(field_name or "")
        return col.header if col else None

    def position_of(self, field_name: str | None) -> int:
        """The column's position, for ordering errors left to right (row-level errors first)."""
        for i, col in enumerate(self.columns):
            if col.field == field_name:
                return i + 1
        return 0

    # Reading ----------------------------------------------------------------------------------------------

    def read_file(
        self,
        content: bytes,
        filename: str | None = None,
        limits: ImportLimits | None = None,
        max_rows: int | None = None,
    ) -> ImportedRows[M]:
        """Parse an XLSX or CSV file (UTF-8 with or without BOM, else GBK) and validate every row, within limits
        (`max_rows`, the administrator's 单次导入行数上限, lowers this import's own cap)."""
        limits = limits or ImportLimits()
        if len(content) > limits.max_bytes:
            raise too_large(limits.max_bytes)
        name = (filename or "").lower()
        if name.endswith(".xls"):
            raise _file_error("不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv 后上传")
        if name.endswith((".xlsx", ".xlsm")) or content[:4] == b"PK\x03\x04":
            table = _xlsx_rows(content, limits)
        else:
            table = _csv_rows(content, limits)
        try:
            cap = min(self.max_rows, limits.max_rows, max_rows if max_rows is not None else self.max_rows)
            return self._read_table(table, cap)
        finally:
            table.close()  # a refusal mid-sheet closes the workbook and the archive now, not at collection

    def read_records(self, records: Sequence[Mapping[str, Any]], *, max_rows: int | None = None) -> ImportedRows[M]:
        """Validate rows given as JSON objects keyed by field name (row numbers are 1-based positions)."""
        if not records:
            raise _file_error("没有数据行", field_name="rows")
        cap = min(self.max_rows, max_rows) if max_rows is not None else self.max_rows
        if len(records) > cap:
            raise _file_error(f"一次最多导入{cap}行", field_name="rows", code="too_many_rows")
        result: ImportedRows[M] = ImportedRows(self, total_rows=len(records))
        for i, record in enumerate(records, start=1):
            raw = {k: v for k, v in record.items() if k in self._by_field}
            self._validate(result, i, raw)
        return result

    def _read_table(self, table: Iterable[tuple[int, list[Any]]], max_rows: int) -> ImportedRows[M]:
        """Validate the rows under the header, refusing the file as soon as it passes `max_rows` data rows."""
        rows = iter(table)
        head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
        header_at, mapping = self._find_header(head)
        result: ImportedRows[M] = ImportedRows(self)
        missing = [c for c in self.columns if self.required(c) and c.field not in mapping.values()]
        for col in missing:
            result.add_error(header_at, col.field, f"缺少必填列：{col.header}", "missing_column")
        result.raise_if_invalid()
        data: list[tuple[int, list[Any]]] = []
        for n, cells in itertools.chain(head, rows):
            if n <= header_at or all(_blank(c) is None for c in cells):
                continue
            data.append((n, cells))
            if len(data) > max_rows:
                # Stop here: the rest of the file is never read.
                raise _file_error(f"一次最多导入{max_rows}行，文件中超过{max_rows}行", code="too_many_rows")
        if not data:
            raise _file_error("文件中没有数据行")
        result.total_rows = len(data)
        for row_number, cells in data:
            raw: dict[str, Any] = {}
            for index, field_name in mapping.items():
                value = _blank(cells[index]) if index < len(cells) else None
                if value is not None:
                    raw[field_name] = value
            self._validate(result, row_number, raw)
        return result

    def _find_header(self, table: list[tuple[int, list[Any]]]) -> tuple[int, dict[int, str]]:
        """The header row (the first of the top rows naming any known column) and column index → field."""
        for row_number, cells in table[:HEADER_SEARCH_ROWS]:
            mapping: dict[int, str] = {}
            for index, cell in enumerate(cells):
                if isinstance(cell, str) and (field_name := self._lookup.get(_norm_header(cell))):
                    mapping.setdefault(index, field_name)
            if mapping:
                return row_number, mapping
        headers = "、".join(c.header for c in self.columns)
        raise _file_error(f"未找到表头，请使用导入模板（列：{headers}）")

    def _validate(self, result: ImportedRows[M], row_number: int, raw: dict[str, Any]) -> None:
        values: dict[str, Any] = {}
        reported: set[str] = set()
        for field_name, value in raw.items():
            col = self._by_field[field_name]
            text = _as_text(value, is_date=field_name in self._dates)
            if text is None:
                continue
            if col.choices is not None and isinstance(text, str):
                if text in col.choices:
                    text = col.choices[text]
                elif text not in col.choices.values():
                    result.add_error(row_number, field_name, f"应为：{'、'.join(col.choices)}", "choice")
                    reported.add(field_name)
                    continue
            values[field_name] = text
        try:
            model = self.model.model_validate(values)
        except ValidationError as exc:
            for err in validation_errors(list(exc.errors()), english=False):
                name = err["field"] if err["field"] in self._by_field else None
                if name not in reported:
                    result.add_error(row_number, name, err["message"], err["code"])
            return
        if not reported:
            result.rows.append((row_number, model))

    # Template ---------------------------------------------------------------------------------------------

    def template(self) -> bytes:
        """A blank XLSX: the header row (required columns marked *), drop-downs for choices, and a help sheet."""
        from openpyxl import Workbook
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = _sheet_title(self.title)
        fill = PatternFill("solid", fgColor="DDEBF7")
        for i, col in enumerate(self.columns, start=1):
            required = self.required(col)
            cell = write_cell(ws, 1, i, f"{col.header}*" if required else col.header)
            cell.font = Font(bold=True, color="C00000" if required else "000000")
            cell.fill = fill
            cell.alignment = Alignment(horizontal="center", vertical="center")
            help_text = "；".join(t for t in (col.note, f"示例：{col.example}" if col.example else "") if t)
            if help_text:
                cell.comment = Comment(help_text, "模板")
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = col.width
            if col.choices:
                rule = DataValidation(type="list", formula1='"' + ",".join(col.choices) + '"', allow_blank=True)
                rule.add(f"{letter}2:{letter}{self.max_rows + 1}")
                ws.add_data_validation(rule)
        ws.freeze_panes = "A2"
        guide = wb.create_sheet("填写说明")
        append_row(guide, ["列名", "是否必填", "说明", "示例", "可选值"])
        for cell in guide[1]:
            cell.font = Font(bold=True)
        for col in self.columns:
            choices = "、".join(col.choices) if col.choices else ""
            append_row(guide, [col.header, "是" if self.required(col) else "否", col.note, col.example, choices])
        append_row(guide, [])
        append_row(guide, [f"带*的列必填；任一行有误时整表不导入；一次最多{self.max_rows}行。"])
        for letter, width in zip("ABCDE", (18, 10, 48, 24, 40), strict=True):
            guide.column_dimensions[letter].width = width
        return workbook_bytes(wb)


async def read_upload(request: Request, spec: ImportSpec[M]) -> tuple[ImportedRows[M], dict[str, Any]]:
    """Read a table from a multipart upload (`file` plus form fields) or a JSON body (`rows` plus properties).

    The body is refused (413) as soon as it grows past the limit, and the table is parsed in a worker thread.
    Returns the parsed rows and the other fields, which the endpoint validates itself.
    """
    limits = upload_limits(request)
    # The administrator's 单次导入行数上限 (系统参数), read now: a change applies to the next upload.
    cap = await edited_value(request.app, IMPORT_MAX_ROWS)
    rows_cap = cap if isinstance(cap, int) and not isinstance(cap, bool) else None
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await _read_form(request, limits)
        try:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise _file_error("请选择要上传的文件")
            if upload.size is not None and upload.size > limits.max_bytes:
                raise too_large(limits.max_bytes)
            content = await upload.read()
            fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        finally:
            await form.close()
        return await asyncio.to_thread(spec.read_file, content, upload.filename, limits, rows_cap), fields
    if content_type.startswith("application/json"):
        body = await _read_body(request, limits.max_bytes, "rows")
        return await asyncio.to_thread(_read_json_rows, spec, body, rows_cap)
    raise _file_error("请以 multipart/form-data 上传文件，或提交 JSON", field_name="body")


def upload_limits(request: Request) -> ImportLimits:
    """The import limits of the app serving the request (its settings' `imports`, else the defaults)."""
    limits = getattr(getattr(request.app.state, "settings", None), "imports", None)
    return limits if isinstance(limits, ImportLimits) else ImportLimits()


def too_large(max_bytes: int, field_name: str = "file") -> ProblemError:
    """413 naming the field: the upload is larger than the limit."""
    message = f"文件过大，上限 {_size_text(max_bytes)}"
    return ProblemError(
        413,
        "payload_too_large",
        message,
        errors=[{"field": field_name, "location": "body", "message": message, "code": "too_large"}],
        extra={"limit": max_bytes},
    )


def inspect_archive(content: bytes, limits: ImportLimits) -> zipfile.ZipFile:
    """Open a ZIP (XLSX, DOCX) after judging it by its central directory alone, so a bomb is never inflated.

    Refused: more parts than allowed, encryption or a compression method other than deflate (422), more bytes
    uncompressed than allowed in all (413), a part over 1 MB compressed more than the ratio allows (422).
    The archive returned inflates each part to at most its declared size and counts the rows and cells of
    every sheet it hands out.
    """
    try:
        archive = _GuardedZip(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _file_error("无法读取文件，请上传 .xlsx 或 .csv 文件", code="bad_archive") from exc
    archive.limits = limits
    try:
        infos = archive.infolist()
        if len(infos) > limits.max_archive_entries:
            raise _file_error(f"文件结构异常：压缩包内超过{limits.max_archive_entries}个部件", code="bad_archive")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _file_error("文件结构异常：含加密或不支持的压缩方式", code="bad_archive")
            total += info.file_size
            if total > limits.max_uncompressed_bytes:
                raise _too_large_unpacked(limits.max_uncompressed_bytes)
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_GRACE_BYTES and ratio > limits.max_compression_ratio:
                raise _file_error(
                    f"文件结构异常：压缩比超过{limits.max_compression_ratio:g}倍，疑似压缩炸弹", code="bad_archive"
                )
    except BaseException:
        archive.close()
        raise
    return archive


def _too_large_unpacked(max_bytes: int) -> ProblemError:
    """413 naming `file`: the archive would inflate past the limit."""
    message = f"文件解压后超过 {_size_text(max_bytes)}"
    return ProblemError(
        413,
        "payload_too_large",
        message,
        errors=[{"field": "file", "location": "body", "message": message, "code": "too_large_unpacked"}],
        extra={"limit": max_bytes},
    )


async def _read_form(request: Request, limits: ImportLimits) -> FormData:
    """The multipart form, its body counted while it streams (413 past the file limit and a little room)."""
    cap = limits.max_bytes + FORM_OVERHEAD_BYTES
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise too_large(limits.max_bytes)
    seen = 0

    async def receive() -> Message:
        nonlocal seen
        message = await request.receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > cap:
                raise too_large(limits.max_bytes)
        return message

    return await Request(request.scope, receive).form(max_files=1, max_fields=50)


async def _read_body(request: Request, max_bytes: int, field_name: str) -> bytes:
    """The request body, refused (413) as soon as it grows past the limit."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large(max_bytes, field_name)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise too_large(max_bytes, field_name)
    return bytes(body)


def _read_json_rows(spec: ImportSpec[M], body: bytes, max_rows: int | None) -> tuple[ImportedRows[M], dict[str, Any]]:
    """The rows and properties of a JSON import body (run in a worker thread)."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise _file_error("JSON 格式错误", field_name="body") from exc
    rows = data.get("rows") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise _file_error("rows 应为数组", field_name="rows")
    records = [r if isinstance(r, dict) else {} for r in rows]
    fields = {k: v for k, v in data.items() if k != "rows"}
    return spec.read_records(records, max_rows=max_rows), fields


def upload_openapi(
    spec: ImportSpec[Any], fields: Mapping[str, dict[str, Any]] | None = None, required: Sequence[str] = ()
) -> dict[str, Any]:
    """The `openapi_extra` of an endpoint read with `read_upload`: both request bodies, with the other fields."""
    extra = dict(fields or {})
    row_props = {c.field: {"description": c.header + (f"（{c.note}）" if c.note else "")} for c in spec.columns}
    row_required = [c.field for c in spec.columns if spec.required(c)]
    file_prop = {"type": "string", "format": "binary", "description": "XLSX 或 CSV（UTF-8/GBK）"}
    rows_prop = {"type": "array", "items": {"type": "object", "required": row_required, "properties": row_props}}
    return {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file", *required],
                        "properties": {"file": file_prop, **extra},
                    }
                },
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["rows", *required],
                        "properties": {**extra, "rows": rows_prop},
                    }
                },
            },
        }
    }


def _file_error(message: str, field_name: str = "file", code: str = "invalid_file") -> ProblemError:
    return ProblemError(
        422,
        "validation_failed",
        message,
        errors=[{"field": field_name, "location": "body", "message": message, "code": code}],
    )


def _size_text(n: int) -> str:
    """10 MB, 1.5 MB, 512 KB."""
    return f"{n / 1024 / 1024:.3g} MB" if n >= 1024 * 1024 else f"{n / 1024:.3g} KB"


#: What a damaged or hostile workbook makes openpyxl, zipfile or the XML parsers raise.
_UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    IndexError,
    AttributeError,
    TypeError,
    ValueError,
    OSError,
    EOFError,
    SyntaxError,  # xml.etree's ParseError and lxml's XMLSyntaxError
)

#: Start tags of a row and of a cell, with or without a namespace prefix.
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
#: A `<` this close to the end of a read may open a tag the next read completes: it is kept for then.
_TAG_TAIL = 64


class _GuardedZip(zipfile.ZipFile):
    """A ZIP whose parts, as openpyxl opens them, count their rows and cells while they inflate."""

    limits: ImportLimits

    def open(self, name: Any, mode: Any = "r", pwd: Any = None, *, force_zip64: bool = False) -> Any:
        """The part's stream, counted when read."""
        stream = super().open(name, mode, pwd, force_zip64=force_zip64)
        return _CountedPart(stream, self.limits) if mode == "r" else stream


class _CountedPart:
    """A part's inflating stream that stops (422) once a sheet has too many rows or a row too many cells.

    openpyxl reads a sheet without a `<dimension>` in full just to size it, and parses a whole row at once;
    counting the XML as it inflates stops both at the limits. Other parts have no rows or cells to count.
    """

    def __init__(self, stream: Any, limits: ImportLimits) -> None:
        """Wrap the stream; nothing is read yet."""
        self._stream = stream
        self._limits = limits
        self._tail = b""
        self._rows = 0
        self._cells = 0  # in the current row
        self._total = 0

    def read(self, n: int = -1) -> bytes:
        """Read from the part, counting the rows and cells that went by."""
        data = self._stream.read(n)
        if data:
            self._count(data)
        return data

    def _count(self, data: bytes) -> None:
        buffer = self._tail + data
        cut = buffer.rfind(b"<", max(0, len(buffer) - _TAG_TAIL))
        cut = cut if cut >= 0 else len(buffer)
        self._tail = buffer[cut:]
        pos = 0
        for row in _ROW_TAG.finditer(buffer, 0, cut):
            self._add_cells(len(_CELL_TAG.findall(buffer, pos, row.start())))
            self._rows += 1
            self._cells = 0
            if self._rows > self._limits.max_rows + 1:
                raise _too_many_rows(self._limits.max_rows)
            pos = row.end()
        self._add_cells(len(_CELL_TAG.findall(buffer, pos, cut)))

    def _add_cells(self, count: int) -> None:
        self._cells += count
        self._total += count
        if self._cells > self._limits.max_columns:
            raise _too_many_columns(self._limits.max_columns)
        if self._total > self._limits.max_cells:
            raise _too_many_cells(self._limits.max_cells)

    def close(self) -> None:
        """Close the underlying stream."""
        self._stream.close()

    def __enter__(self) -> _CountedPart:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _too_many_rows(max_rows: int) -> ProblemError:
    return _file_error(f"表格超过{max_rows}行（含空行），请删除多余的行后重试", code="too_many_rows")


def _too_many_columns(max_columns: int) -> ProblemError:
    return _file_error(f"表格超过{max_columns}列，请删除多余的列后重试", code="too_many_columns")


def _too_many_cells(max_cells: int) -> ProblemError:
    return _file_error(f"表格超过{max_cells}个单元格，请删除多余的行列后重试", code="too_many_cells")


def _check_cells(row_number: int, cells: list[Any], limits: ImportLimits) -> None:
    """Refuse a cell longer than the limit (422, naming its row and column)."""
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
            from openpyxl.utils import get_column_letter

            raise _file_error(
                f"第{row_number}行第{get_column_letter(index + 1)}列超过{limits.max_cell_chars}个字符",
                code="cell_too_long",
            )


def _xlsx_rows(content: bytes, limits: ImportLimits) -> Generator[tuple[int, list[Any]], None, None]:
    """The first sheet's rows, numbered, streamed and stopped at the limits."""
    from openpyxl.reader.excel import ExcelReader

    archive = inspect_archive(content, limits)
    try:
        try:
            reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
            reader.archive.close()
            # openpyxl reads every part through this archive: the counted one.
            reader.archive, reader.valid_files = archive, archive.namelist()
            reader.read()
            wb = reader.wb
            ws = wb.worksheets[0] if wb.worksheets else None
        except _UNREADABLE as exc:
            raise _file_error("无法读取文件，请上传 .xlsx 或 .csv 文件") from exc
        if ws is None or not hasattr(ws, "iter_rows"):
            raise _file_error("文件中没有可导入的工作表")
        width = limits.max_columns + 1
        try:
            # Explicit bounds: a sheet's own <dimension> may be wrong, or claim a million rows.
            rows = ws.iter_rows(min_row=1, max_row=limits.max_rows + 1, max_col=width, values_only=True)
            for number, values in enumerate(rows, start=1):
                if number > limits.max_rows:
                    raise _too_many_rows(limits.max_rows)
                if values.count(None) == width:  # a blank row (or a gap openpyxl fills), at C speed
                    yield number, []
                    continue
                cells = list(values)
                if len(cells) == width and cells[-1] is not None:
                    raise _too_many_columns(limits.max_columns)
                cells = cells[: limits.max_columns]
                _check_cells(number, cells, limits)
                yield number, cells
        except _UNREADABLE as exc:
            raise _file_error("无法读取文件，请上传 .xlsx 或 .csv 文件") from exc
        finally:
            wb.close()
    finally:
        archive.close()


def _csv_rows(content: bytes, limits: ImportLimits) -> Generator[tuple[int, list[Any]], None, None]:
    """The rows of a CSV file, numbered and stopped at the limits."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # Excel on Chinese Windows saves CSV as GBK; GB18030 is its superset.
            text = content.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise _file_error("无法识别文件编码，请保存为 UTF-8 或 GBK 编码的 CSV") from exc
    if "\x00" in text:
        raise _file_error("无法读取文件，请上传 .xlsx 或 .csv 文件")
    reader = csv.reader(io.StringIO(text, newline=""))
    number = cells = 0
    try:
        for number, row in enumerate(reader, start=1):
            if number > limits.max_rows:
                raise _too_many_rows(limits.max_rows)
            if len(row) > limits.max_columns:
                raise _too_many_columns(limits.max_columns)
            cells += len(row)
            if cells > limits.max_cells:
                raise _too_many_cells(limits.max_cells)
            _check_cells(number, row, limits)
            yield number, list(row)
    except csv.Error as exc:
        # The csv module refuses a field past its own limit (128 KB), which is past ours too.
        raise _file_error(f"第{number + 1}行无法读取：单元格超过{limits.max_cell_chars}个字符或格式错误") from exc


def _blank(value: Any) -> Any:
    """None for empty cells (and cells holding only spaces)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def _as_text(value: Any, *, is_date: bool) -> Any:
    """A cell as text pydantic parses the same way from XLSX, CSV and JSON (numbers never turn into floats)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return value.date().isoformat() if is_date or value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float, so 0.1 stays "0.1".
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if is_date and (m := _DATE_TEXT.match(text)):
            return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
        return text
    return value


def _norm_header(text: str) -> str:
    return text.translate(_HEADER_NOISE).strip().lower()


def _is_date(annotation: Any) -> bool:
    if annotation is date:
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_date(a) for a in get_args(annotation))
    return False


def _sheet_title(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", text)[:31] or "Sheet1"
