"""Funds in place: one figure per month, corrections as new revisions with the old kept, audit, lists, sync."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import GUANGSHAN, XINXIAN, etag
from sqlalchemy import select

from investment_service.core import AuditLog


@pytest.fixture
async def project(build):
    return await build.project(GUANGSHAN, origin="out_of_province", stage="landed", signed_on=date(2021, 3, 1))


def url(project, month=None):
    return f"/api/v1/projects/{project.id}/funds" + (f"/{month}" if month else "")


async def test_a_month_once_then_corrections_keep_history(client, actors, session, project):
    headers = actors["guangshan"]
    first = await client.post(url(project), json={"month": "2021-06", "amount_wan_yuan": "1200"}, headers=headers)
    assert first.status_code == 201 and first.headers["etag"] == '"1"'
    assert first.json()["amount_wan_yuan"] == "1200.00"
    again = await client.post(url(project), json={"month": "2021-06", "amount_wan_yuan": "1300"}, headers=headers)
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "month"

    correction = {"amount_wan_yuan": "1234.56", "reason": "按到账凭证更正"}
    assert (await client.put(url(project, "2021-06"), json=correction, headers=headers)).status_code == 428
    stale = await client.put(url(project, "2021-06"), json=correction, headers={**headers, "If-Match": '"2"'})
    assert stale.status_code == 412
    fixed = await client.put(url(project, "2021-06"), json=correction, headers={**headers, **etag(first)})
    assert fixed.status_code == 200 and fixed.json()["revision"] == 2 and fixed.headers["etag"] == '"2"'

    history = await client.get(url(project, "2021-06"), headers=actors["city_leader"])
    assert [(r["revision"], r["amount_wan_yuan"], r["is_current"]) for r in history.json()["items"]] == [
        (1, "1200.00", False),
        (2, "1234.56", True),
    ]
    assert history.json()["items"][0]["superseded_at"] is not None
    assert history.json()["items"][1]["note"] == "按到账凭证更正"
    entry = await session.scalar(select(AuditLog).where(AuditLog.action == "fund.correct"))
    assert entry.before["amount_wan_yuan"] == "1200.00" and entry.after["amount_wan_yuan"] == "1234.56"
    assert entry.entity_id == str(project.id) and entry.detail == "按到账凭证更正"


async def test_totals_count_current_revisions_only(client, actors, project):
    headers = actors["guangshan"]
    first = await client.post(url(project), json={"month": "2021-06", "amount_wan_yuan": "1000"}, headers=headers)
    await client.post(url(project), json={"month": "2021-07", "amount_wan_yuan": "500.5"}, headers=headers)
    await client.put(
        url(project, "2021-06"), json={"amount_wan_yuan": "900", "reason": "更正"}, headers={**headers, **etag(first)}
    )
    current = (await client.get(url(project), headers=headers)).json()
    assert current["total_wan_yuan"] == "1400.50" and len(current["items"]) == 2
    everything = (await client.get(url(project) + "?include_history=true", headers=headers)).json()
    assert len(everything["items"]) == 3 and everything["total_wan_yuan"] == "1400.50"


async def test_future_months_and_bad_months_are_refused(client, actors, project):
    headers = actors["guangshan"]
    future = await client.post(url(project), json={"month": "2999-01", "amount_wan_yuan": "1"}, headers=headers)
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "month"
    bad = await client.post(url(project), json={"month": "2021-13", "amount_wan_yuan": "1"}, headers=headers)
    assert bad.status_code == 422
    negative = await client.post(url(project), json={"month": "2021-01", "amount_wan_yuan": "-1"}, headers=headers)
    assert negative.status_code == 422
    missing = await client.put(
        url(project, "2021-02"), json={"amount_wan_yuan": "1", "reason": "更正"}, headers=headers
    )
    assert missing.status_code == 404


async def test_cross_project_list_in_scope(client, actors, build, project):
    other = await build.project(XINXIAN, origin="out_of_province", stage="landed")
    await build.fund(project, date(2021, 6, 1), "100")
    await build.fund(project, date(2020, 6, 1), "80")
    await build.fund(other, date(2021, 6, 1), "50")
    await build.fund(other, date(2021, 5, 1), "40", current=False)
    city = (await client.get("/api/v1/project-funds?period=2021", headers=actors["city_leader"])).json()
    assert city["total"] == 2
    assert {(i["project_code"], i["region_name"]) for i in city["items"]} == {
        (project.code, "光山县"),
        (other.code, "新县"),
    }
    county = (await client.get("/api/v1/project-funds", headers=actors["guangshan"])).json()
    assert [i["month"] for i in county["items"]] == ["2021-06", "2020-06"]


async def test_sync_sends_superseded_revisions_again(client, actors, project):
    headers = actors["guangshan"]
    first = await client.post(url(project), json={"month": "2021-06", "amount_wan_yuan": "10"}, headers=headers)
    page = (await client.get("/open/v1/project-funds", headers=actors["province"])).json()
    assert [(i["revision"], i["is_current"]) for i in page["items"]] == [(1, True)]
    await client.put(
        url(project, "2021-06"), json={"amount_wan_yuan": "12", "reason": "更正"}, headers={**headers, **etag(first)}
    )
    later = (
        await client.get(f"/open/v1/project-funds?cursor={page['next_cursor']}", headers=actors["province"])
    ).json()
    assert sorted((i["revision"], i["is_current"]) for i in later["items"]) == [(1, False), (2, True)]


async def test_funds_of_a_project_out_of_scope_are_404(client, actors, project):
    body = {"month": "2021-06", "amount_wan_yuan": "1"}
    assert (await client.post(url(project), json=body, headers=actors["xinxian"])).status_code == 404
    assert (await client.get(url(project), headers=actors["xinxian"])).status_code == 404
    assert (await client.post(url(project), json=body, headers=actors["city_leader"])).status_code == 403
