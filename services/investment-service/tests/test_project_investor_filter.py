"""Projects of one investor by its credit code (the enterprise profile, 一企一档)."""

from __future__ import annotations

from conftest import GUANGSHAN, uscc

INVESTOR = uscc(GUANGSHAN, "MA47R0Q01")


async def test_projects_filter_by_investor_credit_code(client, actors):
    officer = actors["city_officer"]
    for n, code in ((1, INVESTOR), (2, None)):
        investor = {"name": f"投资方{n}有限公司", "origin": "local", "uscc": code}
        body = {"code": f"INV-{n:03d}", "name": f"茶饮料项目{n}", "investor": investor, "category": "manufacturing",
                "region_code": GUANGSHAN, "contracted_investment_wan_yuan": "20000"}  # fmt: skip
        resp = await client.post("/api/v1/projects", json=body, headers=officer)
        assert resp.status_code == 201, resp.text
    page = (await client.get("/api/v1/projects", params={"investor_uscc": INVESTOR.lower()}, headers=officer)).json()
    assert page["total"] == 1 and page["items"][0]["code"] == "INV-001"
    bad = await client.get("/api/v1/projects", params={"investor_uscc": "short"}, headers=officer)
    assert bad.status_code == 422
