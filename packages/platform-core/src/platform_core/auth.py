"""Token verification (JWKS, explicit algorithms), the request principal and permission checks."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Annotated, Any

import httpx
from fastapi import Depends, Request
from jose import ExpiredSignatureError, JWTError, jwk, jwt
from jose.backends.base import Key

from platform_core.problems import ProblemError

log = logging.getLogger(__name__)

ALGORITHMS = ["RS256"]
BEARER_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="commerce-platform"'}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a user or a machine client, with roles, permissions and data scope."""

    subject: str
    kind: str  # "user" | "client"
    name: str
    roles: frozenset[str]
    permissions: frozenset[str]
    data_scopes: frozenset[str]
    region_code: str | None = None
    region_path: str | None = None
    unit_id: int | None = None
    enterprise_uscc: str | None = None
    token_id: str | None = None
    claims: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def user_id(self) -> int | None:
        """The numeric user id, for users."""
        return int(self.subject.split(":", 1)[1]) if self.kind == "user" else None

    def has(self, permission: str) -> bool:
        """Whether the principal holds a permission."""
        return permission in self.permissions

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> Principal:
        """Read the principal out of verified token claims."""
        return cls(
            subject=str(claims["sub"]),
            kind=str(claims.get("typ_sub", "user")),
            name=str(claims.get("name", claims["sub"])),
            roles=frozenset(claims.get("roles", [])),
            permissions=frozenset(claims.get("perms", [])),
            data_scopes=frozenset(claims.get("scopes", [])),
            region_code=claims.get("region"),
            region_path=claims.get("region_path"),
            unit_id=claims.get("unit"),
            enterprise_uscc=claims.get("uscc"),
            token_id=claims.get("jti"),
            claims=claims,
        )


class TokenVerifier:
    """Verifies access tokens against the gateway's public keys, constructed once and cached."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_url: str | None = None,
        jwks: dict[str, Any] | None = None,
        refresh_interval_s: float = 30.0,
        fetch: Callable[[], Coroutine[Any, Any, dict[str, Any]]] | None = None,
        cache_size: int = 4096,
    ) -> None:
        """Keys come from a static JWKS, a fetch function, or the JWKS URL."""
        self.issuer = issuer
        self.audience = audience
        self.jwks_url = jwks_url
        self._keys: dict[str, Key] = {}
        self._last_fetch = 0.0
        self._refresh_interval_s = refresh_interval_s
        self._fetch = fetch
        self._lock = asyncio.Lock()
        # Verified tokens by their exact text (signature included), so a token seen again costs a dict
        # lookup and an expiry check instead of an RSA verification; bounded, emptied on key rotation. The
        # principal read out of the claims is kept beside them (reading it was a fiftieth of a list request).
        self._cache_size = cache_size
        self._verified: dict[str, tuple[dict[str, Any], float, Principal]] = {}
        if jwks:
            self.load_jwks(jwks)

    def load_jwks(self, jwks: dict[str, Any]) -> None:
        """Replace the key set (keys are constructed once here, not per request)."""
        keys: dict[str, Key] = {}
        for entry in jwks.get("keys", []):
            if entry.get("alg", "RS256") in ALGORITHMS and entry.get("kid"):
                keys[entry["kid"]] = jwk.construct(entry, entry.get("alg", "RS256"))
        self._keys = keys
        self._verified = {}

    async def _refresh(self) -> None:
        """Fetch the JWKS again, at most once per refresh interval (unknown kid = rotation)."""
        async with self._lock:
            if time.monotonic() - self._last_fetch < self._refresh_interval_s and self._keys:
                return
            self._last_fetch = time.monotonic()
            try:
                if self._fetch is not None:
                    data = await self._fetch()
                elif self.jwks_url:
                    async with httpx.AsyncClient(timeout=5.0) as client:
                        resp = await client.get(self.jwks_url)
                        resp.raise_for_status()
                        data = resp.json()
                else:
                    return
                self.load_jwks(data)
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("JWKS fetch failed: %s", exc)

    async def verify(self, token: str) -> dict[str, Any]:
        """Return the claims of a valid access token or raise a 401 problem."""
        hit = self._verified.get(token)
        if hit is not None:
            if time.time() < hit[1]:
                return hit[0]
            del self._verified[token]
        try:
            header = jwt.get_unverified_header(token)
        except JWTError as exc:
            raise _invalid("malformed token") from exc
        if header.get("alg") not in ALGORITHMS:
            raise _invalid("algorithm not allowed")
        kid = header.get("kid")
        key = self._keys.get(kid) if kid else None
        if key is None:
            await self._refresh()
            key = self._keys.get(kid) if kid else None
        if key is None:
            raise _invalid("unknown signing key")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=self.audience,
                issuer=self.issuer,
                options={"require_exp": True, "require_iat": True, "require_sub": True, "require_jti": True},
            )
        except ExpiredSignatureError as exc:
            raise ProblemError(401, "auth.token_expired", headers=BEARER_CHALLENGE) from exc
        except JWTError as exc:
            raise _invalid(str(exc)) from exc
        if claims.get("token_use") != "access":
            raise _invalid("not an access token")
        if self._cache_size > 0:
            if len(self._verified) >= self._cache_size:
                # Oldest first (insertion order): those are the tokens closest to expiry.
                del self._verified[next(iter(self._verified))]
            self._verified[token] = (claims, float(claims["exp"]), Principal.from_claims(claims))
        return claims

    async def principal(self, token: str) -> Principal:
        """Who holds a valid access token (401 problem otherwise), read once per token while it is cached."""
        hit = self._verified.get(token)
        if hit is not None and time.time() < hit[1]:
            return hit[2]
        claims = await self.verify(token)
        hit = self._verified.get(token)
        return hit[2] if hit is not None else Principal.from_claims(claims)


def _invalid(reason: str) -> ProblemError:
    return ProblemError(401, "auth.invalid_token", extra={"reason": reason}, headers=BEARER_CHALLENGE)


def bearer_token(request: Request) -> str | None:
    """The bearer token of the Authorization header, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def get_principal(request: Request) -> Principal:
    """Verify the request's bearer token and return who is calling (401 otherwise)."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    token = bearer_token(request)
    if token is None:
        raise ProblemError(401, "unauthorized", headers=BEARER_CHALLENGE)
    verifier: TokenVerifier = request.app.state.token_verifier
    principal = await verifier.principal(token)
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def require_perms(*permissions: str) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """A dependency that lets the call through only with every named permission."""

    async def _check(principal: CurrentPrincipal) -> Principal:
        missing = [p for p in permissions if not principal.has(p)]
        if missing:
            raise ProblemError(403, "forbidden", extra={"missing_permissions": missing})
        return principal

    return _check


def require_any(*permissions: str) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """A dependency that lets the call through with any one of the named permissions."""

    async def _check(principal: CurrentPrincipal) -> Principal:
        if not any(principal.has(p) for p in permissions):
            raise ProblemError(403, "forbidden", extra={"missing_permissions": list(permissions)})
        return principal

    return _check


def require_user() -> Callable[..., Coroutine[Any, Any, Principal]]:
    """A dependency that refuses machine clients (user-only routes)."""

    async def _check(principal: CurrentPrincipal) -> Principal:
        if principal.kind != "user":
            raise ProblemError(403, "forbidden")
        return principal

    return _check
