"""Properties of every route the gateway serves itself, enumerated from its OpenAPI (platform_core.route_properties):
an out-of-range id is 404 on every `{id}` route, exactly one of N concurrent conditional writers with one ETag
wins, and N concurrent retries of one create with one `Idempotency-Key` make one record. They commit for real,
on a database of their own, as the system administrator (accounts, units, clients) and the security
administrator (roles and role assignments), the way 三员分立 splits the work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from itertools import count
from typing import Any

import httpx
import pytest
from conftest import GATEWAY_ROOT, build_app

from gateway import notice, profile, reports
from gateway.iam import service
from gateway.iam.seed import seed
from gateway.settings import GatewaySettings
from platform_core.route_properties import (
    check_one_record_per_key,
    check_one_writer_wins,
    check_out_of_range_ids,
    isolated_database,
    operations,
)
from platform_core.tokens import TokenSigner

S = "/api/v1/system"
#: Every conditional write the gateway serves (method, path) and every idempotent create: a new one must join.
CONDITIONAL_WRITES = {
    ("PATCH", f"{S}/users/{{user_id}}"),
    ("PUT", f"{S}/users/{{user_id}}/roles"),
    ("PATCH", f"{S}/roles/{{code}}"),
    ("PATCH", f"{S}/units/{{unit_id}}"),
    ("PUT", "/api/v1/reports/text"),
    ("PATCH", f"{S}/notices/{{notice_id}}"),
    ("PUT", "/api/v1/auth/me/notification-settings"),
}
CREATES = {f"{S}/users", f"{S}/units", f"{S}/clients", f"{S}/notices"}
serial = count(1)


@pytest.fixture(scope="module")
async def stack(settings: GatewaySettings, signer: TokenSigner, tmp_path_factory: Any) -> AsyncIterator[Any]:
    async with isolated_database(GATEWAY_ROOT, "iam", tmp_path_factory.mktemp("gateway-properties")) as db:
        async with db.sessionmaker() as s:
            await seed(s, settings=settings, demo_data=True)
            await s.commit()
        # Every router the gateway serves itself: identity, administration, sessions, the report, the profile,
        # the notices.
        app = build_app(settings, db, signer, extra_routers=(reports.router, profile.router, notice.router))
        headers = {}
        async with db.sessionmaker() as s:
            for username in ("admin", "security", "city"):
                user = await service.get_user_by_username(s, username=username)
                assert user is not None
                profile_ = await service.access_profile(s, user=user)
                token, _ = service.user_access_token(signer, user=user, profile=profile_, ttl_seconds=3600)
                headers[username] = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway") as client:
            yield app, client, headers


async def business_roles(client: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    """The roles the security administrator may edit and assign (not the three officers')."""
    body = (await client.get(f"{S}/roles", headers=headers, params={"page_size": 100})).json()
    roles = body["items"] if isinstance(body, dict) else body
    return [r for r in roles if not r["is_officer_role"] and not r["held_by_officer"]]


async def total(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> int:
    """How many records a list shows (a page's total, or the length of a plain list)."""
    body = (await client.get(url, headers=headers, params={"page_size": 1} if "clients" not in url else None)).json()
    return int(body["total"]) if isinstance(body, dict) else len(body)


async def new_user(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    """A business account made by the system administrator."""
    n = next(serial)
    body = {"username": f"prop{n}", "display_name": f"属性{n}", "password": "Prop@2021pass", "region_code": "411500"}
    resp = await client.post(f"{S}/users", json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json() | {"_etag": resp.headers["etag"]}


async def new_unit(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    """A unit made by the system administrator."""
    n = next(serial)
    body = {"code": f"411500-prop{n}", "name": f"属性测试单位{n}", "kind": "市直部门", "region_code": "411500"}
    resp = await client.post(f"{S}/units", json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json() | {"_etag": resp.headers["etag"]}


async def test_every_conditional_write_and_idempotent_create_is_in_the_suite(stack: Any) -> None:
    app, _client, _headers = stack
    ops = operations(app)
    conditional = {(op.method, op.path) for op in ops if op.declares_header("If-Match") and op.method != "DELETE"}
    assert conditional == CONDITIONAL_WRITES
    assert not [op.path for op in ops if op.method == "DELETE" and op.integer_path_parameters]
    assert {op.path for op in ops if op.method == "POST" and op.declares_header("Idempotency-Key")} == CREATES


@pytest.mark.parametrize("who", ["admin", "security", "city"])
async def test_an_id_beyond_its_column_is_not_found_on_every_route(stack: Any, who: str) -> None:
    app, client, headers = stack
    assert await check_out_of_range_ids(client, operations(app), headers[who]) == []


async def test_one_of_concurrent_account_editors_wins(stack: Any) -> None:
    _app, client, headers = stack
    user = await new_user(client, headers["admin"])
    url = f"{S}/users/{user['id']}"
    await check_one_writer_wins(client, url, user["_etag"], {"display_name": "改名"}, headers["admin"])


async def test_one_of_concurrent_role_assignments_wins(stack: Any) -> None:
    _app, client, headers = stack
    user = await new_user(client, headers["admin"])
    business = (await business_roles(client, headers["security"]))[0]["code"]
    url = f"{S}/users/{user['id']}/roles"
    body = {"role_codes": [business]}
    await check_one_writer_wins(client, url, user["_etag"], body, headers["security"], method="PUT")


async def test_one_of_concurrent_role_editors_wins(stack: Any) -> None:
    _app, client, headers = stack
    code = (await business_roles(client, headers["security"]))[-1]["code"]
    current = await client.get(f"{S}/roles/{code}", headers=headers["security"])
    await check_one_writer_wins(
        client, f"{S}/roles/{code}", current.headers["etag"], {"name": "改名的角色"}, headers["security"]
    )


async def test_one_of_concurrent_unit_editors_wins(stack: Any) -> None:
    _app, client, headers = stack
    unit = await new_unit(client, headers["admin"])
    url = f"{S}/units/{unit['id']}"
    await check_one_writer_wins(client, url, unit["_etag"], {"name": "改名的单位"}, headers["admin"])


async def test_one_of_concurrent_report_editors_wins(stack: Any) -> None:
    _app, client, headers = stack
    url = "/api/v1/reports/text?period=2021"
    current = await client.get(url, headers=headers["city"])
    assert current.status_code == 200, current.text
    text = current.json()["text"] + "\n（修订）"
    await check_one_writer_wins(client, url, current.headers["etag"], {"text": text}, headers["city"], method="PUT")


async def test_one_of_concurrent_notice_editors_wins(stack: Any) -> None:
    _app, client, headers = stack
    body = {"title": "属性通知", "body": "正文", "audience": {"role_codes": ["city_officer"]}}
    made = await client.post(f"{S}/notices", json=body, headers=headers["admin"])
    assert made.status_code == 201, made.text
    url = f"{S}/notices/{made.json()['id']}"
    await check_one_writer_wins(client, url, made.headers["etag"], {"title": "改过的通知"}, headers["admin"])


async def test_one_of_concurrent_notification_settings_editors_wins(stack: Any) -> None:
    _app, client, headers = stack
    url = "/api/v1/auth/me/notification-settings"
    current = await client.get(url, headers=headers["city"])
    assert current.status_code == 200, current.text
    body = {"email_enabled": False, "sms_enabled": False, "quiet_start": "22:00", "quiet_end": "07:00"}
    await check_one_writer_wins(client, url, current.headers["etag"], body, headers["city"], method="PUT")


@pytest.mark.parametrize("path", sorted(CREATES))
async def test_concurrent_retries_of_one_key_make_one_record(stack: Any, path: str) -> None:
    _app, client, headers = stack
    n = next(serial)
    body = {
        f"{S}/users": {
            "username": f"retry{n}", "display_name": f"重试{n}", "password": "Prop@2021pass", "region_code": "411500",
        },
        f"{S}/units": {"code": f"411500-retry{n}", "name": f"重试单位{n}", "kind": "市直部门", "region_code": "411500"},
        f"{S}/clients": {
            "client_id": f"retry-{n}", "name": f"重试接入{n}", "permissions": ["open:enterprise:read"],
            "data_scope": "REGION", "region_code": "411500",
        },
        f"{S}/notices": {"title": f"重试通知{n}", "body": "正文", "audience": {"region_codes": ["411500"]}},
    }[path]  # fmt: skip
    admin = headers["admin"]
    identity = "client_id" if path.endswith("/clients") else "id"
    await check_one_record_per_key(client, path, body, admin, lambda: total(client, path, admin), identity=identity)
