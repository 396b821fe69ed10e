"""The demo data behind the report's trade figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx
from conftest import PII_KEYS
from sqlalchemy import func, select
from support import CITY

from demo_data.trade import DEPARTED_2021, load_demo, seed_demo
from platform_core.db import Database
from platform_core.migrations import upgrade
from platform_core.periods import today
from platform_core.regions import load_regions
from platform_core.testing import role_token_kwargs
from platform_core.uscc import check_character
from trade_service.core import SCHEMA
from trade_service.domestic.models import PromotionEvent
from trade_service.exports.models import ExportShipment
from trade_service.main import create_app
from trade_service.pii import load_cipher
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


#: The dashboard's trade cards (frontend views/trade/utils/indicators tradeKpis) and the month-by-month records.
DASHBOARD_KEYS = ("labour_dispatched", "shipment_batches", "promotion_events", "ecommerce_training_person_times")
MONTHLY_KEYS = (*DASHBOARD_KEYS, "shipment_goods_value_wan_yuan", "promotion_consumption_yi_yuan",
                "foreign_trade_export_wan_usd", "foreign_trade_import_wan_usd")  # fmt: skip

#: What happens a few times a year (fairs, trainings, honours, a street, registrations, the exchange event).
YEARLY_KEYS = ("fair_participants", "trainings_held", "honours_created", "streets_renovated", "export_registrations",
               "labour_exchange_events")  # fmt: skip


async def _figures(client, roles, period: str) -> dict[str, dict]:
    resp = await client.get("/api/v1/trade/indicators", params={"period": period}, headers=roles["city_leader"])
    assert resp.status_code == 200, resp.text
    return {i["key"]: i for i in resp.json()["items"]}


def _positive(item: dict) -> bool:
    return item["value"] is not None and Decimal(str(item["value"])) > 0


async def test_this_year_is_alive_on_the_first_screens(client, session, roles, regions):
    # The dashboard's trade cards ask for the year to date, as the city leader, on any day of the year.
    on = today()
    cipher = load_cipher(TradeSettings(PLATFORM_ENV="test", pii_keys=PII_KEYS))
    departures = await load_demo(session, regions, cipher)
    assert departures == sum(DEPARTED_2021.values())
    got = await _figures(client, roles, f"{on:%Y-%m}-YTD")
    assert [k for k in MONTHLY_KEYS if not _positive(got[k])] == []
    # this month alone has each of them too, so the month charts run up to now
    month = await _figures(client, roles, f"{on:%Y-%m}")
    assert [k for k in MONTHLY_KEYS if not _positive(month[k])] == []
    if on.year - 1 > 2021:
        # against last year's same span, and last year ranked nationally for the Korea departures
        assert all(got[k]["last_year_value"] not in (None, 0, "0", "0.00") for k in DASHBOARD_KEYS)
        last = await _figures(client, roles, str(on.year - 1))
        assert last["labour_dispatched"]["rank"]["rank"] == 1
        assert [k for k in YEARLY_KEYS if not _positive(last[k])] == []
    latest = await session.scalar(select(func.max(PromotionEvent.starts_on)))
    assert latest is not None and latest <= on
    # the report year keeps its figures, every one of rows 25-47 with records behind it
    report = await _figures(client, roles, "2021")
    assert [k for k, item in report.items() if not _positive(item)] == []
    assert report["labour_dispatched"]["value"] == sum(DEPARTED_2021.values())
    assert report["promotion_events"]["value"] == 83 and report["shipment_trains"]["value"] == 5


async def test_a_new_year_starts_with_records_of_its_first_day(client, session, roles, regions):
    # On January 1st the year to date is one day long and the dashboard still has something on each card.
    on = date(today().year, 1, 1)
    cipher = load_cipher(TradeSettings(PLATFORM_ENV="test", pii_keys=PII_KEYS))
    await load_demo(session, regions, cipher, on)
    got = await _figures(client, roles, f"{on.year}-01")
    assert [k for k in DASHBOARD_KEYS if not _positive(got[k])] == []
    assert await session.scalar(select(func.max(ExportShipment.shipped_on))) == on


async def test_nanyang_beside_xinyang_changes_none_of_xinyangs_figures(
    client, session, roles, headers, regions, monkeypatch
):
    # 信阳's figures without 南阳, then with it: the same. 南阳's officer reads 南阳's records of every module only.
    import demo_data.trade as demo

    on = today()
    cipher = load_cipher(TradeSettings(PLATFORM_ENV="test", pii_keys=PII_KEYS))

    async def without(b, on):
        return None

    monkeypatch.setattr(demo, "seed_nanyang", without)
    await demo.load_demo(session, regions, cipher, on)
    periods = ("2021", f"{on:%Y-%m}-YTD", str(on.year - 1))
    before = [await _figures(client, roles, p) for p in periods]
    monkeypatch.undo()
    await demo.seed_nanyang(demo.DemoBuilder(session, regions, cipher), on)
    await session.flush()
    assert [await _figures(client, roles, p) for p in periods] == before

    nanyang = headers("city_officer", demo.NANYANG)
    for path in (
        "/api/v1/trade/labour/programs",
        "/api/v1/trade/labour/workers",
        "/api/v1/trade/fairs",
        "/api/v1/trade/trainings",
        "/api/v1/trade/domestic/promotions",
        "/api/v1/trade/ecommerce/demo-counties",
        "/api/v1/trade/ecommerce/village-coverage",
        "/api/v1/trade/ecommerce/trainings",
    ):
        resp = await client.get(path, params={"page_size": 100}, headers=nanyang)
        assert resp.status_code == 200, resp.text
        items = resp.json()["items"]
        assert items and all(i["region_code"].startswith("4113") for i in items), path
    workers = await client.get("/api/v1/trade/labour/workers", params={"page_size": 100}, headers=nanyang)
    assert {w["status"] for w in workers.json()["items"]} == {"departed", "registered"}
    fair = (await client.get("/api/v1/trade/fairs", headers=nanyang)).json()["items"][0]
    exhibitors = await client.get(f"/api/v1/trade/fairs/{fair['id']}/participants", headers=nanyang)
    assert exhibitors.json()["total"] == 3
    assert all(
        check_character(p["enterprise_uscc"][:17]) == p["enterprise_uscc"][17] for p in exhibitors.json()["items"]
    )
    latest = await session.scalar(
        select(func.max(PromotionEvent.starts_on)).where(PromotionEvent.region_path.startswith("/410000/411300/"))
    )
    assert latest is not None and latest <= on
