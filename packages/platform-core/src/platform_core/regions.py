"""GB/T 2260 divisions as a tree with materialised paths, loaded from the reference data."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

#: Functional zones (development zones and the like) are org units under a division, not GB/T 2260 entries; they
#: ship beside the GB/T 2260 file with their national-statistics codes.
FUNCTIONAL_ZONES_NAME = "functional_zones.tsv"
SHIPPED_FUNCTIONAL_ZONES_FILE = Path(__file__).with_name("reference_data") / FUNCTIONAL_ZONES_NAME


@dataclass(slots=True)
class Region:
    """One division: code, name, level (1 province, 2 city, 3 county) and its path from the root."""

    code: str
    name: str
    level: int
    parent_code: str | None
    path: str = ""
    children: list[Region] = field(default_factory=list)


def parent_code_of(code: str, known: set[str]) -> str | None:
    """The parent of a code by GB/T 2260 structure (province-administered counties hang off the province)."""
    if code.endswith("0000"):
        return None
    city = code[:4] + "00"
    if code.endswith("00") or city not in known:
        return code[:2] + "0000"
    return city


def level_of(code: str, parent: str | None) -> int:
    """1 province, 2 city, 3 county-level."""
    if parent is None:
        return 1
    return 2 if code.endswith("00") else 3


class RegionDirectory:
    """All divisions by code, with paths like `/410000/411500/411522/`."""

    def __init__(self, rows: list[tuple[str, str, str | None]]) -> None:
        """Build the tree from (code, name, explicit parent or None) rows."""
        codes = {code for code, _, _ in rows}
        self.by_code: dict[str, Region] = {}
        for code, name, parent in rows:
            parent = parent or parent_code_of(code, codes)
            self.by_code[code] = Region(code, name, level_of(code, parent), parent)
        for region in self.by_code.values():
            if region.parent_code and region.parent_code in self.by_code:
                self.by_code[region.parent_code].children.append(region)
        for region in self.by_code.values():
            region.path = self._path(region)
        for region in self.by_code.values():
            region.children.sort(key=lambda r: r.code)

    def _path(self, region: Region) -> str:
        parts = [region.code]
        cur = region
        while cur.parent_code and cur.parent_code in self.by_code:
            cur = self.by_code[cur.parent_code]
            parts.append(cur.code)
        return "/" + "/".join(reversed(parts)) + "/"

    def get(self, code: str) -> Region | None:
        """A region by code."""
        return self.by_code.get(code)

    def path_of(self, code: str) -> str | None:
        """The materialised path of a code, or None when unknown."""
        region = self.by_code.get(code)
        return region.path if region else None

    def name_of(self, code: str | None) -> str | None:
        """The name of a code."""
        region = self.by_code.get(code) if code else None
        return region.name if region else None

    def subtree(self, code: str) -> list[Region]:
        """The region and everything below it, in code order."""
        root = self.by_code.get(code)
        if root is None:
            return []
        return sorted((r for r in self.by_code.values() if r.path.startswith(root.path)), key=lambda r: r.code)


def read_reference_rows(reference_dir: Path) -> list[tuple[str, str, str | None]]:
    """Rows of the GB/T 2260 file plus the functional zones of the same folder (the shipped ones when it has none)."""
    rows: list[tuple[str, str, str | None]] = []
    with (reference_dir / "gb2260-mca-201904.tsv").open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh, delimiter="\t"):
            rows.append((rec["Code"].strip(), rec["Name"].strip(), None))
    # A folder given by REFERENCE_DATA_DIR may hold only the GB/T 2260 file: the shipped zones still apply.
    zones = reference_dir / FUNCTIONAL_ZONES_NAME
    if not zones.exists():
        zones = SHIPPED_FUNCTIONAL_ZONES_FILE
    if zones.exists():
        with zones.open(encoding="utf-8") as fh:
            for rec in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"):
                rows.append((rec["code"].strip(), rec["name"].strip(), rec["parent"].strip()))
    return rows


@lru_cache(maxsize=4)
def load_regions(reference_dir: Path) -> RegionDirectory:
    """The whole country's directory (cached per reference folder)."""
    if not (reference_dir / "gb2260-mca-201904.tsv").exists():
        raise FileNotFoundError(f"GB/T 2260 reference data not found in {reference_dir}; set REFERENCE_DATA_DIR")
    return RegionDirectory(read_reference_rows(reference_dir))


def child_code(row_path: str, root_path: str) -> str:
    """The code of the root's child a row's region lies under, or the root's own code for rows placed on it.

    `/410000/411500/411522/` under `/410000/411500/` → `411522`.
    """
    rest = row_path[len(root_path) :].strip("/")
    return rest.split("/")[0] if rest else root_path.strip("/").split("/")[-1]


async def get_regions(request: Request) -> RegionDirectory:
    """The region directory the app loaded at start-up (`app.state.regions`)."""
    return request.app.state.regions


RegionsDep = Annotated[RegionDirectory, Depends(get_regions)]


async def get_regions_if_loaded(request: Request) -> RegionDirectory | None:
    """The app's region directory when it loaded one (names for what is shown by code), else None."""
    return getattr(request.app.state, "regions", None)


OptionalRegionsDep = Annotated[RegionDirectory | None, Depends(get_regions_if_loaded)]


def city_code_of(regions: RegionDirectory, code: str | None) -> str | None:
    """The city (level 2) a region belongs to — "本市" for a caller or a record; None at province level or unknown."""
    region = regions.get(code) if code else None
    while region is not None and region.level > 2:
        region = regions.get(region.parent_code) if region.parent_code else None
    return region.code if region is not None and region.level == 2 else None
