"""Every upload and every XLSX download of the service, found from its OpenAPI document: bombs are refused while
/livez answers and nothing is stored; a worker whose text is a formula with control characters exports as text.
A new route fails these tests until it is added."""

from __future__ import annotations

from typing import Any

from support import program, worker_body

from platform_core.bulletins import BULLETIN_ROWS
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
from trade_service.core import Base
from trade_service.foreign_trade.service import IMPORT_SPEC

BULLETIN_FIELDS = {
    "indicator_code": "labour_dispatched",
    "period": "2021",
    "scope": "national",
    "source_document": "全国通报",
}

#: (method, path) → who uploads, the form fields beside the file, the table's import spec.
UPLOADS: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/v1/trade/foreign-trade/import"): {"role": "city_officer", "data": {}, "spec": IMPORT_SPEC},
    ("post", "/api/v1/trade/bulletins/import"): {
        "role": "city_officer",
        "data": BULLETIN_FIELDS,
        "spec": BULLETIN_ROWS,
    },
}
WORKER_EXPORT = ("get", "/api/v1/trade/labour/workers/export")
#: (method, path) → who downloads; the templates hold no user data, the worker export does.
DOWNLOADS: dict[tuple[str, str], str] = {
    ("get", "/api/v1/trade/foreign-trade/template"): "city_officer",
    ("get", "/api/v1/trade/bulletins/template"): "city_officer",
    WORKER_EXPORT: "guangshan",
}


async def test_every_upload_route_refuses_bombs_while_livez_answers(app, client, roles, session):
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
            headers=roles[route["role"]],
            data=route["data"],
        )
        exercised.add((method, path))
    assert found and exercised == found == set(UPLOADS)


async def test_every_xlsx_download_holds_user_text_as_text(app, client, roles):
    eps = await program(client, roles["city_officer"])
    body = worker_body(eps["id"], name=HOSTILE_TEXT, sector=HOSTILE_TEXT)
    created = await client.post("/api/v1/trade/labour/workers", json=body, headers=roles["guangshan"])
    assert created.status_code == 201, created.text
    found = xlsx_operations(app.openapi())
    exercised = set()
    for method, path in sorted(found):
        assert (method, path) in DOWNLOADS, f"{method} {path} answers XLSX: add it to DOWNLOADS"
        content = assert_xlsx_export(await client.request(method, path, headers=roles[DOWNLOADS[(method, path)]]))
        if (method, path) == WORKER_EXPORT:
            # Before, this answered 500 (a control character) or held a live =HYPERLINK formula.
            cells = assert_text_cells(content)
            assert [c.value for c in cells] == [HOSTILE_TEXT_EXPORTED, HOSTILE_TEXT_EXPORTED]
        exercised.add((method, path))
    assert found and exercised == found == set(DOWNLOADS)
