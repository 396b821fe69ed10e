"""Case attachments: type sniffed from the bytes, size limit and allowlist from settings, SHA-256, files named
by id, RFC 5987 download names, and downloads scope-checked through the case."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import func, select
from test_case_support import URL, A, S, case_fixtures

from case_service.core import AttachmentBlob, AuditLog
from platform_core.blobs import FileBlobs
from platform_core.uploads import clean_filename, content_disposition, sniff

globals().update(case_fixtures())

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 40


def office(folder: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(f"{folder}/document.xml", "<doc/>")
    return buf.getvalue()


def plain_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (JPEG, "jpeg"),
        (office("word"), "docx"),
        (office("xl"), "xlsx"),
        ("用地情况说明\n第二行\t制表".encode(), "txt"),
        ("中文说明".encode("gb18030"), "txt"),
        (EXE, None),
        (plain_zip(), None),
        (b"PK\x03\x04not really a zip", None),
        (b"\x00\x01\x02binary", None),
    ],
)
def test_sniffing(data, kind):
    assert sniff(data) == kind


def test_names_and_paths():
    assert clean_filename("../../etc/passwd.txt", "txt") == "passwd.txt"
    assert clean_filename("C:\\Users\\张三\\批复.pdf", "pdf") == "批复.pdf"
    assert clean_filename('a"b<c>.pdf', "pdf") == "a_b_c_.pdf"
    assert clean_filename("", "jpeg") == "attachment.jpg"
    assert content_disposition("批复 1.pdf") == (
        f"attachment; filename=\"__ 1.pdf\"; filename*=UTF-8''{quote('批复 1.pdf', safe='')}"
    )
    assert FileBlobs(Path("/data")).path_of("1234").as_posix() == "/data/000001/1234"


async def upload(client, case_id, headers, name, data, content_type="application/octet-stream", kind=None):
    extra = {"data": {"kind": kind}} if kind else {}
    return await client.post(
        f"{URL}/{case_id}/attachments", files={"file": (name, data, content_type)}, headers=headers, **extra
    )


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("批复文件.pdf", PDF, "application/pdf"),
        ("现场照片.png", PNG, "image/png"),
        ("照片.jpg", JPEG, "image/jpeg"),
        ("情况说明.docx", office("word"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("台账.xlsx", office("xl"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("说明.txt", "说明文字".encode(), "text/plain"),
    ],
)
async def test_upload_and_download_each_allowed_type(
    driver, client, case_roles, attachment_dir, session, name, data, mime
):
    case = await driver.create()
    resp = await upload(client, case["id"], case_roles["guangshan"], name, data)
    assert resp.status_code == 201, resp.text
    att = resp.json()
    assert (att["filename"], att["content_type"], att["size"]) == (name, mime, len(data))
    assert att["sha256"] == hashlib.sha256(data).hexdigest() and att["kind"] == "material"
    stored = FileBlobs(attachment_dir).path_of(str(att["id"]))
    assert stored.read_bytes() == data and stored.name == str(att["id"])
    got = await client.get(att["download_url"], headers=case_roles["enterprise"])
    assert got.status_code == 200 and got.content == data
    assert got.headers["content-type"].startswith(mime)
    assert got.headers["content-disposition"].endswith(f"filename*=UTF-8''{quote(name, safe='')}")
    assert got.headers["x-content-type-options"] == "nosniff"
    entry = await session.scalar(select(AuditLog).where(AuditLog.action == "attachment.upload"))
    assert entry.after["sha256"] == att["sha256"] and entry.entity_id == str(att["id"])


async def test_the_type_comes_from_the_bytes_not_the_header(driver, client, case_roles, attachment_dir):
    case = await driver.create()
    lying = await upload(client, case["id"], case_roles["guangshan"], "合同.pdf", EXE, "application/pdf")
    assert lying.status_code == 422 and lying.json()["errors"][0]["field"] == "file"
    png_as_pdf = await upload(client, case["id"], case_roles["guangshan"], "扫描件.pdf", PNG, "application/pdf")
    assert png_as_pdf.status_code == 201 and png_as_pdf.json()["content_type"] == "image/png"
    zipped = await upload(client, case["id"], case_roles["guangshan"], "资料.zip", plain_zip(), "application/zip")
    assert zipped.status_code == 422
    empty = await upload(client, case["id"], case_roles["guangshan"], "空.txt", b"", "text/plain")
    assert empty.status_code == 422
    listed = (await client.get(f"{URL}/{case['id']}/attachments", headers=case_roles["guangshan"])).json()["items"]
    assert [a["filename"] for a in listed] == ["扫描件.pdf"]


async def test_size_limit_and_allowlist_come_from_settings(driver, client, case_roles, attachment_dir, app):
    settings = app.state.settings
    case = await driver.create()
    limit, types = settings.attachment_max_bytes, settings.attachment_types
    settings.attachment_max_bytes, settings.attachment_types = 1024, ["pdf"]
    try:
        exact = await upload(client, case["id"], case_roles["guangshan"], "a.pdf", PDF + b" " * (1024 - len(PDF)))
        assert exact.status_code == 201
        big = await upload(client, case["id"], case_roles["guangshan"], "b.pdf", PDF + b" " * 1024)
        assert big.status_code == 413 and big.json()["code"] == "payload_too_large"
        assert big.json()["errors"][0]["field"] == "file"
        png = await upload(client, case["id"], case_roles["guangshan"], "c.png", PNG)
        assert png.status_code == 422 and "pdf" in png.json()["errors"][0]["message"]
    finally:
        settings.attachment_max_bytes, settings.attachment_types = limit, types
    assert sorted(p.name for p in attachment_dir.rglob("*") if p.is_file()) == [str(exact.json()["id"])]


async def test_downloads_are_scope_checked_through_the_case(driver, client, case_roles, attachment_dir):
    case = await driver.to_state(S.ASSIGNED)
    att = (await upload(client, case["id"], case_roles["unit"], "现场.png", PNG)).json()
    expected = {
        "city_leader": 200,
        "guangshan": 200,
        "unit": 200,
        "co_unit": 200,
        "enterprise": 200,
        "xinxian": 404,
        "other_unit": 404,
        "other_enterprise": 404,
        "province": 403,
        "admin": 403,
    }
    got = {
        role: (await client.get(f"/api/v1/attachments/{att['id']}/content", headers=case_roles[role])).status_code
        for role in expected
    }
    assert got == expected
    assert (await client.get("/api/v1/attachments/999999/content", headers=case_roles["guangshan"])).status_code == 404


async def test_result_attachments_and_closed_cases(driver, client, case_roles, attachment_dir):
    case = await driver.to_state(S.IN_PROGRESS)
    result = await upload(client, case["id"], case_roles["unit"], "结果.pdf", PDF, kind="result")
    assert result.json()["kind"] == "result"
    other = await driver.to_state(S.IN_PROGRESS)
    foreign = (await upload(client, other["id"], case_roles["unit"], "别的.pdf", PDF)).json()
    refused = await client.post(
        f"{URL}/{case['id']}/submit_result",
        json={"result": "已办结", "attachment_ids": [foreign["id"]]},
        headers=case_roles["unit"],
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "attachment_ids"
    for action in (A.SUBMIT_RESULT, A.APPROVE_RESULT, A.REVISIT, A.CLOSE):
        await driver.act(case["id"], action)
    late = await upload(client, case["id"], case_roles["guangshan"], "补充.pdf", PDF)
    assert late.status_code == 409
    events = (await client.get(f"{URL}/{case['id']}/events", headers=case_roles["guangshan"])).json()["items"]
    assert any(e["action"] == "attach" and e["data"]["filename"] == "结果.pdf" for e in events)


async def test_by_default_the_contents_live_in_the_database_with_their_record(driver, client, case_roles, session):
    # The default store: no folder involved, so any replica of the service reads what another stored.
    case = await driver.create()
    resp = await upload(client, case["id"], case_roles["guangshan"], "批复文件.pdf", PDF)
    assert resp.status_code == 201, resp.text
    att = resp.json()
    blob = await session.get(AttachmentBlob, str(att["id"]))
    assert blob is not None and blob.content == PDF and blob.size == len(PDF)
    got = await client.get(att["download_url"], headers=case_roles["enterprise"])
    assert got.status_code == 200 and got.content == PDF
    blobs_before = await session.scalar(select(func.count()).select_from(AttachmentBlob))
    refused = await upload(client, case["id"], case_roles["guangshan"], "空.txt", b"")
    assert refused.status_code == 422
    assert await session.scalar(select(func.count()).select_from(AttachmentBlob)) == blobs_before
