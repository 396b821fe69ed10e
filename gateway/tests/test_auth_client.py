"""The OAuth2 client-credentials grant for provincial systems."""

from __future__ import annotations

import base64

from sqlalchemy import select

from gateway.iam.models import MachineClient
from platform_core.auth import TokenVerifier
from platform_core.permissions import PROVINCE_CLIENT_PERMISSIONS

TOKEN = "/open/v1/token"
SECRET = "Demo@2021secret"


def _form(**fields):
    return {"grant_type": "client_credentials", "client_id": "province", "client_secret": SECRET, **fields}


async def _verify(signer, settings, token):
    verifier = TokenVerifier(issuer=settings.jwt_issuer, audience=settings.jwt_audience, jwks=signer.jwks())
    return await verifier.verify(token)


async def test_form_encoded_client_credentials_issue_a_read_only_token(client, signer, settings, audit_log):
    resp = await client.post(TOKEN, data=_form())
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert "refresh_token" not in body
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == settings.client_token_ttl_seconds
    assert body["scope"] == " ".join(sorted(PROVINCE_CLIENT_PERMISSIONS))
    claims = await _verify(signer, settings, body["access_token"])
    assert claims["sub"] == "client:province"
    assert claims["typ_sub"] == "client"
    assert claims["perms"] == sorted(PROVINCE_CLIENT_PERMISSIONS)
    assert claims["scopes"] == ["REGION_AND_BELOW"]
    assert claims["region"] == "411500" and claims["region_path"] == "/410000/411500/"
    assert claims["roles"] == []
    assert [e.result for e in await audit_log("auth.client_token", entity_id="province")] == ["success"]


async def test_http_basic_credentials_work_too(client):
    basic = base64.b64encode(f"province:{SECRET}".encode()).decode()
    resp = await client.post(
        TOKEN, data={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"}
    )
    assert resp.status_code == 200, resp.text


async def test_basic_and_form_naming_different_clients_is_400(client):
    basic = base64.b64encode(f"province:{SECRET}".encode()).decode()
    resp = await client.post(
        TOKEN,
        data={"grant_type": "client_credentials", "client_id": "other"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert resp.status_code == 400


async def test_wrong_secret_is_401_invalid_client(client, audit_log):
    resp = await client.post(TOKEN, data=_form(client_secret="wrong-secret"))
    assert resp.status_code == 401
    body = resp.json()
    assert body["code"] == "auth.invalid_credentials"
    assert body["error"] == "invalid_client"
    assert resp.headers["WWW-Authenticate"].startswith("Basic")
    assert [e.result for e in await audit_log("auth.client_token", entity_id="province")] == ["failure"]


async def test_unknown_client_is_401(client):
    resp = await client.post(TOKEN, data=_form(client_id="nobody"))
    assert resp.status_code == 401
    assert resp.json()["error"] == "invalid_client"


async def test_missing_credentials_are_401(client):
    assert (await client.post(TOKEN, data={"grant_type": "client_credentials"})).status_code == 401


async def test_disabled_client_gets_no_token(client, session):
    row = await session.scalar(select(MachineClient).where(MachineClient.client_id == "province"))
    row.is_active = False
    await session.flush()
    resp = await client.post(TOKEN, data=_form())
    assert resp.status_code == 403
    assert resp.json()["code"] == "auth.account_disabled"


async def test_other_grant_types_are_refused(client):
    for grant in ("password", "refresh_token", ""):
        resp = await client.post(TOKEN, data=_form(grant_type=grant))
        assert resp.status_code == 400, grant
        assert resp.json()["error"] == "unsupported_grant_type"
        assert resp.json()["status"] == 400 and resp.json()["errors"][0]["field"] == "grant_type"


async def test_scope_may_narrow_but_never_widen(client, signer, settings):
    ok = await client.post(TOKEN, data=_form(scope="open:enterprise:read"))
    assert ok.status_code == 200
    wide = await client.post(TOKEN, data=_form(scope="open:enterprise:read system:user:list"))
    assert wide.status_code == 400
    assert wide.json()["error"] == "invalid_scope"


async def test_client_tokens_cannot_use_user_endpoints(client):
    token = (await client.post(TOKEN, data=_form())).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 403
    assert (await client.get("/api/v1/system/users", headers=headers)).status_code == 403


async def test_client_token_endpoint_is_throttled_per_address(client, settings):
    for _ in range(settings.login_ip_limit_per_minute):
        await client.post(TOKEN, data=_form(client_secret="wrong"))
    resp = await client.post(TOKEN, data=_form())
    assert resp.status_code == 429
    assert int(resp.headers["Retry-After"]) >= 1
