"""The work report document: the seed report's wording filled from a year of real data, as HTML and as a DOCX
in the official document format (read back, and converted to PDF by LibreOffice); missing figures shown and
listed, never 0; the editable text per period and region with If-Match and an audit entry."""

from __future__ import annotations

import asyncio
import io
import re
import subprocess
from pathlib import Path

import httpx
import pytest
from docx import Document
from docx.shared import Pt
from report_stack import GUANGSHAN, YEAR, Stack, live_stack
from seed_map import SEED_PLACEHOLDERS, seed_runs

from gateway.reports import docx as gbdocx
from gateway.reports import template
from gateway.reports.pdf import docx_to_pdf

pytest_plugins = ["report_fixtures"]

DOC = "/api/v1/reports/document"
DOCX = "/api/v1/reports/document.docx"
TEXT = "/api/v1/reports/text"

#: Sentences of the report with this year's figures in place (see YearBuilder for the data behind them).
SENTENCES = (
    "从商务部门抽调3名精兵强将参加市“万人助万企”活动，其中2人到活动专班工作，1人到市统筹组工作",
    f"（信商字〔{YEAR}〕82号）",
    "局领导每人包联2家重点企业",
    "接上级交办件共计2件，已办结1件，办结率达50.0%",
    "从建立协同联动机制",
    "等11个方面聚焦问题",
    "先后1期共签约项目2个，总投资额4.20亿元，其中落地1个，开工1个，投产试产1个；全年全市共签约项目2个",
    "我市引进省外资金项目1个，实际到位省外资金2.50亿元",
    "新设外资企业1家",
    "实际吸收外资6600.00万美元",
    "居全省第三位",
    "中韩雇佣制我市全年共派出赴韩人员3人",
    "资金已拨付到1家企业，共12.50万元",
    "组织1家外贸企业参加广交会",
    "外贸培训1场、120人次",
    "全年出口注册备案1项，实现首次出口1项",
    "搭乘2趟“中欧班列——信阳绿茶专列”、监管出口茶叶2批次，货值450.00万元，同比分别增长100.0%、50.0%",
    "促销活动3场次，带动消费1.25亿元",
    "成功指导举办信阳养生菜推广大赛，组织参加“寻味黄河·品飨信阳”信阳美食季系列活动启动仪式暨美食之乡宣介活动，"
    "集中宣传了信阳市（中国茶筵之乡）、商城县（中国炖菜之乡）的饮食文化内涵，打造信阳菜餐饮品牌",
    "三是开展河南老字号、品牌消费集聚区、绿色商场创建",
    "成功创建省级老字号1个，省级“绿色商场”1个，共2个。浉河区胜利路步行街改造成效显著",
    "市商务局牵头上报大别山农产品现代物流中心市场优化升级专项行动实施方案",
    "一是用好信阳涉外劳务名片",
    "参加广交会（线上、线下）、“河南省出口商品网上展示交易会”",
    "如“息县味道”等，共1个",
    "快递服务行政村覆盖率100.0%",
    f"{YEAR + 1}年，市商务局将认真总结经验",
)


@pytest.fixture
def stack(report_stack: Stack) -> Stack:
    return report_stack


@pytest.fixture
def gw(report_gw: httpx.AsyncClient) -> httpx.AsyncClient:
    return report_gw


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def check_pdf(content: bytes, folder: Path) -> None:
    """Convert with LibreOffice; the PDF is A4, several pages, holds the figures, and page 1 rasterises."""
    pdf = folder / "report.pdf"
    pdf.write_bytes(docx_to_pdf(content))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info and int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 3
    words = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "万人助万企" in words and "6600.00" in words
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(folder / "page")], check=True)
    assert any(folder.glob("page*.png"))


async def test_the_year_report_shows_every_figure_in_html_and_docx(gw, stack, tmp_path):
    officer = stack.headers("city_officer")
    resp = await gw.get(DOC, params={"period": str(YEAR)}, headers=officer)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["title"] == "信阳市商务局“万人助万企”活动开展情况汇报"
    assert body["text"]["template"] == "annual" and body["text"]["is_default"] is True
    html_text = plain(body["html"])
    download = await gw.get(DOCX, params={"period": str(YEAR)}, headers=officer)
    assert download.status_code == 200
    assert download.headers["content-type"].startswith(gbdocx.__name__ and "application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in download.headers["content-disposition"]
    text = docx_text(download.content)
    for sentence in SENTENCES:
        assert sentence in html_text, sentence
        assert sentence in text, sentence
    # Every figure placeholder is marked in the preview, so the page can open its records.
    assert 'data-figure="labour_dispatched">3<' in body["html"]
    # Nothing entered under the MOFCOM caliber and no bulletin for funds: shown as missing and listed, not 0.
    missing = {m["key"]: m for m in body["missing"]}
    assert "out_of_province_funds.rank" in missing and "new_foreign_enterprises.yoy" in missing
    assert "居全省第（暂无数据）位" in html_text and "居全省第（暂无数据）位" in text
    assert gbdocx.MISSING_NOTE_TITLE in text and missing["out_of_province_funds.rank"]["name"] in text
    assert "全省第0位" not in text


async def test_the_docx_follows_gb_t_9704(gw, stack, tmp_path):
    content = (await gw.get(DOCX, params={"period": str(YEAR)}, headers=stack.headers("city_leader"))).content
    doc = Document(io.BytesIO(content))
    section = doc.sections[0]
    mm = [round(x.mm) for x in (section.page_width, section.page_height, section.top_margin, section.left_margin)]
    assert mm == [210, 297, 37, 28]
    assert [round(x.mm) for x in (section.bottom_margin, section.right_margin)] == [35, 26]
    grid = section._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docGrid")
    assert (
        grid is not None
        and grid.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}linePitch") == "579"
    )

    def east_asian(run):
        fonts = run._element.rPr.rFonts
        return fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")

    title, heading, body = doc.paragraphs[0], doc.paragraphs[3], doc.paragraphs[2]
    assert {(east_asian(r), r.font.size) for r in title.runs if r.text.strip()} == {("方正小标宋简体", Pt(22))}
    assert title.text == "信阳市商务局\n“万人助万企”活动开展情况汇报"  # broken after the organ's name
    assert heading.runs[0].text == "一、周密安排部署。" and east_asian(heading.runs[0]) == "黑体"
    assert east_asian(heading.runs[1]) == "仿宋_GB2312" and heading.runs[1].font.size == Pt(16)
    second = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert second.runs[0].text == "（一）开放招商成效显著。" and east_asian(second.runs[0]) == "楷体_GB2312"
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert round(body.paragraph_format.line_spacing.pt, 2) == 28.95  # 22 lines in the 225 mm text height

    # LibreOffice opens it: A4 pages with the title and the figures, and page 1 rasterises.
    await asyncio.to_thread(check_pdf, content, tmp_path)


async def test_a_quarter_gets_the_shorter_report(gw, stack):
    resp = await gw.get(DOC, params={"period": f"{YEAR}-Q1"}, headers=stack.headers("city_officer"))
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert (
        body["text"]["template"] == "short" and body["title"] == f"信阳市商务局“万人助万企”活动{YEAR}年第1季度工作情况"
    )
    assert "五、下一步工作" in plain(body["html"])


async def test_a_service_down_shows_its_figures_as_missing_in_the_docx(settings, database, tmp_path, report_stack):
    async with live_stack(settings, database, tmp_path, down=("trade",), databases=report_stack.databases) as s:
        transport = httpx.ASGITransport(app=s.gateway)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test", timeout=60) as client:
            doc = await client.get(DOC, params={"period": str(YEAR)}, headers=s.headers("city_officer"))
            content = (await client.get(DOCX, params={"period": str(YEAR)}, headers=s.headers("city_officer"))).content
    text = docx_text(content)
    assert "中韩雇佣制我市全年共派出赴韩人员（暂无数据）人" in text
    assert (
        "对外劳务派出人数（位置：（二）对外经贸稳步发展；…中韩雇佣制我市全年共派出赴韩人员□）：对外经贸服务暂不可用"
        in text
    )
    assert "labour_dispatched" in {m["key"] for m in doc.json()["missing"]}


async def test_the_text_is_edited_per_period_with_if_match_and_audited(gw, stack):
    officer = stack.headers("city_officer")
    params = {"period": f"{YEAR}-07"}
    shown = await gw.get(TEXT, params=params, headers=officer)
    assert shown.status_code == 200 and shown.headers["etag"] == '"0"' and shown.json()["is_default"] is True
    edited = "信阳市七月工作情况\n本月派出赴韩人员{{labour_dispatched}}人，签约项目{{projects_signed}}个。"
    assert (await gw.put(TEXT, params=params, json={"text": edited}, headers=officer)).status_code == 428
    stale = await gw.put(TEXT, params=params, json={"text": edited}, headers={**officer, "If-Match": '"3"'})
    assert stale.status_code == 412
    bad = await gw.put(
        TEXT, params=params, json={"text": "标题\n{{no_such_figure}}"}, headers={**officer, "If-Match": '"0"'}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "text"
    saved = await gw.put(TEXT, params=params, json={"text": edited}, headers={**officer, "If-Match": '"0"'})
    assert saved.status_code == 200, saved.text
    assert saved.headers["etag"] == '"1"' and saved.json()["is_default"] is False
    doc = (await gw.get(DOC, params=params, headers=officer)).json()
    assert doc["title"] == "信阳市七月工作情况" and "签约项目" in plain(doc["html"])
    # Other periods keep their own (default) text; the leader may read but not edit.
    assert (await gw.get(TEXT, params={"period": str(YEAR)}, headers=officer)).json()["is_default"] is True
    leader = stack.headers("city_leader")
    denied = await gw.put(TEXT, params=params, json={"text": edited}, headers={**leader, "If-Match": '"1"'})
    assert denied.status_code == 403
    audit = await gw.get(
        "/internal/v1/audit/logs", params={"action": "report.text.update"}, headers=stack.headers("auditor")
    )
    assert audit.status_code == 200, audit.text
    entry = audit.json()["items"][0]
    assert entry["entity_id"] == f"{YEAR}-07/411500" and entry["after"]["version"] == 1


async def test_a_county_cannot_report_on_another_region(gw, stack):
    resp = await gw.get(DOC, params={"period": str(YEAR), "region": "411523"}, headers=stack.headers("city_officer"))
    assert resp.status_code == 200 and resp.json()["region_name"] == "新县"
    unknown = await gw.get(DOC, params={"period": str(YEAR), "region": "999999"}, headers=stack.headers("city_officer"))
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "region"


def test_every_xx_of_the_seed_has_a_placeholder_in_the_default_texts():
    runs = seed_runs()
    assert len(runs) == len(SEED_PLACEHOLDERS) == 47
    for (_, before), (words, key) in zip(runs, SEED_PLACEHOLDERS, strict=True):
        assert before.endswith(words), (words, before[-20:])
        for county in (False, True):
            assert "{{" + key + "}}" in template.default_template("annual", county=county), key


LATIN = re.compile(r"[A-Za-z_]")


def check_filled_or_listed(body: dict) -> dict[str, dict]:
    """Every seed XX's placeholder is written in the preview or listed with its place, Chinese name and reason."""
    listed: dict[str, dict] = {}
    for m in body["missing"]:
        assert m["place"] and m["excerpt"] and m["reason"], m
        assert not LATIN.search(m["name"]) and not LATIN.search(m["reason"]), m
        listed.setdefault(m["key"], m)
    for _, key in SEED_PLACEHOLDERS:
        if key in template.CONTEXT_LABELS:
            continue
        filled = f'<span class="doc-figure" data-figure="{key}">' in body["html"]
        assert filled != (key in listed), key
    return listed


async def test_every_xx_of_the_seed_is_filled_or_listed(gw, stack):
    body = (await gw.get(DOC, params={"period": str(YEAR)}, headers=stack.headers("city_officer"))).json()
    listed = check_filled_or_listed(body)
    # The year's data leaves exactly these blank (no bulletin ranks funds or enterprises, nothing last year).
    assert set(listed) <= {
        "out_of_province_funds.yoy", "out_of_province_funds.rank", "new_foreign_enterprises.yoy",
        "new_foreign_enterprises.rank", "foreign_capital_local.yoy", "promotion_consumption_yi_yuan.mom",
        "labour_dispatched.rank", "superior_received", "superior_resolved", "superior_resolution_rate",
    }, set(listed)  # fmt: skip
    rank = listed["out_of_province_funds.rank"]
    assert rank["name"] == "实际到位省外资金位次" and rank["place"] == "（一）开放招商成效显著"
    assert rank["excerpt"].endswith("同比增长（暂无数据）%，居全省第□") or rank["excerpt"].endswith("居全省第□")
    # The document lists the same places in its closing note.
    text = docx_text((await gw.get(DOCX, params={"period": str(YEAR)}, headers=stack.headers("city_officer"))).content)
    assert "实际到位省外资金位次（位置：（一）开放招商成效显著；…" in text


async def test_a_county_officer_writes_the_county_report(gw, stack):
    county = stack.headers("county_officer", GUANGSHAN)
    resp = await gw.get(DOC, params={"period": str(YEAR)}, headers=county)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert (body["region_code"], body["title"]) == (GUANGSHAN, "光山县商务局“万人助万企”活动开展情况汇报")
    assert body["text"]["is_default"] and "县商务局党组高度重视" in body["text"]["text"]
    words = plain(body["html"])
    assert "全市" not in words and "我市" not in words
    # The county's figures: its three workers and its two projects; the city's own labour brand is not the county's.
    assert "我县全年共派出赴韩人员3人" in words and "先后1期共签约项目2个" in words
    listed = check_filled_or_listed(body)
    assert "labour_brands" in listed and listed["labour_brands"]["name"] == "涉外劳务品牌（名片）"
    # The county edits its own text; the city's stays untouched, and the county cannot reach the city's.
    edited = body["text"]["text"].replace("县商务局党组高度重视", "县商务局党组十分重视")
    put = await gw.put(TEXT, params={"period": str(YEAR)}, json={"text": edited}, headers={**county, "If-Match": '"0"'})
    assert put.status_code == 200 and put.json()["region_code"] == GUANGSHAN
    city = await gw.get(DOC, params={"period": str(YEAR)}, headers=stack.headers("city_officer"))
    assert city.json()["text"]["is_default"] is True
    denied = await gw.get(DOC, params={"period": str(YEAR), "region": "411500"}, headers=county)
    assert denied.status_code == 403
    # The city opens the county's report (the county picker).
    picked = await gw.get(DOC, params={"period": str(YEAR), "region": GUANGSHAN}, headers=stack.headers("city_leader"))
    assert "县商务局党组十分重视" in plain(picked.json()["html"])
    back = await gw.put(
        TEXT, params={"period": str(YEAR)}, json={"text": body["text"]["text"]}, headers={**county, "If-Match": '"1"'}
    )
    assert back.status_code == 200


#: Words of 信阳's report a 南阳 report never shows: the city, its districts and counties, its products and projects.
XINYANG_WORDS = ("信阳", "浉河", "平桥", "羊山", "光山", "息县", "大别山", "“1+1”", "茶叶", "乌兹别克斯坦")


async def test_a_nanyang_officer_reads_nanyangs_report(gw, stack):
    nanyang = stack.headers("city_officer", "411300", subject="user:nanyang")
    resp = await gw.get(DOC, params={"period": str(YEAR)}, headers=nanyang)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["region_name"] == "南阳市" and body["title"] == "南阳市商务局“万人助万企”活动开展情况汇报"
    assert body["text"]["is_default"] is True
    for text in (plain(body["html"]), body["text"]["text"]):
        assert not [w for w in XINYANG_WORDS if w in text], [w for w in XINYANG_WORDS if w in text]
    html_text = plain(body["html"])
    assert "现将南阳市商务局“万人助万企”活动开展情况汇报如下" in html_text
    assert "“河南省出口商品网上展示交易会”" in html_text and "市商务局牵头推进农产品现代物流体系建设" in html_text
    docx = docx_text((await gw.get(DOCX, params={"period": str(YEAR)}, headers=nanyang)).content)
    assert "南阳市商务局" in docx and not [w for w in XINYANG_WORDS if w in docx]
    # A county of 南阳 reads its own words; 信阳's officer does not reach 南阳's report, nor 南阳's 信阳's.
    county = await gw.get(DOC, params={"period": str(YEAR)}, headers=stack.headers("county_officer", "411321"))
    assert county.json()["title"] == "南召县商务局“万人助万企”活动开展情况汇报"
    county_text = plain(county.json()["html"])
    assert "县商务局牵头推进农产品现代物流体系建设" in county_text
    assert not [w for w in XINYANG_WORDS if w in county_text]
    denied = await gw.get(DOC, params={"period": str(YEAR), "region": "411300"}, headers=stack.headers("city_officer"))
    assert denied.status_code == 403 and denied.json()["errors"][0]["field"] == "region"
    other = await gw.get(DOC, params={"period": str(YEAR), "region": "411500"}, headers=nanyang)
    assert other.status_code == 403


def test_the_default_text_follows_the_region():
    xinyang = template.default_template("annual")
    assert xinyang == template.default_template("annual", city_code="411500") == template.ANNUAL_TEMPLATE
    assert "大别山农产品现代物流中心" in xinyang and "“1+1”" in xinyang
    nanyang = template.default_template("annual", city_code="411300")
    assert not [w for w in XINYANG_WORDS if w in nanyang]
    # Every placeholder of 信阳's text is in every city's (and county's) text too.
    for county in (False, True):
        own = template.default_template("annual", city_code="411300", county=county)
        assert set(template.PLACEHOLDER.findall(xinyang)) == set(template.PLACEHOLDER.findall(own))
    province = template.default_template("annual", city_code=None, province=True)
    assert province.splitlines()[0] == "{{region_name}}商务厅“万人助万企”活动开展情况汇报"
    assert "市商务局" not in province and "我市" not in province and "大别山" not in province
    short = template.default_template("short", city_code="411300")
    assert "监管出口货物" in short and "茶叶" not in short
