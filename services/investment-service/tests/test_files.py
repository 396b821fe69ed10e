"""Every upload and every XLSX download of the service, found from its OpenAPI document: bombs are refused while
/livez answers and nothing is stored; downloads hold no formula. A new route fails these tests until it is added."""

from __future__ import annotations

from typing import Any

from investment_service.core import Base
from investment_service.project.imports import PROJECT_IMPORT
from platform_core.bulletins import BULLETIN_ROWS
from platform_core.testing import (
    assert_xlsx_export,
    check_upload_refusals,
    row_counts,
    upload_operations,
    xlsx_operations,
)

BULLETIN_FIELDS = {"indicator_code": "out_of_province_funds", "period": "2021", "source_document": "全省通报"}

#: (method, path) → who uploads, the form fields beside the file, the table's headers.
UPLOADS: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/v1/projects/import"): {"role": "guangshan", "data": {}, "spec": PROJECT_IMPORT},
    ("post", "/api/v1/investment/bulletins"): {"role": "city_officer", "data": BULLETIN_FIELDS, "spec": BULLETIN_ROWS},
}
#: (method, path) → who downloads. Both are import templates: no user data, and no formula either.
DOWNLOADS: dict[tuple[str, str], str] = {
    ("get", "/api/v1/projects/import-template"): "guangshan",
    ("get", "/api/v1/investment/bulletins/template"): "city_officer",
}


async def test_every_upload_route_refuses_bombs_while_livez_answers(app, client, actors, session):
    openapi = app.openapi()
    found = upload_operations(openapi)
    exercised = set()
    for method, path in sorted(found):
        assert (method, path) in UPLOADS, f"{method} {path} takes a file: add it to UPLOADS"
        route = UPLOADS[(method, path)]
        # A table import is read by platform_core.imports.read_upload, which also takes JSON rows.
        assert "application/json" in openapi["paths"][path][method]["requestBody"]["content"]
        await check_upload_refusals(
            client,
            path,
            stored=lambda: row_counts(session, Base.metadata),
            max_bytes=app.state.settings.imports.max_bytes,
            table_headers=[c.header for c in route["spec"].columns],
            headers=actors[route["role"]],
            data=route["data"],
        )
        exercised.add((method, path))
    assert found and exercised == found == set(UPLOADS)


async def test_every_xlsx_download_holds_no_formula(app, client, actors):
    found = xlsx_operations(app.openapi())
    exercised = set()
    for method, path in sorted(found):
        assert (method, path) in DOWNLOADS, f"{method} {path} answers XLSX: add it to DOWNLOADS"
        assert_xlsx_export(await client.request(method, path, headers=actors[DOWNLOADS[(method, path)]]))
        exercised.add((method, path))
    assert found and exercised == found == set(DOWNLOADS)
