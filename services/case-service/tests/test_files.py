"""Every upload and every XLSX download of the service, found from its OpenAPI document: a bomb attached to a case
is refused while /livez answers and nothing is stored; a case whose title and enterprise are a formula with
control characters appears in the report as text. A new route fails these tests until it is added."""

from __future__ import annotations

from typing import Any

from test_case_support import case_fixtures
from test_pairing_support import build_q3, two_enterprises

from case_service.core import Base
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
CASE_REPORT = ("get", "/api/v1/case-reports/{kind}")


async def test_every_upload_route_refuses_bombs_while_livez_answers(
    app, client, driver, case_roles, session, attachment_dir
):
    case = await driver.create()

    async def stored() -> tuple[dict[str, int], list[str]]:
        return await row_counts(session, Base.metadata), sorted(str(p) for p in attachment_dir.rglob("*"))

    found = upload_operations(app.openapi())
    exercised = set()
    for method, path in sorted(found):
        assert (method, path) == ATTACHMENTS, f"{method} {path} takes a file: add it to this test"
        # An attachment is stored as it came, not read as a table: the bomb and the size limit are what apply.
        await check_upload_refusals(
            client,
            path.format(case_id=case["id"]),
            stored=stored,
            max_bytes=app.state.settings.attachment_max_bytes,
            headers=case_roles["guangshan"],
        )
        exercised.add((method, path))
    assert found and exercised == found == {ATTACHMENTS}


async def test_every_xlsx_download_holds_user_text_as_text(app, client, roles, session, regions):
    cases = await build_q3(session, regions, await two_enterprises(session, regions))
    overdue = cases[3]  # the one overdue case of the report below
    overdue.title = overdue.enterprise_name = HOSTILE_TEXT
    await session.flush()
    found = xlsx_operations(app.openapi())
    exercised = set()
    for method, path in sorted(found):
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
    assert found and exercised == found == {CASE_REPORT}
