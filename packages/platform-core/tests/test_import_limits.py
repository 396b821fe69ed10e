"""Uploads that cannot hurt the service: size counted while the body streams, a zip bomb judged from its
directory and never inflated, the sheet streamed and stopped at the first limit, parsing off the event loop."""

import asyncio
import io
import time
import zipfile

import httpx
import pytest
from fastapi import FastAPI, Request
from pydantic import BaseModel

from platform_core.imports import Column, ImportSpec, inspect_archive, read_upload, upload_openapi
from platform_core.problems import ProblemError, install_problem_handlers
from platform_core.settings import CommonSettings, ImportLimits
from platform_core.testing import (
    assert_file_refused,
    inflating_xlsx,
    inline_row,
    many_rows_xlsx,
    upload_operations,
    upload_while_probing,
    xlsx_of_rows,
)


class Row(BaseModel):
    code: str
    name: str


SPEC = ImportSpec(Row, (Column("code", "编号"), Column("name", "名称")), title="t", max_rows=1000)
HEADERS = ("编号", "名称")
LIMITS = ImportLimits()


def refusal(content: bytes, limits: ImportLimits = LIMITS, name: str = "t.xlsx") -> ProblemError:
    """Read a file that must be refused, within about a second; the problem names `file`."""
    started = time.perf_counter()
    with pytest.raises(ProblemError) as exc:
        SPEC.read_file(content, name, limits)
    assert time.perf_counter() - started < 1.0
    assert [e["field"] for e in exc.value.errors] == ["file"]
    return exc.value


def archive(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


# The archive, from its central directory -----------------------------------------------------------------------


def test_a_zip_bomb_is_refused_from_its_directory_without_inflating():
    bomb = inflating_xlsx()
    info = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("xl/worksheets/sheet1.xml")
    assert len(bomb) < 1024 * 1024 and info.file_size > 250 * 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(ProblemError) as exc:
        inspect_archive(bomb, LIMITS)
    assert time.perf_counter() - started < 0.05  # inflating 256 MB would take seconds
    assert exc.value.status == 413 and exc.value.errors[0]["code"] == "too_large_unpacked"
    assert refusal(bomb).status == 413


def test_a_part_compressed_past_the_ratio_is_refused():
    dense = archive({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"<row/>" * 400_000})
    with pytest.raises(ProblemError) as exc:
        inspect_archive(dense, LIMITS)
    assert exc.value.status == 422 and exc.value.errors[0]["code"] == "bad_archive" and "压缩比" in exc.value.detail
    # The same part under the ratio, or small enough to be let off, is fine.
    inspect_archive(dense, ImportLimits(max_compression_ratio=10_000)).close()
    inspect_archive(archive({"styles.xml": b"<a/>" * 200_000}), LIMITS).close()


def test_too_many_parts_encryption_or_an_unknown_method_are_refused():
    many = archive({f"p{i}.xml": b"<a/>" for i in range(11)})
    with pytest.raises(ProblemError) as exc:
        inspect_archive(many, ImportLimits(max_archive_entries=10))
    assert exc.value.status == 422 and "部件" in exc.value.detail
    bzip = archive({"a.xml": b"<a/>"}, zipfile.ZIP_BZIP2)
    with pytest.raises(ProblemError) as exc:
        inspect_archive(bzip, LIMITS)
    assert "压缩方式" in exc.value.detail
    with pytest.raises(ProblemError) as exc:
        inspect_archive(b"PK\x03\x04 not really a zip", LIMITS)
    assert exc.value.status == 422 and exc.value.errors[0]["field"] == "file"


def test_the_archive_counts_a_sheet_in_any_read_size():
    """Tags split across reads are counted once: one byte at a time, the count is that of one read."""
    rows = [inline_row(n, ["a", "b", "c"]) for n in range(1, 6)]
    content = xlsx_of_rows(rows)
    for size in (1, 3, 7, 64, -1):
        part = inspect_archive(content, ImportLimits(max_columns=3, max_rows=4)).open("xl/worksheets/sheet1.xml")
        while part.read(size):
            pass
        part.close()
    with pytest.raises(ProblemError) as exc:
        part = inspect_archive(content, ImportLimits(max_columns=2)).open("xl/worksheets/sheet1.xml")
        while part.read(1):
            pass
    assert exc.value.errors[0]["code"] == "too_many_columns"
    with pytest.raises(ProblemError) as exc:
        part = inspect_archive(content, ImportLimits(max_rows=3)).open("xl/worksheets/sheet1.xml")
        while part.read(5):
            pass
    assert exc.value.errors[0]["code"] == "too_many_rows"


# The sheet, streamed -------------------------------------------------------------------------------------------


def test_200000_rows_are_refused_at_the_imports_row_limit():
    problem = refusal(many_rows_xlsx(HEADERS))
    assert problem.status == 422 and problem.errors[0]["code"] == "too_many_rows"
    assert problem.detail == "一次最多导入1000行，文件中超过1000行"


def test_a_sheet_without_dimension_is_stopped_while_openpyxl_sizes_it():
    """openpyxl reads a sheet without <dimension> in full to size it; the count stops it at the sheet limit."""
    body = (f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>'.encode() for n in range(2, 200_002))
    content = xlsx_of_rows([inline_row(1, HEADERS), *body])
    problem = refusal(content)
    assert problem.errors[0]["code"] == "too_many_rows" and "20000行" in problem.detail


def test_rows_beyond_the_sheet_limit_are_refused_even_when_blank():
    rows = [inline_row(1, HEADERS), inline_row(2, ["A-1", "一"]), b'<row r="30000"><c r="A30000" s="1"/></row>']
    problem = refusal(xlsx_of_rows(rows, dimension="A1:B30000"))
    assert problem.errors[0]["code"] == "too_many_rows"


def test_one_enormous_row_is_refused_before_it_is_parsed():
    wide = b'<row r="2">' + b"".join(b'<c r="A2" t="inlineStr"><is><t>%d</t></is></c>' % i for i in range(300_000))
    content = xlsx_of_rows([inline_row(1, HEADERS), wide + b"</row>"])
    problem = refusal(content)
    assert problem.errors[0]["code"] == "too_many_columns" and "200列" in problem.detail


def test_a_value_past_the_column_limit_is_refused():
    from openpyxl.utils import get_column_letter

    far = f'<row r="2"><c r="{get_column_letter(201)}2" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
    problem = refusal(xlsx_of_rows([inline_row(1, HEADERS), far]))
    assert problem.errors[0]["code"] == "too_many_columns"


def test_cells_past_the_budget_are_refused():
    rows = [inline_row(1, HEADERS), *(inline_row(n, ["x"] * 10) for n in range(2, 30))]
    problem = refusal(xlsx_of_rows(rows), ImportLimits(max_cells=100))
    assert problem.errors[0]["code"] == "too_many_cells"


def test_a_cell_longer_than_excel_allows_is_refused_naming_it():
    rows = [inline_row(1, HEADERS), inline_row(2, ["A-1", "长" * 32_768])]
    problem = refusal(xlsx_of_rows(rows))
    assert problem.errors[0]["code"] == "cell_too_long" and problem.detail == "第2行第B列超过32767个字符"


def test_csv_limits():
    header = "编号,名称\n"
    assert refusal((header + "a,b\n" * 30).encode(), ImportLimits(max_rows=20), "t.csv").errors[0]["code"] == (
        "too_many_rows"
    )
    assert refusal((header + ",".join("x" * 201) + "\n").encode(), name="t.csv").errors[0]["code"] == (
        "too_many_columns"
    )
    assert refusal((header + "a," + "b" * 40_000 + "\n").encode(), name="t.csv").errors[0]["code"] == "cell_too_long"
    # Past the csv module's own 128 KB field limit: still a 422 naming the file, not a 500.
    assert "第2行" in refusal((header + "a," + "b" * 200_000 + "\n").encode(), name="t.csv").detail
    many = (header + "a,b,c,d\n" * 30).encode()
    assert refusal(many, ImportLimits(max_cells=100), "t.csv").errors[0]["code"] == "too_many_cells"


def test_a_file_past_the_size_limit_is_413_before_parsing():
    problem = refusal(b"x" * 2048, ImportLimits(max_bytes=1024), "t.csv")
    assert problem.status == 413 and problem.detail == "文件过大，上限 1 KB"
    assert refusal(b"x" * (10 * 1024 * 1024 + 1), name="t.csv").detail == "文件过大，上限 10 MB"


def test_files_within_the_limits_still_import():
    rows = [inline_row(1, HEADERS), *(inline_row(n, [f"A-{n}", f"名称{n}"]) for n in range(2, 1002))]
    result = SPEC.read_file(xlsx_of_rows(rows, dimension="A1:B1001"), "t.xlsx")
    result.raise_if_invalid()
    assert len(result.rows) == 1000 and result.rows[-1] == (1001, Row(code="A-1001", name="名称1001"))


# The HTTP upload -----------------------------------------------------------------------------------------------


def upload_app(limits: ImportLimits) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.state.settings = CommonSettings(imports=limits)

    @app.get("/livez")
    async def livez() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/import", openapi_extra=upload_openapi(SPEC))
    async def endpoint(request: Request) -> dict[str, int]:
        result, _ = await read_upload(request, SPEC)
        result.raise_if_invalid()
        return {"rows": len(result.rows)}

    return app


@pytest.fixture
async def client():
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=upload_app(LIMITS)), base_url="http://t") as c:
        yield c


async def test_the_upload_route_is_found_from_the_openapi_document():
    assert upload_operations(upload_app(LIMITS).openapi()) == {("post", "/import")}


async def test_a_declared_length_past_the_limit_is_refused_without_reading_the_body():
    app = upload_app(ImportLimits(max_bytes=1024))
    received = 0

    async def receive():
        nonlocal received
        received += 1
        return {"type": "http.request", "body": b"x" * 1024, "more_body": True}

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/import",
        "raw_path": b"/import",
        "query_string": b"",
        "root_path": "",
        "scheme": "http",
        "server": ("t", 80),
        "client": ("c", 1),
        "http_version": "1.1",
        "headers": [(b"content-type", b"multipart/form-data; boundary=x"), (b"content-length", b"99999999")],
    }
    await app(scope, receive, send)
    assert sent[0]["status"] == 413 and received == 0


async def test_a_streamed_body_is_refused_as_soon_as_it_passes_the_limit():
    app = upload_app(ImportLimits(max_bytes=1024))
    chunks = 0

    async def endless():
        nonlocal chunks
        yield b'--x\r\nContent-Disposition: form-data; name="file"; filename="t.csv"\r\n\r\n'
        while chunks < 10_000:
            chunks += 1
            yield b"y" * 8192

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        resp = await c.post("/import", content=endless(), headers={"content-type": "multipart/form-data; boundary=x"})
    assert_file_refused(resp, (413,))
    assert chunks < 20  # stopped after 64 KB of room for the form, not at the end of 80 MB


async def test_an_oversized_file_and_json_body_are_413(client):
    too_big = b"x" * (LIMITS.max_bytes + 1)
    assert_file_refused(await client.post("/import", files={"file": ("t.csv", too_big)}), (413,))
    resp = await client.post(
        "/import", content=b'{"rows": [' + b" " * LIMITS.max_bytes + b"]}", headers={"content-type": "application/json"}
    )
    assert resp.status_code == 413 and resp.json()["errors"][0]["field"] == "rows"


async def test_bombs_are_refused_while_livez_answers(client):
    bomb = await upload_while_probing(client, "/import", files={"file": ("b.xlsx", inflating_xlsx())})
    assert assert_file_refused(bomb.response, (413,))["code"] == "payload_too_large"
    rows = await upload_while_probing(client, "/import", files={"file": ("r.xlsx", many_rows_xlsx(HEADERS))})
    assert assert_file_refused(rows.response, (422,))["errors"][0]["code"] == "too_many_rows"
    assert rows.answered_before >= 1
    for upload in (bomb, rows):
        # Refused within a second; the loop never held for more than 50 ms of its own work (parsing off it).
        assert upload.seconds < 1.0 and upload.longest_busy <= 0.05, upload


async def test_parsing_leaves_the_event_loop_free(client):
    """While a large (valid) table is parsed, the loop keeps running: parsing happens in a worker thread."""
    rows = [inline_row(1, HEADERS), *(inline_row(n, [f"A-{n}", "名" * 20]) for n in range(2, 1002))]
    content = xlsx_of_rows(rows, dimension="A1:B1001")
    ticks = 0

    async def tick():
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.001)

    ticker = asyncio.create_task(tick())
    started = time.perf_counter()
    resp = await client.post("/import", files={"file": ("t.xlsx", content)})
    elapsed = time.perf_counter() - started
    ticker.cancel()
    assert resp.json() == {"rows": 1000}
    # A blocked loop would tick about once; a free one ticks every few milliseconds while the rows are parsed
    # (every 200 ms at worst on a machine busy with other work: the parser thread shares the interpreter lock).
    assert ticks >= max(3, elapsed / 0.2), (ticks, elapsed)
