"""Files the gateway answers with: the work report's DOCX is built whatever text a figure or the edited report
holds (characters XML cannot hold are dropped), and the gateway's own routes take no upload and answer one XLSX
(the sign-in log, covered in test_sign_in_log.py). A new file route of the gateway fails these tests until it is
covered."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from docx import Document
from fastapi.openapi.utils import get_openapi
from report_stack import YEAR, Stack
from test_notices import NOTICE_ATTACHMENTS

from gateway.profile.docx import render_profile_docx
from gateway.profile.schemas import EnterpriseProfile, ProfilePart
from gateway.reports.docx import render_docx
from gateway.reports.router import DOCX_MEDIA_TYPE
from gateway.reports.schemas import FigureComparison, FigureProvenance, RecordsLink, ReportFigure
from gateway.reports.template import render
from platform_core.testing import upload_operations, xlsx_operations

pytest_plugins = ["report_fixtures"]

DOCX_ROUTE = ("get", "/api/v1/reports/document.docx")
#: 一企一档 as DOCX: exercised here on the stack's enterprise, with hostile text in test_a_hostile_profile_…
PROFILE_DOCX = ("get", "/api/v1/enterprises/{enterprise_id}/profile/docx")
SIGN_IN_EXPORT = ("get", "/api/v1/audit/sign-ins/export")
CONTROL = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r")


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def text_figure(key: str, display: str) -> ReportFigure:
    return ReportFigure(
        key=key,
        rows=[4],
        name="实施方案文号",
        value=display,
        display=display,
        unit=None,
        missing=False,
        comparison=FigureComparison(),
        provenance=FigureProvenance(service="case", query="GET /x", indicator=key, link=RecordsLink(path="/x")),
    )


def test_python_docx_alone_refuses_a_control_character():
    """Why the builder cleans its text: one such character in one record made the whole report fail."""
    with pytest.raises(ValueError, match="XML compatible"):
        Document().add_paragraph("X商字\x01〔2021〕82号")


def test_a_control_character_in_a_figure_still_builds_the_docx():
    figure = text_figure("plan_doc_number", "X商字\x01〔2021〕\x0b82号")
    rendered = render(
        "{{region_name}}工作\x02报告\n印发了实施方案（{{plan_doc_number}}）。", [figure], {"region_name": "信阳\x1f市"}
    )
    text = docx_text(render_docx(rendered))
    assert text.startswith("信阳市工作报告") and "印发了实施方案（X商字〔2021〕82号）。" in text
    assert not set(CONTROL) & set(text)


async def test_the_gateway_answers_one_docx_one_xlsx_and_no_upload(report_gw, report_stack: Stack):
    gw, stack = report_gw, report_stack
    doc = get_openapi(title="gateway", version="1", routes=stack.gateway.routes)
    # The notice attachment is refused as a bomb or over its cap in test_notices.py.
    assert upload_operations(doc) == {NOTICE_ATTACHMENTS}, "the gateway takes a file: cover it like the notices' upload"
    # The sign-in log's export is covered with hostile text in test_sign_in_log.py.
    assert xlsx_operations(doc) == {SIGN_IN_EXPORT}, "the gateway answers XLSX: cover it like the services' downloads"
    found = xlsx_operations(doc, DOCX_MEDIA_TYPE)
    officer = stack.headers("city_officer")
    params = {"period": f"{YEAR}-08"}
    edited = "信阳市八月\x01工作情况\n本月派出赴韩人员{{labour_dispatched}}人\x0b，签约项目{{projects_signed}}个\x1f。"
    saved = await gw.put(
        "/api/v1/reports/text", params=params, json={"text": edited}, headers={**officer, "If-Match": '"0"'}
    )
    assert saved.status_code == 200, saved.text
    exercised = set()
    for method, path in sorted(found):
        if (method, path) == PROFILE_DOCX:
            ent = stack.created["enterprises"][0]
            resp = await gw.request(method, path.format(enterprise_id=ent["id"]), headers=officer)
            assert resp.status_code == 200, resp.text
            assert docx_text(resp.content).startswith(f"一企一档 · {ent['name']}")
            exercised.add((method, path))
            continue
        assert (method, path) == DOCX_ROUTE, f"{method} {path} answers DOCX: add it to this test"
        resp = await gw.request(method, path, params=params, headers=officer)
        assert resp.status_code == 200, resp.text
        text = docx_text(resp.content)
        assert text.startswith("信阳市八月工作情况") and "签约项目" in text and not set(CONTROL) & set(text)
        exercised.add((method, path))
    assert found and exercised == found == {DOCX_ROUTE, PROFILE_DOCX}


def test_a_hostile_profile_still_builds_the_docx():
    """Names and notes holding control characters (the ones XML cannot carry) print without them."""
    profile = EnterpriseProfile(
        enterprise={"name": "光山\x01羽绒\x0b有限公司", "uscc": "91411522MA45R7K376", "address": "\x1f工业园"},
        parts=[
            ProfilePart(
                key="visits",
                title="走访",
                service="case",
                ok=True,
                total=1,
                link="/visits",
                items=[{"notes": "了解\x02用工", "visit_date": "2021-08-02"}],
            )
        ],
        missing=[],
        generated_at=datetime(2021, 9, 30, tzinfo=UTC),
    )
    doc = Document(io.BytesIO(render_profile_docx(profile)))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    text = "\n".join([p.text for p in doc.paragraphs] + cells)
    assert text.startswith("一企一档 · 光山羽绒有限公司") and "工业园" in cells and "了解用工" in cells
    assert not set(CONTROL) & set(text)
