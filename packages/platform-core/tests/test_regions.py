"""The GB/T 2260 directory: parents, levels, paths, functional zones, province-administered counties."""

import pytest

from platform_core.regions import load_regions
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
