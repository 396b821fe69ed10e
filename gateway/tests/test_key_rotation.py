"""Signing-key rotation: the retired key stays published so tokens it signed keep verifying."""

from __future__ import annotations

from gateway.keys import load_retired_keys, load_signing_key
from gateway.settings import GatewaySettings
from platform_core.auth import TokenVerifier
from platform_core.tokens import SigningKey, TokenSigner


async def test_retired_key_is_published_but_never_signs(tmp_path):
    old, new = SigningKey.generate(), SigningKey.generate()
    (tmp_path / "old.pem").write_text(old.private_pem)
    (tmp_path / "new.pem").write_text(new.private_pem)
    before = GatewaySettings(PLATFORM_ENV="test", DATA_DIR=tmp_path, signing_key_file=str(tmp_path / "old.pem"))
    after = GatewaySettings(
        PLATFORM_ENV="test",
        DATA_DIR=tmp_path,
        signing_key_file=str(tmp_path / "new.pem"),
        retired_signing_key_files=[str(tmp_path / "old.pem")],
    )
    old_signer = TokenSigner(load_signing_key(before), before.jwt_issuer, before.jwt_audience)
    new_signer = TokenSigner(
        load_signing_key(after), after.jwt_issuer, after.jwt_audience, retired=load_retired_keys(after)
    )
    kids = [k["kid"] for k in new_signer.jwks()["keys"]]
    assert kids == [new_signer.key.kid, old_signer.key.kid]
    issued_before, _ = old_signer.access_token(
        subject="user:1", kind="user", name="u", roles=[], permissions=[], data_scopes=[],
        region_code=None, region_path=None,
    )  # fmt: skip
    issued_after, claims = new_signer.access_token(
        subject="user:1", kind="user", name="u", roles=[], permissions=[], data_scopes=[],
        region_code=None, region_path=None,
    )  # fmt: skip
    verifier = TokenVerifier(issuer=after.jwt_issuer, audience=after.jwt_audience, jwks=new_signer.jwks())
    assert (await verifier.verify(issued_before))["sub"] == "user:1"
    assert (await verifier.verify(issued_after))["jti"] == claims["jti"]
    assert "d" not in new_signer.jwks()["keys"][1]
