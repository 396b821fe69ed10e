"""Provincial bulletins: JSON rows, CSV and XLSX uploads, all-or-nothing with row errors, ranks with ties."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from investment_service.bulletins.models import Bulletin, BulletinRow
from investment_service.core import AuditLog

META = {"indicator_code": "foreign_capital_local", "period": "2021", "source_document": "全省利用外资通报"}
ROWS = [
    {"entity_name": "郑州市", "entity_code": "410100", "value": "482301"},
    {"entity_name": "洛阳市", "entity_code": "410300", "value": "66006"},
    {"entity_name": "信阳市", "entity_code": "411500", "value": "66006"},
    {"entity_name": "南阳市", "entity_code": "411300", "value": "64280"},
]


async def test_json_rows_and_ties(client, actors, session):
    resp = await client.post(
        "/api/v1/investment/bulletins", json={**META, "rows": ROWS}, headers=actors["city_officer"]
    )
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert [(r["entity_code"], r["rank"]) for r in body["rows"]] == [
        ("410100", 1),
        ("410300", 2),
        ("411500", 2),
        ("411300", 4),
    ]
    assert body["city"] == {"entity_code": "411500", "entity_name": "信阳市", "value": "66006.0000", "rank": 2, "of": 4}
    assert body["indicator_name"] == "实际吸收外资（省定口径）" and body["warnings"] == []
    entry = await session.scalar(select(AuditLog).where(AuditLog.action == "bulletin.import"))
    assert entry.after["city_rank"] == 2 and entry.after["rows"] == 4


async def test_csv_upload_in_gbk(client, actors):
    text = "地区名称,地区代码,数值,单位\n郑州市,410100,30,家\n信阳市,411500,15,家\n"
    resp = await client.post(
        "/api/v1/investment/bulletins",
        data={**META, "indicator_code": "new_foreign_enterprises", "period": "2021-12-ytd"},
        files={"file": ("通报.csv", text.encode("gbk"), "text/csv")},
        headers=actors["city_officer"],
    )
    assert resp.status_code == 201, resp.text
    assert resp.json()["period"] == "2021-12-YTD" and resp.json()["city"]["rank"] == 2


async def test_xlsx_upload_from_the_template(client, actors):
    template = await client.get("/api/v1/investment/bulletins/template", headers=actors["city_officer"])
    assert template.status_code == 200 and template.headers["content-type"].endswith("spreadsheetml.sheet")
    wb = load_workbook(io.BytesIO(template.content))
    ws = wb.worksheets[0]
    ws.append(["信阳市", "411500", 70.0833, "亿元"])
    ws.append(["郑州市", 410100, 120, "亿元"])
    out = io.BytesIO()
    wb.save(out)
    resp = await client.post(
        "/api/v1/investment/bulletins",
        data={**META, "indicator_code": "out_of_province_funds"},
        files={"file": ("通报.xlsx", out.getvalue(), "application/octet-stream")},
        headers=actors["city_officer"],
    )
    assert resp.status_code == 201, resp.text
    assert [(r["entity_code"], r["value"], r["rank"]) for r in resp.json()["rows"]] == [
        ("411500", "70.0833", 2),
        ("410100", "120.0000", 1),
    ]


async def test_any_bad_row_stores_nothing(client, actors, session):
    wb = Workbook()
    ws = wb.active
    ws.append(["地区名称", "地区代码", "数值"])
    ws.append(["郑州市", "410100", "很多"])
    ws.append(["信阳市", "411500", 66006])
    ws.append(["", "41-15", 1])
    ws.append(["信阳市", "411500", 2])
    out = io.BytesIO()
    wb.save(out)
    resp = await client.post(
        "/api/v1/investment/bulletins",
        data=META,
        files={"file": ("b.xlsx", out.getvalue())},
        headers=actors["city_officer"],
    )
    assert resp.status_code == 422
    problem = resp.json()
    assert problem["code"] == "import.rows_invalid"
    assert [(e["row"], e["field"]) for e in problem["errors"]] == [
        (2, "value"),
        (4, "entity_name"),
        (4, "entity_code"),
        (5, "entity_code"),
    ]
    assert problem["errors"][3]["message"] == "地区代码与第3行重复"
    assert await session.scalar(select(func.count()).select_from(Bulletin)) == 0
    assert await session.scalar(select(func.count()).select_from(BulletinRow)) == 0


async def test_the_bulletin_itself_is_checked(client, actors):
    unknown = await client.post(
        "/api/v1/investment/bulletins",
        json={**META, "indicator_code": "gdp", "period": "last year", "rows": ROWS},
        headers=actors["city_officer"],
    )
    assert unknown.status_code == 422
    assert {e["field"] for e in unknown.json()["errors"]} == {"indicator_code", "period"}
    missing = await client.post("/api/v1/investment/bulletins", json={**META}, headers=actors["city_officer"])
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "rows"
    plain = await client.post("/api/v1/investment/bulletins", content=b"x", headers=actors["city_officer"])
    assert plain.status_code == 422


async def test_a_bulletin_without_the_city_warns(client, actors):
    rows = [r for r in ROWS if r["entity_code"] != "411500"]
    resp = await client.post(
        "/api/v1/investment/bulletins", json={**META, "rows": rows}, headers=actors["city_officer"]
    )
    assert resp.status_code == 201
    assert resp.json()["city"] is None and resp.json()["warnings"] == ["通报中未列本市，无法计算本市位次"]


async def test_list_detail_and_permissions(client, actors):
    created = await client.post(
        "/api/v1/investment/bulletins", json={**META, "rows": ROWS}, headers=actors["city_officer"]
    )
    bid = created.json()["id"]
    listed = await client.get("/api/v1/investment/bulletins?period=2021", headers=actors["city_leader"])
    assert listed.json()["total"] == 1 and listed.json()["items"][0]["city"]["rank"] == 2
    detail = await client.get(f"/api/v1/investment/bulletins/{bid}", headers=actors["guangshan"])
    assert len(detail.json()["rows"]) == 4
    assert (await client.get("/api/v1/investment/bulletins/999", headers=actors["city_leader"])).status_code == 404
    refused = await client.post(
        "/api/v1/investment/bulletins", json={**META, "rows": ROWS}, headers=actors["guangshan"]
    )
    assert refused.status_code == 403
