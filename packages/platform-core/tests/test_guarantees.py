"""The guarantees of the shared app, on a small app of their own, on SQLite and (with TEST_DATABASE_URL) PostgreSQL:
one winner among concurrent writers with one ETag, one record and no 5xx among concurrent retries of one
Idempotency-Key, out-of-range integers and refused characters answered before the database, and a dropped
connection served again or answered 503."""

import asyncio
import os
import uuid
from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel
from sqlalchemy import String, event, func, select, text
from sqlalchemy.orm import Mapped, mapped_column

from platform_core.app import create_service_app
from platform_core.auth import Principal, require_perms
from platform_core.db import BigIntPK, Database, SessionDep, VersionMixin, is_sqlite, make_base
from platform_core.etag import IF_MATCH_REQUIRED, require_if_match
from platform_core.idempotency import IdempotencyKey, IdempotencyRecordMixin, IdempotencyStore, Outcome
from platform_core.problems import ProblemError, not_found
from platform_core.settings import CommonSettings
from platform_core.testing import INTERNAL_HEADERS, TestTokens

SCHEMA = f"guarantee_{uuid.uuid4().hex[:8]}"
APP_NAME = f"guarantees-{SCHEMA}"
OPENED: list[Any] = []  # the app's DBAPI connections (SQLite), to break them under it
Base = make_base(SCHEMA)


class Note(VersionMixin, Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(100))


class Idem(IdempotencyRecordMixin, Base):
    pass


idempotency = IdempotencyStore(Idem)
Writer = Annotated[Principal, Depends(require_perms("note:write"))]


class NoteIn(BaseModel):
    title: str


class NoteOut(BaseModel):
    id: int
    title: str
    version: int


router = APIRouter(prefix="/api/v1/notes")
CREATED_IN_WORK: list[int] = []


@router.post("", status_code=201, response_model=NoteOut)
async def create_note(
    request: Request, idempotency_key: IdempotencyKey, data: NoteIn, session: SessionDep, principal: Writer
) -> Any:
    async def work() -> Outcome:
        note = Note(title=data.title)
        session.add(note)
        await session.flush()
        await asyncio.sleep(0.05)  # the work takes a while: retries arrive while it runs
        if data.title == "会失败":
            raise ProblemError(409, "conflict", "业务规则拒绝")
        CREATED_IN_WORK.append(note.id)
        return Outcome(NoteOut(id=note.id, title=note.title, version=note.version), 201, {"ETag": f'"{note.version}"'})

    return await idempotency.run(request, session, principal, data.model_dump(mode="json"), work, key=idempotency_key)


@router.patch("/{note_id}", response_model=NoteOut)
async def update_note(
    request: Request, note_id: Annotated[int, Path(ge=1)], data: NoteIn, session: SessionDep, _: Writer
) -> NoteOut:
    note = await session.get(Note, note_id)
    if note is None:
        raise not_found()
    require_if_match(request, note.version)
    await asyncio.sleep(0.01)  # widen the window between the check and the write
    note.title = data.title
    await session.commit()
    return NoteOut(id=note.id, title=note.title, version=note.version)


@router.post("/{note_id}/archive", response_model=NoteOut, openapi_extra=IF_MATCH_REQUIRED)
async def archive_note(
    request: Request, note_id: Annotated[int, Path(ge=1)], session: SessionDep, _: Writer
) -> NoteOut:
    note = await session.get(Note, note_id)
    if note is None:
        raise not_found()
    require_if_match(request, note.version)
    return NoteOut(id=note.id, title=note.title, version=note.version)


@router.get("/boom")
async def boom(_: Writer) -> None:
    raise RuntimeError("a bug")


@router.get("/{note_id}", response_model=NoteOut)
async def get_note(note_id: Annotated[int, Path(ge=1)], session: SessionDep, _: Writer) -> NoteOut:
    note = await session.get(Note, note_id)
    if note is None:
        raise not_found()
    return NoteOut(id=note.id, title=note.title, version=note.version)


@router.get("")
async def search(
    session: SessionDep,
    _: Writer,
    q: Annotated[str | None, Query(max_length=50)] = None,
    unit_id: Annotated[int | None, Query(ge=1)] = None,
) -> dict[str, int]:
    stmt = select(func.count()).select_from(Note)
    if q:
        stmt = stmt.where(Note.title.contains(q))
    if unit_id is not None:
        stmt = stmt.where(Note.id == unit_id)
    return {"count": int(await session.scalar(stmt) or 0)}


@pytest.fixture(scope="module")
async def stack(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('g') / 'g.db'}"
    # On PostgreSQL the app's connections carry a name, so a test can drop exactly them.
    extra = {} if is_sqlite(url) else {"connect_args": {"server_settings": {"application_name": APP_NAME}}}
    db = Database(url, SCHEMA, **extra)
    event.listen(db.engine.sync_engine, "connect", lambda dbapi_connection, _record: OPENED.append(dbapi_connection))
    async with db.engine.begin() as conn:
        if not is_sqlite(url):
            await conn.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
        await conn.run_sync(Base.metadata.create_all)
    tokens = TestTokens()
    settings = CommonSettings(database_url=url)
    app = create_service_app(
        name="guarantees", title="t", settings=settings, schema=SCHEMA, routers=[router], database=db,
        verifier=tokens.verifier,
    )  # fmt: skip
    headers = tokens.headers(subject="user:9", permissions=["note:write"], data_scopes=["ALL"])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        yield client, headers, db
    if not is_sqlite(url):
        async with db.engine.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{SCHEMA}" CASCADE'))
    await db.dispose()


async def test_of_concurrent_writers_with_one_etag_exactly_one_wins(stack):
    client, headers, _db = stack
    created = await client.post("/api/v1/notes", json={"title": "初稿"}, headers=headers)
    url = f"/api/v1/notes/{created.json()['id']}"
    answers = await asyncio.gather(
        *(client.patch(url, json={"title": f"改{i}"}, headers={**headers, "If-Match": '"1"'}) for i in range(20))
    )
    codes = sorted(a.status_code for a in answers)
    assert codes.count(200) == 1 and codes.count(412) == 19, codes
    winner = next(a for a in answers if a.status_code == 200).json()
    stored = (await client.get(url, headers=headers)).json()
    assert stored == winner and stored["version"] == 2
    assert all(a.headers["content-type"] == "application/problem+json" for a in answers if a.status_code == 412)


async def test_concurrent_retries_of_one_key_store_one_record_and_never_fail(stack):
    client, headers, db = stack
    key = {"Idempotency-Key": f"k-{uuid.uuid4().hex}"}
    CREATED_IN_WORK.clear()
    answers = await asyncio.gather(
        *(client.post("/api/v1/notes", json={"title": "同一请求"}, headers={**headers, **key}) for _ in range(20))
    )
    codes = [a.status_code for a in answers]
    assert set(codes) <= {201, 409}, codes
    assert codes.count(201) >= 1
    for a in answers:
        if a.status_code == 409:
            assert a.json()["code"] == "idempotency_in_progress" and a.headers["retry-after"] == "1"
    assert len(CREATED_IN_WORK) == 1
    ids = {a.json()["id"] for a in answers if a.status_code == 201}
    assert ids == set(CREATED_IN_WORK)
    # Once the first is done, every retry is its stored answer.
    again = await asyncio.gather(
        *(client.post("/api/v1/notes", json={"title": "同一请求"}, headers={**headers, **key}) for _ in range(5))
    )
    assert all(a.status_code == 201 and a.headers["idempotent-replayed"] == "true" for a in again)
    assert {a.json()["id"] for a in again} == ids
    other = await client.post("/api/v1/notes", json={"title": "另一个"}, headers={**headers, **key})
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    async with db.session(write=False) as s:
        assert await s.scalar(select(func.count()).select_from(Note).where(Note.title == "同一请求")) == 1


async def test_a_failed_create_releases_its_key(stack):
    client, headers, db = stack
    key = {"Idempotency-Key": f"k-{uuid.uuid4().hex}"}
    bad = await client.post("/api/v1/notes", json={"title": "会失败"}, headers={**headers, **key})
    assert bad.status_code == 409 and bad.json()["code"] == "conflict"
    again = await client.post("/api/v1/notes", json={"title": "会失败"}, headers={**headers, **key})
    # The key was released with the failed work: the retry ran it again (not a replay, not "in progress").
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    async with db.session(write=False) as s:
        assert await s.scalar(select(func.count()).select_from(Note).where(Note.title == "会失败")) == 0


@pytest.mark.parametrize("note_id", ["9223372036854775808", "99999999999999999999999999", "-9223372036854775809"])
async def test_an_id_beyond_its_column_is_not_found(stack, note_id):
    client, headers, _db = stack
    answer = await client.get(f"/api/v1/notes/{note_id}", headers=headers)
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"
    patch = await client.patch(f"/api/v1/notes/{note_id}", json={"title": "x"}, headers={**headers, "If-Match": '"1"'})
    assert patch.status_code == 404


async def test_the_largest_id_is_looked_up(stack):
    client, headers, _db = stack
    # The boundary itself reaches the database, which finds nothing (no overflow on either database).
    answer = await client.get("/api/v1/notes/9223372036854775807", headers=headers)
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"


async def test_an_integer_filter_beyond_its_column_names_the_parameter(stack):
    client, headers, _db = stack
    answer = await client.get("/api/v1/notes", params={"unit_id": "2199023255551"}, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "unit_id"
    assert (await client.get("/api/v1/notes", params={"unit_id": "2147483647"}, headers=headers)).status_code == 200


@pytest.mark.parametrize(
    ("kind", "request_kwargs", "field"),
    [
        ("query", {"method": "GET", "url": "/api/v1/notes", "params": {"q": "\x00"}}, "q"),
        ("path", {"method": "GET", "url": "/api/v1/notes/1%00"}, "path"),
        ("json", {"method": "POST", "url": "/api/v1/notes", "content": b'{"title": "a\\u0000b"}'}, "title"),
        ("surrogate", {"method": "POST", "url": "/api/v1/notes", "content": b'{"title": "\\ud800"}'}, "title"),
    ],
)
async def test_characters_no_column_can_hold_are_refused_naming_where(stack, kind, request_kwargs, field):
    client, headers, _db = stack
    answer = await client.request(headers={**headers, "Content-Type": "application/json"}, **request_kwargs)
    assert answer.status_code == 422, (kind, answer.text)
    assert answer.json()["errors"][0]["field"] == field


async def test_a_surrogate_pair_is_a_character_like_any_other(stack):
    client, headers, _db = stack
    answer = await client.post(
        "/api/v1/notes",
        content=b'{"title": "\\ud83d\\ude00"}',
        headers={**headers, "Content-Type": "application/json"},
    )
    assert answer.status_code == 201 and answer.json()["title"] == "\U0001f600"


async def drop_connections(db: Database) -> None:
    """Break every pooled connection of the app under it, as a database restart or failover does."""
    if db.is_sqlite:
        # A file has no server to restart: close the pooled connections behind SQLAlchemy's back.
        for connection in OPENED:
            await connection.driver_connection.close()
        OPENED.clear()
        return
    admin = Database(os.environ["TEST_DATABASE_URL"], SCHEMA)
    async with admin.engine.begin() as conn:
        killed = await conn.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = :name AND pid <> pg_backend_pid()"
            ),
            {"name": APP_NAME},
        )
    await admin.dispose()
    assert killed and killed > 0


async def test_after_the_connections_drop_reads_are_served_and_writes_answer_503_at_worst(stack, caplog):
    client, headers, db = stack
    created = await client.post("/api/v1/notes", json={"title": "连接"}, headers=headers)
    url = f"/api/v1/notes/{created.json()['id']}"
    # Fill the pool with several connections, then break them all.
    await asyncio.gather(*(client.get(url, headers=headers) for _ in range(5)))
    await drop_connections(db)
    with caplog.at_level("WARNING", logger="platform_core.faults"):
        reads = await asyncio.gather(*(client.get(url, headers=headers) for _ in range(8)))
    assert [r.status_code for r in reads] == [200] * 8
    # The reads met the dropped connections and were served again on fresh ones.
    assert any("serving it once more" in r.getMessage() for r in caplog.records)
    await drop_connections(db)
    writes = [await client.post("/api/v1/notes", json={"title": f"写{i}"}, headers=headers) for i in range(3)]
    codes = [w.status_code for w in writes]
    assert set(codes) <= {201, 503}, codes
    for w in writes:
        if w.status_code == 503:
            assert w.headers["retry-after"] == "1" and w.json()["code"] == "service_unavailable"
    assert codes[-1] == 201, codes  # the pool has recovered by the next write


async def test_the_document_lists_every_answer_with_the_problem_schema(stack):
    client, _headers, _db = stack
    doc = (await client.get("/openapi.json", headers=INTERNAL_HEADERS)).json()
    assert doc["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status", "code"]
    patch = doc["paths"]["/api/v1/notes/{note_id}"]["patch"]
    assert {"400", "401", "403", "404", "409", "412", "422", "428", "429", "503"} <= set(patch["responses"])
    shared = doc["components"]["responses"]
    for status, answer in patch["responses"].items():
        if status != "200":
            described = shared[answer["$ref"].rsplit("/", 1)[1]]
            assert described["content"]["application/problem+json"]["schema"] == {
                "$ref": "#/components/schemas/Problem"
            }
    if_match = [p for p in patch["parameters"] if p["name"] == "If-Match"]
    assert if_match and if_match[0]["required"] is True and if_match[0]["in"] == "header"
    create = doc["paths"]["/api/v1/notes"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in create["parameters"])
    assert "412" not in create["responses"] and "409" in create["responses"]
    # An action that requires If-Match says so, and lists the 428 it answers without one.
    archive = doc["paths"]["/api/v1/notes/{note_id}/archive"]["post"]
    assert {"412", "428"} <= set(archive["responses"])
    assert [p["required"] for p in archive["parameters"] if p["name"] == "If-Match"] == [True]


async def test_an_action_requiring_if_match_answers_as_documented(stack):
    client, headers, _db = stack
    made = await client.post("/api/v1/notes", json={"title": "归档"}, headers={**headers, "Idempotency-Key": "arch-1"})
    url = f"/api/v1/notes/{made.json()['id']}/archive"
    assert (await client.post(url, headers=headers)).status_code == 428
    assert (await client.post(url, headers={**headers, "If-Match": '"99"'})).status_code == 412
    assert (await client.post(url, headers={**headers, "If-Match": made.headers["etag"]})).status_code == 200


async def test_a_method_the_path_does_not_serve_names_those_it_does(stack):
    client, headers, _db = stack
    answer = await client.delete("/api/v1/notes/1", headers=headers)
    assert answer.status_code == 405 and answer.json()["code"] == "method_not_allowed"
    assert answer.headers["allow"] == "GET, PATCH"
    assert (await client.put("/api/v1/notes", headers=headers)).headers["allow"] == "GET, POST"


async def test_an_unhandled_error_is_logged_with_its_request_id(stack, capsys):
    import json
    import logging

    from platform_core.observability import JsonFormatter

    client, headers, _db = stack
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("platform_core.problems")
    logger.addHandler(handler)
    # As a server does: the app's exception is answered as a problem, and not raised into the client.
    transport = httpx.ASGITransport(app=client._transport.app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as quiet:
            answer = await quiet.get("/api/v1/notes/boom", headers={**headers, "X-Request-ID": "req-boom-1"})
    finally:
        logger.removeHandler(handler)
    assert answer.status_code == 500 and answer.json()["request_id"] == "req-boom-1"
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    (logged,) = [line for line in lines if line["msg"] == "unhandled error"]
    assert logged["request_id"] == "req-boom-1" and "RuntimeError" in logged["exc"]


async def test_the_metrics_show_latency_by_route_template_the_pool_and_the_process(stack):
    client, headers, _db = stack
    assert (await client.get("/api/v1/notes/424242", headers=headers)).status_code == 404
    assert (await client.get("/metrics")).status_code == 404
    scraped = await client.get("/metrics", headers=INTERNAL_HEADERS)
    assert scraped.status_code == 200
    text_out = scraped.text
    # one series per route template, never per id
    series = 'http_request_duration_seconds_count{method="GET",route="/api/v1/notes/{note_id}",service="guarantees"}'
    assert series in text_out and "424242" not in text_out
    assert "process_resident_memory_bytes" in text_out and "python_gc_collections_total" in text_out
    in_use = 'db_pool_connections{service="guarantees",state="in_use"}'
    assert in_use in text_out or is_sqlite(str(_db.engine.url))
