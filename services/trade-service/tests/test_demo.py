"""The demo data behind the report's trade figures."""

from __future__ import annotations

from pathlib import Path

import httpx
from support import CITY

from demo_data.trade import DEPARTED_2021, seed_demo
from platform_core.db import Database
from platform_core.migrations import upgrade
from platform_core.regions import load_regions
from platform_core.testing import role_token_kwargs
from trade_service.core import SCHEMA
from trade_service.main import create_app
from trade_service.settings import TradeSettings

SERVICE_ROOT = Path(__file__).resolve().parents[1]


async def test_demo_fills_the_report(tmp_path, tokens):
    url = f"sqlite+aiosqlite:///{tmp_path / 'trade.db'}"
    upgrade(SERVICE_ROOT, url)
    settings = TradeSettings(PLATFORM_ENV="demo", DATA_DIR=tmp_path, database_url=url)
    db = Database(url, SCHEMA)
    try:
        await seed_demo(db, settings)
        await seed_demo(db, settings)  # a second run leaves the data alone
        app = create_app(settings, database=db, verifier=tokens.verifier)
        path = load_regions(settings.reference_data_dir).path_of(CITY)
        headers = tokens.headers(**role_token_kwargs("city_leader", region_code=CITY, region_path=path))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            resp = await client.get("/api/v1/trade/indicators", params={"period": "2021"}, headers=headers)
            workers = await client.get("/api/v1/trade/labour/workers", params={"page_size": 1}, headers=headers)
    finally:
        await db.dispose()
    assert resp.status_code == 200, resp.text
    got = {i["key"]: i for i in resp.json()["items"]}
    labour = got["labour_dispatched"]
    assert labour["value"] == sum(DEPARTED_2021.values()) and labour["rank"]["rank"] == 1
    assert labour["rank"]["scope"] == "national"
    assert labour["yoy_percent"] is not None
    assert got["labour_exchange_events"]["value"] == 1
    assert {b["label"]: b["value"] for b in got["fair_participants"]["breakdown"]}[
        "第130届中国进出口商品交易会（广交会）"
    ] == 26
    assert got["trainings_held"]["value"] == 4
    assert got["first_exports"]["breakdown"][0]["label"] == "冻鸭肉→哈萨克斯坦"
    assert {b["label"] for b in got["export_registrations"]["breakdown"]} == {
        "乌兹别克斯坦",
        "哈萨克斯坦",
        "新加坡",
        "中国澳门",
    }
    assert got["shipment_trains"]["value"] == 5 and got["shipment_batches"]["yoy_percent"] is not None
    assert got["promotion_events"]["value"] >= 80
    assert got["honours_created"]["value"] == 6
    assert got["streets_renovated"]["value"] == 2
    demo = got["ecommerce_demo_counties"]
    assert (demo["value"], demo["numerator"], demo["denominator"]) == (8, 8, 8)
    assert [b["label"] for b in got["ecommerce_promotions_to_national"]["breakdown"]] == ["息县"]
    assert got["ecommerce_station_coverage_poor_villages"]["value"] == "100.0"
    assert got["ecommerce_express_coverage_villages"]["value"] == "100.0"
    assert [b["label"] for b in got["ecommerce_public_brands"]["breakdown"]] == ["光山十宝", "新县味"]
    assert got["ecommerce_training_person_times"]["value"] > 0
    assert got["fund_disbursed_wan_yuan"]["value"] != "0.00"
    assert workers.json()["items"][0]["pii_masked"] is True
    assert (tmp_path / "keys" / "trade-pii.keys").exists()
