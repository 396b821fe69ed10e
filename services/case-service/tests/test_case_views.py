"""Saved case-list views (我的视图): per-user named filters, shared with a role, CRUD with ETag/If-Match and
Idempotency-Key, audited; a view's filters give the list and its export the same rows, within the reader's scope."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select
from test_case_support import URL, XINXIAN_USCC, A, S, case_fixtures

from case_service.core import AuditLog

globals().update(case_fixtures())

VIEWS = "/api/v1/case-views"


async def test_create_list_update_delete(client, case_roles, session):
    h = case_roles["guangshan"]
    body = {"name": "红色预警在办", "filters": {"state": ["IN_PROGRESS"], "warning_level": "red"}}
    created = await client.post(VIEWS, json=body, headers={**h, "Idempotency-Key": "view-1"})
    assert created.status_code == 201, created.text
    again = await client.post(VIEWS, json=body, headers={**h, "Idempotency-Key": "view-1"})
    assert again.json()["id"] == created.json()["id"]
    view = created.json()
    assert view["mine"] and view["filters"]["state"] == ["IN_PROGRESS"] and view["shared_role"] is None
    dup = await client.post(VIEWS, json=body, headers=h)
    assert dup.status_code == 409 and "name" in dup.text
    url = f"{VIEWS}/{view['id']}"
    assert (await client.patch(url, json={"name": "改名"}, headers=h)).status_code == 428
    stale = await client.patch(url, json={"name": "改名"}, headers={**h, "If-Match": '"9"'})
    assert stale.status_code == 412
    renamed = await client.patch(url, json={"name": "改名"}, headers={**h, "If-Match": f'"{view["version"]}"'})
    assert renamed.status_code == 200 and renamed.json()["name"] == "改名"
    listed = await client.get(VIEWS, headers=h)
    assert [v["name"] for v in listed.json()["items"]] == ["改名"]
    gone = await client.delete(url, headers={**h, "If-Match": f'"{renamed.json()["version"]}"'})
    assert gone.status_code == 204
    assert (await client.get(url, headers=h)).status_code == 404
    trail = select(AuditLog.action).where(AuditLog.entity_type == "case_view").order_by(AuditLog.id)
    audited = (await session.scalars(trail)).all()
    assert audited == ["case_view.create", "case_view.update", "case_view.delete"]


async def test_sharing_with_a_role(client, case_roles):
    own = case_roles["guangshan"]
    shared = (
        await client.post(
            VIEWS,
            json={"name": "本县待受理", "filters": {"state": ["SUBMITTED"]}, "shared_role": "county_officer"},
            headers=own,
        )
    ).json()
    assert shared["shared_role_name"] == "县区商务局"
    private = (await client.post(VIEWS, json={"name": "私有", "filters": {}}, headers=own)).json()
    # another county officer sees the shared view but not the private one, and may not change it
    other = case_roles["xinxian"]
    assert [v["name"] for v in (await client.get(VIEWS, headers=other)).json()["items"]] == ["本县待受理"]
    assert (await client.get(f"{VIEWS}/{private['id']}", headers=other)).status_code == 404
    seen = await client.get(f"{VIEWS}/{shared['id']}", headers=other)
    assert seen.status_code == 200 and seen.json()["mine"] is False
    change = await client.patch(
        f"{VIEWS}/{shared['id']}", json={"name": "抢"}, headers={**other, "If-Match": f'"{shared["version"]}"'}
    )
    assert change.status_code == 403
    # a unit handler holds another role: neither view
    assert (await client.get(VIEWS, headers=case_roles["unit"])).json()["items"] == []
    # never with the three officers' roles; unknown roles refused
    for role in ("system_admin", "nobody_here"):
        bad = await client.post(VIEWS, json={"name": role, "filters": {}, "shared_role": role}, headers=own)
        assert bad.status_code == 422 and "shared_role" in bad.text


async def test_bad_filters_name_the_field(client, case_roles):
    h = case_roles["guangshan"]
    for filters, field in (
        ({"state": ["NOPE"]}, "state"),
        ({"assigned_period": "2021-13"}, "assigned_period"),
        ({"sort": "-password"}, "sort"),
        ({"unknown": 1}, "unknown"),
        ({"unit_id": 2**40}, "unit_id"),
    ):
        resp = await client.post(VIEWS, json={"name": "坏", "filters": filters}, headers=h)
        assert resp.status_code == 422 and field in resp.text, (filters, resp.text)
    assert (await client.get(f"{VIEWS}/{2**63}", headers=h)).status_code in (404, 422)


async def test_a_shared_view_lists_and_exports_the_same_rows_within_each_readers_scope(driver, client, case_roles):
    for _ in range(2):
        await driver.to_state(S.ACCEPTED)
    await driver.to_state(S.SUBMITTED)
    far = await driver.create(role="xinxian", enterprise_uscc=XINXIAN_USCC)
    await driver.act(far["id"], A.ACCEPT, role="xinxian")
    view = (
        await client.post(
            VIEWS,
            json={
                "name": "已受理",
                "filters": {"state": ["ACCEPTED"], "sort": "-created_at"},
                "shared_role": "county_officer",
            },
            headers=case_roles["guangshan"],
        )
    ).json()
    params = {k: v for k, v in view["filters"].items() if v not in (None, [])}
    for role, count in (("guangshan", 2), ("xinxian", 1), ("city_officer", 3)):
        listed = await client.get(URL, params=params, headers=case_roles[role])
        assert listed.status_code == 200, listed.text
        numbers = [i["case_no"] for i in listed.json()["items"]]
        assert len(numbers) == count, role
        exported = await client.get(f"{URL}/export", params=params, headers=case_roles[role])
        assert exported.status_code == 200, exported.text
        sheet = load_workbook(BytesIO(exported.content)).active
        assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]] == numbers, role
