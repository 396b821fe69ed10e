"""Access-token claims and signing, one definition for the gateway and for tests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwk, jwt

from platform_core.db import utcnow


@dataclass(frozen=True, slots=True)
class SigningKey:
    """An RSA private key with its key id, and its public half as a JWK."""

    kid: str
    private_pem: str
    public_jwk: dict[str, Any]

    @classmethod
    def from_pem(cls, private_pem: str, kid: str) -> SigningKey:
        """Load a PEM private key."""
        key = serialization.load_pem_private_key(private_pem.encode(), password=None)
        public_pem = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        public = jwk.construct(public_pem.decode(), "RS256").to_dict()
        public.update({"kid": kid, "use": "sig", "alg": "RS256"})
        return cls(kid=kid, private_pem=private_pem, public_jwk=public)

    @classmethod
    def generate(cls, kid: str | None = None) -> SigningKey:
        """A fresh 2048-bit key."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        return cls.from_pem(pem, kid or uuid.uuid4().hex[:16])


class TokenSigner:
    """Signs access tokens with one private key constructed once."""

    def __init__(self, key: SigningKey, issuer: str, audience: str, retired: tuple[SigningKey, ...] = ()) -> None:
        """Construct the signing key object once (per-call PEM parsing is slow).

        `retired` keys sign nothing but stay published, so tokens they signed before a rotation keep
        verifying until they expire.
        """
        self.key = key
        self.retired = retired
        self.issuer = issuer
        self.audience = audience
        self._jose_key = jwk.construct(key.private_pem, "RS256")

    def jwks(self) -> dict[str, Any]:
        """The public key set: the current key first, then the retired ones."""
        return {"keys": [self.key.public_jwk, *(k.public_jwk for k in self.retired if k.kid != self.key.kid)]}

    def sign(self, claims: dict[str, Any]) -> str:
        """Sign claims as an RS256 JWT with this key's id."""
        return jwt.encode(claims, self._jose_key, algorithm="RS256", headers={"kid": self.key.kid})

    def access_token(
        self,
        *,
        subject: str,
        kind: str,
        name: str,
        roles: list[str],
        permissions: list[str],
        data_scopes: list[str],
        region_code: str | None,
        region_path: str | None,
        unit_id: int | None = None,
        enterprise_uscc: str | None = None,
        ttl: timedelta = timedelta(minutes=15),
        now: datetime | None = None,
        extra: dict[str, Any] | None = None,
    ) -> tuple[str, dict[str, Any]]:
        """Mint an access token; returns it with its claims."""
        issued = now or utcnow()
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": subject,
            "typ_sub": kind,
            "token_use": "access",
            "name": name,
            "iat": int(issued.timestamp()),
            "exp": int((issued + ttl).timestamp()),
            "jti": uuid.uuid4().hex,
            "roles": sorted(roles),
            "perms": sorted(permissions),
            "scopes": sorted(data_scopes),
            "region": region_code,
            "region_path": region_path,
            "unit": unit_id,
            "uscc": enterprise_uscc,
        }
        claims.update(extra or {})
        return self.sign(claims), claims
