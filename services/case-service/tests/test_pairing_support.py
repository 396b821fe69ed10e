"""Shared helpers of the campaign-record tests (pairing, visits, policy, staff, stats, reports); no tests here."""

from __future__ import annotations

from typing import Any

from conftest import CITY, ENTERPRISE_USCC, GUANGSHAN, XINXIAN

from case_service.enterprise.models import Enterprise
from platform_core.permissions import PROVINCE_CLIENT_PERMISSIONS
from platform_core.testing import client_token_kwargs
from platform_core.uscc import check_character

__all__ = ["CITY", "ENTERPRISE_USCC", "GUANGSHAN", "XINXIAN"]


def uscc_for(region: str, body: str = "MA47K2P10") -> str:
    """A valid code registered in a region."""
    first17 = f"91{region}{body}"
    return first17 + check_character(first17)


XINXIAN_USCC = uscc_for(XINXIAN)


async def add_enterprise(
    session: Any, regions: Any, uscc: str, region: str, name: str, is_key: bool = True
) -> Enterprise:
    """Put an enterprise into the directory."""
    ent = Enterprise(uscc=uscc, name=name, region_code=region, region_path=regions.path_of(region), is_key=is_key)
    session.add(ent)
    await session.flush()
    return ent


async def two_enterprises(session: Any, regions: Any) -> dict[str, Enterprise]:
    """One enterprise in 光山县 (the demo enterprise user's own) and one in 新县."""
    return {
        "gs": await add_enterprise(session, regions, ENTERPRISE_USCC, GUANGSHAN, "光山县茶业有限公司"),
        "xx": await add_enterprise(session, regions, XINXIAN_USCC, XINXIAN, "新县红色旅游商贸有限公司"),
    }


def province_headers(tokens: Any, regions: Any, region: str = CITY) -> dict[str, str]:
    """A provincial machine client with the sync permissions of the built-in client."""
    return tokens.headers(
        **client_token_kwargs(
            "province",
            list(PROVINCE_CLIENT_PERMISSIONS),
            data_scope="REGION_AND_BELOW",
            region_code=region,
            region_path=regions.path_of(region),
        )
    )


def if_match(headers: dict[str, str], version: int) -> dict[str, str]:
    """Headers with an If-Match on a version."""
    return {**headers, "If-Match": f'"{version}"'}


#: Every role of the `roles` fixture plus the provincial client with sync permissions.
ROLES = ("city_leader", "city_officer", "guangshan", "xinxian", "unit", "enterprise", "admin", "auditor", "province")
