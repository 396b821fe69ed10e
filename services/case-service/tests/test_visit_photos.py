"""Visit photos (走访照片): upload with an Idempotency-Key (a resend adds nothing), type by content, scope, audit."""

from __future__ import annotations

import struct
import zlib

from sqlalchemy import func, select
from test_pairing_support import XINXIAN_USCC
from test_visit import URL, body

from case_service.core import AuditLog
from case_service.visit_photo.models import VisitPhoto


def png(width: int = 4, height: int = 3) -> bytes:
    """A tiny valid PNG (grey pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


async def new_visit(client, headers, **kw) -> int:
    created = await client.post(URL, json=body(**kw), headers=headers)
    assert created.status_code == 201, created.text
    return created.json()["id"]


async def count(session) -> int:
    return await session.scalar(select(func.count()).select_from(VisitPhoto))


async def test_upload_is_idempotent_listed_served_and_audited(client, roles, session, ents):
    visit_id = await new_visit(client, roles["guangshan"])
    url = f"{URL}/{visit_id}/photos"
    keyed = {**roles["guangshan"], "Idempotency-Key": "photo-key-1"}
    image = png()
    first = await client.post(url, files={"file": ("现场.png", image, "image/png")}, headers=keyed)
    assert first.status_code == 201, first.text
    out = first.json()
    assert out["content_type"] == "image/png" and out["size"] == len(image) and out["filename"] == "现场.png"
    again = await client.post(url, files={"file": ("现场.png", image, "image/png")}, headers=keyed)
    assert again.status_code == 201 and again.json() == out and again.headers["idempotent-replayed"] == "true"
    assert await count(session) == 1
    other = await client.post(url, files={"file": ("现场.png", png(5, 5), "image/png")}, headers=keyed)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert await count(session) == 1

    listed = await client.get(url, headers=roles["guangshan"])
    assert [p["id"] for p in listed.json()["items"]] == [out["id"]]
    content = await client.get(out["content_url"], headers=roles["city_leader"])
    assert content.status_code == 200 and content.content == image
    assert content.headers["content-type"] == "image/png" and content.headers["cache-control"] == "private, no-store"
    entries = (await session.scalars(select(AuditLog).where(AuditLog.entity_type == "visit_photo"))).all()
    assert [(e.action, e.entity_id, e.after["visit_id"]) for e in entries] == [
        ("visit.photo_upload", str(out["id"]), visit_id)
    ]


async def test_only_images_by_content_and_writers_only(client, roles, session, ents):
    visit_id = await new_visit(client, roles["guangshan"])
    url = f"{URL}/{visit_id}/photos"
    text = await client.post(url, files={"file": ("a.png", b"not an image", "image/png")}, headers=roles["guangshan"])
    assert text.status_code == 422 and text.json()["errors"][0]["field"] == "file"
    empty = await client.post(url, files={"file": ("a.png", b"", "image/png")}, headers=roles["guangshan"])
    assert empty.status_code == 422
    reader = await client.post(url, files={"file": ("a.png", png(), "image/png")}, headers=roles["auditor"])
    assert reader.status_code == 403
    assert await count(session) == 0


async def test_photos_follow_the_visits_scope(client, roles, session, ents):
    visit_id = await new_visit(client, roles["xinxian"], enterprise_uscc=XINXIAN_USCC)
    url = f"{URL}/{visit_id}/photos"
    up = await client.post(url, files={"file": ("a.png", png(), "image/png")}, headers=roles["xinxian"])
    assert up.status_code == 201, up.text
    assert (await client.get(url, headers=roles["guangshan"])).status_code == 404
    assert (await client.get(up.json()["content_url"], headers=roles["guangshan"])).status_code == 404
    outside = await client.post(url, files={"file": ("b.png", png(), "image/png")}, headers=roles["guangshan"])
    assert outside.status_code == 404
    assert (await client.get(up.json()["content_url"], headers=roles["xinxian"])).status_code == 200
