"""Test helpers shared by every service: databases on SQLite or PostgreSQL, rolled-back sessions, tokens, and the
hostile files (bombs, formula text) the upload and export tests send through every route."""

from __future__ import annotations

import asyncio
import functools
import itertools
import os
import re
import time
import uuid
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from fastapi import FastAPI
from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core.auth import TokenVerifier
from platform_core.db import Database, get_session, is_sqlite
from platform_core.migrations import downgrade, upgrade
from platform_core.settings import DEMO_INTERNAL_TOKEN
from platform_core.tokens import SigningKey, TokenSigner

ISSUER = "commerce-platform-gateway"
AUDIENCE = "commerce-platform"


def test_database_url(tmp_dir: Path, name: str) -> str:
    """`TEST_DATABASE_URL` (PostgreSQL) when set, else a fresh SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite+aiosqlite:///{tmp_dir / f'{name}-{uuid.uuid4().hex[:8]}.db'}"


async def migrated_database(service_root: Path, schema: str, url: str) -> Database:
    """A database migrated to head; on PostgreSQL the service schema is dropped first."""
    db = Database(url, schema)
    if not is_sqlite(url):
        async with db.engine.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    upgrade(service_root, url)
    return db


@asynccontextmanager
async def scratch_tables(url: str, schema: str, metadata: MetaData) -> AsyncIterator[Database]:
    """A database holding `metadata`'s tables in a schema of their own, dropped with them afterwards."""
    database = Database(url, schema)
    async with database.engine.begin() as conn:
        if not is_sqlite(url):
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        await conn.run_sync(metadata.create_all)
    try:
        yield database
    finally:
        async with database.engine.begin() as conn:
            if is_sqlite(url):
                await conn.run_sync(metadata.drop_all)
            else:
                await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await database.dispose()


@asynccontextmanager
async def rolled_back_session(db: Database) -> AsyncIterator[AsyncSession]:
    """A session inside an outer transaction that is rolled back at the end (commits become savepoints)."""
    async with db.engine.connect() as conn:
        outer = await conn.begin()
        session = AsyncSession(bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint")
        try:
            yield session
        finally:
            await session.close()
            if outer.is_active:
                await outer.rollback()


def bind_session(app: FastAPI, session: AsyncSession) -> None:
    """Make every request of the app use the test's session."""

    async def _session() -> AsyncIterator[AsyncSession]:
        # As in production, a failed request leaves nothing of its uncommitted work behind (its own
        # savepoint is rolled back), while what the test itself added stays.
        request_work = await session.begin_nested()
        try:
            yield session
        except Exception:
            if request_work.is_active:
                await request_work.rollback()
            raise
        if request_work.is_active:
            await request_work.commit()

    app.dependency_overrides[get_session] = _session
    # Mechanisms that would open a connection of their own (idempotency claims) use this one instead.
    app.state.bound_session = session


class TestTokens:
    """Mints access tokens like the gateway does, for a key the test owns."""

    __test__ = False  # not a pytest class

    def __init__(self) -> None:
        """Generate a key and a verifier that trusts it."""
        self.signer = TokenSigner(SigningKey.generate(), ISSUER, AUDIENCE)
        self.verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks=self.signer.jwks())

    def token(self, **kwargs: Any) -> str:
        """An access token for the given principal fields."""
        kwargs.setdefault("kind", "user")
        kwargs.setdefault("name", kwargs.get("subject", "tester"))
        kwargs.setdefault("roles", [])
        kwargs.setdefault("region_code", None)
        kwargs.setdefault("region_path", None)
        return self.signer.access_token(**kwargs)[0]

    def headers(self, **kwargs: Any) -> dict[str, str]:
        """Authorization headers for such a token."""
        return {"Authorization": f"Bearer {self.token(**kwargs)}"}


def role_token_kwargs(
    role: str,
    *,
    region_code: str | None = None,
    region_path: str | None = None,
    unit_id: int | None = None,
    enterprise_uscc: str | None = None,
    subject: str | None = None,
) -> dict[str, Any]:
    """Token fields for a user holding one built-in role (as the gateway would issue them)."""
    from platform_core.permissions import ROLES_BY_CODE

    spec = ROLES_BY_CODE[role]
    return {
        "subject": subject or f"user:{zlib.crc32(repr((role, region_code, unit_id)).encode()) % 100000}",
        "kind": "user",
        "name": role,
        "roles": [role],
        "permissions": list(spec.permissions),
        "data_scopes": [spec.data_scope],
        "region_code": region_code,
        "region_path": region_path,
        "unit_id": unit_id,
        "enterprise_uscc": enterprise_uscc,
    }


def client_token_kwargs(
    client_id: str, permissions: list[str], *, data_scope: str, region_code: str | None, region_path: str | None
) -> dict[str, Any]:
    """Token fields for a machine client."""
    return {
        "subject": f"client:{client_id}",
        "kind": "client",
        "name": client_id,
        "roles": [],
        "permissions": permissions,
        "data_scopes": [data_scope],
        "region_code": region_code,
        "region_path": region_path,
    }


GUANGSHAN, XINXIAN, CITY = "411522", "411523", "411500"
#: The province: the installation's administrators sit here (what every city shares is theirs to change).
PROVINCE = "410000"
#: What the gateway and the metrics scraper send to reach a service's internal endpoints in tests.
INTERNAL_HEADERS = {"X-Internal-Token": DEMO_INTERNAL_TOKEN}


def service_fixtures(
    *, service_root: Path, schema: str, make_app: Any, reference_dir: Path | None = None
) -> dict[str, Any]:
    """The standard fixtures of a service's tests; a conftest does `globals().update(service_fixtures(...))`.

    `make_app(database, verifier)` builds the app under test.
    """
    import httpx
    import pytest

    from platform_core.demo import DEMO_ENTERPRISE_USCC
    from platform_core.regions import load_regions
    from platform_core.settings import SHIPPED_REFERENCE_DIR

    ref = reference_dir or Path(os.environ.get("REFERENCE_DATA_DIR", SHIPPED_REFERENCE_DIR))

    @pytest.fixture(scope="session")
    def regions() -> Any:
        return load_regions(ref)

    @pytest.fixture(scope="session")
    def tokens() -> TestTokens:
        return TestTokens()

    @pytest.fixture(scope="session")
    async def database(tmp_path_factory: Any) -> AsyncIterator[Database]:
        url = test_database_url(tmp_path_factory.mktemp(schema), schema)
        db = await migrated_database(service_root, schema, url)
        yield db
        await db.dispose()

    @pytest.fixture(scope="session")
    def app(database: Database, tokens: TestTokens) -> FastAPI:
        return make_app(database, tokens.verifier)

    @pytest.fixture
    async def session(database: Database, app: FastAPI) -> AsyncIterator[AsyncSession]:
        async with rolled_back_session(database) as s:
            bind_session(app, s)
            yield s

    @pytest.fixture
    async def client(app: FastAPI, session: AsyncSession) -> AsyncIterator[httpx.AsyncClient]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service") as c:
            yield c

    @pytest.fixture
    def headers(tokens: TestTokens, regions: Any) -> Any:
        def make(role: str, region: str | None = CITY, **kw: Any) -> dict[str, str]:
            path = regions.path_of(region) if region else None
            return tokens.headers(**role_token_kwargs(role, region_code=region, region_path=path, **kw))

        return make

    @pytest.fixture
    def roles(headers: Any, tokens: TestTokens, regions: Any) -> dict[str, dict[str, str]]:
        return {
            "city_leader": headers("city_leader", CITY, subject="user:1"),
            "city_officer": headers("city_officer", CITY, subject="user:2"),
            "guangshan": headers("county_officer", GUANGSHAN, subject="user:3"),
            "xinxian": headers("county_officer", XINXIAN, subject="user:4"),
            "unit": headers("unit_handler", CITY, unit_id=2, subject="user:5"),
            "enterprise": headers("enterprise_user", GUANGSHAN, enterprise_uscc=DEMO_ENTERPRISE_USCC, subject="user:6"),
            "admin": headers("system_admin", PROVINCE, subject="user:7"),
            "auditor": headers("auditor", CITY, subject="user:8"),
            "province": tokens.headers(
                **client_token_kwargs(
                    "province",
                    ["open:enterprise:read"],
                    data_scope="REGION_AND_BELOW",
                    region_code=CITY,
                    region_path=regions.path_of(CITY),
                )
            ),
        }

    return {
        "regions": regions,
        "tokens": tokens,
        "database": database,
        "app": app,
        "session": session,
        "client": client,
        "headers": headers,
        "roles": roles,
    }


async def check_probes(client: Any) -> None:
    """`/livez`, `/readyz` and `/metrics` answer without a token."""
    assert (await client.get("/livez")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).json() == {"status": "ready"}
    # Metrics, and the service's own OpenAPI document, are for the platform's callers only.
    assert (await client.get("/metrics")).status_code == 404
    assert (await client.get("/openapi.json")).status_code == 404
    assert (await client.get("/docs")).status_code == 404
    metrics = await client.get("/metrics", headers=INTERNAL_HEADERS)
    assert metrics.status_code == 200 and "http_requests_total" in metrics.text
    scraped = await client.get("/metrics", headers={"Authorization": f"Bearer {DEMO_INTERNAL_TOKEN}"})
    assert scraped.status_code == 200
    document = await client.get("/openapi.json", headers=INTERNAL_HEADERS)
    assert document.status_code == 200 and document.json()["paths"]


async def check_audit_log_is_auditor_only(client: Any, roles: dict[str, dict[str, str]]) -> None:
    """The audit log answers the auditor and refuses everyone else."""
    assert (await client.get("/api/v1/audit/logs", headers=roles["auditor"])).status_code == 200
    for role in ("admin", "city_officer", "guangshan", "enterprise", "province"):
        assert (await client.get("/api/v1/audit/logs", headers=roles[role])).status_code == 403
    assert (await client.get("/api/v1/audit/logs")).status_code == 401


def check_migrations_reversible(service_root: Path, tmp_path: Path) -> None:
    """Upgrade, downgrade to base and upgrade again on a fresh SQLite file."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'migrations.db'}"
    upgrade(service_root, url)
    downgrade(service_root, url, "base")
    upgrade(service_root, url)


# Uploaded and downloaded files ---------------------------------------------------------------------------------

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_REL_NS}">'
        f'<Relationship Id="rId1" Type="{_DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN_NS}" xmlns:r="{_DOC_REL}">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_REL_NS}">'
        f'<Relationship Id="rId1" Type="{_DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def inline_row(number: int, values: Sequence[str | None]) -> bytes:
    """A sheet's `<row>` of inline-string cells (None leaves a cell out)."""
    from xml.sax.saxutils import escape

    from openpyxl.utils import get_column_letter

    cells = "".join(
        f'<c r="{get_column_letter(i)}{number}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
        for i, v in enumerate(values, start=1)
        if v is not None
    )
    return f'<row r="{number}">{cells}</row>'.encode()


def xlsx_of_rows(rows: Iterable[bytes], *, dimension: str | None = None) -> bytes:
    """A minimal XLSX whose one sheet holds the given `<row>` elements, streamed into a deflated archive in memory."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _XLSX_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN_NS}">'.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for row in rows:
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


@functools.cache
def inflating_xlsx(expanded_mb: int = 256) -> bytes:
    """A zip bomb: well under a megabyte, its sheet XML inflates to `expanded_mb` MB of repeated rows."""
    block = b'<row r="1"><c r="A1" t="inlineStr"><is><t>0</t></is></c></row>' * 16_384
    return xlsx_of_rows(itertools.repeat(block, expanded_mb * 1024 * 1024 // len(block)))


@functools.cache
def many_rows_xlsx(headers: tuple[str, ...], rows: int = 200_000) -> bytes:
    """A small XLSX with a header row and `rows` rows of numbers under its first five columns, as Excel sizes it."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(i) for i in range(1, min(len(headers), 5) + 1)]
    template = ('<row r="%d">' + "".join(f'<c r="{x}%d"><v>7</v></c>' for x in letters) + "</row>").encode()
    body = (template % ((n,) * (1 + len(letters))) for n in range(2, rows + 2))
    return xlsx_of_rows(itertools.chain([inline_row(1, headers)], body), dimension=f"A1:{letters[-1]}{rows + 1}")


def upload_operations(openapi: dict[str, Any]) -> set[tuple[str, str]]:
    """The operations of an OpenAPI document that take a multipart body with a `file` (method, path)."""
    found = set()
    for path, operations in openapi.get("paths", {}).items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("multipart/form-data", {})
            schema = _resolve(openapi, body.get("schema", {}))
            if "file" in schema.get("properties", {}):
                found.add((method, path))
    return found


def xlsx_operations(openapi: dict[str, Any], media_type: str = XLSX_MEDIA_TYPE) -> set[tuple[str, str]]:
    """The operations of an OpenAPI document that can answer with an XLSX (or another media type's) file."""
    return {
        (method, path)
        for path, operations in openapi.get("paths", {}).items()
        for method, operation in operations.items()
        if any(media_type in r.get("content", {}) for r in operation.get("responses", {}).values())
    }


def _resolve(openapi: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if not ref:
        return schema
    node: Any = openapi
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return cast(dict[str, Any], node)


@dataclass
class ProbedUpload:
    """An upload's answer, and how `/livez` answered while the upload was under way."""

    response: Any
    seconds: float
    #: Wall time from the upload's start to the first probe's answer, then between answers.
    waits: list[float]
    #: CPU time the event loop's thread spent in each of those intervals: a loop blocked by parsing shows here
    #: whatever else the machine is doing, where a wall-clock wait also grows when the machine is busy.
    busy: list[float]
    #: Probes answered before the upload's own answer.
    answered_before: int

    @property
    def longest_wait(self) -> float:
        """The longest `/livez` went unanswered while the upload was under way (wall time)."""
        return max(self.waits)

    @property
    def longest_busy(self) -> float:
        """The most CPU time the loop's thread spent between two answers of `/livez`."""
        return max(self.busy)


async def upload_while_probing(client: Any, url: str, **request: Any) -> ProbedUpload:
    """POST an upload and probe `/livez` every couple of milliseconds until the upload has answered.

    Meant for an in-process client (ASGI transport): the app's event loop is the test's own thread. First the
    route gets 2 MB of NUL bytes, which every upload route refuses: a process's first large body spends tens of
    milliseconds of the loop setting up temporary files, once, and that is not what the probes measure.
    """
    warm_up = {k: v for k, v in request.items() if k != "files"}
    refused = await client.post(url, files={"file": ("warm-up.bin", b"\x00" * 2 * 1024 * 1024)}, **warm_up)
    assert refused.status_code in (413, 422), refused.text
    started = last = time.perf_counter()
    last_cpu = time.thread_time()
    upload = asyncio.create_task(client.post(url, **request))
    await asyncio.sleep(0)  # the upload goes first
    waits: list[float] = []
    busy: list[float] = []
    answered_before = 0
    while True:
        live = await client.get("/livez")
        now, cpu = time.perf_counter(), time.thread_time()
        waits.append(now - last)
        busy.append(cpu - last_cpu)
        last, last_cpu = now, cpu
        assert live.status_code == 200, live.text
        if upload.done():
            break
        answered_before += 1
        await asyncio.sleep(0.002)
    response = await upload
    return ProbedUpload(response, time.perf_counter() - started, waits, busy, answered_before)


def assert_file_refused(response: Any, statuses: Sequence[int] = (413, 422)) -> dict[str, Any]:
    """The answer is a problem+json refusal with one of the statuses, naming the field `file`."""
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/problem+json")
    body = cast(dict[str, Any], response.json())
    assert [e["field"] for e in body.get("errors", [])] == ["file"], body
    return body


async def row_counts(session: AsyncSession, metadata: Any) -> dict[str, int]:
    """Rows in every table of a schema's metadata, to show that a refused import stored nothing."""
    from sqlalchemy import func, select

    counts = {}
    for table in metadata.sorted_tables:
        counts[table.name] = int(await session.scalar(select(func.count()).select_from(table)) or 0)
    return counts


def cells_holding(content: bytes, needle: str) -> list[Any]:
    """Every cell of an XLSX whose text holds `needle` (read back in full mode, with its type and style)."""
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if needle in str(c.value or "")]


#: What the export tests put in a record's text: a live formula if written as such, and control characters
#: (inside the text, where stripping whitespace does not remove them).
HOSTILE_TEXT = '=HYPERLINK("http://evil","x")\x01张\x0b三'
#: The same text as an export must show it.
HOSTILE_TEXT_EXPORTED = '=HYPERLINK("http://evil","x")张三'


def assert_text_cells(content: bytes, needle: str = "HYPERLINK") -> list[Any]:
    """The cells holding `needle` are text (never formulas) with Excel's quote prefix and no control characters."""
    cells = cells_holding(content, needle)
    assert cells, f"no cell holds {needle!r}"
    for cell in cells:
        assert cell.data_type == "s", (cell.coordinate, cell.data_type)
        assert cell.quotePrefix, cell.coordinate
        assert not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in cell.value), repr(cell.value)
    return cells


#: An English identifier in a cell: a snake_case word (`superior_received`) or a dotted code (`auth.login`);
#: an address (`http://…`, `a@b.cn`) or a file name is not one.
IDENTIFIER = re.compile(r"(?<![\w.@/:-])([a-z]+(?:_[a-z]+)+|[a-z][a-z_]*(?:\.[a-z][a-z_]*)+)(?![\w.@/])")


def assert_readable_export(content: bytes, codes: Iterable[str] = ()) -> None:
    """No cell of an XLSX export shows an English identifier, nor one of `codes` (an enum's values) as its text."""
    shown = [c for c in cells_holding(content, "") if isinstance(c.value, str)]
    found = [(c.coordinate, c.value) for c in shown if IDENTIFIER.search(c.value) or c.value in set(codes)]
    assert found == [], f"export cells showing codes instead of names: {found[:10]}"


def assert_xlsx_export(response: Any) -> bytes:
    """An XLSX download that opens, holds no formula at all, and shows names rather than codes."""
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith(XLSX_MEDIA_TYPE)
    cells = cells_holding(response.content, "")
    assert cells and not [c.coordinate for c in cells if c.data_type == "f"]
    assert_readable_export(response.content)
    return cast(bytes, response.content)


#: The refusal of a hostile file comes before the file is expanded: expanding the bomb's 256 MB of XML or
#: reading 200,000 rows takes far longer than this on the build machine, while a refusal on an idle machine takes
#: well under a second. The bound leaves room for a machine busy with other suites; what proves the service
#: stays responsive is the loop never being held for more than 50 ms.
REFUSAL_BOUND_S = 5.0


async def check_upload_refusals(
    client: Any,
    url: str,
    *,
    stored: Callable[[], Awaitable[Any]],
    max_bytes: int,
    table_headers: Sequence[str] | None = None,
    **request: Any,
) -> None:
    """What every upload route does with hostile files, while `/livez` keeps answering and nothing is stored.

    A zip bomb (256 MB of sheet XML in under a megabyte) is refused naming `file` within a second; for a table
    import, so is a sheet of 200,000 rows under the import's own headers (the loop answers `/livez` before the
    refusal); a plain file one byte past `max_bytes` is 413. In none of these is the loop held by the file for
    more than 50 ms, and `stored()` (row counts, files) is the same afterwards.
    """
    before = await stored()
    bomb = await upload_while_probing(client, url, files={"file": ("bomb.xlsx", inflating_xlsx())}, **request)
    assert_file_refused(bomb.response)
    assert bomb.seconds < REFUSAL_BOUND_S and bomb.longest_busy <= 0.05, (url, bomb)
    if table_headers is not None:
        table = many_rows_xlsx(tuple(table_headers))
        rows = await upload_while_probing(client, url, files={"file": ("rows.xlsx", table)}, **request)
        assert assert_file_refused(rows.response, (422,))["errors"][0]["code"] == "too_many_rows", url
        # About a second: 2 s leaves room for a loaded test machine.
        assert rows.seconds < REFUSAL_BOUND_S and rows.longest_busy <= 0.05 and rows.answered_before >= 1, (url, rows)
    big = await client.post(url, files={"file": ("big.csv", b"x" * (max_bytes + 1))}, **request)
    assert assert_file_refused(big, (413,))["code"] == "payload_too_large"
    assert await stored() == before, url


def run_admin_sql(server_url: str, sql: str) -> None:
    """Run one statement on a PostgreSQL server as its administrator (creating or dropping a test database)."""
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(server_url)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run())


def check_concurrent_migrations(service_root: Path, schema: str, tmp_path: Path) -> None:
    """Two migrations of a fresh database started at once (two replicas' prestart jobs) both succeed."""
    import subprocess
    import sys

    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        from sqlalchemy.engine import make_url

        name = f"{make_url(base).database}_migrate_{uuid.uuid4().hex[:6]}"
        server = make_url(base).set(drivername="postgresql", database="postgres").render_as_string(False)

        run_admin_sql(server, f'CREATE DATABASE "{name}"')
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'concurrent.db'}"
    # Separate processes, as two prestart jobs are (Alembic's context is one per process).
    code = (
        "import sys; from pathlib import Path; from platform_core.migrations import upgrade; "
        "upgrade(Path(sys.argv[1]), sys.argv[2])"
    )
    try:
        jobs = [
            subprocess.Popen([sys.executable, "-c", code, str(service_root), url], stderr=subprocess.PIPE, text=True)  # noqa: S603
            for _ in range(2)
        ]
        failures = [job.communicate(timeout=300)[1] for job in jobs if job.wait(timeout=300) != 0]
        assert failures == [], failures
        upgrade(service_root, url)  # and once more: nothing left to do
    finally:
        if base:
            run_admin_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
