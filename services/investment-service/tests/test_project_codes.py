"""Generated project codes: a pattern per round (editable, checked), the next free sequence, and a create
without a code taking the generated one; an officer's own code still wins."""

from __future__ import annotations

from datetime import date

from conftest import GUANGSHAN, XINXIAN, project_body

from platform_core.periods import today

NEXT = "/api/v1/projects/next-code"


async def test_a_round_pattern_numbers_its_projects(client, actors):
    made = await client.post(
        "/api/v1/rounds",
        json={
            "number": 3,
            "held_on": "2021-07-10",
            "venue": "信阳市分会场",
            "code_pattern": "SG{year}-{round:02}-{seq:03}",
        },
        headers=actors["city_officer"],
    )
    assert made.status_code == 201, made.text
    assert made.json()["code_pattern"] == "SG{year}-{round:02}-{seq:03}"
    round_id = made.json()["id"]
    offered = await client.get(
        NEXT, params={"region_code": GUANGSHAN, "round_id": round_id}, headers=actors["guangshan"]
    )
    assert offered.status_code == 200, offered.text
    assert offered.json() == {"code": "SG2021-03-001", "pattern": "SG{year}-{round:02}-{seq:03}"}

    signed = {"date": "2021-07-10", "round_id": round_id}
    first = await client.post(
        "/api/v1/projects", json=project_body(code=None, signed=signed), headers=actors["guangshan"]
    )
    assert first.status_code == 201, first.text
    assert first.json()["code"] == "SG2021-03-001"
    # An officer may type a code of the same shape out of order: the next one follows the highest in use.
    typed = await client.post("/api/v1/projects", json=project_body(code="SG2021-03-007"), headers=actors["guangshan"])
    assert typed.status_code == 201
    again = await client.get(NEXT, params={"region_code": GUANGSHAN, "round_id": round_id}, headers=actors["guangshan"])
    assert again.json()["code"] == "SG2021-03-008"
    second = await client.post(
        "/api/v1/projects", json=project_body(code=None, signed=signed), headers=actors["guangshan"]
    )
    assert second.json()["code"] == "SG2021-03-008"


async def test_the_default_pattern_and_the_pattern_rules(client, actors):
    offered = await client.get(NEXT, params={"region_code": GUANGSHAN}, headers=actors["guangshan"])
    assert offered.json()["code"] == f"XY{today().year}-{GUANGSHAN}-001"
    # A county officer is offered codes of their own county only.
    other = await client.get(NEXT, params={"region_code": XINXIAN}, headers=actors["guangshan"])
    assert other.status_code in (403, 422)
    missing = await client.get(NEXT, params={"region_code": GUANGSHAN, "round_id": 999}, headers=actors["guangshan"])
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "round_id"
    for pattern, text in (("XY{year}", "{seq}"), ("XY{seq}{seq}", "{seq}"), ("XY{month}-{seq}", "占位符"),
                          ("项目{seq:03}", "不合规")):  # fmt: skip
        bad = await client.post(
            "/api/v1/rounds",
            json={"number": 9, "held_on": "2021-10-10", "venue": "分会场", "code_pattern": pattern},
            headers=actors["city_officer"],
        )
        assert bad.status_code == 422, pattern
        assert bad.json()["errors"][0]["field"] == "code_pattern" and text in bad.json()["errors"][0]["message"]


async def test_a_round_pattern_is_editable(client, actors, build):
    r = await build.round(4, date(2021, 10, 10))
    changed = await client.patch(
        f"/api/v1/rounds/{r.id}",
        json={"code_pattern": "R{round}-{region}-{seq:02}"},
        headers={**actors["city_officer"], "If-Match": '"1"'},
    )
    assert changed.status_code == 200, changed.text
    offered = await client.get(NEXT, params={"region_code": GUANGSHAN, "round_id": r.id}, headers=actors["guangshan"])
    assert offered.json()["code"] == f"R4-{GUANGSHAN}-01"
