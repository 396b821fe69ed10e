"""Units named in a request are checked against the gateway's unit directory as the caller sees it: an unknown
unit, or one the caller could not pick, is 422 naming the field; the stored name is the directory's; an
unreachable directory refuses the write (503) rather than storing an unchecked unit."""

from __future__ import annotations

import httpx
from test_case_support import A, S, case_fixtures
from test_pairing import body
from test_supervision import order_body

from case_service.case.models import Case
from platform_core.peers import Peer

globals().update(case_fixtures())

PAIRINGS = "/api/v1/pairings"
ORDERS = "/api/v1/supervision-orders"


def pairing(**kw: object) -> dict[str, object]:
    return body(**kw)


async def test_assigning_to_an_unknown_unit_names_the_field(driver):
    case = await driver.to_state(S.ACCEPTED)
    lead = await driver.act(case["id"], A.ASSIGN, expect=422, lead_unit={"unit_id": 99}, co_units=[])
    assert [e["field"] for e in lead["errors"]] == ["lead_unit"] and "99" in lead["errors"][0]["message"]
    co = await driver.act(
        case["id"], A.ASSIGN, expect=422, lead_unit={"unit_id": 2}, co_units=[{"unit_id": 3}, {"unit_id": 98}]
    )
    assert [e["field"] for e in co["errors"]] == ["co_units"]
    assert (await driver.detail(case["id"]))["state"] == "ACCEPTED"


async def test_a_county_cannot_assign_to_another_countys_unit(driver):
    case = await driver.to_state(S.ACCEPTED)
    # 新县商务局 is not in 光山县's directory (the city's units and its own county's are).
    refused = await driver.act(case["id"], A.ASSIGN, expect=422, lead_unit={"unit_id": 21}, co_units=[])
    assert [e["field"] for e in refused["errors"]] == ["lead_unit"]
    own = await driver.act(case["id"], A.ASSIGN, lead_unit={"unit_id": 11}, co_units=[])
    assert own["state"] == "ASSIGNED" and own["lead_unit_name"] == "光山县商务局"


async def test_the_stored_unit_name_is_the_directorys(driver, session):
    case = await driver.to_state(S.ACCEPTED)
    assigned = await driver.act(
        case["id"], A.ASSIGN, lead_unit={"unit_id": 2, "unit_name": "随便写的名称"}, co_units=[{"unit_id": 3}]
    )
    assert assigned["lead_unit_name"] == "市自然资源和规划局"
    row = await session.get(Case, case["id"])
    assert row is not None and row.lead_unit_name == "市自然资源和规划局"


async def test_pairings_and_orders_refuse_unknown_units(client, roles, case_roles, driver, enterprises, clock):
    unknown = await client.post(PAIRINGS, json=pairing(unit_id=97), headers=roles["city_officer"])
    assert unknown.status_code == 422 and [e["field"] for e in unknown.json()["errors"]] == ["unit_id"]
    named = await client.post(PAIRINGS, json=pairing(unit_id=1, unit_name="别的名字"), headers=roles["city_officer"])
    assert named.status_code == 201, named.text
    assert named.json()["unit_name"] == "市商务局"
    order = await client.post(ORDERS, json=order_body(clock, unit_id=96), headers=case_roles["city_leader"])
    assert order.status_code == 422 and [e["field"] for e in order.json()["errors"]] == ["unit_id"]


async def test_an_unreachable_directory_refuses_the_write(driver, app):
    case = await driver.to_state(S.ACCEPTED)

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    working = app.state.unit_peer
    app.state.unit_peer = Peer(
        "gateway", "http://gateway", client=httpx.AsyncClient(transport=httpx.MockTransport(down))
    )
    try:
        refused = await driver.act(case["id"], A.ASSIGN, expect=503, lead_unit={"unit_id": 2}, co_units=[])
        assert refused["code"] == "service_unavailable"
    finally:
        app.state.unit_peer = working
    assert (await driver.detail(case["id"]))["state"] == "ACCEPTED"
