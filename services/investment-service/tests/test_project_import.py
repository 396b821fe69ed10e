"""The counties' spreadsheet: template, XLSX/CSV/JSON import with milestones, row errors, all-or-nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from conftest import chain
from openpyxl import load_workbook
from sqlalchemy import func, select

from investment_service.core import AuditLog
from investment_service.project.models import Project, ProjectStageEvent

HEADER = ",".join(
    (
        "项目编号,项目名称,投资方名称,投资方来源,投资方省份,国别或地区,项目类别,所在县区",
        "签约投资额（万元）,产业链,签约日期,签约批次,落地日期,开工日期,开工批次",
    )
)


@pytest.fixture
async def setup(session, build):
    session.add(chain("green_food", "绿色食品", is_leading=True))
    await build.round(1, date(2021, 7, 10))
    await build.round(2, date(2021, 10, 28))
    await session.flush()


def csv(*lines: str) -> bytes:
    return ("\n".join((HEADER, *lines)) + "\n").encode("gbk")


async def upload(client, actors, content, name="projects.csv", role="guangshan"):
    return await client.post(
        "/api/v1/projects/import", files={"file": (name, content, "text/csv")}, headers=actors[role]
    )


async def test_template_lists_every_column(client, actors):
    resp = await client.get("/api/v1/projects/import-template", headers=actors["guangshan"])
    assert resp.status_code == 200
    assert "filename*=UTF-8''" in resp.headers["content-disposition"]
    ws = load_workbook(io.BytesIO(resp.content)).worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["项目编号*", "项目名称*", "投资方名称*"] and "签约日期" in headers
    assert (await client.get("/api/v1/projects/import-template", headers=actors["city_leader"])).status_code == 403


async def test_rows_become_projects_with_their_steps(client, actors, session, setup):
    content = csv(
        "GS-001,茶饮料项目,深圳某科技有限公司,省外,广东,,制造业,光山县,35000,绿色食品,2021-07-10,1,2021-08-01,2021-10-28,2",
        "GS-002,冷链物流园,信阳某物流有限公司,省内,,,基础设施,411522,50000,,,,,,",
        "GS-003,电子项目,某某（香港）有限公司,境外,,香港,制造业,光山县,1000,,2021/3/1,,,,",
    )
    resp = await upload(client, actors, content)
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["imported"] == 3
    assert [w["row"] for w in body["warnings"]] == [3, 4]  # infrastructure < 10亿, manufacturing < 3亿
    projects = {p.code: p for p in (await session.scalars(select(Project))).all()}
    first = projects["GS-001"]
    assert (first.stage, first.signed_on, first.started_on) == ("started", date(2021, 7, 10), date(2021, 10, 28))
    assert first.investor_province_code == "440000" and first.industry_chain_code == "green_food"
    assert first.signed_round_id is not None and first.started_round_id is not None
    assert projects["GS-002"].stage == "negotiating" and projects["GS-003"].investor_origin == "foreign"
    steps = await session.scalar(select(func.count()).select_from(ProjectStageEvent))
    assert steps == 4
    assert await session.scalar(select(AuditLog.detail).where(AuditLog.action == "project.import")) == "导入项目3个"


async def test_every_bad_row_is_reported_and_nothing_is_stored(client, actors, session, setup, build):
    await build.project()  # takes code T00001
    content = csv(
        "GS-001,好项目,某公司,省内,,,制造业,光山县,35000,,,,,,",
        "T00001,编号已存在,某公司,省内,,,制造业,光山县,35000,,,,,,",
        "GS-001,编号重复,某公司,省内,,,制造业,光山县,35000,,,,,,",
        "GS-004,别县项目,某公司,省内,,,制造业,新县,35000,,,,,,",
        "GS-005,省份不明,某公司,省外,火星,,制造业,光山县,35000,,,,,,",
        "GS-006,港资,某公司,省外,香港,,制造业,光山县,35000,,,,,,",
        "GS-007,产业链,某公司,省内,,,制造业,光山县,35000,钢铁,,,,,",
        "GS-008,批次,某公司,省内,,,制造业,光山县,35000,,2021-07-10,9,,,",
        "GS-009,日期倒序,某公司,省内,,,制造业,光山县,35000,,2021-07-10,,2021-07-01,,",
        "GS-010,跳过落地,某公司,省内,,,制造业,光山县,35000,,2021-07-10,,,2021-08-01,",
        "GS-011,缺省份,某公司,省外,,,制造业,光山县,35000,,,,,,",
        "GS-012,类别,某公司,省内,,,农业,光山县,-1,,,,,,",
    )
    resp = await upload(client, actors, content)
    assert resp.status_code == 422, resp.text
    problem = resp.json()
    assert problem["code"] == "import.rows_invalid"
    got = [(e["row"], e["field"]) for e in problem["errors"]]
    assert got == [
        (3, "code"),
        (4, "code"),
        (5, "region"),
        (6, "investor_province"),
        (7, "investor_origin"),
        (8, "industry_chain"),
        (9, "signed_round"),
        (10, None),
        (11, None),
        (12, "investor_province"),
        (13, "category"),
        (13, "contracted_investment_wan_yuan"),
    ]
    messages = {(e["row"], e["field"]): e["message"] for e in problem["errors"]}
    assert messages[(4, "code")] == "项目编号与第2行重复"
    assert messages[(5, "region")] == "所选区域超出数据权限范围"
    assert "落地日期不能早于签约日期" in messages[(10, None)]
    assert "须先填写落地日期" in messages[(11, None)]
    assert await session.scalar(select(func.count()).select_from(Project)) == 1


async def test_json_rows_and_xlsx_from_the_template(client, actors, session, setup):
    rows = [
        {
            "code": "GS-101",
            "name": "JSON 项目",
            "investor_name": "某公司",
            "investor_origin": "local",
            "category": "manufacturing",
            "region": "光山县",
            "contracted_investment_wan_yuan": "30000",
        }
    ]
    resp = await client.post("/api/v1/projects/import", json={"rows": rows}, headers=actors["guangshan"])
    assert resp.status_code == 201 and resp.json()["imported"] == 1
    template = await client.get("/api/v1/projects/import-template", headers=actors["guangshan"])
    wb = load_workbook(io.BytesIO(template.content))
    ws = wb.worksheets[0]
    ws.append(["GS-102", "表格项目", "某公司", None, "省内", None, None, None, None, "制造业", "光山县", 30000])
    out = io.BytesIO()
    wb.save(out)
    resp = await upload(client, actors, out.getvalue(), name="projects.xlsx")
    assert resp.status_code == 201, resp.text
    assert await session.scalar(select(func.count()).select_from(Project)) == 2
