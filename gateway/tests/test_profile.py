"""一企一档: one enterprise's records from every service, as the caller may see them; a stopped or hanging
service costs its parts (named in `missing`), never the profile, which answers within the gateway timeout."""

from __future__ import annotations

import time

import httpx
import pytest
from report_stack import XINXIAN, Stack, live_stack

from gateway.proxy.routes import DEFAULT_TABLE

pytest_plugins = ["report_fixtures"]

TRADE_PARTS = {"fund_grants", "fairs", "export_registrations", "shipments"}
INVESTMENT_PARTS = {"projects", "foreign_enterprise", "foreign_capital"}


def url(stack: Stack) -> str:
    return f"/api/v1/enterprises/{stack.created['enterprises'][0]['id']}/profile"


def parts(body: dict) -> dict[str, dict]:
    return {p["key"]: p for p in body["parts"]}


async def test_the_profile_brings_every_service_together(report_gw, report_stack):
    resp = await report_gw.get(url(report_stack), headers=report_stack.headers("city_officer"))
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["enterprise"]["name"] == "光山县羽绒制品有限公司" and body["missing"] == []
    got = parts(body)
    totals = {key: p["total"] for key, p in got.items()}
    assert totals == {
        "pairings": 1,
        "visits": 1,
        "cases": 2,
        "projects": 1,
        "foreign_enterprise": 0,
        "foreign_capital": 0,
        "fund_grants": 1,
        "fairs": 1,
        "export_registrations": 1,
        "shipments": 2,
    }
    assert sorted(c["state"] for c in got["cases"]["items"]) == ["ASSIGNED", "RESOLVED"]
    assert got["projects"]["items"][0]["code"].endswith("-002") and got["shipments"]["link"] == "/trade/exports"


async def test_each_part_follows_the_callers_permissions(report_gw, report_stack):
    # The leader reads every part; a county officer elsewhere does not see the enterprise; a unit handler
    # holds no directory permission.
    leader = await report_gw.get(url(report_stack), headers=report_stack.headers("city_leader"))
    assert leader.status_code == 200 and leader.json()["missing"] == []
    county = await report_gw.get(url(report_stack), headers=report_stack.headers("county_officer", XINXIAN))
    assert county.status_code == 404
    assert (await report_gw.get(url(report_stack))).status_code == 401
    unit = await report_gw.get(url(report_stack), headers=report_stack.headers("unit_handler", unit_id=2))
    assert unit.status_code == 403


async def test_a_stopped_and_a_hanging_service_leave_the_rest_within_the_timeout(
    settings, database, tmp_path, report_stack
):
    async with live_stack(
        settings, database, tmp_path, down=("trade",), hung=("investment",), databases=report_stack.databases
    ) as s:
        s.created.update(report_stack.created)
        transport = httpx.ASGITransport(app=s.gateway)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test", timeout=30) as client:
            started = time.monotonic()
            resp = await client.get(url(s), headers=s.headers("city_officer"))
            elapsed = time.monotonic() - started
        limit = s.gateway.state.upstreams.settings.upstream_read_timeout_s
    assert resp.status_code == 200, resp.text
    assert elapsed < limit, elapsed  # the gateway itself would answer 504 at this limit
    body = resp.json()
    assert set(body["missing"]) == TRADE_PARTS | INVESTMENT_PARTS
    got = parts(body)
    assert {got[k]["reason"] for k in TRADE_PARTS} == {"服务暂不可用"}
    assert {got[k]["reason"] for k in INVESTMENT_PARTS} == {"服务响应超时"}
    assert got["cases"]["ok"] is True and got["cases"]["total"] == 2


async def test_without_the_directory_there_is_no_profile(settings, database, tmp_path, report_stack):
    async with live_stack(settings, database, tmp_path, down=("case",), databases=report_stack.databases) as s:
        transport = httpx.ASGITransport(app=s.gateway)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test", timeout=30) as client:
            resp = await client.get("/api/v1/enterprises/1/profile", headers=s.headers("city_officer"))
    assert resp.status_code == 503 and resp.json()["service"] == "case"


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/api/v1/enterprises/7/profile", None),
        ("/api/v1/enterprises/7", "case"),
        ("/api/v1/enterprises/7/profile/extra", "case"),
        ("/api/v1/enterprises//profile", "case"),
    ],
)
def test_the_profile_path_is_the_gateways_own(path, service):
    entry = DEFAULT_TABLE.match(path)
    assert (entry.service if entry else None) == service


async def test_the_profile_downloads_as_a_docx_with_chinese_headers(report_gw, report_stack):
    import io

    from docx import Document

    resp = await report_gw.get(f"{url(report_stack)}/docx", headers=report_stack.headers("city_officer"))
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "filename*=UTF-8''" in resp.headers["content-disposition"]
    doc = Document(io.BytesIO(resp.content))
    text = [p.text for p in doc.paragraphs]
    assert text[0] == "一企一档 · 光山县羽绒制品有限公司"
    assert "诉求（共2条）" in text and "监管出口（共2条）" in text and "外资企业（共0条）" in text
    tables = {t.rows[0].cells[0].text: t for t in doc.tables}
    cases = tables["编号"]
    assert [c.text for c in cases.rows[0].cells] == ["编号", "诉求", "状态", "预警", "牵头单位", "登记时间"]
    assert sorted(r.cells[2].text for r in cases.rows[1:]) == ["已交办", "已办结"]
    assert [c.text for c in tables["包联人"].rows[0].cells][:3] == ["包联人", "所在单位", "类型"]
    # Same scope as the page: another county's officer gets no document.
    other = await report_gw.get(f"{url(report_stack)}/docx", headers=report_stack.headers("county_officer", XINXIAN))
    assert other.status_code == 404
