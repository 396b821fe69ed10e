"""Tabular imports: XLSX and CSV (UTF-8, BOM, GBK), headers by Chinese name, every row's errors, all-or-nothing,
choices, dates, JSON rows and the template built from the same spec."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from pydantic import BaseModel, Field, model_validator

from platform_core.imports import Column, ImportSpec, xlsx_response
from platform_core.problems import ProblemError


class Row(BaseModel):
    code: str = Field(pattern=r"^[A-Z0-9-]{3,20}$")
    name: str = Field(min_length=2)
    amount_wan_yuan: Decimal = Field(ge=0, decimal_places=2)
    kind: str
    signed_on: date | None = None

    @model_validator(mode="after")
    def _kind_needs_date(self) -> "Row":
        if self.kind == "signed" and self.signed_on is None:
            raise ValueError("已签约项目须填写签约日期")
        return self


SPEC = ImportSpec(
    Row,
    (
        Column("code", "项目编号", "字母、数字", "XY-001"),
        Column("name", "项目名称"),
        Column("amount_wan_yuan", "投资额（万元）"),
        Column("kind", "阶段", choices={"在谈": "negotiating", "已签约": "signed"}),
        Column("signed_on", "签约日期"),
    ),
    title="项目",
    max_rows=5,
)


def xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


HEADER = ["项目编号", "项目名称", "投资额(万元)", "阶段", "签约日期"]


def test_xlsx_rows_become_models_with_their_row_numbers():
    content = xlsx(
        [
            ["XX县招商项目表"],  # a title row above the header is skipped
            [*HEADER, "序号"],  # an unknown column is ignored
            ["XY-001", "茶叶深加工", 30000.5, "已签约", datetime(2021, 7, 10)],
            [None, None, None, None, None],  # empty rows are skipped
            ["XY-002", "羽绒服装", 12000, "negotiating", None],
        ]
    )
    result = SPEC.read_file(content, "projects.xlsx")
    result.raise_if_invalid()
    assert [n for n, _ in result.rows] == [3, 5]
    first = result.rows[0][1]
    assert first.amount_wan_yuan == Decimal("30000.5")
    assert (first.kind, first.signed_on) == ("signed", date(2021, 7, 10))
    assert result.models[1].kind == "negotiating"
    assert result.total_rows == 2


def test_every_bad_row_is_reported_and_nothing_passes():
    content = xlsx(
        [
            HEADER,
            ["XY-001", "好项目", 100, "在谈", None],
            ["bad code", "坏", -1, "在谈", None],
            ["XY-003", "项目三", 5, "已落地", None],
            ["XY-004", "项目四", 5, "已签约", None],
        ]
    )
    result = SPEC.read_file(content, "p.xlsx")
    with pytest.raises(ProblemError) as exc:
        result.raise_if_invalid()
    problem = exc.value
    assert problem.status == 422 and problem.code == "import.rows_invalid"
    errors = [(e["row"], e["field"]) for e in problem.errors]
    assert errors == [(3, "code"), (3, "name"), (3, "amount_wan_yuan"), (4, "kind"), (5, None)]
    assert problem.errors[3]["column"] == "阶段" and "在谈、已签约" in problem.errors[3]["message"]
    assert problem.errors[4]["message"] == "已签约项目须填写签约日期"
    assert problem.extra["error_count"] == 5 and problem.extra["row_count"] == 4
    assert "3行数据有误" in problem.detail


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_with_or_without_bom_and_gbk(encoding):
    text = "项目编号,项目名称,投资额（万元）,阶段,签约日期\r\nXY-001,光山茶叶深加工,30000.50,已签约,2021/7/10\r\n"
    result = SPEC.read_file(text.encode(encoding), "p.csv")
    result.raise_if_invalid()
    row = result.models[0]
    assert (row.name, row.signed_on, row.amount_wan_yuan) == ("光山茶叶深加工", date(2021, 7, 10), Decimal("30000.50"))


def test_dates_written_the_chinese_way():
    text = "项目编号,项目名称,投资额,阶段,签约日期\nXY-001,项目一,1,已签约,2021年7月10日\n"
    result = SPEC.read_file(text.encode(), None)
    result.raise_if_invalid()
    assert result.models[0].signed_on == date(2021, 7, 10)


def test_a_missing_required_column_names_the_header_row():
    with pytest.raises(ProblemError) as exc:
        SPEC.read_file("项目编号,阶段\nXY-1,在谈\n".encode(), "p.csv")
    assert exc.value.code == "import.rows_invalid"
    assert {(e["row"], e["field"]) for e in exc.value.errors} == {(1, "name"), (1, "amount_wan_yuan")}


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x00\x01garbage", "p.xlsx", "无法读取文件"),
        (b"a,b\n1,2\n", "p.csv", "未找到表头"),
        ("项目编号,项目名称,投资额,阶段\n".encode(), "p.csv", "没有数据行"),
        (b"whatever", "p.xls", ".xls"),
    ],
)
def test_unreadable_files_are_refused(content, name, message):
    with pytest.raises(ProblemError) as exc:
        SPEC.read_file(content, name)
    assert exc.value.status == 422 and message in exc.value.detail
    assert exc.value.errors[0]["field"] == "file"


def test_too_many_rows():
    rows = "".join(f"XY-00{i},项目{i},1,在谈,\n" for i in range(6))
    with pytest.raises(ProblemError) as exc:
        SPEC.read_file(("项目编号,项目名称,投资额,阶段,签约日期\n" + rows).encode(), "p.csv")
    assert "最多导入5行" in exc.value.detail


def test_json_rows_use_field_names_and_positions():
    result = SPEC.read_records(
        [
            {"code": "XY-001", "name": "项目一", "amount_wan_yuan": "10.5", "kind": "在谈"},
            {"code": "XY-002", "name": "项目二", "amount_wan_yuan": 0.1, "kind": "signed", "signed_on": "2021-07-10"},
            {"code": "XY-003", "name": "项目三", "amount_wan_yuan": "abc", "kind": "negotiating"},
        ]
    )
    assert result.models[1].amount_wan_yuan == Decimal("0.1")
    assert [(e["row"], e["field"]) for e in result.errors] == [(3, "amount_wan_yuan")]
    result.add_error(1, "code", "项目编号已存在", "duplicate")
    with pytest.raises(ProblemError) as exc:
        result.raise_if_invalid()
    assert [e["row"] for e in exc.value.errors] == [1, 3]
    with pytest.raises(ProblemError):
        SPEC.read_records([])


def test_template_round_trips_through_the_reader():
    content = SPEC.template()
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers == ["项目编号*", "项目名称*", "投资额（万元）*", "阶段*", "签约日期"]
    assert ws["A1"].comment is not None and "XY-001" in ws["A1"].comment.text
    assert any('"在谈,已签约"' in v.formula1 for v in ws.data_validations.dataValidation)
    assert wb.sheetnames == ["项目", "填写说明"]
    ws.append(["XY-009", "模板项目", 1, "在谈", None])
    out = io.BytesIO()
    wb.save(out)
    result = SPEC.read_file(out.getvalue(), "filled.xlsx")
    result.raise_if_invalid()
    assert result.models[0].code == "XY-009"


def test_xlsx_response_names_the_file_in_utf8():
    resp = xlsx_response(b"x", "项目导入模板.xlsx")
    assert resp.media_type.endswith("spreadsheetml.sheet")
    assert "filename*=UTF-8''%E9%A1%B9" in resp.headers["content-disposition"]


def test_columns_must_name_fields():
    with pytest.raises(ValueError, match="not fields"):
        ImportSpec(Row, (Column("nope", "不存在"),), title="x")


async def test_read_upload_takes_a_file_with_form_fields_or_json_rows():
    import httpx
    from fastapi import FastAPI, Request

    from platform_core.imports import read_upload, upload_openapi
    from platform_core.problems import install_problem_handlers

    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/import", openapi_extra=upload_openapi(SPEC, {"note": {"type": "string"}}, required=("note",)))
    async def endpoint(request: Request) -> dict[str, object]:
        result, fields = await read_upload(request, SPEC)
        result.raise_if_invalid()
        return {"codes": [m.code for m in result.models], "fields": fields}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        text = "项目编号,项目名称,投资额,阶段\nXY-001,项目一,1,在谈\n"
        resp = await c.post("/import", data={"note": "批次1"}, files={"file": ("p.csv", text.encode("gbk"))})
        assert resp.json() == {"codes": ["XY-001"], "fields": {"note": "批次1"}}
        rows = [{"code": "XY-002", "name": "项目二", "amount_wan_yuan": 1, "kind": "在谈"}]
        resp = await c.post("/import", json={"note": "x", "rows": rows})
        assert resp.json() == {"codes": ["XY-002"], "fields": {"note": "x"}}
        bad = await c.post("/import", json={"rows": [{"code": "?"}, 5]})
        assert bad.status_code == 422 and {e["row"] for e in bad.json()["errors"]} == {1, 2}
        assert (await c.post("/import", json={"rows": "nope"})).json()["errors"][0]["field"] == "rows"
        assert (await c.post("/import", data={"note": "no file"})).json()["errors"][0]["field"] == "file"
        assert (await c.post("/import", content=b"x", headers={"content-type": "text/plain"})).status_code == 422
    body = app.openapi()["paths"]["/import"]["post"]["requestBody"]["content"]
    assert body["multipart/form-data"]["schema"]["required"] == ["file", "note"]
    assert body["application/json"]["schema"]["properties"]["rows"]["items"]["required"] == [
        "code",
        "name",
        "amount_wan_yuan",
        "kind",
    ]
