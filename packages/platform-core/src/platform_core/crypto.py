"""Field encryption at rest: AES-256-GCM with key ids (so keys rotate) and keyed hashes for equality lookups.

A key ring is configured as `kid:base64key[,kid:base64key...]`; the first key encrypts and hashes new
values, every key in the ring still decrypts and matches. Each configured key is a master from which two
sub-keys are derived (HKDF-SHA256): one for AES-GCM, one for HMAC-SHA256, so the two uses never share key
material. A ciphertext reads `v1:<kid>:<base64url(nonce ‖ ciphertext ‖ tag)>`; a lookup hash reads
`<kid>:<hex>`. The column's name (the `context`) is authenticated with every value, so a ciphertext
copied into another column does not decrypt. Anything wrong (no keys, unknown key id, wrong key,
tampered value) raises a `CryptoError` with a message saying what; nothing is ever returned instead.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT_VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
KID_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_ENCRYPTION_INFO = b"platform-core field encryption aes-256-gcm"
_LOOKUP_INFO = b"platform-core field lookup hmac-sha256"


class CryptoError(Exception):
    """Field encryption could not do what was asked; the message says why."""


class KeyConfigurationError(CryptoError):
    """The key ring is missing or malformed."""


class UnknownKeyError(CryptoError):
    """A value was encrypted with a key id the ring does not hold."""


class DecryptionError(CryptoError):
    """A value did not authenticate: the key material is wrong or the value was altered."""


def _derive(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(master)


@dataclass(frozen=True, slots=True)
class _Key:
    kid: str
    aead: AESGCM
    lookup: bytes


def _b64decode(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    return base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)


def parse_key_config(text: str) -> list[tuple[str, bytes]]:
    """Read `kid:base64key[,kid:base64key...]` (standard or URL-safe base64 of 32 bytes)."""
    entries = [part.strip() for part in (text or "").replace("\n", ",").split(",") if part.strip()]
    if not entries:
        raise KeyConfigurationError("no field encryption key configured")
    keys: list[tuple[str, bytes]] = []
    seen: set[str] = set()
    for entry in entries:
        kid, sep, encoded = entry.partition(":")
        kid, encoded = kid.strip(), encoded.strip()
        if not sep or not KID_RE.match(kid):
            raise KeyConfigurationError(
                "field encryption key entries must read kid:base64key with a kid of 1-32 letters, digits, - or _"
            )
        if kid in seen:
            raise KeyConfigurationError(f"field encryption key id {kid!r} appears twice")
        try:
            material = _b64decode(encoded.replace("+", "-").replace("/", "_"))
        except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
            raise KeyConfigurationError(f"field encryption key {kid!r} is not base64") from exc
        if len(material) != KEY_BYTES:
            raise KeyConfigurationError(f"field encryption key {kid!r} must be {KEY_BYTES} bytes, not {len(material)}")
        seen.add(kid)
        keys.append((kid, material))
    return keys


def generate_key_config(kid: str | None = None) -> str:
    """A fresh one-key configuration, `kid:base64key`."""
    kid = kid or f"k{secrets.token_hex(4)}"
    if not KID_RE.match(kid):
        raise KeyConfigurationError(f"invalid key id {kid!r}")
    return f"{kid}:{base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode('ascii').rstrip('=')}"


def load_or_create_key_file(path: Path) -> str:
    """The key configuration stored in a file, creating it (mode 0600) on first use; for demo mode only."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text(encoding="ascii").strip()  # another process created it first
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(generate_key_config() + "\n")
    return path.read_text(encoding="ascii").strip()


class FieldCipher:
    """Encrypts, decrypts and hashes field values with a key ring (the first key is the active one)."""

    def __init__(self, keys: Sequence[tuple[str, bytes]]) -> None:
        """Derive the sub-keys of every master key once."""
        if not keys:
            raise KeyConfigurationError("no field encryption key configured")
        self._keys: dict[str, _Key] = {}
        for kid, material in keys:
            if not KID_RE.match(kid) or len(material) != KEY_BYTES:
                raise KeyConfigurationError(f"invalid field encryption key {kid!r}")
            self._keys[kid] = _Key(kid, AESGCM(_derive(material, _ENCRYPTION_INFO)), _derive(material, _LOOKUP_INFO))
        self.active_key_id: str = keys[0][0]

    @classmethod
    def from_config(cls, text: str) -> FieldCipher:
        """A cipher for a `kid:base64key[,...]` configuration string."""
        return cls(parse_key_config(text))

    @property
    def key_ids(self) -> tuple[str, ...]:
        """The ids of the ring, active first."""
        return tuple(self._keys)

    def encrypt(self, value: str, *, context: str) -> str:
        """Encrypt a value for one column (`context`) with the active key."""
        key = self._keys[self.active_key_id]
        nonce = os.urandom(NONCE_BYTES)
        sealed = key.aead.encrypt(nonce, value.encode("utf-8"), self._aad(key.kid, context))
        body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")
        return f"{FORMAT_VERSION}:{key.kid}:{body}"

    def decrypt(self, token: str, *, context: str) -> str:
        """Decrypt a value of one column; raise a `CryptoError` rather than return anything doubtful."""
        kid = self.key_id_of(token)
        key = self._keys.get(kid)
        if key is None:
            raise UnknownKeyError(
                f"value of {context} was encrypted with key {kid!r}, which the configured key ring "
                f"({', '.join(self._keys)}) does not hold"
            )
        try:
            raw = _b64decode(token.split(":", 2)[2])
        except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
            raise DecryptionError(f"value of {context} is not a valid ciphertext") from exc
        if len(raw) <= NONCE_BYTES:
            raise DecryptionError(f"value of {context} is not a valid ciphertext")
        try:
            plain = key.aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], self._aad(kid, context))
        except InvalidTag as exc:
            raise DecryptionError(
                f"value of {context} does not authenticate under key {kid!r}: the key material is wrong "
                "or the value was altered"
            ) from exc
        return plain.decode("utf-8")

    def encrypt_optional(self, value: str | None, *, context: str) -> str | None:
        """`encrypt`, passing None through."""
        return None if value is None else self.encrypt(value, context=context)

    def decrypt_optional(self, token: str | None, *, context: str) -> str | None:
        """`decrypt`, passing None through."""
        return None if token is None else self.decrypt(token, context=context)

    @staticmethod
    def key_id_of(token: str) -> str:
        """The key id a ciphertext names."""
        version, sep, rest = token.partition(":")
        kid, sep2, _ = rest.partition(":")
        if version != FORMAT_VERSION or not sep or not sep2 or not KID_RE.match(kid):
            raise DecryptionError("value is not a field ciphertext of format v1")
        return kid

    def needs_rotation(self, token: str) -> bool:
        """Whether a ciphertext or lookup hash was made with a key other than the active one."""
        kid = token.split(":", 2)[1] if token.startswith(f"{FORMAT_VERSION}:") else token.partition(":")[0]
        return kid != self.active_key_id

    def reencrypt(self, token: str, *, context: str) -> str:
        """The same value encrypted with the active key (for a rotation job)."""
        return self.encrypt(self.decrypt(token, context=context), context=context)

    def lookup_hash(self, value: str, *, context: str) -> str:
        """A deterministic keyed hash of a value with the active key, for equality lookups."""
        return self._hash(self._keys[self.active_key_id], value, context)

    def lookup_hashes(self, value: str, *, context: str) -> list[str]:
        """The value's hash under every key of the ring, to match rows hashed before a rotation."""
        return [self._hash(key, value, context) for key in self._keys.values()]

    @staticmethod
    def _hash(key: _Key, value: str, context: str) -> str:
        digest = hmac.new(key.lookup, context.encode("utf-8") + b"\x00" + value.encode("utf-8"), hashlib.sha256)
        return f"{key.kid}:{digest.hexdigest()}"

    @staticmethod
    def _aad(kid: str, context: str) -> bytes:
        return f"{FORMAT_VERSION}\x00{kid}\x00{context}".encode()
