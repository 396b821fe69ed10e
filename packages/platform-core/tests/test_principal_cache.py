"""The principal of an access token is read once while the token's verification is kept, and never outlives it: an
expired token is refused, a rotated key set forgets every principal."""

from datetime import timedelta

import pytest

from platform_core.problems import ProblemError
from platform_core.testing import TestTokens


async def test_a_token_seen_again_gives_the_principal_read_the_first_time(monkeypatch):
    tokens = TestTokens()
    token = tokens.token(subject="user:7", name="张三", permissions=["enterprise:enterprise:list"], data_scopes=[])
    first = await tokens.verifier.principal(token)
    assert (first.subject, first.name, first.user_id) == ("user:7", "张三", 7)
    assert first.has("enterprise:enterprise:list")

    def no_second_verification(*_args, **_kwargs):
        raise AssertionError("verified again")

    monkeypatch.setattr("platform_core.auth.jwt.decode", no_second_verification)
    assert await tokens.verifier.principal(token) is first
    # A token never seen is verified (and here refused by the stand-in), not served another's principal.
    with pytest.raises(AssertionError):
        await tokens.verifier.principal(tokens.token(subject="user:8", permissions=[], data_scopes=[]))


async def test_an_expired_or_forgotten_token_gives_no_principal():
    tokens = TestTokens()
    expired, _ = tokens.signer.access_token(
        subject="user:9", kind="user", name="过期", roles=[], permissions=[], data_scopes=[], region_code=None,
        region_path=None, ttl=timedelta(seconds=-1),
    )  # fmt: skip
    with pytest.raises(ProblemError) as refused:
        await tokens.verifier.principal(expired)
    assert refused.value.status == 401 and refused.value.code == "auth.token_expired"

    token = tokens.token(subject="user:10", permissions=[], data_scopes=[])
    before = await tokens.verifier.principal(token)
    tokens.verifier.load_jwks({"keys": []})  # a rotation that drops the key signing this token
    with pytest.raises(ProblemError) as unknown:
        await tokens.verifier.principal(token)
    assert unknown.value.status == 401 and before.subject == "user:10"
