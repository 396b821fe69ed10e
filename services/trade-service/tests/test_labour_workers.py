"""Workers: personal data encrypted at rest and masked everywhere without `trade:worker:pii`, ID-number
validation, the status machine, ETags, idempotency and audit."""

from __future__ import annotations

import io
import json

import httpx
import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from support import CITY, GUANGSHAN, XINXIAN, id_number, move, program, province, worker_body

from platform_core.crypto import KeyConfigurationError, generate_key_config
from platform_core.testing import assert_readable_export
from trade_service.core import AuditLog, IdempotencyRecord
from trade_service.labour.models import LabourWorker
from trade_service.labour.schemas import WorkerStatus, id_check_character, normalise_id_number
from trade_service.main import create_app
from trade_service.pii import load_cipher
from trade_service.settings import TradeSettings

WORKERS = "/api/v1/trade/labour/workers"
NAME, PASSPORT = "张三丰", "EA1234567"
ID = id_number(GUANGSHAN)
MASKED_ID = ID[:3] + "*" * 12 + ID[-3:]


@pytest.fixture
async def eps(client, roles):
    return await program(client, roles["city_officer"])


@pytest.fixture
async def worker(client, roles, eps):
    resp = await client.post(WORKERS, json=worker_body(eps["id"]), headers=roles["guangshan"])
    assert resp.status_code == 201, resp.text
    return resp.json()


def assert_masked(item: dict) -> None:
    assert item["name"] == "张**" and item["id_number"] == MASKED_ID and item["passport_number"] == "E******67"
    assert item["pii_masked"] is True


def no_pii(blob: str) -> None:
    for secret in (NAME, ID, PASSPORT):
        assert secret not in blob


# ID numbers -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["11010519491231002X", "440524198001010013", " 11010519491231002x "])
def test_valid_id_numbers(value):
    assert normalise_id_number(value) == value.strip().upper()


def test_check_character_follows_gb_11643():
    # Σ(digit × weight) mod 11 → 1 0 X 9 8 7 6 5 4 3 2
    assert id_check_character("11010519491231002") == "X"
    assert id_check_character("44052419800101001") == "3"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("110105194912310021", "校验位"),
        ("11010519491331002X", "出生日期"),
        ("1101051949123100", "18位"),
        ("11010519491231002Y", "18位"),
        ("11010529991231002X", "出生日期"),
    ],
)
async def test_bad_id_number_is_422_naming_the_field_and_stores_nothing(client, roles, eps, session, value, message):
    before = await session.scalar(select(LabourWorker.id).order_by(LabourWorker.id.desc()).limit(1))
    resp = await client.post(WORKERS, json=worker_body(eps["id"], id_number=value), headers=roles["guangshan"])
    assert resp.status_code == 422
    error = resp.json()["errors"][0]
    assert error["field"] == "id_number" and message in error["message"]
    assert await session.scalar(select(LabourWorker.id).order_by(LabourWorker.id.desc()).limit(1)) == before


# Encryption at rest ---------------------------------------------------------------------------------------


async def test_personal_data_is_encrypted_in_the_database(worker, session):
    # The raw columns as stored, read past the ORM.
    t = LabourWorker.__table__
    raw = (
        await session.execute(
            select(t.c.name_cipher, t.c.id_number_cipher, t.c.id_number_hash, t.c.passport_cipher).where(
                t.c.id == worker["id"]
            )
        )
    ).one()
    for column in raw:
        no_pii(column)
    assert raw[0].startswith("v1:test1:") and raw[1].startswith("v1:test1:") and raw[3].startswith("v1:test1:")
    assert raw[2].startswith("test1:") and len(raw[2]) == len("test1:") + 64


async def test_production_refuses_to_start_without_keys_and_bad_keys_are_refused(tmp_path):
    production = TradeSettings(PLATFORM_ENV="production", INTERNAL_TOKEN="a-real-secret", DATA_DIR=tmp_path)
    with pytest.raises(KeyConfigurationError, match="TRADE_PII_KEYS is not set"):
        create_app(production)
    with pytest.raises(KeyConfigurationError, match="must be 32 bytes"):
        create_app(TradeSettings(PLATFORM_ENV="test", DATA_DIR=tmp_path, pii_keys="k1:c2hvcnQ="))
    assert not (tmp_path / "keys").exists()
    # Outside production a key ring is created once in the data folder.
    first = load_cipher(TradeSettings(PLATFORM_ENV="test", DATA_DIR=tmp_path))
    again = load_cipher(TradeSettings(PLATFORM_ENV="demo", DATA_DIR=tmp_path))
    assert first.key_ids == again.key_ids


# Masking everywhere ---------------------------------------------------------------------------------------


async def test_pii_holder_sees_clear_values(client, roles, worker):
    assert worker["name"] == NAME and worker["id_number"] == ID and worker["passport_number"] == PASSPORT
    assert worker["pii_masked"] is False
    detail = await client.get(f"{WORKERS}/{worker['id']}", headers=roles["guangshan"])
    assert detail.json()["id_number"] == ID


@pytest.mark.parametrize("role", ["city_officer", "city_leader"])
async def test_list_and_detail_are_masked_without_the_permission(client, roles, worker, role):
    listed = await client.get(WORKERS, headers=roles[role])
    assert listed.status_code == 200
    [item] = [i for i in listed.json()["items"] if i["id"] == worker["id"]]
    assert_masked(item)
    detail = await client.get(f"{WORKERS}/{worker['id']}", headers=roles[role])
    assert_masked(detail.json())
    no_pii(listed.text + detail.text)


async def test_writes_answer_masked_without_the_permission(client, roles, eps):
    resp = await client.post(
        WORKERS, json=worker_body(eps["id"], id_number=id_number(XINXIAN, seq=7)), headers=roles["city_officer"]
    )
    assert resp.status_code == 201
    assert resp.json()["pii_masked"] is True and "*" in resp.json()["id_number"]


async def test_export_is_masked_without_the_permission(client, roles, worker):
    masked = await client.get(f"{WORKERS}/export", headers=roles["city_officer"])
    assert masked.status_code == 200
    assert masked.headers["content-type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(masked.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "劳务合作项目", "姓名", "身份证号", "护照号")
    [row] = [r for r in rows[1:] if r[3] == MASKED_ID]
    assert row[2:5] == ("张**", MASKED_ID, "E******67")
    assert all(NAME not in str(c) and ID not in str(c) for r in rows for c in r)
    clear = await client.get(f"{WORKERS}/export", headers=roles["guangshan"])
    [row] = [r for r in load_workbook(io.BytesIO(clear.content)).active.iter_rows(values_only=True) if r[3] == ID]
    assert row[2:5] == (NAME, ID, PASSPORT)


async def test_export_names_the_program_batch_and_status_instead_of_ids(client, roles, eps, worker):
    batch = await client.post(
        "/api/v1/trade/labour/batches",
        json={"program_id": eps["id"], "batch_no": "EPS-2026-01", "departs_on": "2021-03-01", "region_code": GUANGSHAN},
        headers=roles["guangshan"],
    )
    assert batch.status_code == 201, batch.text
    await move(client, worker, roles["guangshan"], ("trained", "2021-02-01"))
    departed = await client.post(
        f"{WORKERS}/{worker['id']}/transitions",
        json={"to": "departed", "on": "2021-03-01", "batch_id": batch.json()["id"]},
        headers=roles["guangshan"],
    )
    assert departed.status_code == 200, departed.text
    resp = await client.get(f"{WORKERS}/export", headers=roles["guangshan"])
    header, *rows = load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True)
    assert header == (
        "序号",
        "劳务合作项目",
        "姓名",
        "身份证号",
        "护照号",
        "县区",
        "状态",
        "登记日期",
        "培训日期",
        "出境日期",
        "回国日期",
        "派出批次",
        "行业",
        "备注",
    )
    [row] = [r for r in rows if r[3] == ID]
    record = dict(zip(header, row, strict=True))
    assert record["序号"] == 1
    assert record["劳务合作项目"] == eps["name"]
    assert (record["县区"], record["状态"], record["派出批次"]) == ("光山县", "已出境", "EPS-2026-01")
    # No column carries an id or an English code.
    assert_readable_export(resp.content, codes=[s.value for s in WorkerStatus])
    assert worker["id"] not in row[1:] and eps["id"] not in row[1:]


async def test_sync_carries_no_personal_data(client, tokens, regions, worker):
    resp = await client.get("/open/v1/trade/labour/workers", params={"limit": 500}, headers=province(tokens, regions))
    assert resp.status_code == 200
    [item] = [i for i in resp.json()["items"] if i["id"] == worker["id"]]
    assert item["status"] == "registered" and item["region_code"] == GUANGSHAN
    assert not {"name", "id_number", "passport_number"} & set(item)
    no_pii(resp.text)
    # Even a client that somehow holds the PII permission gets none over sync.
    both = province(tokens, regions, ("open:trade:read", "trade:worker:pii"))
    no_pii((await client.get("/open/v1/trade/labour/workers", headers=both)).text)


async def test_audit_log_holds_masked_values_only(client, roles, worker, session):
    url = f"{WORKERS}/{worker['id']}"
    patched = await client.patch(
        url,
        json={"name": "李四光", "passport_number": "EB7654321"},
        headers={**roles["guangshan"], "If-Match": '"1"'},
    )
    assert patched.status_code == 200, patched.text
    await move(client, patched.json(), roles["guangshan"], ("trained", "2021-02-01"))
    await client.delete(url, headers={**roles["guangshan"], "If-Match": '"3"'})
    entries = (
        await session.scalars(
            select(AuditLog)
            .where(AuditLog.entity_id == str(worker["id"]), AuditLog.entity_type == "labour_worker")
            .order_by(AuditLog.id)
        )
    ).all()
    assert [e.action for e in entries] == [
        "labour_worker.create",
        "labour_worker.update",
        "labour_worker.trained",
        "labour_worker.delete",
    ]
    blob = json.dumps([[e.before, e.after, e.detail] for e in entries], ensure_ascii=False)
    for secret in (NAME, ID, PASSPORT, "李四光", "EB7654321"):
        assert secret not in blob
    assert "cipher" not in blob and "id_number_hash" not in blob
    assert entries[1].before["name"] == "张**" and entries[1].after["name"] == "李**"
    # The auditor's view of the same entries.
    listed = await client.get(
        "/api/v1/audit/logs",
        params={"entity_id": str(worker["id"]), "action": "labour_worker."},
        headers=roles["auditor"],
    )
    assert listed.json()["total"] == 4
    no_pii(listed.text)


async def test_idempotency_record_stores_masked_body(client, roles, eps, session):
    h = {**roles["guangshan"], "Idempotency-Key": "worker-1"}
    first = await client.post(WORKERS, json=worker_body(eps["id"]), headers=h)
    again = await client.post(WORKERS, json=worker_body(eps["id"]), headers=h)
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert again.json()["pii_masked"] is True
    stored = await session.scalar(select(IdempotencyRecord).where(IdempotencyRecord.key == "worker-1"))
    no_pii(json.dumps(stored.response_body, ensure_ascii=False))
    other = await client.post(WORKERS, json=worker_body(eps["id"], sector="农业"), headers=h)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


async def test_lookup_by_id_number_needs_the_permission(client, roles, worker):
    found = await client.get(WORKERS, params={"id_number": ID.lower()}, headers=roles["guangshan"])
    assert [i["id"] for i in found.json()["items"]] == [worker["id"]]
    refused = await client.get(WORKERS, params={"id_number": ID}, headers=roles["city_officer"])
    assert refused.status_code == 403
    bad = await client.get(
        WORKERS, params={"id_number": ID[:17] + "0" if ID[-1] != "0" else ID[:17] + "1"}, headers=roles["guangshan"]
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "id_number"


async def test_a_person_not_yet_returned_cannot_be_registered_twice(client, roles, eps, worker):
    again = await client.post(WORKERS, json=worker_body(eps["id"], name="王五"), headers=roles["guangshan"])
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "id_number"
    await move(
        client,
        worker,
        roles["guangshan"],
        ("trained", "2021-02-01"),
        ("departed", "2021-03-01"),
        ("returned", "2021-04-01"),
    )
    assert (await client.post(WORKERS, json=worker_body(eps["id"]), headers=roles["guangshan"])).status_code == 201


# Status machine -------------------------------------------------------------------------------------------


async def test_each_step_in_order_with_dates(client, roles, worker):
    h = roles["guangshan"]
    trained = await move(client, worker, h, ("trained", "2021-02-01"))
    assert trained["status"] == "trained" and trained["trained_on"] == "2021-02-01" and trained["version"] == 2
    departed = await move(client, trained, h, ("departed", "2021-03-01"))
    assert departed["departed_on"] == "2021-03-01"
    returned = await move(client, departed, h, ("returned", "2024-03-01"))
    assert returned["status"] == "returned" and returned["returned_on"] == "2024-03-01"


@pytest.mark.parametrize(
    ("done", "to"),
    [
        ((), "departed"),
        ((), "returned"),
        ((), "registered"),
        ((("trained", "2021-02-01"),), "trained"),
        ((("trained", "2021-02-01"),), "registered"),
        ((("trained", "2021-02-01"), ("departed", "2021-03-01")), "trained"),
        ((("trained", "2021-02-01"), ("departed", "2021-03-01"), ("returned", "2021-04-01")), "departed"),
    ],
)
async def test_forbidden_steps_are_409(client, roles, worker, done, to):
    current = await move(client, worker, roles["guangshan"], *done)
    resp = await client.post(
        f"{WORKERS}/{worker['id']}/transitions", json={"to": to, "on": "2021-05-01"}, headers=roles["guangshan"]
    )
    assert resp.status_code == 409
    problem = resp.json()
    assert problem["status"] == 409 and problem["errors"][0]["field"] == "to"
    assert problem["current_status"] == current["status"]


async def test_dates_out_of_order_or_in_the_future_are_422(client, roles, worker):
    url = f"{WORKERS}/{worker['id']}/transitions"
    early = await client.post(url, json={"to": "trained", "on": "2020-12-31"}, headers=roles["guangshan"])
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "on"
    future = await client.post(url, json={"to": "trained", "on": "2999-01-01"}, headers=roles["guangshan"])
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "on"


async def test_departure_joins_a_batch_of_the_same_program(client, roles, eps, worker):
    batch = (
        await client.post(
            "/api/v1/trade/labour/batches",
            json={"program_id": eps["id"], "batch_no": "2021-01", "departs_on": "2021-03-01", "region_code": CITY},
            headers=roles["city_officer"],
        )
    ).json()
    url = f"{WORKERS}/{worker['id']}/transitions"
    h = roles["guangshan"]
    early = await client.post(url, json={"to": "trained", "on": "2021-02-01", "batch_id": batch["id"]}, headers=h)
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "batch_id"
    await move(client, worker, h, ("trained", "2021-02-01"))
    missing = await client.post(url, json={"to": "departed", "on": "2021-03-01", "batch_id": 999999}, headers=h)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "batch_id"
    ok = await client.post(url, json={"to": "departed", "on": "2021-03-01", "batch_id": batch["id"]}, headers=h)
    assert ok.status_code == 200 and ok.json()["batch_id"] == batch["id"]
    listed = await client.get("/api/v1/trade/labour/batches", headers=h)
    assert [b["worker_count"] for b in listed.json()["items"] if b["id"] == batch["id"]] == [1]


async def test_transition_with_a_stale_if_match_is_412(client, roles, worker):
    resp = await client.post(
        f"{WORKERS}/{worker['id']}/transitions",
        json={"to": "trained", "on": "2021-02-01"},
        headers={**roles["guangshan"], "If-Match": '"7"'},
    )
    assert resp.status_code == 412


async def test_patch_requires_if_match_and_status_is_not_patchable(client, roles, worker):
    url = f"{WORKERS}/{worker['id']}"
    assert (await client.patch(url, json={"sector": "农业"}, headers=roles["guangshan"])).status_code == 428
    status = await client.patch(url, json={"status": "departed"}, headers={**roles["guangshan"], "If-Match": '"1"'})
    assert status.status_code == 422 and status.json()["errors"][0]["field"] == "status"
    ok = await client.patch(url, json={"sector": "农业"}, headers={**roles["guangshan"], "If-Match": '"1"'})
    assert ok.status_code == 200 and ok.headers["etag"] == '"2"'
    stale = await client.patch(url, json={"sector": "渔业"}, headers={**roles["guangshan"], "If-Match": '"1"'})
    assert stale.status_code == 412


async def test_filters_and_sort(client, roles, eps, worker):
    second = await client.post(
        WORKERS,
        json=worker_body(eps["id"], region=XINXIAN, id_number=id_number(XINXIAN, seq=9)),
        headers=roles["city_officer"],
    )
    assert second.status_code == 201
    await move(client, worker, roles["guangshan"], ("trained", "2021-02-01"), ("departed", "2021-03-10"))
    h = roles["city_officer"]
    departed = await client.get(WORKERS, params={"status": "departed"}, headers=h)
    assert [i["id"] for i in departed.json()["items"]] == [worker["id"]]
    in_march = await client.get(WORKERS, params={"departed_from": "2021-03-01", "departed_to": "2021-03-31"}, headers=h)
    assert in_march.json()["total"] == 1
    county = await client.get(WORKERS, params={"region_code": XINXIAN}, headers=h)
    assert [i["region_code"] for i in county.json()["items"]] == [XINXIAN]
    assert (await client.get(WORKERS, params={"sort": "name"}, headers=h)).status_code == 422
    assert (await client.get(WORKERS, params={"colour": "red"}, headers=h)).status_code == 422


async def test_wrong_key_answers_500_without_data(worker, database, tokens, regions, session):
    from platform_core.testing import bind_session, role_token_kwargs

    other = create_app(
        TradeSettings(PLATFORM_ENV="test", pii_keys=generate_key_config("test1")),
        database=database,
        verifier=tokens.verifier,
    )
    bind_session(other, session)
    headers = tokens.headers(
        **role_token_kwargs("county_officer", region_code=GUANGSHAN, region_path=regions.path_of(GUANGSHAN))
    )
    transport = httpx.ASGITransport(app=other, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as c:
        resp = await c.get(f"{WORKERS}/{worker['id']}", headers=headers)
    assert resp.status_code == 500
    assert resp.json()["code"] == "pii_key_error"
    no_pii(resp.text)
    assert "v1:" not in resp.text
