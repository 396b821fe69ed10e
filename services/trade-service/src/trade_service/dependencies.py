"""Dependencies shared by every trade domain: the region directory and the personal-data cipher."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from platform_core.crypto import FieldCipher
from platform_core.regions import RegionDirectory


def get_regions(request: Request) -> RegionDirectory:
    """The region directory loaded at start-up."""
    return request.app.state.regions


def get_cipher(request: Request) -> FieldCipher:
    """The key ring loaded at start-up."""
    return request.app.state.cipher


RegionsDep = Annotated[RegionDirectory, Depends(get_regions)]
CipherDep = Annotated[FieldCipher, Depends(get_cipher)]
