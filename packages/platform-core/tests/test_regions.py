"""The GB/T 2260 directory: parents, levels, paths, functional zones, province-administered counties."""

import pytest

from platform_core.regions import load_regions, read_reference_rows
from platform_core.settings import SHIPPED_REFERENCE_DIR

REF = SHIPPED_REFERENCE_DIR


@pytest.fixture(scope="module")
def regions():
    return load_regions(REF)


def test_xinyang_has_two_districts_and_eight_counties(regions):
    city = regions.get("411500")
    assert city.name == "信阳市" and city.level == 2 and city.path == "/410000/411500/"
    gb = [c for c in city.children if c.code != "411571"]
    assert [c.name for c in gb] == [
        "浉河区",
        "平桥区",
        "罗山县",
        "光山县",
        "新县",
        "商城县",
        "固始县",
        "潢川县",
        "淮滨县",
        "息县",
    ]
    assert sum(c.name.endswith("县") for c in gb) == 8


def test_paths_never_confuse_codes_with_common_prefixes(regions):
    assert regions.path_of("411522") == "/410000/411500/411522/"
    assert not regions.path_of("411522").startswith(regions.path_of("411502"))


def test_functional_zone_hangs_under_the_city(regions):
    zone = regions.get("411571")
    assert zone.parent_code == "411500" and zone.path == "/410000/411500/411571/"


def test_province_administered_county_hangs_under_the_province(regions):
    jiyuan = regions.get("419001")
    assert jiyuan.parent_code == "410000" and jiyuan.level == 3


def test_whole_country_is_loaded(regions):
    provinces = [r for r in regions.by_code.values() if r.level == 1]
    assert len(provinces) >= 31
    assert regions.name_of("110101") == "东城区"


def test_subtree(regions):
    codes = [r.code for r in regions.subtree("411500")]
    assert codes[0] == "411500" and "411528" in codes and "410100" not in codes


def test_functional_zones_ship_beside_the_gb2260_file():
    assert (REF / "functional_zones.tsv").is_file()
    assert not (REF.parent / "functional_zones.tsv").exists()


def test_nanyang_functional_zones_hang_under_nanyang(regions):
    high_tech = regions.get("411371")
    rural_urban = regions.get("411372")
    assert high_tech.name == "南阳高新技术产业开发区" and rural_urban.name == "南阳市城乡一体化示范区"
    for zone in (high_tech, rural_urban):
        assert zone.parent_code == "411300" and zone.level == 3
        assert zone.path == f"/410000/411300/{zone.code}/"
    assert {"411371", "411372"} <= {c.code for c in regions.get("411300").children}
    assert "411371" not in {r.code for r in regions.subtree("411500")}


def test_a_reference_folder_without_zones_uses_the_shipped_ones(tmp_path):
    (tmp_path / "gb2260-mca-201904.tsv").write_text(
        (REF / "gb2260-mca-201904.tsv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    rows = {code: (name, parent) for code, name, parent in read_reference_rows(tmp_path)}
    assert rows["411372"] == ("南阳市城乡一体化示范区", "411300")
    (tmp_path / "functional_zones.tsv").write_text("code\tname\tparent\n411571\t信阳高新区\t411500\n", encoding="utf-8")
    rows = {code: (name, parent) for code, name, parent in read_reference_rows(tmp_path)}
    assert rows["411571"] == ("信阳高新区", "411500") and "411372" not in rows
