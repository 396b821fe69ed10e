"""Every indicator against a hand-computed fixture: values, 同比, 环比, ranks from bulletins, rates' parts."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from support import CITY, GUANGSHAN, XINXIAN, d, id_number, uscc

from platform_core.bulletins import BulletinRowIn, BulletinScope, save_bulletin
from trade_service.bulletins.models import Bulletin, BulletinRow
from trade_service.domestic.models import CommerceHonour, PromotionEvent, StreetRenovation
from trade_service.ecommerce.models import DemoCounty, EcommerceTraining, PublicBrand, VillageCoverage
from trade_service.exports.models import ExportRegistration, ExportShipment
from trade_service.fairs.models import FairParticipant, TradeFair, Training
from trade_service.foreign_trade.models import ForeignTradeStat
from trade_service.funds.models import FundGrant, FundProgram
from trade_service.labour.models import ExchangeEvent, LabourProgram, LabourWorker
from trade_service.labour.service import encrypt_fields

SHIHE = "411502"
COUNTIES = ("411521", "411522", "411523", "411524", "411525", "411526", "411527", "411528")
URL = "/api/v1/trade/indicators"


@pytest.fixture
async def world(session, regions, app):
    """The hand-computed fixture (see each block's comment for the expected figures)."""
    cipher = app.state.cipher
    n = iter(range(1, 1000))

    def add(model: Any, region: str, **kw: Any) -> Any:
        row = model(region_code=region, region_path=regions.path_of(region), version=1, **kw)
        session.add(row)
        return row

    def ent(i: int) -> str:
        return uscc(GUANGSHAN, f"MA46H{i:03d}")

    eps = add(LabourProgram, CITY, code="EPS", name="中韩雇佣制", destination_country="韩国")
    await session.flush()

    def worker(region: str, departed: str | None, **kw: Any) -> None:
        pii = encrypt_fields(cipher, {"name": "测试", "id_number": id_number(region, seq=next(n))})
        add(
            LabourWorker,
            region,
            program_id=eps.id,
            status="departed" if departed else "registered",
            registered_on=d("2019-01-01"),
            departed_on=d(departed) if departed else None,
            **pii,
            **kw,
        )

    # Departures: 2021 光山 3 + 新县 1 = 4 (a 2022 departure, a registration only and a deleted row do not count);
    # 2020: 光山 2.
    for day in ("2021-03-01", "2021-06-01", "2021-12-31", "2020-05-01", "2020-07-01"):
        worker(GUANGSHAN, day)
    worker(GUANGSHAN, "2022-01-01")
    worker(GUANGSHAN, None)
    worker(XINXIAN, "2021-05-01")
    worker(XINXIAN, "2021-05-01", deleted_at=datetime(2021, 6, 1, tzinfo=UTC))
    # Exchange events: 2021 one, 2020 none.
    add(ExchangeEvent, CITY, name="中韩合作线上交流会", held_on=d("2021-04-20"), mode="online")

    # Funds disbursed 2021: enterprises {A, B} = 2, amount 10.50 + 5.25 + 20.00 = 35.75; 2020: {C}, 30.00.
    zxk = add(FundProgram, CITY, code="ZXK", name="中小开", kind="sme_market_development")
    await session.flush()
    for region, who, amount, approved, disbursed in (
        (GUANGSHAN, 1, "10.50", "2021-03-01", "2021-04-01"),
        (GUANGSHAN, 1, "5.25", "2021-03-01", "2021-05-01"),
        (XINXIAN, 2, "20.00", "2021-03-01", "2021-06-01"),
        (XINXIAN, 4, "99.00", "2021-03-01", None),
        (GUANGSHAN, 3, "30.00", "2020-03-01", "2020-04-01"),
    ):
        add(
            FundGrant,
            region,
            program_id=zxk.id,
            enterprise_uscc=ent(who),
            enterprise_name=f"企业{who}",
            amount_wan_yuan=Decimal(amount),
            approved_on=d(approved),
            disbursed_on=d(disbursed) if disbursed else None,
        )

    # Fairs 2021: distinct enterprises {A, B, C, D} = 4, intended deals 10 + 20 + 5 = 35.00; 2020: 2 enterprises.
    canton = add(
        TradeFair, CITY, name="第129届广交会", mode="online", starts_on=d("2021-04-15"), ends_on=d("2021-04-24")
    )
    autumn = add(
        TradeFair, CITY, name="第130届广交会", mode="hybrid", starts_on=d("2021-10-15"), ends_on=d("2021-10-19")
    )
    old = add(TradeFair, CITY, name="第127届广交会", mode="online", starts_on=d("2020-06-15"), ends_on=d("2020-06-24"))
    await session.flush()
    for fair, region, who, deal in (
        (canton, GUANGSHAN, 1, "10"),
        (canton, GUANGSHAN, 2, "20"),
        (canton, XINXIAN, 3, None),
        (autumn, GUANGSHAN, 1, "5"),
        (autumn, XINXIAN, 4, None),
        (old, GUANGSHAN, 1, "1"),
        (old, GUANGSHAN, 2, "1"),
    ):
        add(
            FairParticipant,
            region,
            fair_id=fair.id,
            enterprise_uscc=ent(who),
            enterprise_name=f"企业{who}",
            intended_deal_wan_usd=Decimal(deal) if deal else None,
        )
    # Trainings 2021: 3 held, 230 attendees; 2020: 2 held, 100 attendees.
    for topic, day, people in (
        ("RCEP", "2021-03-10", 100),
        ("汇率避险", "2021-05-10", 50),
        ("单一窗口", "2021-07-10", 80),
        ("对欧经贸", "2020-05-10", 60),
        ("RCEP 解读", "2020-11-10", 40),
    ):
        add(Training, CITY, topic=topic, held_on=d(day), mode="online", attendee_count=people, enterprise_count=10)

    # Registrations 2021: 3 (哈萨克斯坦 2, 乌兹别克斯坦 1); 2020: 1. First exports in 2021: A→KZ, C→SG = 2.
    for who, product, country, registered, exported in (
        (1, "冻鸭肉", "哈萨克斯坦", "2021-03-01", "2021-08-01"),
        (2, "冻鸭肉", "哈萨克斯坦", "2021-04-01", "2021-09-01"),
        (1, "肉类", "乌兹别克斯坦", "2021-05-01", None),
        (3, "冻鸭肉", "新加坡", "2020-06-01", "2021-02-01"),
    ):
        add(
            ExportRegistration,
            GUANGSHAN,
            enterprise_uscc=ent(who),
            enterprise_name=f"企业{who}",
            product=product,
            destination_country=country,
            registered_on=d(registered),
            first_exported_on=d(exported) if exported else None,
        )

    # Shipments 2021: trains {T1, T2} = 2, batches 4, value 250.50; 2020: 1 train, 1 batch, 100.00.
    for region, channel, train, day, value in (
        (GUANGSHAN, "china_europe_railway", "T1", "2021-04-01", "100.00"),
        (XINXIAN, "china_europe_railway", "T1", "2021-04-01", "50.50"),
        (GUANGSHAN, "china_europe_railway", "T2", "2021-09-01", "80.00"),
        (GUANGSHAN, "sea", None, "2021-10-01", "20.00"),
        (GUANGSHAN, "china_europe_railway", "T0", "2020-09-01", "100.00"),
    ):
        add(
            ExportShipment,
            region,
            product="茶叶",
            channel=channel,
            train_no=train,
            shipped_on=d(day),
            goods_value_wan_yuan=Decimal(value),
        )

    # Promotions: 2021-Q1 1 event (2.0); Q2 3 events (1.5 + 2.5 + none = 4.0); 2020-Q2 2 events (1.0 + 1.0).
    for region, day, consumption in (
        (CITY, "2021-02-01", "2.0"),
        (GUANGSHAN, "2021-04-10", "1.5"),
        (XINXIAN, "2021-05-01", "2.5"),
        (SHIHE, "2021-06-30", None),
        (CITY, "2020-05-01", "1.0"),
        (CITY, "2020-06-01", "1.0"),
    ):
        add(
            PromotionEvent,
            region,
            name="美食节",
            kind="food_festival",
            starts_on=d(day),
            ends_on=d(day),
            consumption_driven_yi_yuan=Decimal(consumption) if consumption else None,
        )

    # Honours 2021: provincial cluster 1, safe mall 2, green mall 2, express park 1 = 6; 2020: 1.
    for kind, count in (
        ("brand_consumption_cluster", 1),
        ("safe_mall", 2),
        ("green_mall", 2),
        ("express_logistics_park", 1),
    ):
        for i in range(count):
            add(
                CommerceHonour,
                SHIHE,
                kind=kind,
                level="provincial",
                holder_name=f"{kind}{i}",
                awarded_on=d("2021-09-01"),
            )
    add(
        CommerceHonour,
        SHIHE,
        kind="time_honoured_brand",
        level="provincial",
        holder_name="老店",
        awarded_on=d("2020-09-01"),
    )
    # Streets renovated in 2021: 2.
    add(StreetRenovation, SHIHE, name="胜利路步行街", kind="pedestrian_street", completed_on=d("2021-10-01"))
    add(
        StreetRenovation,
        XINXIAN,
        name="首府路文旅商业特色步行街",
        kind="cultural_tourism_street",
        completed_on=d("2021-11-01"),
    )
    add(StreetRenovation, GUANGSHAN, name="未完工街", kind="commercial_street", completed_on=None)

    # Demo counties: all eight 县 approved by 2019, 息县 promoted to national on 2021-06-01.
    for i, county in enumerate(COUNTIES):
        add(
            DemoCounty,
            county,
            approved_level="provincial",
            approved_year=2017 + i % 3,
            promoted_to_national_on=d("2021-06-01") if county == "411528" else None,
        )
    # Coverage, newest snapshot per county at the period's end.
    for region, as_of, values in (
        (GUANGSHAN, "2020-12-31", (300, 250, 280, 80, 70)),
        (GUANGSHAN, "2021-12-31", (300, 300, 300, 80, 80)),
        (XINXIAN, "2021-06-30", (200, 150, 200, 50, 50)),
    ):
        total, station, express, poor, poor_station = values
        add(
            VillageCoverage,
            region,
            as_of=d(as_of),
            villages_total=total,
            villages_with_station=station,
            villages_with_express=express,
            poor_villages_total=poor,
            poor_villages_with_station=poor_station,
        )
    # Brands by the end of 2021: 光山十宝, 新县味 (undated); a 2022 brand does not count.
    add(PublicBrand, GUANGSHAN, name="光山十宝", launched_on=d("2019-05-01"))
    add(PublicBrand, XINXIAN, name="新县味", launched_on=None)
    add(PublicBrand, GUANGSHAN, name="未来品牌", launched_on=d("2022-05-01"))
    # E-commerce training 2021: 5 sessions, 320 person-times; 2020: 1 session, 100; cumulative to 2021: 420.
    for region, day, sessions, people in (
        (GUANGSHAN, "2021-03-01", 2, 120),
        (XINXIAN, "2021-08-01", 3, 200),
        (GUANGSHAN, "2020-08-01", 1, 100),
    ):
        add(EcommerceTraining, region, title="电商培训", held_on=d(day), sessions=sessions, person_times=people)

    # Exports: 2021-01 the city's own 100 (光山's 30 is inside it); 2021-02 光山 40 + 新县 60; 2020-01 city 80.
    for region, year, month, export in (
        (CITY, 2021, 1, "100"),
        (GUANGSHAN, 2021, 1, "30"),
        (GUANGSHAN, 2021, 2, "40"),
        (XINXIAN, 2021, 2, "60"),
        (CITY, 2020, 1, "80"),
    ):
        add(
            ForeignTradeStat,
            region,
            year=year,
            month=month,
            import_wan_usd=Decimal("1.00"),
            export_wan_usd=Decimal(export),
        )

    # National bulletin of 2021 departures: 青岛 4000 first, 信阳 and 潍坊 tied second.
    await session.flush()
    await save_bulletin(
        session,
        Bulletin,
        BulletinRow,
        indicator_code="labour_dispatched",
        period="2021",
        scope=BulletinScope.NATIONAL,
        source_document="商务部通报",
        rows=[
            BulletinRowIn(entity_name="青岛市", entity_code="370200", value=Decimal(4000)),
            BulletinRowIn(entity_name="信阳市", entity_code=CITY, value=Decimal(3650)),
            BulletinRowIn(entity_name="潍坊市", entity_code="370700", value=Decimal(3650)),
        ],
        imported_by="test",
    )
    await session.flush()


async def fetch(client, headers, period: str, region: str | None = None) -> dict[str, dict]:
    params = {"period": period} | ({"region_code": region} if region else {})
    resp = await client.get(URL, params=params, headers=headers)
    assert resp.status_code == 200, resp.text
    return {i["key"]: i for i in resp.json()["items"]}


def check(item: dict, value: Any, last_year: Any, yoy: float | None) -> None:
    assert (item["value"], item["last_year_value"], item["yoy_percent"]) == (value, last_year, yoy), item


async def test_city_year_2021(client, roles, world):
    got = await fetch(client, roles["city_leader"], "2021")
    check(got["labour_exchange_events"], 1, 0, None)
    check(got["labour_dispatched"], 4, 2, 100.0)
    assert got["labour_dispatched"]["rows"] == [26, 27]
    rank = got["labour_dispatched"]["rank"]
    assert (rank["scope"], rank["rank"], rank["total"], rank["source_document"]) == ("national", 2, 3, "商务部通报")
    assert {b["code"]: b["value"] for b in got["labour_dispatched"]["breakdown"]} == {
        GUANGSHAN: 3,
        XINXIAN: 1,
        "EPS": 4,
    }
    check(got["fund_disbursed_enterprises"], 2, 1, 100.0)
    check(got["fund_disbursed_wan_yuan"], "35.75", "30.00", 19.2)
    assert got["fund_disbursed_wan_yuan"]["breakdown"] == [{"code": "ZXK", "label": "中小开", "value": "35.75"}]
    check(got["fair_participants"], 4, 2, 100.0)
    assert {b["label"]: b["value"] for b in got["fair_participants"]["breakdown"]} == {
        "第129届广交会": 3,
        "第130届广交会": 2,
    }
    check(got["fair_intended_deal_wan_usd"], "35.00", "2.00", 1650.0)
    check(got["trainings_held"], 3, 2, 50.0)
    check(got["training_attendees"], 230, 100, 130.0)
    check(got["export_registrations"], 3, 1, 200.0)
    assert {b["label"]: b["value"] for b in got["export_registrations"]["breakdown"]} == {
        "哈萨克斯坦": 2,
        "乌兹别克斯坦": 1,
    }
    check(got["first_exports"], 2, 0, None)
    assert {b["label"] for b in got["first_exports"]["breakdown"]} == {"冻鸭肉→哈萨克斯坦", "冻鸭肉→新加坡"}
    check(got["shipment_trains"], 2, 1, 100.0)
    check(got["shipment_batches"], 4, 1, 300.0)
    assert got["shipment_batches"]["rows"] == [33, 35]
    check(got["shipment_goods_value_wan_yuan"], "250.50", "100.00", 150.5)
    check(got["promotion_events"], 4, 2, 100.0)
    check(got["promotion_consumption_yi_yuan"], "6.0000", "2.0000", 200.0)
    check(got["honours_created"], 6, 1, 500.0)
    assert {b["label"]: b["value"] for b in got["honours_created"]["breakdown"]} == {
        "省级品牌消费集聚区": 1,
        "省级平安商场": 2,
        "省级绿色商场": 2,
        "省级快递物流示范园区": 1,
    }
    check(got["streets_renovated"], 2, 0, None)
    demo = got["ecommerce_demo_counties"]
    check(demo, 8, 8, 0.0)
    assert (demo["numerator"], demo["denominator"]) == (8, 8)
    assert {b["code"]: b["value"] for b in demo["breakdown"]} == {"national": 1, "provincial": 7}
    poor = got["ecommerce_station_coverage_poor_villages"]
    check(poor, "100.0", "87.5", 14.3)
    assert (poor["numerator"], poor["denominator"], poor["unit"]) == (130, 130, "%")
    station = got["ecommerce_station_coverage_villages"]
    assert (station["value"], station["numerator"], station["denominator"]) == ("90.0", 450, 500)
    express = got["ecommerce_express_coverage_villages"]
    assert (express["value"], express["numerator"], express["denominator"]) == ("100.0", 500, 500)
    check(got["ecommerce_promotions_to_national"], 1, 0, None)
    assert [b["label"] for b in got["ecommerce_promotions_to_national"]["breakdown"]] == ["息县"]
    check(got["ecommerce_public_brands"], 2, 2, 0.0)
    assert [b["label"] for b in got["ecommerce_public_brands"]["breakdown"]] == ["光山十宝", "新县味"]
    check(got["ecommerce_training_sessions"], 5, 1, 400.0)
    check(got["ecommerce_training_person_times"], 320, 100, 220.0)
    assert got["ecommerce_training_person_times_cumulative"]["value"] == 420
    check(got["foreign_trade_export_wan_usd"], "200.00", "80.00", 150.0)
    covered = sorted({row for i in got.values() for row in i["rows"]})
    assert covered == list(range(25, 48))


async def test_promotions_quarter_with_mom(client, roles, world):
    got = await fetch(client, roles["city_officer"], "2021-Q2")
    events, consumption = got["promotion_events"], got["promotion_consumption_yi_yuan"]
    assert (events["value"], events["previous_period_value"], events["mom_percent"]) == (3, 1, 200.0)
    check(events, 3, 2, 50.0)
    assert (consumption["value"], consumption["previous_period_value"], consumption["mom_percent"]) == (
        "4.0000",
        "2.0000",
        100.0,
    )
    check(consumption, "4.0000", "2.0000", 100.0)
    # 环比 only where the report uses it.
    assert got["labour_dispatched"]["previous_period_value"] is None and got["labour_dispatched"]["mom_percent"] is None


async def test_county_figures_and_no_rank_for_a_county(client, roles, world):
    got = await fetch(client, roles["guangshan"], "2021")
    check(got["labour_dispatched"], 3, 2, 50.0)
    assert got["labour_dispatched"]["rank"]["rank"] is None  # the bulletin ranks cities, not counties
    check(got["fund_disbursed_wan_yuan"], "15.75", "30.00", -47.5)
    check(got["fair_participants"], 2, 2, 0.0)
    check(got["trainings_held"], 0, 0, None)  # the city's trainings are not the county's
    check(got["shipment_goods_value_wan_yuan"], "200.00", "100.00", 100.0)
    check(got["foreign_trade_export_wan_usd"], "70.00", "0.00", None)
    demo = got["ecommerce_demo_counties"]
    assert (demo["value"], demo["numerator"], demo["denominator"]) == (1, 1, 1)
    poor = got["ecommerce_station_coverage_poor_villages"]
    check(poor, "100.0", "87.5", 14.3)


async def test_month_and_ytd_periods(client, roles, world):
    june = await fetch(client, roles["city_officer"], "2021-06")
    check(june["labour_dispatched"], 1, 0, None)
    assert june["labour_dispatched"]["rank"] is None  # no bulletin for the month
    ytd = await fetch(client, roles["city_officer"], "2021-06-YTD")
    check(ytd["labour_dispatched"], 3, 1, 200.0)


async def test_bad_period_is_422(client, roles):
    resp = await client.get(URL, params={"period": "2021-13"}, headers=roles["city_officer"])
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "period"
    missing = await client.get(URL, headers=roles["city_officer"])
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "period"
    unknown = await client.get(URL, params={"period": "2021", "region_code": "999999"}, headers=roles["city_officer"])
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "region_code"


async def test_monthly_series_of_the_year_and_the_year_before(client, roles, world):
    resp = await client.get(f"{URL}/monthly", params={"year": 2021}, headers=roles["city_leader"])
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert (body["year"], body["region_code"], body["months"]) == (2021, CITY, list(range(1, 13)))
    series = {s["key"]: s for s in body["series"]}
    export = series["foreign_trade_export_wan_usd"]
    # January: the city's own 100 (光山's 30 is inside it); February: 光山 40 + 新县 60.
    assert export["values"][:3] == ["100.00", "100.00", "0.00"]
    assert export["last_year"][0] == "80.00" and export["last_year"][1:] == ["0.00"] * 11
    assert series["foreign_trade_import_wan_usd"]["values"][:3] == ["1.00", "2.00", "0.00"]
    dispatched = series["labour_dispatched"]
    assert dispatched["values"] == [0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1]  # the deleted 新县 row does not count
    assert dispatched["last_year"] == [0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]
    # The year's months add up to the year's figures.
    year = await fetch(client, roles["city_leader"], "2021")
    assert sum(dispatched["values"]) == year["labour_dispatched"]["value"]


async def test_monthly_series_of_a_county_and_out_of_scope(client, roles, world):
    resp = await client.get(f"{URL}/monthly", params={"year": 2021}, headers=roles["guangshan"])
    assert resp.status_code == 200, resp.text
    series = {s["key"]: s for s in resp.json()["series"]}
    assert series["foreign_trade_export_wan_usd"]["values"][:2] == ["30.00", "40.00"]
    assert sum(series["labour_dispatched"]["values"]) == 3
    other = await client.get(
        f"{URL}/monthly", params={"year": 2021, "region_code": XINXIAN}, headers=roles["guangshan"]
    )
    assert other.status_code == 403
    bad = await client.get(f"{URL}/monthly", params={"year": 1999}, headers=roles["city_leader"])
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "year"
