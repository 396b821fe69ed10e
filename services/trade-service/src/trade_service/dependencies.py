"""Dependencies of the trade domains beyond the platform's: the personal-data cipher."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from platform_core.crypto import FieldCipher


def get_cipher(request: Request) -> FieldCipher:
    """The key ring loaded at start-up."""
    return request.app.state.cipher


CipherDep = Annotated[FieldCipher, Depends(get_cipher)]
