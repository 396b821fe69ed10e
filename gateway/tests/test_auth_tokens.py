"""Access tokens as /api/v1/auth/me sees them, the profile and menus, JWKS, and the region tree."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from jose import jwt

from platform_core.auth import TokenVerifier
from platform_core.db import utcnow
from platform_core.tokens import SigningKey, TokenSigner

ME = "/api/v1/auth/me"


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _claims_for(signer: TokenSigner, **overrides) -> dict:
    _, claims = signer.access_token(
        subject="user:1",
        kind="user",
        name="x",
        roles=["system_admin"],
        permissions=["system:user:list"],
        data_scopes=["ALL"],
        region_code="411500",
        region_path="/410000/411500/",
    )
    claims.update(overrides)
    return claims


async def test_me_without_token_is_401(client):
    resp = await client.get(ME)
    assert resp.status_code == 401
    assert resp.json()["code"] == "unauthorized"
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


async def test_me_with_a_non_bearer_scheme_is_401(client, token_for):
    resp = await client.get(ME, headers={"Authorization": f"Token {await token_for('city')}"})
    assert resp.status_code == 401


async def test_expired_token_is_401_token_expired(client, signer, user_of):
    user = await user_of("city")
    token, _ = signer.access_token(
        subject=f"user:{user.id}",
        kind="user",
        name="x",
        roles=[],
        permissions=[],
        data_scopes=[],
        region_code="411500",
        region_path="/410000/411500/",
        now=utcnow() - timedelta(hours=1),
    )
    resp = await client.get(ME, headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 401
    assert resp.json()["code"] == "auth.token_expired"


async def test_tampered_token_is_401(client, token_for):
    header, payload, signature = (await token_for("city")).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["perms"] = [*claims["perms"], "system:user:update"]
    forged = f"{header}.{_b64(claims)}.{signature}"
    resp = await client.get(ME, headers={"Authorization": f"Bearer {forged}"})
    assert resp.status_code == 401
    assert resp.json()["code"] == "auth.invalid_token"


async def test_alg_none_token_is_401(client, signer, user_of):
    user = await user_of("admin")
    claims = _claims_for(signer, sub=f"user:{user.id}")
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': signer.key.kid})}.{_b64(claims)}."
    resp = await client.get(ME, headers={"Authorization": f"Bearer {unsigned}"})
    assert resp.status_code == 401
    assert resp.json()["code"] == "auth.invalid_token"


async def test_hs256_signed_with_the_public_key_is_401(client, signer, user_of):
    user = await user_of("admin")
    claims = _claims_for(signer, sub=f"user:{user.id}")
    confused = jwt.encode(claims, json.dumps(signer.key.public_jwk), algorithm="HS256", headers={"kid": signer.key.kid})
    resp = await client.get(ME, headers={"Authorization": f"Bearer {confused}"})
    assert resp.status_code == 401


@pytest.mark.parametrize("issuer_ok", [True, False])
async def test_wrong_audience_or_issuer_is_401(client, signer, settings, user_of, issuer_ok):
    user = await user_of("city")
    other = TokenSigner(
        signer.key,
        settings.jwt_issuer if issuer_ok else "someone-else",
        "another-audience" if issuer_ok else settings.jwt_audience,
    )
    token, _ = other.access_token(
        subject=f"user:{user.id}",
        kind="user",
        name="x",
        roles=[],
        permissions=[],
        data_scopes=[],
        region_code="411500",
        region_path="/410000/411500/",
    )
    resp = await client.get(ME, headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 401
    assert resp.json()["code"] == "auth.invalid_token"


async def test_token_of_an_unknown_key_is_401(client, settings, user_of):
    stranger = TokenSigner(SigningKey.generate(), settings.jwt_issuer, settings.jwt_audience)
    user = await user_of("city")
    token, _ = stranger.access_token(
        subject=f"user:{user.id}",
        kind="user",
        name="x",
        roles=[],
        permissions=[],
        data_scopes=[],
        region_code="411500",
        region_path="/410000/411500/",
    )
    assert (await client.get(ME, headers={"Authorization": f"Bearer {token}"})).status_code == 401


async def test_token_that_is_not_an_access_token_is_401(client, signer, user_of):
    user = await user_of("city")
    token = signer.sign(_claims_for(signer, sub=f"user:{user.id}", token_use="refresh"))
    assert (await client.get(ME, headers={"Authorization": f"Bearer {token}"})).status_code == 401


async def test_disabled_user_token_no_longer_reads_the_profile(client, auth, session, user_of):
    headers = await auth("xinxian")
    user = await user_of("xinxian")
    user.is_active = False
    await session.flush()
    assert (await client.get(ME, headers=headers)).status_code == 401


async def test_me_describes_a_county_officer(client, auth, user_of):
    resp = await client.get(ME, headers=await auth("guangshan"))
    assert resp.status_code == 200, resp.text
    body = resp.json()
    user = await user_of("guangshan")
    assert body["user"] == {
        "id": user.id,
        "username": "guangshan",
        "display_name": user.display_name,
        "region_code": "411522",
        "region_name": "光山县",
        "unit_id": user.unit_id,
        "unit_name": "光山县商务局",
        "enterprise_uscc": None,
        "must_change_password": False,
        "password_expired": False,
    }
    assert body["roles"] == [{"code": "county_officer", "name": "县区商务局"}]
    assert body["data_scopes"] == ["REGION_AND_BELOW"]
    assert "enterprise:contact:read" in body["permissions"]
    assert [m["path"] for m in body["menus"]] == [
        "/dashboard",
        "/enterprises",
        "/cases",
        "/routing-rules",
        "/knowledge",
        "/case-quality",
        "/supervision",
        "/notifications",
        "/pairings",
        "/visits",
        "/policies",
        "/case-reports",
        "/reports/work-report",
        "/trade",
        "/investment",
    ]
    assert body["menus"][0] == {
        "name": "Dashboard",
        "title": "工作台",
        "path": "/dashboard",
        "icon": "Odometer",
        "permission": "dashboard:stats:read",
        "children": [],
    }


INVESTMENT_MENU = [
    "/investment/indicators",
    "/investment/projects",
    "/investment/rounds",
    "/investment/funds",
    "/investment/foreign-enterprises",
    "/investment/foreign-capital",
    "/investment/bulletins",
]


@pytest.mark.parametrize(
    ("username", "menus"),
    [
        (
            "admin",
            {
                "/system": [
                    "/system/users",
                    "/system/roles",
                    "/system/units",
                    "/system/regions",
                    "/system/clients",
                    "/system/dictionaries",
                    "/system/parameters",
                    "/system/notices",
                    "/system/monitor",
                    "/system/jobs",
                ]
            },
        ),
        ("security", {"/system": ["/system/users", "/system/roles", "/system/sessions"]}),
        ("auditor", {"/audit/logs": [], "/audit/sign-ins": []}),
        (
            "leader",
            {
                "/dashboard": [],
                "/cockpit": [],
                "/enterprises": [],
                "/cases": [],
                "/routing-rules": [],
                "/knowledge": [],
                "/supervision": [],
                "/notifications": [],
                "/pairings": [],
                "/visits": [],
                "/policies": [],
                "/case-reports": [],
                "/reports/work-report": [],
                "/trade": [
                    "/trade/indicators",
                    "/trade/labour",
                    "/trade/funds",
                    "/trade/fairs",
                    "/trade/exports",
                    "/trade/statistics",
                    "/trade/domestic",
                    "/trade/ecommerce",
                ],
                "/investment": INVESTMENT_MENU,
            },
        ),
        # 省商务厅领导: the leader's pages for the whole province (the same reads, no 督办 issued).
        (
            "henan",
            {
                "/dashboard": [],
                "/cockpit": [],
                "/enterprises": [],
                "/cases": [],
                "/routing-rules": [],
                "/knowledge": [],
                "/supervision": [],
                "/notifications": [],
                "/pairings": [],
                "/visits": [],
                "/policies": [],
                "/case-reports": [],
                "/reports/work-report": [],
                "/trade": [
                    "/trade/indicators",
                    "/trade/labour",
                    "/trade/funds",
                    "/trade/fairs",
                    "/trade/exports",
                    "/trade/statistics",
                    "/trade/domestic",
                    "/trade/ecommerce",
                ],
                "/investment": INVESTMENT_MENU,
            },
        ),
        ("unit_zrzy", {"/cases": [], "/supervision": [], "/notifications": [], "/policies": []}),
        ("reviewer", {"/cases": [], "/case-quality": [], "/notifications": []}),
        ("enterprise", {"/cases": [], "/knowledge": [], "/notifications": [], "/policies": []}),
    ],
)
async def test_menus_follow_permissions(client, auth, username, menus):
    body = (await client.get(ME, headers=await auth(username))).json()
    assert {m["path"]: [c["path"] for c in m["children"]] for m in body["menus"]} == menus


async def test_me_of_the_enterprise_user_has_its_uscc(client, auth):
    body = (await client.get(ME, headers=await auth("enterprise"))).json()
    assert body["user"]["enterprise_uscc"] == "91411522MA45R7K376"
    assert body["user"]["unit_id"] is None and body["user"]["unit_name"] is None


async def test_me_refuses_unknown_query_parameters(client, auth):
    resp = await client.get(ME, params={"debug": "1"}, headers=await auth("city"))
    assert resp.status_code == 422
    assert resp.json()["code"] == "unknown_parameter"


async def test_jwks_is_served_and_verifies_a_login_token(client, login, settings):
    resp = await client.get("/.well-known/jwks.json")
    assert resp.status_code == 200
    keys = resp.json()["keys"]
    assert len(keys) == 1
    assert keys[0]["alg"] == "RS256" and keys[0]["use"] == "sig" and keys[0]["kid"]
    assert "d" not in keys[0] and "p" not in keys[0]
    token = (await login("city")).json()["access_token"]
    verifier = TokenVerifier(issuer=settings.jwt_issuer, audience=settings.jwt_audience, jwks=resp.json())
    claims = await verifier.verify(token)
    assert claims["roles"] == ["city_officer"]


# --- region tree --------------------------------------------------------------------------------


async def test_region_tree_defaults_to_the_callers_region(client, auth):
    resp = await client.get("/api/v1/regions/tree", headers=await auth("city"))
    assert resp.status_code == 200
    (root,) = resp.json()
    assert (root["code"], root["name"], root["level"], root["path"]) == ("411500", "信阳市", 2, "/410000/411500/")
    codes = [c["code"] for c in root["children"]]
    assert {"411502", "411503", "411521", "411522", "411523", "411524", "411525", "411526", "411527", "411528"} <= set(
        codes
    )
    assert codes == sorted(codes)


async def test_region_tree_of_a_county_officer_is_the_county(client, auth):
    (root,) = (await client.get("/api/v1/regions/tree", headers=await auth("guangshan"))).json()
    assert root["code"] == "411522" and root["children"] == []


async def test_region_tree_outside_scope_or_unknown_is_404(client, auth):
    headers = await auth("guangshan")
    for root in ("411500", "411523", "410000", "999999"):
        resp = await client.get("/api/v1/regions/tree", params={"root": root}, headers=headers)
        assert resp.status_code == 404, root


async def test_region_tree_of_a_province_admin_can_start_anywhere(client, auth):
    resp = await client.get("/api/v1/regions/tree", params={"root": "410000"}, headers=await auth("admin"))
    (root,) = resp.json()
    assert root["name"] == "河南省"
    assert "411500" in {c["code"] for c in root["children"]}


async def test_region_tree_needs_a_token(client):
    assert (await client.get("/api/v1/regions/tree")).status_code == 401


async def test_a_province_leader_reads_the_whole_province_and_picks_any_city(client, auth):
    body = (await client.get(ME, headers=await auth("henan"))).json()
    assert (body["user"]["region_code"], body["user"]["region_name"], body["user"]["unit_name"]) == (
        "410000",
        "河南省",
        "河南省商务厅",
    )
    assert body["roles"] == [{"code": "province_leader", "name": "省商务厅领导"}]
    assert body["data_scopes"] == ["REGION_AND_BELOW"]
    (root,) = (await client.get("/api/v1/regions/tree", headers=await auth("henan"))).json()
    assert root["code"] == "410000"
    cities = {c["code"] for c in root["children"]}
    assert {"411500", "411300", "410100"} <= cities
    nanyang = (await client.get("/api/v1/regions/tree", params={"root": "411300"}, headers=await auth("henan"))).json()
    assert nanyang[0]["name"] == "南阳市" and nanyang[0]["children"]


async def test_a_nanyang_officer_reads_nanyang_only(client, auth):
    (root,) = (await client.get("/api/v1/regions/tree", headers=await auth("nanyang"))).json()
    assert (root["code"], root["name"]) == ("411300", "南阳市")
    resp = await client.get("/api/v1/regions/tree", params={"root": "411500"}, headers=await auth("nanyang"))
    assert resp.status_code == 404
