"""消息接收设置: the signed-in user's channels and quiet hours (If-Match, audited, problems naming the field,
addresses masked for roles without personal data), and the internal directory that resolves recipient keys."""

from __future__ import annotations

from typing import Any

import pytest

from platform_core.observability import INTERNAL_TOKEN_HEADER
from platform_core.settings import DEMO_INTERNAL_TOKEN

URL = "/api/v1/auth/me/notification-settings"
INTERNAL = {INTERNAL_TOKEN_HEADER: DEMO_INTERNAL_TOKEN}


async def current(client: Any, headers: dict[str, str]) -> tuple[dict[str, Any], str]:
    resp = await client.get(URL, headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json(), resp.headers["etag"]


async def test_a_user_chooses_channels_and_quiet_hours_audited(client, auth, user_of, session, audit_log):
    user = await user_of("guangshan")
    user.phone = "13812345678"
    await session.flush()
    headers = await auth("guangshan")
    body, etag = await current(client, headers)
    assert body["inbox_enabled"] is True and body["email_enabled"] is False and body["sms_enabled"] is False
    new = {
        "email_enabled": True,
        "sms_enabled": True,
        "email": "chenzq@example.cn",
        "quiet_start": "22:00",
        "quiet_end": "07:00",
    }
    resp = await client.put(URL, json=new, headers={**headers, "If-Match": etag})
    assert resp.status_code == 200, resp.text
    out = resp.json()
    assert out["email_enabled"] and out["sms_enabled"] and out["quiet_start"] == "22:00" and out["quiet_end"] == "07:00"
    # a county officer's role reads enterprises' contacts (personal data) in clear
    assert out["email"] == "chenzq@example.cn" and out["phone"] == "13812345678"
    assert resp.headers["etag"] != etag
    (entry,) = await audit_log("user.notification_settings", entity_id=str(user.id))
    assert entry.before["notify_sms"] is False and entry.after["notify_sms"] is True
    assert entry.after["email"] == "c*****@example.cn"
    stale = await client.put(URL, json=new, headers={**headers, "If-Match": etag})
    assert stale.status_code == 412
    missing = await client.put(URL, json=new, headers=headers)
    assert missing.status_code == 428


async def test_addresses_are_masked_for_a_role_without_personal_data(client, auth, user_of, session):
    user = await user_of("unit_zrzy")
    user.phone, user.email = "13912345678", "zhaolei@example.cn"
    await session.flush()
    body, _ = await current(client, await auth("unit_zrzy"))
    assert body["email"] == "z******@example.cn" and body["phone"] == "139****5678"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email_enabled": True, "sms_enabled": False}, "email_enabled"),
        ({"email_enabled": False, "sms_enabled": True}, "sms_enabled"),
        ({"email_enabled": False, "sms_enabled": False, "email": "不是邮箱"}, "email"),
        ({"email_enabled": False, "sms_enabled": False, "quiet_start": "22:00"}, "quiet_end"),
        ({"email_enabled": False, "sms_enabled": False, "quiet_end": "07:00"}, "quiet_start"),
        ({"email_enabled": False, "sms_enabled": False, "quiet_start": "25:00", "quiet_end": "07:00"}, "quiet_start"),
        ({"email_enabled": False, "sms_enabled": False, "quiet_start": "07:00", "quiet_end": "07:00"}, "quiet_end"),
    ],
)
async def test_invalid_settings_are_refused_naming_the_field(client, auth, body, field):
    headers = await auth("xinxian")  # no phone on record, no e-mail yet
    _, etag = await current(client, headers)
    resp = await client.put(URL, json=body, headers={**headers, "If-Match": etag})
    assert resp.status_code == 422, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert field in [e["field"].split(".")[-1] for e in resp.json()["errors"]]


async def test_the_directory_resolves_users_units_and_role_holders_for_services_only(client, auth, user_of, session):
    officer = await user_of("guangshan")
    officer.email, officer.notify_email = "gs@example.cn", True
    officer.quiet_start, officer.quiet_end = "22:00", "07:00"
    handler = await user_of("unit_zrzy")
    await session.flush()
    keys = [f"user:{officer.id}", f"unit:{handler.unit_id}", "role:county_officer:411522", "role:city_leader"]
    refused = await client.get("/internal/v1/recipients", params={"key": keys}, headers=await auth("admin"))
    assert refused.status_code == 404
    resp = await client.get("/internal/v1/recipients", params={"key": keys}, headers=INTERNAL)
    assert resp.status_code == 200, resp.text
    found = resp.json()["recipients"]
    (me,) = found[f"user:{officer.id}"]
    assert me["email"] == "gs@example.cn" and me["channels"] == ["inbox", "email"]
    assert (me["quiet_start"], me["quiet_end"]) == ("22:00", "07:00")
    assert f"user:{handler.id}" in [p["subject"] for p in found[f"unit:{handler.unit_id}"]]
    assert [p["subject"] for p in found["role:county_officer:411522"]] == [f"user:{officer.id}"]
    assert [p["name"] for p in found["role:city_leader"]] == ["李建国"]
    bad = await client.get("/internal/v1/recipients", params={"key": "everyone"}, headers=INTERNAL)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "key"
