"""业务字典 and the gateway's 系统参数.

Every signed-in user reads the dictionary (ETag, 304 when unchanged); the system administrator edits an item's
label, order, colour and enabled flag (If-Match, bounds named per field, audited) and everyone's next read has
it. The password policy is a parameter: a new minimum length holds on the next password change, no restart.
"""

from __future__ import annotations

import httpx
import pytest
from conftest import build_app

from gateway.enumerations import router as enumerations_router
from gateway.iam.dependencies import audit_trail, get_clock
from gateway.iam.models import Parameter
from gateway.iam.parameters import gateway_parameters
from platform_core.enumerations import ENUMERATIONS
from platform_core.parameters import ParameterStore, parameter_router
from platform_core.testing import bind_session

ENUMS = "/api/v1/enumerations"
PARAMS = "/api/v1/parameters/gateway"


@pytest.fixture
async def client(settings, database, signer, clock, session):
    app = build_app(
        settings,
        database,
        signer,
        extra_routers=(enumerations_router, parameter_router(PARAMS, app="gateway", audit=audit_trail)),
    )
    app.state.parameters = ParameterStore(Parameter, gateway_parameters(settings), database)
    app.dependency_overrides[get_clock] = lambda: clock
    bind_session(app, session)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway") as c:
        yield c


async def test_every_user_reads_the_dictionary_and_revalidates_it_by_etag(client, auth):
    resp = await client.get(ENUMS, headers=await auth("city"))
    assert resp.status_code == 200, resp.text
    assert [e["key"] for e in resp.json()] == [e.key for e in ENUMERATIONS]
    sources = next(e for e in resp.json() if e["key"] == "case_source")
    assert sources["name"] == "诉求来源"
    assert [i["label"] for i in sources["items"]] == ["上级交办", "企业反映", "走访发现", "12345热线", "领导交办"]
    assert sources["items"][0] | {"enabled": True, "version": 0, "sort_order": 10} == sources["items"][0]
    etag = resp.headers["ETag"]
    assert resp.headers["Cache-Control"] == "private, no-cache"
    again = await client.get(ENUMS, headers={**await auth("city"), "If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag
    assert (await client.get(ENUMS)).status_code == 401


async def test_the_administrator_edits_an_item_and_everyone_reads_it(client, auth, audit_log):
    admin = await auth("admin")
    etag = (await client.get(ENUMS, headers=admin)).headers["ETag"]
    url = f"{ENUMS}/case_source/hotline"
    body = {"label": "政务服务热线", "sort_order": 5, "colour": "#1f6feb", "enabled": False}
    assert (await client.put(url, json=body, headers=admin)).status_code == 428
    assert (await client.put(url, json=body, headers=await auth("city"))).status_code == 403
    for field, bad in (("label", ""), ("sort_order", 1000), ("colour", "purple"), ("enabled", None)):
        resp = await client.put(url, json=body | {field: bad}, headers={**admin, "If-Match": '"0"'})
        assert resp.status_code == 422, field
        assert resp.json()["errors"][0]["field"] == field
    for missing in (f"{ENUMS}/case_source/telegram", f"{ENUMS}/no_such/hotline"):
        assert (await client.put(missing, json=body, headers={**admin, "If-Match": '"0"'})).status_code == 404

    resp = await client.put(url, json=body, headers={**admin, "If-Match": '"0"'})
    assert resp.status_code == 200, resp.text
    assert resp.json() | {"label": "政务服务热线", "default_label": "12345热线", "version": 1} == resp.json()
    assert resp.headers["ETag"] == '"1"'
    assert (await client.put(url, json=body, headers={**admin, "If-Match": '"0"'})).status_code == 412

    read = await client.get(ENUMS, headers={**await auth("city"), "If-None-Match": etag})
    assert read.status_code == 200 and read.headers["ETag"] != etag
    sources = next(e for e in read.json() if e["key"] == "case_source")
    assert sources["items"][0]["code"] == "hotline"  # order 5 comes first
    assert sources["items"][0] | {"label": "政务服务热线", "enabled": False, "colour": "#1f6feb"} == sources["items"][0]
    (entry,) = await audit_log("enumeration_item.update")
    assert entry.entity_id == "case_source:hotline"
    assert entry.before["label"] == "12345热线" and entry.after["label"] == "政务服务热线"


async def test_a_longer_minimum_password_length_holds_on_the_next_change(client, auth, audit_log):
    admin = await auth("admin")
    listed = {p["key"]: p for p in (await client.get(PARAMS, headers=admin)).json()}
    assert listed["password_min_length"] | {"value": 8, "minimum": 8, "maximum": 64} == listed["password_min_length"]
    assert (await client.get(PARAMS, headers=await auth("city"))).status_code == 403
    too_short = await client.put(
        f"{PARAMS}/password_min_length", json={"value": 6}, headers={**admin, "If-Match": '"0"'}
    )
    assert too_short.status_code == 422 and too_short.json()["errors"][0]["field"] == "value"
    resp = await client.put(f"{PARAMS}/password_min_length", json={"value": 14}, headers={**admin, "If-Match": '"0"'})
    assert resp.status_code == 200, resp.text
    (entry,) = await audit_log("parameter.update")
    assert entry.entity_id == "password_min_length" and entry.after == {"value": 14}

    change = await client.post(
        "/api/v1/auth/password",
        json={"old_password": "Demo@2021pass", "new_password": "Xinyang#2026"},
        headers=await auth("city"),
    )
    assert change.status_code == 422, change.text
    assert "14" in change.json()["errors"][0]["message"]
