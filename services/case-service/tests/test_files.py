"""Every upload and every XLSX download of the service, found from its OpenAPI document: a bomb attached to a case
is refused while /livez answers and nothing is stored; a case whose title and enterprise are a formula with
control characters appears in the report as text. A new route fails these tests until it is added."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from test_case_support import case_fixtures
from test_pairing_support import build_q3, two_enterprises

from case_service.core import Base
from case_service.pairing.models import Pairing
from case_service.supervision.models import SupervisionOrder
from case_service.visit.models import Visit
from case_service.visit_photo.service import MAX_BYTES as PHOTO_MAX_BYTES
from platform_core.testing import (
    HOSTILE_TEXT,
    HOSTILE_TEXT_EXPORTED,
    assert_text_cells,
    assert_xlsx_export,
    check_upload_refusals,
    row_counts,
    upload_operations,
    xlsx_operations,
)

globals().update(case_fixtures())

ATTACHMENTS = ("post", "/api/v1/cases/{case_id}/attachments")
VISIT_PHOTOS = ("post", "/api/v1/visits/{visit_id}/photos")
CASE_REPORT = ("get", "/api/v1/case-reports/{kind}")


async def test_every_upload_route_refuses_bombs_while_livez_answers(
    app, client, driver, case_roles, session, attachment_dir
):
    case = await driver.create()

    async def stored() -> tuple[dict[str, int], list[str]]:
        return await row_counts(session, Base.metadata), sorted(str(p) for p in attachment_dir.rglob("*"))

    visit = Visit(visit_date=date(2021, 8, 2), enterprise_uscc=case["enterprise_uscc"], notes="现场走访")
    session.add(visit)
    await session.flush()
    # Each upload route, its address and its size limit. Neither is read as a table: the bomb and the limit apply.
    uploads = {
        ATTACHMENTS: (f"/api/v1/cases/{case['id']}/attachments", app.state.settings.attachment_max_bytes),
        VISIT_PHOTOS: (f"/api/v1/visits/{visit.id}/photos", PHOTO_MAX_BYTES),
    }
    found = upload_operations(app.openapi())
    exercised = set()
    for method, path in sorted(found):
        assert (method, path) in uploads, f"{method} {path} takes a file: add it to this test"
        url, max_bytes = uploads[(method, path)]
        await check_upload_refusals(client, url, stored=stored, max_bytes=max_bytes, headers=case_roles["guangshan"])
        exercised.add((method, path))
    assert found and exercised == found == set(uploads)


#: The list exports: each path, the role that reads it, and the headers of the columns that carry the user text.
LIST_EXPORTS = {
    ("get", "/api/v1/cases/export"): ("city_officer", {"诉求标题", "企业名称"}),
    ("get", "/api/v1/supervision-orders/export"): ("city_officer", {"诉求标题", "督办内容"}),
    ("get", "/api/v1/visits/export"): ("city_officer", {"走访情况"}),
    ("get", "/api/v1/pairings/export"): ("city_officer", {"备注"}),
}


async def test_every_xlsx_download_holds_user_text_as_text(app, client, roles, session, regions):
    ents = await two_enterprises(session, regions)
    cases = await build_q3(session, regions, ents)
    overdue = cases[3]  # the one overdue case of the report below
    overdue.title = overdue.enterprise_name = HOSTILE_TEXT
    # A record of every other exported list whose free text is the same formula with control characters.
    ent = next(iter(ents.values()))
    path = regions.path_of(ent.region_code)
    session.add_all(
        [
            SupervisionOrder(
                case_id=overdue.id, unit_id=1, unit_name="单位", region_code=ent.region_code, region_path=path,
                level="reminder", content=HOSTILE_TEXT, reply_due=overdue.created_at, issued_at=overdue.created_at,
                issued_by="user:1",
            ),
            Visit(visit_date=date(2021, 8, 2), enterprise_uscc=ent.uscc, notes=HOSTILE_TEXT),
            Pairing(
                person_name="张伟", enterprise_uscc=ent.uscc, kind="leader", start_date=date(2021, 7, 1),
                note=HOSTILE_TEXT,
            ),
        ]
    )  # fmt: skip
    await session.flush()
    found = xlsx_operations(app.openapi())
    exercised = set()
    for method, path in sorted(found):
        if (method, path) in LIST_EXPORTS:
            role, columns = LIST_EXPORTS[(method, path)]
            resp = await client.request(method, path, headers=roles[role])
            content = assert_xlsx_export(resp)
            cells = assert_text_cells(content)
            headers = {c.column: c.value for c in load_workbook(BytesIO(content)).active[1]}
            assert cells and {headers[c.column] for c in cells} == columns, (path, [c.coordinate for c in cells])
            assert {c.value for c in cells} == {HOSTILE_TEXT_EXPORTED}
            exercised.add((method, path))
            continue
        assert (method, path) == CASE_REPORT, f"{method} {path} answers XLSX: add it to this test"
        params: dict[str, Any] = {"period": "2021-09-30", "format": "xlsx"}
        resp = await client.request(method, path.format(kind="biweekly"), params=params, headers=roles["city_leader"])
        cells = assert_text_cells(assert_xlsx_export(resp))
        # The case's title and enterprise in the overdue list.
        assert [(c.coordinate, c.value) for c in cells] == [
            ("C4", HOSTILE_TEXT_EXPORTED),
            ("D4", HOSTILE_TEXT_EXPORTED),
        ]
        exercised.add((method, path))
    assert found and exercised == found == {CASE_REPORT, *LIST_EXPORTS}
