"""The work report's named facts: the records that hold them (forms), their audit and scope, and their wording."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from support import CITY, GUANGSHAN, XINXIAN, create

from trade_service.core import AuditLog

SHIHE, GUSHI, SHANGCHENG, XIXIAN = "411502", "411525", "411524", "411528"
DOMESTIC = "/api/v1/trade/domestic"
URL = "/api/v1/trade/indicators"


async def facts(client: Any, headers: dict[str, str], period: str, region: str | None = None) -> dict[str, Any]:
    params = {"period": period} | ({"region_code": region} if region else {})
    resp = await client.get(URL, params=params, headers=headers)
    assert resp.status_code == 200, resp.text
    return {f["key"]: f for f in resp.json()["facts"]}


def promotion(name: str, kind: str, day: str, region: str, **kw: Any) -> dict[str, Any]:
    return {"name": name, "kind": kind, "starts_on": day, "ends_on": day, "region_code": region} | kw


def honour(kind: str, level: str, holder: str, day: str, region: str, **kw: Any) -> dict[str, Any]:
    return {"kind": kind, "level": level, "holder_name": holder, "awarded_on": day, "region_code": region} | kw


async def test_named_facts_are_written_from_their_records(client, roles):
    city, gs = roles["city_officer"], roles["guangshan"]
    await create(
        client,
        f"{DOMESTIC}/promotions",
        promotion("信阳养生菜推广大赛", "cuisine_contest", "2021-05-20", CITY, featured_brand="信阳菜"),
        city,
    )
    await create(
        client,
        f"{DOMESTIC}/promotions",
        promotion("“寻味黄河·品飨信阳”信阳美食季", "food_season", "2021-09-10", CITY, featured_brand="信阳菜"),
        city,
    )
    await create(client, f"{DOMESTIC}/promotions", promotion("往年大赛", "cuisine_contest", "2020-05-01", CITY), city)
    for holder, title, region in (
        ("信阳市", "中国茶筵之乡", CITY),
        ("商城县", "中国炖菜之乡", SHANGCHENG),
        ("固始县", "中国皮丝之乡", GUSHI),
    ):
        await create(
            client,
            f"{DOMESTIC}/honours",
            honour("food_town", "national", holder, "2019-10-01", region, title=title),
            city,
        )
    await create(
        client,
        f"{DOMESTIC}/honours",
        honour("time_honoured_brand", "provincial", "信阳老字号茶庄", "2021-08-01", SHIHE, title="河南老字号"),
        city,
    )
    for kind, count in (("brand_consumption_cluster", 1), ("safe_mall", 2), ("green_mall", 2)):
        for i in range(count):
            await create(
                client, f"{DOMESTIC}/honours", honour(kind, "provincial", f"{kind}{i}", "2021-09-01", SHIHE), city
            )
    await create(
        client,
        f"{DOMESTIC}/streets",
        {"name": "浉河区胜利路步行街", "kind": "pedestrian_street", "completed_on": "2021-10-01", "region_code": SHIHE},
        city,
    )
    await create(
        client,
        f"{DOMESTIC}/streets",
        {"name": "首府路文旅商业特色步行街", "kind": "cultural_tourism_street", "completed_on": "2021-11-01",
         "region_code": XINXIAN},
        city,
    )  # fmt: skip
    await create(
        client,
        "/api/v1/trade/ecommerce/demo-counties",
        {"region_code": XIXIAN, "approved_level": "provincial", "approved_year": 2018,
         "promoted_to_national_on": "2021-06-15"},
        city,
    )  # fmt: skip
    for name, region in (("光山十宝", GUANGSHAN), ("新县味", XINXIAN)):
        await create(client, "/api/v1/trade/ecommerce/brands", {"name": name, "region_code": region}, city)
    brand = await create(
        client,
        "/api/v1/trade/labour/brands",
        {"name": "信阳", "level": "provincial", "recognized_on": "2020-03-01", "region_code": CITY},
        city,
    )
    assert brand["level"] == "provincial" and brand["version"] == 1

    got = await facts(client, roles["city_leader"], "2021")
    text = {k: f["text"] for k, f in got.items()}
    assert text["cuisine_contests"] == "信阳养生菜推广大赛"
    assert text["food_seasons"] == "“寻味黄河·品飨信阳”信阳美食季"
    assert text["food_towns"] == "信阳市（中国茶筵之乡）、商城县（中国炖菜之乡）、固始县（中国皮丝之乡）"
    assert text["featured_brands"] == "信阳菜"
    assert text["time_honoured_titles"] == "河南老字号"
    assert text["honours_by_kind"] == "省级老字号1个，省级品牌消费集聚区1个，省级“平安商场”2个，省级“绿色商场”2个"
    assert text["streets_named"] == "浉河区胜利路步行街、新县首府路文旅商业特色步行街"
    assert text["ecommerce_national_promotions"] == "6月息县"
    assert text["ecommerce_brand_names"] == "“光山十宝”、“新县味”"
    assert text["labour_brands"] == "信阳"
    assert text["shipment_train_names"] is None  # no shipment: no text, never an empty name
    assert got["labour_brands"]["record_ids"] == [brand["id"]]

    # The county's own report: its own streets without its name in front, nothing of the others.
    county = await facts(client, roles["xinxian"], "2021")
    assert county["streets_named"]["text"] == "首府路文旅商业特色步行街"
    assert county["ecommerce_brand_names"]["text"] == "“新县味”"
    assert county["food_towns"]["text"] is None and county["cuisine_contests"]["text"] is None
    # The city's labour brand is not the county's (a county report names only brands placed in the county),
    # and a county officer cannot place one at the city.
    assert county["labour_brands"]["text"] is None
    denied = await client.post(
        "/api/v1/trade/labour/brands", json={"name": "光山劳务", "region_code": CITY}, headers=gs
    )
    assert denied.status_code == 403

    # Another year names other records.
    assert (await facts(client, roles["city_leader"], "2020"))["cuisine_contests"]["text"] == "往年大赛"


async def test_labour_brand_form_rules_and_audit(client, roles, session):
    gs = roles["guangshan"]
    url = "/api/v1/trade/labour/brands"
    made = await create(client, url, {"name": "光山劳务", "region_code": GUANGSHAN}, gs)
    duplicate = await client.post(url, json={"name": "光山劳务", "region_code": GUANGSHAN}, headers=gs)
    assert duplicate.status_code == 409 and duplicate.json()["errors"][0]["field"] == "name"
    short = await client.post(url, json={"name": "光", "region_code": GUANGSHAN}, headers=gs)
    assert short.status_code == 422 and short.json()["errors"][0]["field"] == "name"
    changed = await client.patch(f"{url}/{made['id']}", json={"level": "city"}, headers={**gs, "If-Match": '"1"'})
    assert changed.status_code == 200 and changed.json()["level"] == "city"
    listed = await client.get(url, headers=roles["xinxian"])
    assert listed.status_code == 200 and [i["id"] for i in listed.json()["items"]] == []
    entries = (
        await session.scalars(select(AuditLog).where(AuditLog.entity_type == "labour_brand").order_by(AuditLog.id))
    ).all()
    assert [e.action for e in entries] == ["labour_brand.create", "labour_brand.update"]
    assert entries[0].region_code == GUANGSHAN and entries[1].after["level"] == "city"


async def test_honour_title_and_featured_brand_round_trip(client, roles):
    city = roles["city_officer"]
    made = await create(
        client,
        f"{DOMESTIC}/honours",
        honour("food_town", "national", "信阳市", "2019-10-01", CITY, title="中国茶筵之乡"),
        city,
    )
    assert (made["kind"], made["title"]) == ("food_town", "中国茶筵之乡")
    listed = await client.get(f"{DOMESTIC}/honours", params={"kind": "food_town"}, headers=city)
    assert [i["title"] for i in listed.json()["items"]] == ["中国茶筵之乡"]
    event = await create(
        client,
        f"{DOMESTIC}/promotions",
        promotion("信阳养生菜推广大赛", "cuisine_contest", "2021-05-20", CITY, featured_brand="信阳菜"),
        city,
    )
    assert event["featured_brand"] == "信阳菜"
    filtered = await client.get(f"{DOMESTIC}/promotions", params={"kind": "cuisine_contest"}, headers=city)
    assert [i["id"] for i in filtered.json()["items"]] == [event["id"]]
