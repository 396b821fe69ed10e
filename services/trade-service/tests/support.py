"""Builders shared by the trade tests: valid ID numbers and credit codes, records placed directly."""

from __future__ import annotations

from datetime import date
from typing import Any

from platform_core.testing import client_token_kwargs
from platform_core.uscc import check_character
from trade_service.labour.schemas import id_check_character

GUANGSHAN, XINXIAN, CITY = "411522", "411523", "411500"


def id_number(region: str = GUANGSHAN, born: str = "19900101", seq: int = 123) -> str:
    """A valid 18-character resident ID number."""
    first17 = f"{region}{born}{seq:03d}"
    return first17 + id_check_character(first17)


def uscc(region: str = GUANGSHAN, body: str = "MA46H3Q2") -> str:
    """A valid unified social credit code."""
    first17 = f"91{region}{body}0"
    return first17 + check_character(first17)


def province(tokens: Any, regions: Any, permissions: tuple[str, ...] = ("open:trade:read",)) -> dict[str, str]:
    """The provincial machine client's headers with trade sync permission."""
    return tokens.headers(
        **client_token_kwargs(
            "province",
            list(permissions),
            data_scope="REGION_AND_BELOW",
            region_code=CITY,
            region_path=regions.path_of(CITY),
        )
    )


async def create(client: Any, path: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    """POST a record and return it (asserting 201)."""
    resp = await client.post(path, json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()


async def program(client: Any, headers: dict[str, str], code: str = "EPS") -> dict[str, Any]:
    """The EPS Korea program, placed at the city."""
    return await create(
        client,
        "/api/v1/trade/labour/programs",
        {"code": code, "name": "中韩雇佣制", "destination_country": "韩国", "region_code": CITY},
        headers,
    )


def worker_body(program_id: int, region: str = GUANGSHAN, **kw: Any) -> dict[str, Any]:
    """A worker registration."""
    body: dict[str, Any] = {
        "program_id": program_id,
        "name": "张三丰",
        "id_number": id_number(region),
        "passport_number": "EA1234567",
        "region_code": region,
        "registered_on": "2021-01-05",
        "sector": "制造业",
    }
    body.update(kw)
    return body


async def move(client: Any, worker: dict[str, Any], headers: dict[str, str], *steps: tuple[str, str]) -> dict[str, Any]:
    """Walk a worker through transitions, asserting each succeeds."""
    for to, on in steps:
        resp = await client.post(
            f"/api/v1/trade/labour/workers/{worker['id']}/transitions", json={"to": to, "on": on}, headers=headers
        )
        assert resp.status_code == 200, resp.text
        worker = resp.json()
    return worker


def d(text: str) -> date:
    """A date from ISO text."""
    return date.fromisoformat(text)
