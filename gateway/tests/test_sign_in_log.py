"""The sign-in log: every checked password sign-in (successful or not) with the name, address, client, time and
reason, for the auditor only, filtered, and exported as XLSX whose cells stay text whatever a caller sent."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import httpx
import pytest
from conftest import DEMO_PASSWORD
from openpyxl import load_workbook

from platform_core.testing import assert_readable_export, assert_text_cells, assert_xlsx_export, cells_holding

SIGN_INS = "/api/v1/audit/sign-ins"
HOSTILE_AGENT = '=HYPERLINK("http://evil","x")'


@pytest.fixture
async def attempt(app) -> Any:
    """POST a sign-in from an address with a User-Agent."""
    clients: list[httpx.AsyncClient] = []

    async def post(username: str, password: str = DEMO_PASSWORD, *, ip: str = "10.3.0.1", agent: str = "pytest"):
        transport = httpx.ASGITransport(app=app, client=(ip, 50000))
        client = httpx.AsyncClient(transport=transport, base_url="http://gateway", headers={"User-Agent": agent})
        clients.append(client)
        return await client.post("/api/v1/auth/login", json={"username": username, "password": password})

    yield post
    for client in clients:
        await client.aclose()


async def test_every_checked_attempt_is_logged_with_its_reason(client, auth, attempt, user_of, clock):
    assert (await attempt("city", ip="10.3.0.1", agent="Firefox/140")).status_code == 200
    assert (await attempt("city", "Wrong@2021pass", ip="10.3.0.2")).status_code == 401
    assert (await attempt("No-Such-Name", "Wrong@2021pass", ip="10.3.0.3")).status_code == 401
    resp = await client.get(SIGN_INS, headers=await auth("auditor"))
    assert resp.status_code == 200, resp.text
    rows = resp.json()["items"]
    city = await user_of("city")
    assert [(r["username"], r["user_id"], r["result"], r["address"]) for r in rows[:3]] == [
        ("no-such-name", None, "failure", "10.3.0.3"),
        ("city", city.id, "failure", "10.3.0.2"),
        ("city", city.id, "success", "10.3.0.1"),
    ]
    assert rows[0]["reason"] == "登录名不存在"
    assert rows[1]["reason"].startswith("密码错误")
    assert rows[2]["reason"] == "登录成功" and rows[2]["user_agent"] == "Firefox/140"
    assert rows[2]["occurred_at"].startswith(clock.now.strftime("%Y-%m-%dT%H:%M:%S"))


async def test_locked_and_disabled_attempts_are_logged(client, auth, attempt, session, user_of):
    user = await user_of("xinxian")
    user.is_active = False
    await session.flush()
    assert (await attempt("xinxian")).status_code == 403
    for _ in range(5):
        await attempt("leader", "Wrong@2021pass")
    assert (await attempt("leader")).status_code == 423
    rows = (await client.get(SIGN_INS, params={"result": "failure"}, headers=await auth("auditor"))).json()["items"]
    reasons = [r["reason"] for r in rows]
    assert reasons[0] == "账户锁定期间尝试登录"
    assert "密码错误，连续失败5次，账户锁定15分钟" in reasons and "账户已停用" in reasons


async def test_throttled_attempts_are_not_checked_nor_logged(client, auth, attempt, settings):
    for _ in range(settings.login_ip_limit_per_minute + 3):
        await attempt("city", "Wrong@2021pass", ip="10.3.9.9")
    body = (await client.get(SIGN_INS, params={"address": "10.3.9.9"}, headers=await auth("auditor"))).json()
    assert body["total"] == settings.login_ip_limit_per_minute


async def test_filters(client, auth, attempt, clock):
    await attempt("city", ip="10.4.0.1")
    clock.advance(hours=1)
    await attempt("guangshan", "Wrong@2021pass", ip="10.4.0.2")
    auditor = await auth("auditor")

    async def usernames(**params: Any) -> list[str]:
        resp = await client.get(SIGN_INS, params=params, headers=auditor)
        assert resp.status_code == 200, resp.text
        return [r["username"] for r in resp.json()["items"] if r["address"].startswith("10.4.")]

    assert await usernames() == ["guangshan", "city"]
    assert await usernames(username="GUANG") == ["guangshan"]
    assert await usernames(result="success") == ["city"]
    assert await usernames(address="10.4.0.1") == ["city"]
    since = (clock.now - timedelta(minutes=30)).isoformat()
    assert await usernames(**{"from": since}) == ["guangshan"]
    assert await usernames(to=since) == ["city"]
    naive = await client.get(SIGN_INS, params={"from": "2026-01-01T00:00:00"}, headers=auditor)
    assert naive.status_code == 422
    assert (await client.get(SIGN_INS, params={"result": "maybe"}, headers=auditor)).status_code == 422
    assert (await client.get(SIGN_INS, params={"nonsense": "1"}, headers=auditor)).status_code == 422


@pytest.mark.parametrize("username", ["admin", "security", "city", "leader"])
async def test_only_the_auditor_reads_or_exports_the_log(client, auth, username):
    headers = await auth(username)
    assert (await client.get(SIGN_INS, headers=headers)).status_code == 403
    assert (await client.get(f"{SIGN_INS}/export", headers=headers)).status_code == 403


async def test_the_export_keeps_hostile_text_as_text(client, auth, attempt):
    await attempt("city", agent=HOSTILE_AGENT, ip="10.5.0.1")
    await attempt('=cmd|" /c calc"!a0', "Wrong@2021pass", ip="10.5.0.1")
    resp = await client.get(f"{SIGN_INS}/export", params={"address": "10.5.0.1"}, headers=await auth("auditor"))
    content = assert_xlsx_export(resp)
    assert "attachment" in resp.headers["content-disposition"]
    assert_text_cells(content, "HYPERLINK")
    assert_text_cells(content, "cmd|")
    header = [c.value for c in cells_holding(content, "")][:7]
    assert header == ["时间", "登录名", "姓名", "结果", "说明", "登录地址", "客户端"]
    assert [c.value for c in cells_holding(content, "成功")] == ["成功", "登录成功"]
    # The user is named, not numbered: the city officer's row carries their name where the id was.
    [city_row] = [
        row for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True) if row[1] == "city"
    ]
    assert isinstance(city_row[2], str) and city_row[2] and not city_row[2].isascii()
    assert_readable_export(content, codes=["success", "failure"])
