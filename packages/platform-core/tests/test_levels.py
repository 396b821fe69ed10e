"""Levels: rows kept per level (province defaults, city additions) are read down the tree and edited at one level."""

import pytest
from sqlalchemy import Column, MetaData, String, Table, create_engine, insert, select

from platform_core.auth import Principal
from platform_core.problems import ProblemError
from platform_core.regions import city_code_of, load_regions
from platform_core.scope import can_edit_level, ensure_level_editable, level_condition, level_fields
from platform_core.settings import SHIPPED_REFERENCE_DIR

ROWS = {
    "province default": "/410000/",
    "信阳 addition": "/410000/411500/",
    "光山 addition": "/410000/411500/411522/",
    "南阳 addition": "/410000/411300/",
}


def who(scopes: list[str], region_code: str | None = None, region_path: str | None = None) -> Principal:
    return Principal(
        subject="user:1",
        kind="user",
        name="t",
        roles=frozenset(),
        permissions=frozenset(),
        data_scopes=frozenset(scopes),
        region_code=region_code,
        region_path=region_path,
    )


@pytest.fixture(scope="module")
def visible():
    engine = create_engine("sqlite://")
    meta = MetaData()
    entries = Table("entries", meta, Column("name", String), Column("owner_path", String))
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(entries), [{"name": n, "owner_path": p} for n, p in ROWS.items()])

    def read(principal: Principal) -> set[str]:
        with engine.connect() as conn:
            stmt = select(entries.c.name).where(level_condition(principal, entries.c.owner_path))
            return set(conn.scalars(stmt))

    return read


def test_a_county_reads_the_levels_above_it_and_its_own(visible):
    county = who(["REGION_AND_BELOW"], "411522", "/410000/411500/411522/")
    assert visible(county) == {"province default", "信阳 addition", "光山 addition"}


def test_a_city_reads_the_province_its_own_and_its_counties_never_another_city(visible):
    city = who(["REGION_AND_BELOW"], "411500", "/410000/411500/")
    assert visible(city) == {"province default", "信阳 addition", "光山 addition"}
    other = who(["REGION_AND_BELOW"], "411300", "/410000/411300/")
    assert visible(other) == {"province default", "南阳 addition"}


def test_the_province_reads_every_level(visible):
    assert visible(who(["REGION_AND_BELOW"], "410000", "/410000/")) == set(ROWS)


def test_a_unit_scoped_principal_reads_only_the_levels_above_it(visible):
    handler = who(["UNIT"], "411500", "/410000/411500/")
    assert visible(handler) == {"province default", "信阳 addition"}
    assert visible(who(["UNIT"])) == set()


def test_edits_only_at_the_callers_own_level():
    city = who(["REGION_AND_BELOW"], "411500", "/410000/411500/")
    assert can_edit_level(city, "411500")
    assert not can_edit_level(city, "410000") and not can_edit_level(city, "411522")
    with pytest.raises(ProblemError) as refused:
        ensure_level_editable(city, "410000", "category")
    assert refused.value.status == 403 and refused.value.errors[0]["field"] == "category"


def test_an_entry_says_who_keeps_it_and_whether_the_caller_may_change_it():
    regions = load_regions(SHIPPED_REFERENCE_DIR)
    city = who(["REGION_AND_BELOW"], "411500", "/410000/411500/")
    assert level_fields(city, regions, "410000") == {
        "region_code": "410000", "region_name": "河南省", "level": "province", "editable": False
    }  # fmt: skip
    assert level_fields(city, regions, "411500") == {
        "region_code": "411500", "region_name": "信阳市", "level": "city", "editable": True
    }  # fmt: skip
    assert level_fields(city, regions, "411522")["level"] == "county"


def test_city_of_a_county_a_city_a_zone_and_the_province():
    regions = load_regions(SHIPPED_REFERENCE_DIR)
    assert city_code_of(regions, "411522") == "411500"
    assert city_code_of(regions, "411300") == "411300"
    assert city_code_of(regions, "411571") == "411500"
    assert city_code_of(regions, "410000") is None
    assert city_code_of(regions, "999999") is None and city_code_of(regions, None) is None
