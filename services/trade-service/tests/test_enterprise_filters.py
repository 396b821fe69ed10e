"""One enterprise's trade records: fairs it took part in, its registrations and its shipments (一企一档)."""

from __future__ import annotations

from support import GUANGSHAN, uscc

A, B = uscc(GUANGSHAN, "MA46H7Q1"), uscc(GUANGSHAN, "MA46H7Q2")


async def test_lists_filter_by_enterprise(client, roles):
    officer = roles["city_officer"]

    async def post(path, body):
        resp = await client.post(path, json=body, headers=officer)
        assert resp.status_code == 201, resp.text
        return resp.json()

    fairs = [
        await post("/api/v1/trade/fairs", {"name": f"展会{n}", "mode": "online", "starts_on": "2021-04-15",
                                           "ends_on": "2021-04-20", "region_code": "411500"})
        for n in (1, 2)
    ]  # fmt: skip
    for fair, who in ((fairs[0], A), (fairs[1], B)):
        await post(
            f"/api/v1/trade/fairs/{fair['id']}/participants",
            {"enterprise_uscc": who, "enterprise_name": "企业", "region_code": GUANGSHAN},
        )
    for who, country in ((A, "哈萨克斯坦"), (B, "哈萨克斯坦"), (B, "新加坡")):
        await post(
            "/api/v1/trade/export-registrations",
            {"enterprise_uscc": who, "enterprise_name": "企业", "region_code": GUANGSHAN, "product": "冻鸭肉",
             "destination_country": country, "registered_on": "2021-05-01"},
        )  # fmt: skip
        await post(
            "/api/v1/trade/shipments",
            {"enterprise_uscc": who, "enterprise_name": "企业", "region_code": GUANGSHAN, "product": "茶叶",
             "channel": "china_europe_railway", "shipped_on": "2021-06-01", "goods_value_wan_yuan": "10.00"},
        )  # fmt: skip

    async def listed(path, who):
        resp = await client.get(path, params={"enterprise_uscc": who.lower()}, headers=officer)
        assert resp.status_code == 200, resp.text
        return resp.json()

    assert [f["id"] for f in (await listed("/api/v1/trade/fairs", A))["items"]] == [fairs[0]["id"]]
    assert (await listed("/api/v1/trade/export-registrations", B))["total"] == 2
    shipments = await listed("/api/v1/trade/shipments", A)
    assert shipments["total"] == 1 and shipments["items"][0]["enterprise_uscc"] == A
    bad = await client.get("/api/v1/trade/shipments", params={"enterprise_uscc": "123"}, headers=officer)
    assert bad.status_code == 422
