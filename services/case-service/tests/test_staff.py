"""Campaign staff: CRUD with ETag and idempotency, audit, the per-group summary over a period, and scope."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from test_pairing_support import CITY, GUANGSHAN, ROLES, XINXIAN, if_match, province_headers

from case_service.core import AuditLog
from case_service.staff.models import CampaignStaff

URL = "/api/v1/campaign-staff"


def body(**kw) -> dict:
    data = {
        "name": "张伟",
        "position": "科长",
        "unit_id": 1,
        "unit_name": "市商务局",
        "group": "task_force",
        "from_date": "2021-06-01",
        "region_code": CITY,
    }
    data.update(kw)
    return data


async def test_crud_with_etag_idempotency_and_audit(client, roles, session):
    h = {**roles["city_officer"], "Idempotency-Key": "staff-1"}
    created = await client.post(URL, json=body(), headers=h)
    assert created.status_code == 201, created.text
    out = created.json()
    assert out["group_label"] == "活动专班" and out["region_name"] == "信阳市"
    assert (await client.post(URL, json=body(), headers=h)).headers["idempotent-replayed"] == "true"
    url = f"{URL}/{out['id']}"
    back = await client.patch(url, json={"to_date": "2021-12-31"}, headers=if_match(roles["city_officer"], 1))
    assert back.status_code == 200 and back.json()["to_date"] == "2021-12-31" and back.headers["etag"] == '"2"'
    wrong = await client.patch(url, json={"to_date": "2021-01-01"}, headers=if_match(roles["city_officer"], 2))
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "to_date"
    assert (await client.delete(url, headers=if_match(roles["city_officer"], 1))).status_code == 412
    assert (await client.delete(url, headers=if_match(roles["city_officer"], 2))).status_code == 204
    stmt = select(AuditLog.action).where(AuditLog.entity_type == "campaign_staff").order_by(AuditLog.id)
    actions = (await session.scalars(stmt)).all()
    assert actions == ["staff.create", "staff.update", "staff.delete"]


async def test_same_person_same_group_overlapping_is_409(client, roles):
    h = roles["city_officer"]
    assert (await client.post(URL, json=body(to_date="2021-09-30"), headers=h)).status_code == 201
    dup = await client.post(URL, json=body(from_date="2021-09-01"), headers=h)
    assert dup.status_code == 409 and dup.json()["errors"][0]["field"] == "from_date"
    assert (await client.post(URL, json=body(from_date="2021-10-01"), headers=h)).status_code == 201
    assert (await client.post(URL, json=body(group="coordination_group"), headers=h)).status_code == 201


async def test_summary_counts_staff_seconded_in_the_period_per_group(client, roles, session, regions):
    path = regions.path_of(CITY)
    rows = [
        ("甲", "task_force", date(2021, 6, 1), None),
        ("乙", "task_force", date(2021, 6, 1), date(2021, 8, 31)),
        ("丙", "coordination_group", date(2021, 7, 1), None),
        ("丁", "other", date(2021, 10, 1), None),
        ("戊", "task_force", date(2020, 1, 1), date(2020, 12, 31)),  # back before 2021
    ]
    for name, group, first, last in rows:
        session.add(
            CampaignStaff(
                name=name,
                unit_name="市商务局",
                group=group,
                from_date=first,
                to_date=last,
                region_code=CITY,
                region_path=path,
            )
        )
    await session.flush()

    async def summary(period: str) -> dict:
        resp = await client.get(f"{URL}/summary", params={"period": period}, headers=roles["city_leader"])
        assert resp.status_code == 200, resp.text
        data = resp.json()
        return {"total": data["total"], **{g["group"]: g["count"] for g in data["groups"]}}

    assert await summary("2021") == {"total": 4, "task_force": 2, "coordination_group": 1, "other": 1}
    assert await summary("2021-Q3") == {"total": 3, "task_force": 2, "coordination_group": 1, "other": 0}
    assert await summary("2021-09") == {"total": 2, "task_force": 1, "coordination_group": 1, "other": 0}
    # A span across the year boundary catches the one who left at the end of 2020.
    assert (await summary("2020-12-01..2021-06-30"))["task_force"] == 3
    bad = await client.get(f"{URL}/summary", params={"period": "2021-13"}, headers=roles["city_leader"])
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "period"


@pytest.fixture
async def staff_rows(session, regions):
    rows = {}
    for key, region in (("city", CITY), ("gs", GUANGSHAN), ("xx", XINXIAN)):
        row = CampaignStaff(
            name=f"{key}人员",
            unit_name="商务局",
            group="task_force",
            from_date=date(2021, 6, 1),
            region_code=region,
            region_path=regions.path_of(region),
        )
        session.add(row)
        rows[key] = row
    await session.flush()
    return {k: r.id for k, r in rows.items()}


READS: dict[str, set[str] | None] = {
    "city_leader": {"city", "gs", "xx"},
    "city_officer": {"city", "gs", "xx"},
    "guangshan": {"gs"},
    "xinxian": {"xx"},
    "unit": None,
    "enterprise": None,
    "admin": None,
    "auditor": None,
    "province": None,
}
MANAGERS = {"city_officer", "guangshan", "xinxian"}


@pytest.mark.parametrize("role", ROLES)
async def test_scope_matrix(client, roles, tokens, regions, staff_rows, role):
    h = roles[role] if role != "province" else province_headers(tokens, regions)
    listed = await client.get(URL, headers=h)
    summary = await client.get(f"{URL}/summary", params={"period": "2021"}, headers=h)
    expected = READS[role]
    if expected is None:
        assert listed.status_code == summary.status_code == 403
    else:
        ids = {i["id"] for i in listed.json()["items"]}
        assert {k for k, v in staff_rows.items() if v in ids} == expected
        assert summary.json()["total"] == len(expected)
    for key, row_id in staff_rows.items():
        resp = await client.patch(f"{URL}/{row_id}", json={"note": "备注"}, headers=if_match(h, 1))
        if role not in MANAGERS:
            assert resp.status_code == 403
        else:
            assert resp.status_code == (200 if key in (expected or set()) else 404), key
