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
"""

from __future__ import annotations

import csv
import io
import json
import re
import types
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar, Union, get_args, get_origin
from urllib.parse import quote

from fastapi import Request, Response
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from platform_core.exports import append_row, workbook_bytes, write_cell
from platform_core.problems import ProblemError, validation_errors

M = TypeVar("M", bound=BaseModel)

ROWS_INVALID = "import.rows_invalid"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_FILE_BYTES = 5 * 1024 * 1024
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

    def read_file(self, content: bytes, filename: str | None = None) -> ImportedRows[M]:
        """Parse an XLSX or CSV file (UTF-8 with or without BOM, else GBK) and validate every row."""
        if len(content) > MAX_FILE_BYTES:
            raise ProblemError(413, "payload_too_large", f"文件不能超过{MAX_FILE_BYTES // 1024 // 1024}MB")
        name = (filename or "").lower()
        if name.endswith(".xls"):
            raise _file_error("不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv 后上传")
        if name.endswith((".xlsx", ".xlsm")) or content[:4] == b"PK\x03\x04":
            table = _xlsx_rows(content)
        else:
            table = _csv_rows(content)
        return self._read_table(table)

    def read_records(self, records: Sequence[Mapping[str, Any]]) -> ImportedRows[M]:
        """Validate rows given as JSON objects keyed by field name (row numbers are 1-based positions)."""
        if not records:
            raise _file_error("没有数据行", field_name="rows")
        if len(records) > self.max_rows:
            raise _file_error(f"一次最多导入{self.max_rows}行", field_name="rows")
        result: ImportedRows[M] = ImportedRows(self, total_rows=len(records))
        for i, record in enumerate(records, start=1):
            raw = {k: v for k, v in record.items() if k in self._by_field}
            self._validate(result, i, raw)
        return result

    def _read_table(self, table: list[tuple[int, list[Any]]]) -> ImportedRows[M]:
        header_at, mapping = self._find_header(table)
        result: ImportedRows[M] = ImportedRows(self)
        missing = [c for c in self.columns if self.required(c) and c.field not in mapping.values()]
        for col in missing:
            result.add_error(header_at, col.field, f"缺少必填列：{col.header}", "missing_column")
        result.raise_if_invalid()
        data = [(n, cells) for n, cells in table if n > header_at and any(_blank(c) is not None for c in cells)]
        if not data:
            raise _file_error("文件中没有数据行")
        if len(data) > self.max_rows:
            raise _file_error(f"一次最多导入{self.max_rows}行，文件中有{len(data)}行")
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

    Returns the parsed rows and the other fields, which the endpoint validates itself.
    """
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise _file_error("请选择要上传的文件")
        content = await upload.read()
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        return spec.read_file(content, upload.filename), fields
    if content_type.startswith("application/json"):
        try:
            body = json.loads(await request.body())
        except ValueError as exc:
            raise _file_error("JSON 格式错误", field_name="body") from exc
        rows = body.get("rows") if isinstance(body, dict) else None
        if not isinstance(rows, list):
            raise _file_error("rows 应为数组", field_name="rows")
        records = [r if isinstance(r, dict) else {} for r in rows]
        fields = {k: v for k, v in body.items() if k != "rows"}
        return spec.read_records(records), fields
    raise _file_error("请以 multipart/form-data 上传文件，或提交 JSON", field_name="body")


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


def xlsx_response(content: bytes, filename: str) -> Response:
    """An XLSX download with a UTF-8 file name (RFC 6266)."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "template.xlsx"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=XLSX_MEDIA_TYPE, headers={"Content-Disposition": disposition})


def _file_error(message: str, field_name: str = "file") -> ProblemError:
    return ProblemError(
        422,
        "validation_failed",
        message,
        errors=[{"field": field_name, "location": "body", "message": message, "code": "invalid_file"}],
    )


def _xlsx_rows(content: bytes) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _file_error("无法读取文件，请上传 .xlsx 或 .csv 文件") from exc
    try:
        ws = wb.worksheets[0]
        return [(i, list(row)) for i, row in enumerate(ws.iter_rows(values_only=True), start=1)]
    finally:
        wb.close()


def _csv_rows(content: bytes) -> list[tuple[int, list[Any]]]:
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
    return [(i, list(row)) for i, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)]


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
