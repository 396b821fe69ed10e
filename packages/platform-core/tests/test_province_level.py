"""Province level: who changes what every city of the installation shares, and whose audit entries a city reads."""

from __future__ import annotations

import pytest

from platform_core.audit import audit_scope
from platform_core.auth import Principal
from platform_core.problems import ProblemError
from platform_core.regions import RegionDirectory
from platform_core.scope import ensure_province_level, is_province_level


def principal(scopes: list[str], code: str | None, path: str | None) -> Principal:
    return Principal(
        subject="user:1",
        kind="user",
        name="x",
        roles=frozenset(),
        permissions=frozenset(),
        data_scopes=frozenset(scopes),
        region_code=code,
        region_path=path,
    )


PROVINCE = principal(["REGION_AND_BELOW"], "410000", "/410000/")
CITY = principal(["REGION_AND_BELOW"], "411500", "/410000/411500/")


def test_only_the_province_or_an_unrestricted_caller_is_province_level():
    assert is_province_level(PROVINCE)
    assert is_province_level(principal(["ALL"], None, None))
    assert not is_province_level(CITY)
    assert not is_province_level(principal(["REGION"], "410000", "/410000/"))
    assert not is_province_level(principal(["REGION_AND_BELOW"], None, None))
    ensure_province_level(PROVINCE, "key")
    with pytest.raises(ProblemError) as refused:
        ensure_province_level(CITY, "key")
    assert refused.value.status == 403
    assert refused.value.errors == [
        {"field": "key", "message": "全省共用的设置只能由省级管理员修改", "code": "province_only"}
    ]


def test_a_city_reads_the_audit_entries_about_its_regions():
    from sqlalchemy import Column, MetaData, String, Table, select

    table = Table("audit_log", MetaData(), Column("region_code", String), Column("actor", String))
    regions = RegionDirectory(
        [("410000", "河南省", None), ("411500", "信阳市", None), ("411522", "光山县", None), ("411300", "南阳市", None)]
    )
    sql = str(select(table).where(audit_scope(table.c, CITY, regions)).compile(compile_kwargs={"literal_binds": True}))
    assert "'411500'" in sql and "'411522'" in sql and "'411300'" not in sql
    assert " IN " not in str(select(table).where(audit_scope(table.c, PROVINCE, regions)))
