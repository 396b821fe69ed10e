"""Lists kept per level (三个一批 rounds, industry chains): who keeps an entry, and where a new one belongs.

The rules themselves (read down the tree, change only at one's own level) are platform_core.scope's
`level_condition` and `ensure_level_editable`; this module says which level an entry is shown at.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from platform_core.auth import Principal
from platform_core.problems import ProblemError
from platform_core.regions import Region, RegionDirectory
from platform_core.scope import level_fields


class Level(StrEnum):
    """The level that keeps a list entry: the province (its defaults) or a city (its own)."""

    PROVINCE = "province"
    CITY = "city"


class LevelOut(BaseModel):
    """Who keeps an entry, and whether the caller may change it (only at its own level)."""

    region_code: str = Field(description="所属层级行政区划代码（省或市）")
    region_name: str = Field(description="所属层级名称，如 河南省、信阳市")
    level: Level = Field(description="层级：province 省级 / city 市级")
    editable: bool = Field(description="当前用户能否修改（只能维护本级的条目）")


def level_out(row: Any, principal: Principal, regions: RegionDirectory) -> dict[str, Any]:
    """The `LevelOut` fields of a row that carries its owner's `region_code`."""
    return LevelOut.model_validate(level_fields(principal, regions, row.region_code)).model_dump()


def own_level(principal: Principal, regions: RegionDirectory, what: str) -> Region:
    """The caller's own region, where a new entry belongs: the province or a city.

    A county (or a caller without a region) keeps no list of its own: 403 naming `region_code`.
    """
    region = regions.get(principal.region_code) if principal.region_code else None
    if region is None or region.level > 2:
        raise ProblemError(
            403,
            "other_level",
            errors=[{"field": "region_code", "message": f"{what}由省、市两级维护", "code": "other_level"}],
        )
    return region
