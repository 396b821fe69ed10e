"""List exports (导出) of cases, supervision orders, visits and pairings: the list's filters and data scope,
Chinese headers, names rather than ids, no contacts, the row cap, and an audit entry per export."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from test_pairing_support import GUANGSHAN, XINXIAN, XINXIAN_USCC, L, make_case

from case_service.core import AuditLog

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet(resp) -> list[tuple]:
    """The rows of an exported workbook's only sheet."""
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == XLSX
    assert "filename*=UTF-8''" in resp.headers["content-disposition"]
    return list(load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True))


@pytest.fixture
async def cases(session, regions, ents):
    """A 光山县 case in progress (urgent, with a contact) and a submitted 新县 case."""
    gs = await make_case(
        session, regions, ents, created=L(2021, 7, 1, 9), assigned=L(2021, 7, 1, 10), state="IN_PROGRESS"
    )
    gs.title, gs.urgency, gs.contact_person, gs.contact_phone = "用地指标不足", "urgent", "王建国", "13900001111"
    xx = await make_case(session, regions, ents, region=XINXIAN, created=L(2021, 7, 2, 9), state="SUBMITTED")
    xx.title = "旅游专线审批"
    await session.flush()
    return {"gs": gs, "xx": xx}


async def audit_of(session, entity_type: str) -> list[AuditLog]:
    stmt = select(AuditLog).where(AuditLog.action == f"{entity_type}.export").order_by(AuditLog.id)
    return list(await session.scalars(stmt))


async def test_case_export_has_chinese_headers_labels_and_no_contacts(client, roles, session, cases):
    rows = sheet(await client.get("/api/v1/cases/export", headers=roles["city_officer"]))
    assert rows[0][:6] == ("诉求编号", "诉求标题", "企业名称", "统一社会信用代码", "所在地区", "来源")
    by_title = {r[1]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert set(by_title) == {"用地指标不足", "旅游专线审批"}
    gs = by_title["用地指标不足"]
    assert (gs["企业名称"], gs["所在地区"], gs["来源"], gs["紧急程度"]) == (
        "光山县茶业有限公司",
        "光山县",
        "企业反映",
        "紧急",
    )
    assert (gs["状态"], gs["牵头单位"], gs["诉求分类"] is not None) == ("办理中", "市自然资源和规划局", True)
    # Times are Beijing wall-clock text: 10:00 in Xinyang, not 02:00 UTC.
    assert gs["交办时间"] == "2021-07-01 10:00"
    assert all("13900001111" not in str(c) and "王建国" not in str(c) for r in rows for c in r)
    [entry] = await audit_of(session, "case")
    assert entry.after == {"filters": {}, "rows": 2} and entry.actor == "user:2"


async def test_case_export_applies_the_filters_and_the_county_scope(client, roles, session, cases):
    filtered = sheet(
        await client.get("/api/v1/cases/export", params={"state": "SUBMITTED"}, headers=roles["city_officer"])
    )
    assert [r[1] for r in filtered[1:]] == ["旅游专线审批"]
    county = sheet(await client.get("/api/v1/cases/export", headers=roles["guangshan"]))
    assert [r[1] for r in county[1:]] == ["用地指标不足"]
    # A county officer asking for another county's cases gets none of them, not an error.
    other = sheet(await client.get("/api/v1/cases/export", params={"region_code": XINXIAN}, headers=roles["guangshan"]))
    assert other[1:] == []
    entries = await audit_of(session, "case")
    assert [e.after["filters"] for e in entries] == [{"state": "SUBMITTED"}, {}, {"region_code": XINXIAN}]
    bad = await client.get("/api/v1/cases/export", params={"colour": "red"}, headers=roles["city_officer"])
    assert bad.status_code == 422


async def test_export_beyond_the_cap_is_refused(client, roles, app, cases):
    saved = app.state.settings.export_max_rows
    app.state.settings.export_max_rows = 1
    try:
        resp = await client.get("/api/v1/cases/export", headers=roles["city_officer"])
    finally:
        app.state.settings.export_max_rows = saved
    assert resp.status_code == 422 and resp.json()["errors"][0]["code"] == "too_many"
    one = await client.get("/api/v1/cases/export", params={"region_code": GUANGSHAN}, headers=roles["city_officer"])
    assert len(sheet(one)) == 2


async def test_supervision_export_names_cases_and_units(client, roles, session, cases, app):
    due = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    for case in cases.values():
        if case.lead_unit_id is None:
            continue
        body = {"case_id": case.id, "level": "warning", "content": "请于3日内书面回复。", "reply_due": due}
        assert (
            await client.post("/api/v1/supervision-orders", json=body, headers=roles["city_leader"])
        ).status_code == 201
    unit = {"unit_id": 3, "level": "reminder", "content": "请报送周报。", "reply_due": due}
    assert (await client.post("/api/v1/supervision-orders", json=unit, headers=roles["city_leader"])).status_code == 201
    rows = sheet(await client.get("/api/v1/supervision-orders/export", headers=roles["city_officer"]))
    assert rows[0][:4] == ("诉求编号", "诉求标题", "被督办单位", "督办级别")
    table = {r[2]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert set(table) == {"市自然资源和规划局", "市发展和改革委员会"}
    assert (table["市自然资源和规划局"]["诉求标题"], table["市自然资源和规划局"]["督办级别"]) == (
        "用地指标不足",
        "警告",
    )
    assert (table["市发展和改革委员会"]["状态"], table["市发展和改革委员会"]["是否逾期"]) == ("待回复", "否")
    only = sheet(
        await client.get(
            "/api/v1/supervision-orders/export", params={"level": "reminder"}, headers=roles["city_officer"]
        )
    )
    assert [r[2] for r in only[1:]] == ["市发展和改革委员会"]
    [_, entry] = await audit_of(session, "supervision_order")
    assert entry.after == {"filters": {"level": "reminder"}, "rows": 1}


async def test_visit_and_pairing_exports_follow_filters_and_scope(client, roles, session, ents):
    for uscc, date in ((ents["gs"].uscc, "2021-07-20"), (XINXIAN_USCC, "2021-08-03")):
        visit = {
            "visit_date": date,
            "enterprise_uscc": uscc,
            "visitors": ["李建国", "王晓梅"],
            "unit_id": 1,
            "unit_name": "市商务局",
            "campaign": "千家外企大走访",
            "notes": "=1+1 了解生产经营",
            "problems": ["用工短缺"],
        }
        assert (await client.post("/api/v1/visits", json=visit, headers=roles["city_officer"])).status_code == 201
        pairing = {
            "user_id": 3,
            "person_name": "张光山",
            "person_title": "科长",
            "unit_id": 11,
            "unit_name": "光山县商务局",
            "enterprise_uscc": uscc,
            "kind": "service_commissioner",
            "start_date": "2021-06-01",
        }
        assert (await client.post("/api/v1/pairings", json=pairing, headers=roles["city_officer"])).status_code == 201

    visits = sheet(
        await client.get("/api/v1/visits/export", params={"date_from": "2021-08-01"}, headers=roles["city_officer"])
    )
    assert visits[0] == ("走访日期", "企业名称", "统一社会信用代码", "所在地区", "走访人员", "走访单位", "走访活动",
                         "走访情况", "发现问题数", "已转诉求数")  # fmt: skip
    # Dates stay dates (Excel sorts and filters them); a formula-like note stays text.
    expected = (datetime(2021, 8, 3), "新县红色旅游商贸有限公司", XINXIAN_USCC, "新县", "李建国、王晓梅", "市商务局")
    assert visits[1:] == [(*expected, "千家外企大走访", "=1+1 了解生产经营", 1, 0)]
    county = sheet(await client.get("/api/v1/visits/export", headers=roles["guangshan"]))
    assert [r[1] for r in county[1:]] == ["光山县茶业有限公司"]

    pairings = sheet(await client.get("/api/v1/pairings/export", headers=roles["guangshan"]))
    assert pairings[0][:4] == ("包联人", "职务", "所在单位", "企业名称")
    assert [(r[0], r[3], r[6]) for r in pairings[1:]] == [("张光山", "光山县茶业有限公司", "服务专员")]
    kinds = sheet(await client.get("/api/v1/pairings/export", params={"kind": "leader"}, headers=roles["city_officer"]))
    assert kinds[1:] == []
    assert [e.after["rows"] for e in await audit_of(session, "visit")] == [1, 1]
    assert [e.after["rows"] for e in await audit_of(session, "pairing")] == [1, 0]


async def test_exports_need_the_list_permission(client, roles, cases):
    for path in ("/api/v1/cases/export", "/api/v1/supervision-orders/export", "/api/v1/visits/export",
                 "/api/v1/pairings/export"):  # fmt: skip
        assert (await client.get(path, headers=roles["auditor"])).status_code == 403, path
