"""The gateway's signing key: a configured PEM file, or one generated once into the data folder (demo)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from gateway.settings import GatewaySettings
from platform_core.settings import Environment
from platform_core.tokens import SigningKey


def load_signing_key(settings: GatewaySettings) -> SigningKey:
    """Read the key (kid = digest of the PEM, so a rotated file gets a new kid)."""
    path = Path(settings.signing_key_file) if settings.signing_key_file else settings.data_dir / "keys" / "jwt.pem"
    if not path.exists():
        if settings.env is Environment.PRODUCTION:
            raise RuntimeError(f"signing key file {path} not found")
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = SigningKey.generate()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(fresh.private_pem)
    return _key_from_file(path)


def _key_from_file(path: Path) -> SigningKey:
    pem = path.read_text()
    kid = hashlib.sha256(pem.encode()).hexdigest()[:16]
    return SigningKey.from_pem(pem, kid)


def load_retired_keys(settings: GatewaySettings) -> tuple[SigningKey, ...]:
    """Keys replaced by a rotation, still published until the tokens they signed have expired."""
    return tuple(_key_from_file(Path(p)) for p in settings.retired_signing_key_files)
