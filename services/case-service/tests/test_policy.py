"""Policy documents: number normalisation, CRUD with ETag and idempotency, audit, and who reads which document."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from test_pairing_support import CITY, GUANGSHAN, ROLES, XINXIAN, if_match, province_headers

from case_service.core import AuditLog
from case_service.policy.models import PolicyDocument
from case_service.policy.schemas import normalise_doc_number

URL = "/api/v1/policies"
AREAS_2021 = [
    "建立协同联动机制",
    "强化项目资金支持",
    "帮助企业应对融资难题",
    "深入推进招商引资",
    "深入开展“千家外企大走访”活动",
    "助力企业开拓市场",
    "支持外贸新业态发展",
    "围绕惠企利民促消费优化服务",
    "促进商贸流通企业健康发展",
    "促进对外投资和经济合作高质量发展",
    "加大企业涉外法律援助和培训力度",
]


def body(**kw) -> dict:
    data = {
        "doc_number": "X商字〔2021〕82号",
        "title": "“万人助万企”活动信阳市商务局实施方案",
        "issuer": "信阳市商务局",
        "issue_date": "2021-06-16",
        "kind": "implementation_plan",
        "region_code": CITY,
    }
    data.update(kw)
    return data


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("X商字〔2021〕82号", "X商字〔2021〕82号"),
        ("X商字[2021]82号", "X商字〔2021〕82号"),
        ("X商字（2021）82号", "X商字〔2021〕82号"),
        (" X商字 ［2021］ 82号 ", "X商字〔2021〕82号"),
    ],
)
def test_document_numbers_are_normalised(raw, expected):
    assert normalise_doc_number(raw) == expected


@pytest.mark.parametrize("raw", ["82号", "X商字2021年82号", "X商字〔21〕82号", "X商字〔2021〕号"])
def test_malformed_document_numbers_are_refused(raw):
    with pytest.raises(ValueError, match="文号格式"):
        normalise_doc_number(raw)


async def test_crud_with_etag_idempotency_and_audit(client, roles, session):
    h = {**roles["city_officer"], "Idempotency-Key": "plan"}
    created = await client.post(URL, json=body(doc_number="X商字[2021]82号"), headers=h)
    assert created.status_code == 201, created.text
    out = created.json()
    assert out["doc_number"] == "X商字〔2021〕82号" and out["doc_year"] == 2021 and out["kind_label"] == "实施方案"
    assert out["region_name"] == "信阳市" and created.headers["etag"] == '"1"'
    replay = await client.post(URL, json=body(doc_number="X商字[2021]82号"), headers=h)
    assert replay.json() == out and replay.headers["idempotent-replayed"] == "true"

    url = f"{URL}/{out['id']}"
    measures = {"kind": "measures", "measure_areas": AREAS_2021}
    assert (await client.patch(url, json=measures, headers=roles["city_officer"])).status_code == 428
    changed = await client.patch(url, json=measures, headers=if_match(roles["city_officer"], 1))
    assert changed.status_code == 200 and changed.json()["measure_area_count"] == 11
    assert (
        await client.patch(url, json={"title": "再改"}, headers=if_match(roles["city_officer"], 1))
    ).status_code == 412
    assert (await client.delete(url, headers=if_match(roles["city_officer"], 2))).status_code == 204
    assert (await client.get(url, headers=roles["city_officer"])).status_code == 404
    entries = (await session.scalars(select(AuditLog).where(AuditLog.entity_type == "policy_document"))).all()
    assert [e.action for e in entries] == ["policy.create", "policy.update", "policy.delete"]
    assert entries[1].after["measure_areas"] == AREAS_2021 and entries[2].before["doc_number"] == "X商字〔2021〕82号"


async def test_validation_and_duplicates(client, roles):
    h = roles["city_officer"]
    assert (await client.post(URL, json=body(), headers=h)).status_code == 201
    dup = await client.post(URL, json=body(doc_number="X商字[2021]82号", title="另一份文件"), headers=h)
    assert dup.status_code == 409 and dup.json()["errors"][0]["field"] == "doc_number"
    bad = await client.post(URL, json=body(doc_number="第82号"), headers=h)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "doc_number"
    repeated = await client.post(URL, json=body(doc_number="X商字〔2021〕83号", measure_areas=["a1", "a1"]), headers=h)
    assert repeated.status_code == 422 and repeated.json()["errors"][0]["field"] == "measure_areas"
    region = await client.post(URL, json=body(doc_number="X商字〔2021〕84号", region_code="999999"), headers=h)
    assert region.status_code == 422 and region.json()["errors"][0]["field"] == "region_code"


async def test_filters(client, roles):
    h = roles["city_officer"]
    await client.post(URL, json=body(), headers=h)
    await client.post(
        URL,
        json=body(doc_number="X商字〔2021〕95号", title="若干措施", kind="measures", measure_areas=AREAS_2021),
        headers=h,
    )
    await client.post(
        URL, json=body(doc_number="X商字〔2022〕3号", title="通知", kind="notice", issue_date="2022-01-05"), headers=h
    )

    async def numbers(**params) -> list[str]:
        resp = await client.get(URL, params=params, headers=h)
        assert resp.status_code == 200, resp.text
        return [i["doc_number"] for i in resp.json()["items"]]

    assert await numbers() == ["X商字〔2022〕3号", "X商字〔2021〕95号", "X商字〔2021〕82号"]
    assert await numbers(year=2021, kind="measures") == ["X商字〔2021〕95号"]
    assert await numbers(q="82") == ["X商字〔2021〕82号"]
    assert await numbers(sort="doc_number") == sorted(await numbers())


@pytest.fixture
async def three_documents(session, regions):
    """A provincial, a city and a county (光山) document, and one of 新县."""
    rows = {}
    for key, region, number in (
        ("province", "410000", "豫商〔2021〕1号"),
        ("city", CITY, "X商字〔2021〕82号"),
        ("gs", GUANGSHAN, "光商〔2021〕5号"),
        ("xx", XINXIAN, "新商〔2021〕7号"),
    ):
        doc = PolicyDocument(
            doc_number=number,
            title=f"{key} 文件",
            issuer="商务局",
            issue_date=date(2021, 6, 1),
            kind="notice",
            measure_areas=[],
            region_code=region,
            region_path=regions.path_of(region),
        )
        session.add(doc)
        rows[key] = doc
    await session.flush()
    return {k: d.id for k, d in rows.items()}


# role: documents it reads (its scope, plus everything issued above its own region); None = 403
READS: dict[str, set[str] | None] = {
    "city_leader": {"province", "city", "gs", "xx"},
    "city_officer": {"province", "city", "gs", "xx"},
    "guangshan": {"province", "city", "gs"},
    "xinxian": {"province", "city", "xx"},
    "unit": {"province", "city"},
    "enterprise": {"province", "city", "gs"},
    "admin": None,
    "auditor": None,
    "province": None,
}
# role: documents it may change
WRITES: dict[str, set[str]] = {
    "city_officer": {"city", "gs", "xx"},
    "guangshan": {"gs"},
    "xinxian": {"xx"},
}


@pytest.mark.parametrize("role", ROLES)
async def test_scope_matrix(client, roles, tokens, regions, three_documents, role):
    h = roles[role] if role != "province" else province_headers(tokens, regions)
    listed = await client.get(URL, headers=h)
    expected = READS[role]
    if expected is None:
        assert listed.status_code == 403
    else:
        ids = {i["id"] for i in listed.json()["items"]}
        assert {k for k, v in three_documents.items() if v in ids} == expected
        for key, doc_id in three_documents.items():
            status = (await client.get(f"{URL}/{doc_id}", headers=h)).status_code
            assert status == (200 if key in expected else 404), key
    for key, doc_id in three_documents.items():
        resp = await client.patch(f"{URL}/{doc_id}", json={"summary": "摘要"}, headers=if_match(h, 1))
        if key in WRITES.get(role, set()):
            assert resp.status_code == 200, (key, resp.text)
        elif expected is None or role in ("city_leader", "unit", "enterprise"):
            assert resp.status_code == 403, key  # no manage permission
        elif key in expected:
            assert resp.status_code == 403 and resp.json()["code"] == "out_of_scope", key  # reads it, issued above
        else:
            assert resp.status_code == 404, key
