"""Imports through the shared mechanism: the foreign-trade template and all-or-nothing import, bulletins and ranks."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from support import CITY

from trade_service.bulletins.models import Bulletin
from trade_service.core import AuditLog
from trade_service.foreign_trade.models import ForeignTradeStat

IMPORT = "/api/v1/trade/foreign-trade/import"
HEADER = ["区划代码", "年份", "月份", "进口额(万美元)", "出口额(万美元)"]


def xlsx(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["信阳市外贸进出口月度统计"])  # a title row above the header, as county sheets have
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "stats.xlsx") -> dict:
    return {"file": (name, content, "application/octet-stream")}


async def count(session) -> int:
    return int(await session.scalar(select(func.count()).select_from(ForeignTradeStat)) or 0)


async def test_template_lists_the_columns(client, roles):
    resp = await client.get("/api/v1/trade/foreign-trade/template", headers=roles["city_leader"])
    assert resp.status_code == 200
    sheet = load_workbook(io.BytesIO(resp.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == ["区划代码*", "年份*", "月份*", "进口额(万美元)*", "出口额(万美元)*"]


async def test_import_stores_every_row_and_updates_on_reimport(client, roles, session):
    rows = [["411522", 2021, 1, 10.5, 20], ["411523", 2021, 1, "3", "4.25"], ["411500", 2021, 1, 100, 200]]
    resp = await client.post(IMPORT, files=upload(xlsx(rows)), headers=roles["city_officer"])
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"row_count": 3, "created": 3, "updated": 0}
    stored = await session.scalar(select(ForeignTradeStat).where(ForeignTradeStat.region_code == "411522"))
    assert (str(stored.import_wan_usd), str(stored.export_wan_usd)) == ("10.50", "20.00")
    again = await client.post(
        IMPORT, files=upload(xlsx([["411522", 2021, 1, 11, 20], *rows[1:]])), headers=roles["city_officer"]
    )
    assert again.json() == {"row_count": 3, "created": 0, "updated": 1}
    assert await count(session) == 3
    entry = await session.scalar(
        select(AuditLog).where(AuditLog.action == "foreign_trade_stat.import").order_by(AuditLog.id.desc())
    )
    assert entry.after == {"row_count": 3, "created": 0, "updated": 1}


async def test_any_bad_row_stores_nothing_and_lists_every_error(client, roles, session):
    before = await count(session)
    rows = [
        ["411522", 2021, 1, 10, 20],
        ["999999", 2021, 2, 10, 20],
        ["411523", 2021, 13, "abc", 20],
        ["411522", 2021, 1, 1, 1],
    ]
    resp = await client.post(IMPORT, files=upload(xlsx(rows)), headers=roles["city_officer"])
    assert resp.status_code == 422
    body = resp.json()
    assert body["code"] == "import.rows_invalid" and body["row_count"] == 4
    found = {(e["row"], e["field"]) for e in body["errors"]}
    assert found == {(4, "region_code"), (5, "month"), (5, "import_wan_usd"), (6, "month")}
    assert next(e for e in body["errors"] if e["row"] == 4)["column"] == "区划代码"
    assert await count(session) == before


async def test_csv_in_gbk_and_missing_columns(client, roles, session):
    csv = "区划代码,年份,月份,进口额(万美元),出口额(万美元)\n411522,2021,3,1,2\n".encode("gbk")
    ok = await client.post(IMPORT, files=upload(csv, "stats.csv"), headers=roles["city_officer"])
    assert ok.status_code == 200 and ok.json()["created"] == 1
    missing = await client.post(
        IMPORT, files=upload(xlsx([["411522", 2021, 4]], HEADER[:3])), headers=roles["city_officer"]
    )
    assert missing.status_code == 422
    assert {e["field"] for e in missing.json()["errors"]} == {"import_wan_usd", "export_wan_usd"}
    old = await client.post(IMPORT, files=upload(b"\xd0\xcf\x11\xe0", "stats.xls"), headers=roles["city_officer"])
    assert old.status_code == 422 and old.json()["errors"][0]["field"] == "file"


async def test_bulletin_import_ranks_with_ties_and_newest_wins(client, roles, session):
    form = {"indicator_code": "labour_dispatched", "period": "2021", "scope": "national", "source_document": "通报一"}
    rows = [["青岛市", "370200", 4000], ["信阳市", CITY, 3650], ["潍坊市", "370700", 3650], ["烟台市", "370600", 100]]
    resp = await client.post(
        "/api/v1/trade/bulletins/import",
        data=form,
        files=upload(xlsx(rows, ["地区名称", "地区代码", "数值"])),
        headers=roles["city_officer"],
    )
    assert resp.status_code == 201, resp.text
    detail = resp.json()
    assert detail["period_label"] == "2021" and detail["scope"] == "national"
    assert detail["indicator_name"] == "对外劳务派出人数"  # shown instead of the code
    assert [(r["entity_code"], r["rank"]) for r in detail["rows"]] == [
        ("370200", 1),
        (CITY, 2),
        ("370700", 2),
        ("370600", 4),
    ]
    corrected = await client.post(
        "/api/v1/trade/bulletins/import",
        data=form | {"source_document": "通报二（更正）"},
        files=upload(xlsx([["信阳市", CITY, 5000], ["青岛市", "370200", 4000]], ["地区名称", "地区代码", "数值"])),
        headers=roles["city_officer"],
    )
    assert corrected.status_code == 201
    got = await client.get(
        "/api/v1/trade/indicators", params={"period": "2021", "region_code": CITY}, headers=roles["city_leader"]
    )
    rank = next(i for i in got.json()["items"] if i["key"] == "labour_dispatched")["rank"]
    assert (rank["rank"], rank["total"], rank["source_document"]) == (1, 2, "通报二（更正）")
    listed = await client.get("/api/v1/trade/bulletins", params={"period": "2021"}, headers=roles["guangshan"])
    assert listed.json()["total"] == 2
    assert {b["indicator_name"] for b in listed.json()["items"]} == {"对外劳务派出人数"}


async def test_bad_bulletins_store_nothing(client, roles, session):
    before = await session.scalar(select(func.count()).select_from(Bulletin))
    form = {"indicator_code": "labour_dispatched", "period": "2021", "scope": "national", "source_document": "通报"}
    dup = xlsx([["信阳市", CITY, 1], ["信阳市", CITY, 2]], ["地区名称", "地区代码", "数值"])
    resp = await client.post(
        "/api/v1/trade/bulletins/import", data=form, files=upload(dup), headers=roles["city_officer"]
    )
    assert resp.status_code == 422 and resp.json()["errors"][0]["code"] == "duplicate"
    unknown = await client.post(
        "/api/v1/trade/bulletins/import",
        data=form | {"indicator_code": "nonsense"},
        files=upload(xlsx([["信阳市", CITY, 1]], ["地区名称", "地区代码", "数值"])),
        headers=roles["city_officer"],
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "indicator_code"
    bad_period = await client.post(
        "/api/v1/trade/bulletins/import",
        data=form | {"period": "2021-13"},
        files=upload(xlsx([["信阳市", CITY, 1]], ["地区名称", "地区代码", "数值"])),
        headers=roles["city_officer"],
    )
    assert bad_period.status_code == 422 and bad_period.json()["errors"][0]["field"] == "period"
    assert await session.scalar(select(func.count()).select_from(Bulletin)) == before
