"""Notices (通知公告): audience by role, region (with sub-regions) and named user; a county publisher cut to the
county; drafts, publishing and withdrawing; read receipts (idempotent) and the read rate; attachments with
sniffed types and a size cap; problems naming the field; every write audited."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import build_app
from fastapi import FastAPI

from gateway import notice
from gateway.iam.dependencies import get_clock
from gateway.iam.models import Base, Role, User, UserRole
from platform_core.audit_labels import action_label
from platform_core.testing import check_upload_refusals, row_counts, upload_operations

S = "/api/v1/system/notices"
#: The gateway's one upload route (test_report_files.py checks it stays the only one).
NOTICE_ATTACHMENTS = ("post", "/api/v1/system/notices/{notice_id}/attachments")
MINE = "/api/v1/notices/mine"


@pytest.fixture
def app(settings, database, signer, clock) -> FastAPI:
    application = build_app(settings, database, signer, extra_routers=(notice.router,))
    application.dependency_overrides[get_clock] = lambda: clock
    return application


@pytest.fixture
async def admin(auth):
    return await auth("admin")


@pytest.fixture
async def county_admin(session, auth, user_of):
    """A notice publisher of 光山县 (411522): a role with the notice permissions scoped to its region and below."""
    session.add(
        Role(
            code="county_notice_admin",
            name="县区通知管理员",
            permissions=["system:notice:list", "system:notice:manage", "system:user:list"],
            data_scope="REGION_AND_BELOW",
        )
    )
    base = await user_of("guangshan")
    session.add(
        User(
            username="gs_notice",
            display_name="光山通知员",
            password_hash="x",
            region_code="411522",
            must_change_password=False,
        )
    )
    await session.flush()
    publisher = await user_of("gs_notice")
    session.add(UserRole(user_id=publisher.id, role_code="county_notice_admin"))
    await session.flush()
    assert base.region_code == "411522"
    return await auth("gs_notice")


async def draft(client, headers, audience: dict[str, Any], **fields: Any) -> dict[str, Any]:
    body = {"title": "关于开展企业走访的通知", "body": "请各单位<b>按时</b>完成。", "pinned": False, **fields}
    resp = await client.post(S, json={**body, "audience": audience}, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()


async def published(client, headers, audience: dict[str, Any], **fields: Any) -> dict[str, Any]:
    made = await draft(client, headers, audience, **fields)
    resp = await client.post(f"{S}/{made['id']}/publish", headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()


async def mine(client, headers, **params: Any) -> dict[str, Any]:
    resp = await client.get(MINE, params=params, headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()


async def test_a_notice_to_a_role_reaches_its_holders_once_published(client, admin, auth, audit_log):
    guangshan, xinxian, city = await auth("guangshan"), await auth("xinxian"), await auth("city")
    made = await draft(client, admin, {"role_codes": ["county_officer"]}, pinned=True)
    assert made["status"] == "draft" and made["audience"]["role_names"] == ["县区商务局"]
    assert made["read_rate"] == {"addressed": 2, "read": 0, "rate": 0.0}
    assert (await mine(client, guangshan))["total"] == 0  # a draft reaches nobody
    resp = await client.post(f"{S}/{made['id']}/publish", headers=admin)
    assert resp.status_code == 200 and resp.json()["status"] == "published" and resp.json()["published_at"]
    other = await published(client, admin, {"role_codes": ["county_officer"]}, title="普通通知")
    got = await mine(client, guangshan)
    # pinned first, then newest; the body is plain text as written (the SPA escapes it)
    assert [n["id"] for n in got["items"]] == [made["id"], other["id"]]
    assert got["items"][0]["pinned"] and got["items"][0]["unread"] and got["items"][0]["body"].startswith("请各单位<b>")
    assert (await mine(client, xinxian))["total"] == 2
    assert (await mine(client, city))["total"] == 0
    count = await client.get(f"{MINE}/unread-count", headers=guangshan)
    assert count.json() == {"unread": 2, "unread_pinned": 1}
    assert [e.entity_id for e in await audit_log("notice.publish")][-2:] == [str(made["id"]), str(other["id"])]
    assert len(await audit_log("notice.create")) >= 2


async def test_a_region_reaches_its_sub_regions_and_a_named_user_only_that_user(client, admin, auth, user_of):
    guangshan, xinxian, city = await auth("guangshan"), await auth("xinxian"), await auth("city")
    city_wide = await published(client, admin, {"region_codes": ["411500"]}, title="全市")
    county = await published(client, admin, {"region_codes": ["411522"]}, title="光山")
    named = await published(client, admin, {"user_ids": [(await user_of("city")).id]}, title="点名")
    assert {n["id"] for n in (await mine(client, guangshan))["items"]} == {city_wide["id"], county["id"]}
    assert {n["id"] for n in (await mine(client, xinxian))["items"]} == {city_wide["id"]}
    assert {n["id"] for n in (await mine(client, city))["items"]} == {city_wide["id"], named["id"]}
    assert named["read_rate"]["addressed"] == 1 and county["audience"]["region_names"] == ["光山县"]
    assert city_wide["read_rate"]["addressed"] > county["read_rate"]["addressed"] >= 1


async def test_reading_is_idempotent_and_moves_the_read_rate(client, admin, auth, audit_log, clock):
    guangshan, xinxian = await auth("guangshan"), await auth("xinxian")
    made = await published(client, admin, {"role_codes": ["county_officer"]}, pinned=True)
    first = await client.post(f"/api/v1/notices/{made['id']}/read", headers=guangshan)
    assert first.status_code == 200, first.text
    clock.advance(minutes=5)
    again = await client.post(f"/api/v1/notices/{made['id']}/read", headers=guangshan)
    assert again.json()["read_at"] == first.json()["read_at"]
    assert len(await audit_log("notice.read", entity_id=str(made["id"]))) == 1
    assert (await mine(client, guangshan))["items"][0]["unread"] is False
    assert (await mine(client, guangshan, unread="true"))["total"] == 0
    assert (await client.get(f"{MINE}/unread-count", headers=guangshan)).json()["unread"] == 0
    detail = (await client.get(f"{S}/{made['id']}", headers=admin)).json()
    assert detail["read_rate"] == {"addressed": 2, "read": 1, "rate": 0.5}
    readers = (await client.get(f"{S}/{made['id']}/readers", params={"state": "read"}, headers=admin)).json()
    assert [r["display_name"] for r in readers["items"]] == ["陈志强"] and readers["items"][0]["read_at"]
    assert readers["items"][0]["region_name"] == "光山县"
    unread = (await client.get(f"{S}/{made['id']}/readers", params={"state": "unread"}, headers=admin)).json()
    assert [r["display_name"] for r in unread["items"]] == ["刘芳"]
    listed = (await client.get(S, params={"status": "published"}, headers=admin)).json()
    assert next(n for n in listed["items"] if n["id"] == made["id"])["read_rate"]["read"] == 1
    # a notice not addressed to the caller cannot be marked (nor seen)
    refused = await client.post(f"/api/v1/notices/{made['id']}/read", headers=await auth("city"))
    assert refused.status_code == 404
    # withdrawn: gone from the inbox, no longer markable
    assert (await client.post(f"{S}/{made['id']}/withdraw", headers=admin)).json()["status"] == "withdrawn"
    assert (await mine(client, xinxian))["total"] == 0
    assert (await client.post(f"/api/v1/notices/{made['id']}/read", headers=xinxian)).status_code == 404


async def test_a_county_publisher_addresses_only_its_county(client, admin, county_admin, auth):
    refused = await client.post(
        S, json={"title": "越界", "body": "x", "audience": {"region_codes": ["411523"]}}, headers=county_admin
    )
    assert refused.status_code == 403, refused.text
    assert refused.json()["errors"][0]["field"] == "audience.region_codes", refused.text
    # a role the whole city holds reaches only the county's holders
    made = await published(client, county_admin, {"role_codes": ["county_officer"]})
    assert made["read_rate"]["addressed"] == 1 and made["region_code"] == "411522"
    assert (await mine(client, await auth("guangshan")))["total"] == 1
    assert (await mine(client, await auth("xinxian")))["total"] == 0
    # a user of another county cannot be named; the city's notices are out of the county's sight
    xinxian_id = (await client.get("/api/v1/system/users", params={"keyword": "xinxian"}, headers=admin)).json()
    other = xinxian_id["items"][0]["id"]
    named = await client.post(
        S, json={"title": "越界", "body": "x", "audience": {"user_ids": [other]}}, headers=county_admin
    )
    assert named.status_code == 422 and named.json()["errors"][0]["field"] == "audience.user_ids"
    city_notice = await draft(client, admin, {"region_codes": ["411500"]})
    assert (await client.get(f"{S}/{city_notice['id']}", headers=county_admin)).status_code == 404
    assert {n["id"] for n in (await client.get(S, headers=county_admin)).json()["items"]} == {made["id"]}


async def test_attachments_are_sniffed_capped_and_readable_by_the_audience(
    client, admin, auth, audit_log, settings, monkeypatch
):
    made = await draft(client, admin, {"role_codes": ["county_officer"]})
    url = f"{S}/{made['id']}/attachments"
    ok = await client.post(
        url, files={"file": ("../走访安排.txt", "一、时间\n二、地点\n".encode(), "image/png")}, headers=admin
    )
    assert ok.status_code == 201, ok.text
    attachment = ok.json()
    assert attachment["filename"] == "走访安排.txt" and attachment["content_type"] == "text/plain"
    binary = await client.post(url, files={"file": ("a.pdf", b"\x00\x01\x02MZ", "application/pdf")}, headers=admin)
    assert binary.status_code == 422 and binary.json()["errors"][0]["field"] == "file"
    monkeypatch.setattr(settings, "notice_attachment_max_bytes", 16)
    big = await client.post(url, files={"file": ("big.txt", b"x" * 64, "text/plain")}, headers=admin)
    assert big.status_code == 413 and big.json()["errors"][0]["field"] == "file"
    monkeypatch.undo()
    assert len(await audit_log("notice_attachment.upload", entity_id=str(attachment["id"]))) == 1
    await client.post(f"{S}/{made['id']}/publish", headers=admin)
    late = await client.post(url, files={"file": ("b.txt", b"later", "text/plain")}, headers=admin)
    assert late.status_code == 409
    guangshan = await auth("guangshan")
    listed = (await mine(client, guangshan))["items"][0]["attachments"]
    assert [a["id"] for a in listed] == [attachment["id"]]
    got = await client.get(attachment["download_url"], headers=guangshan)
    assert got.status_code == 200 and got.content == "一、时间\n二、地点\n".encode()
    assert (
        got.headers["x-content-type-options"] == "nosniff" and "filename*=UTF-8''" in got.headers["content-disposition"]
    )
    assert (await client.get(attachment["download_url"], headers=admin)).status_code == 200
    assert (await client.get(attachment["download_url"], headers=await auth("city"))).status_code == 404


async def test_bad_input_drafts_and_versions(client, admin, auth):
    def fields(resp) -> list[str]:
        return [e["field"] for e in resp.json()["errors"]]

    empty = await client.post(S, json={"title": "", "body": "x", "audience": {}}, headers=admin)
    assert empty.status_code == 422 and "title" in fields(empty)
    unknown = await client.post(
        S, json={"title": "t", "body": "x", "audience": {"role_codes": ["nope"]}}, headers=admin
    )
    assert unknown.status_code == 422 and fields(unknown) == ["audience.role_codes"]
    extra = await client.post(S, json={"title": "t", "body": "x", "audience": {}, "html": "<i>"}, headers=admin)
    assert extra.status_code == 422
    control = await client.post(S, json={"title": "t\x07", "body": "x", "audience": {}}, headers=admin)
    assert control.status_code == 422 and "title" in fields(control)
    made = await draft(client, admin, {})
    url = f"{S}/{made['id']}"
    nobody = await client.post(f"{url}/publish", headers=admin)
    assert nobody.status_code == 422 and fields(nobody) == ["audience"]
    assert (await client.patch(url, json={"pinned": True}, headers=admin)).status_code == 428
    changed = await client.patch(
        url, json={"pinned": True, "audience": {"role_codes": ["city_officer"]}}, headers={**admin, "If-Match": '"1"'}
    )
    assert changed.status_code == 200 and changed.headers["etag"] == '"2"' and changed.json()["pinned"]
    stale = await client.patch(url, json={"title": "再改"}, headers={**admin, "If-Match": '"1"'})
    assert stale.status_code == 412
    assert (await client.post(f"{url}/withdraw", headers=admin)).status_code == 409
    assert (await client.post(f"{url}/publish", headers={**admin, "If-Match": '"1"'})).status_code == 412
    assert (await client.post(f"{url}/publish", headers={**admin, "If-Match": '"2"'})).status_code == 200
    again = await client.patch(url, json={"title": "发布后"}, headers={**admin, "If-Match": '"3"'})
    assert again.status_code == 409
    assert (await client.get(f"{S}/999999", headers=admin)).status_code == 404
    assert (await client.get(S, params={"bogus": 1}, headers=admin)).status_code == 422
    assert (await client.get(MINE, params={"bogus": 1}, headers=admin)).status_code == 422
    for account in ("city", "security", "auditor"):
        assert (await client.get(S, headers=await auth(account))).status_code == 403


async def test_a_create_repeated_with_its_idempotency_key_makes_one_notice(client, admin):
    body = {"title": "幂等", "body": "x", "audience": {"role_codes": ["city_officer"]}}
    headers = {**admin, "Idempotency-Key": "notice-key-1"}
    first = await client.post(S, json=body, headers=headers)
    second = await client.post(S, json=body, headers=headers)
    assert first.status_code == 201 and second.json()["id"] == first.json()["id"]
    other = await client.post(S, json={**body, "title": "另一个"}, headers=headers)
    assert other.status_code == 422


def test_every_notice_action_has_a_chinese_name():
    for action in ("notice.create", "notice.update", "notice.publish", "notice.withdraw", "notice.read"):
        assert action_label(action)
    assert action_label("notice_attachment.upload") == "上传通知公告附件"


async def test_every_upload_route_of_the_gateway_refuses_bombs_while_livez_answers(
    client, app, admin, session, settings
):
    """A zip bomb and a file one byte over the cap are refused naming `file`; nothing is stored."""
    made = await draft(client, admin, {"role_codes": ["county_officer"]})
    assert upload_operations(app.openapi()) == {NOTICE_ATTACHMENTS}
    await check_upload_refusals(
        client,
        NOTICE_ATTACHMENTS[1].format(notice_id=made["id"]),
        stored=lambda: row_counts(session, Base.metadata),
        max_bytes=settings.notice_attachment_max_bytes,
        headers=admin,
    )
