"""政策找企业: conditions validated and audited, matching per condition in SQL, scope, idempotent pushes with
read receipts for the enterprise and its 包联 cadre, per-policy figures, and the enterprise's own list."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from sqlalchemy import delete, func, insert, select
from test_pairing_support import CITY, ENTERPRISE_USCC, GUANGSHAN, XINXIAN, if_match, uscc_for

from case_service.core import AuditLog
from case_service.enterprise.models import Enterprise
from case_service.notification.models import Notification, SendLog
from case_service.notification.reminders import write_inbox
from case_service.pairing.models import Pairing
from case_service.policy.models import PolicyDocument
from case_service.policy_match import service
from case_service.policy_match.models import PolicyPush, PolicyPushReceipt
from case_service.policy_match.schemas import PolicyConditions, PushRequest
from platform_core.auth import Principal
from platform_core.delivery import Delivery

URL = "/api/v1/policies"
HENAN = "410000"


async def add(
    session, regions, uscc, region, name, *, industry=None, size=None, is_key=False, enterprise_type=None
) -> Enterprise:
    """One enterprise in the directory."""
    ent = Enterprise(
        uscc=uscc,
        name=name,
        region_code=region,
        region_path=regions.path_of(region),
        industry=industry,
        size=size,
        is_key=is_key,
        enterprise_type=enterprise_type,
    )
    session.add(ent)
    await session.flush()
    return ent


@pytest.fixture
async def ents(session, regions) -> dict[str, Enterprise]:
    """Four enterprises: two in 光山县 (one the demo enterprise user's), two in 新县."""
    return {
        "tea": await add(
            session,
            regions,
            ENTERPRISE_USCC,
            GUANGSHAN,
            "光山县茶业有限公司",
            industry="茶叶加工",
            size="small",
            is_key=True,
            enterprise_type="private",
        ),
        "gs_mill": await add(
            session,
            regions,
            uscc_for(GUANGSHAN, "MA47K2P11"),
            GUANGSHAN,
            "光山县面粉厂",
            industry="粮油加工",
            size="medium",
            enterprise_type="state_owned",
        ),
        "xx_tea": await add(
            session, regions, uscc_for(XINXIAN, "MA47K2P12"), XINXIAN, "新县茶叶公司", industry="茶叶加工", size="micro"
        ),
        "xx_trade": await add(
            session,
            regions,
            uscc_for(XINXIAN, "MA47K2P13"),
            XINXIAN,
            "新县商贸公司",
            industry="商贸流通",
            size="large",
            is_key=True,
            enterprise_type="foreign",
        ),
    }


async def policy(session, regions, region=CITY, number="信商字〔2021〕90号") -> PolicyDocument:
    """A document issued by a region, not yet targeted."""
    doc = PolicyDocument(
        doc_number=number,
        title="关于支持茶产业发展的若干措施",
        issuer="信阳市商务局",
        issue_date=date(2021, 7, 1),
        kind="measures",
        measure_areas=[],
        region_code=region,
        region_path=regions.path_of(region),
    )
    session.add(doc)
    await session.flush()
    return doc


async def target(client, roles, doc, version=1, role="city_officer", **conditions):
    """PUT the conditions with the given version; the response."""
    return await client.put(f"{URL}/{doc.id}/conditions", json=conditions, headers=if_match(roles[role], version))


async def names(client, roles, doc, role="city_officer", **params) -> list[str]:
    got = await client.get(f"{URL}/{doc.id}/matches", params=params, headers=roles[role])
    assert got.status_code == 200, got.text
    return [i["name"] for i in got.json()["items"]]


async def test_conditions_are_validated_naming_the_field_and_audited(client, roles, session, regions):
    doc = await policy(session, regions)
    shown = await client.get(f"{URL}/{doc.id}/conditions", headers=roles["city_leader"])
    assert shown.status_code == 200 and shown.json()["targeted"] is False and shown.headers["etag"] == '"1"'

    bad = [
        ({"sizes": ["huge"]}, "sizes"),
        ({"enterprise_types": ["listed"]}, "enterprise_types"),
        ({"enterprise_types": ["private", "private"]}, "enterprise_types"),
        ({"sizes": ["small", "small"]}, "sizes"),
        ({"industries": ["茶叶加工", " 茶叶加工 "]}, "industries"),
        ({"region_codes": ["4115"]}, "region_codes"),
        ({"region_codes": ["419999"]}, "region_codes.0"),
        ({"region_codes": [GUANGSHAN, "410100"]}, "region_codes.1"),  # 郑州市 lies outside the issuing 信阳市
        ({"enterprise_type": "民营"}, "enterprise_type"),
    ]
    for body, field in bad:
        got = await target(client, roles, doc, **body)
        assert got.status_code == 422, (body, got.text)
        assert got.json()["errors"][0]["field"].startswith(field), (body, got.json())

    assert (await client.put(f"{URL}/{doc.id}/conditions", json={}, headers=roles["city_officer"])).status_code == 428
    assert (await target(client, roles, doc, role="enterprise")).status_code == 403
    ok = await target(client, roles, doc, industries=["茶叶加工"], sizes=["small"], region_codes=[GUANGSHAN])
    assert ok.status_code == 200, ok.text
    out = ok.json()
    assert out["targeted"] is True and out["region_names"] == ["光山县"] and ok.headers["etag"] == '"2"'
    assert (await target(client, roles, doc, version=1, key_enterprise=True)).status_code == 412

    entry = await session.scalar(select(AuditLog).where(AuditLog.action == "policy_conditions.update"))
    assert entry is not None and entry.entity_id == str(doc.id)
    assert entry.before == {"conditions": None}
    assert entry.after["conditions"]["industries"] == ["茶叶加工"]


async def test_matching_per_condition_with_sub_regions_and_any(client, roles, session, regions, ents):
    doc = await policy(session, regions)
    assert (await client.get(f"{URL}/{doc.id}/matches", headers=roles["city_officer"])).status_code == 409

    version = 1
    expectations = [
        ({}, {"光山县茶业有限公司", "光山县面粉厂", "新县茶叶公司", "新县商贸公司"}),
        ({"industries": ["茶叶加工"]}, {"光山县茶业有限公司", "新县茶叶公司"}),
        ({"sizes": ["large", "medium"]}, {"光山县面粉厂", "新县商贸公司"}),
        # 新县茶叶公司 has no type on record: it fits a policy only when the type is open.
        ({"enterprise_types": ["private", "foreign"]}, {"光山县茶业有限公司", "新县商贸公司"}),
        ({"enterprise_types": ["state_owned"]}, {"光山县面粉厂"}),
        ({"key_enterprise": True}, {"光山县茶业有限公司", "新县商贸公司"}),
        ({"key_enterprise": False}, {"光山县面粉厂", "新县茶叶公司"}),
        ({"region_codes": [XINXIAN]}, {"新县茶叶公司", "新县商贸公司"}),
        ({"region_codes": [CITY]}, {"光山县茶业有限公司", "光山县面粉厂", "新县茶叶公司", "新县商贸公司"}),
        ({"industries": ["茶叶加工"], "region_codes": [XINXIAN]}, {"新县茶叶公司"}),
        ({"industries": ["茶叶加工"], "sizes": ["small"], "key_enterprise": True}, {"光山县茶业有限公司"}),
        ({"industries": ["不存在的行业"]}, set()),
    ]
    for conditions, expected in expectations:
        assert (await target(client, roles, doc, version=version, **conditions)).status_code == 200
        version += 1
        assert set(await names(client, roles, doc)) == expected, conditions

    # A provincial policy aimed at the city covers the city's counties (a region covers its sub-regions).
    province = await policy(session, regions, region=HENAN, number="豫商字〔2021〕9号")
    assert (await target(client, roles, province, role="admin", region_codes=[CITY])).status_code == 403
    province.conditions = PolicyConditions(region_codes=[CITY], sizes=["micro"]).model_dump(mode="json")
    await session.flush()
    got = await client.get(f"{URL}/{province.id}/matches", headers=roles["city_officer"])
    assert [(i["name"], i["reasons"]) for i in got.json()["items"]] == [
        ("新县茶叶公司", ["规模：微型", "区域：信阳市"])
    ]

    # A county's policy never reaches the neighbouring county, whatever its conditions.
    county = await policy(session, regions, region=GUANGSHAN, number="光商字〔2021〕3号")
    county.conditions = {}
    await session.flush()
    assert set(await names(client, roles, county)) == {"光山县茶业有限公司", "光山县面粉厂"}

    # Removed enterprises are not matched.
    ents["gs_mill"].deleted_at = ents["gs_mill"].created_at
    await session.flush()
    assert set(await names(client, roles, county)) == {"光山县茶业有限公司"}


async def test_reasons_and_python_test_agree_with_the_sql(client, roles, session, regions, ents):
    doc = await policy(session, regions)
    cond = PolicyConditions(
        industries=["茶叶加工"], region_codes=[GUANGSHAN, XINXIAN], key_enterprise=True, enterprise_types=["private"]
    )
    doc.conditions = cond.model_dump(mode="json")
    await session.flush()
    got = (await client.get(f"{URL}/{doc.id}/matches", headers=roles["city_officer"])).json()
    assert [(i["name"], i["reasons"], i["enterprise_type"]) for i in got["items"]] == [
        ("光山县茶业有限公司", ["行业：茶叶加工", "类型：民营企业", "区域：光山县", "重点企业"], "private")
    ]
    by_python = {e.name for e in ents.values() if service.fits(doc, cond, regions, e)}
    assert by_python == {"光山县茶业有限公司"}


async def test_a_county_officer_sees_and_pushes_only_its_county(client, roles, session, regions, ents):
    doc = await policy(session, regions)
    doc.conditions = {}
    await session.flush()
    assert set(await names(client, roles, doc, role="guangshan")) == {"光山县茶业有限公司", "光山县面粉厂"}
    assert set(await names(client, roles, doc, role="xinxian")) == {"新县茶叶公司", "新县商贸公司"}
    # Naming an enterprise of another county pushes nothing.
    other = await client.post(
        f"{URL}/{doc.id}/pushes", json={"usccs": [ents["xx_tea"].uscc]}, headers=roles["guangshan"]
    )
    assert other.status_code == 200 and other.json()["pushed"] == 0
    mine = await client.post(f"{URL}/{doc.id}/pushes", json={}, headers=roles["guangshan"])
    assert mine.json()["pushed"] == 2
    stats = (await client.get(f"{URL}/{doc.id}/push-statistics", headers=roles["xinxian"])).json()
    assert stats["matched"] == 2 and stats["pushed"] == 0
    city = (await client.get(f"{URL}/{doc.id}/push-statistics", headers=roles["city_leader"])).json()
    assert city["matched"] == 4 and city["pushed"] == 2
    assert city["push_rate"] == {"numerator": 2, "denominator": 4, "percent": 50.0}


async def test_push_notifies_enterprise_and_cadre_once_and_records_receipts(client, roles, session, regions, ents):
    doc = await policy(session, regions)
    doc.conditions = PolicyConditions(industries=["茶叶加工"]).model_dump(mode="json")
    session.add_all(
        [
            Pairing(
                user_id=3,
                person_name="张光山",
                enterprise_uscc=ENTERPRISE_USCC,
                kind="chief_service_officer",
                start_date=date(2021, 1, 1),
            ),
            # An ended pairing is not notified.
            Pairing(
                user_id=9,
                person_name="王强",
                enterprise_uscc=ENTERPRISE_USCC,
                kind="service_commissioner",
                start_date=date(2021, 1, 1),
                end_date=date(2021, 12, 31),
            ),
        ]
    )
    await session.flush()
    h = {**roles["city_officer"], "Idempotency-Key": "push-tea"}
    first = await client.post(f"{URL}/{doc.id}/pushes", json={}, headers=h)
    assert first.status_code == 200, first.text
    assert first.json() == {"policy_id": doc.id, "pushed": 2, "already_pushed": 0, "notices": 3}
    replay = await client.post(f"{URL}/{doc.id}/pushes", json={}, headers=h)
    assert replay.json() == first.json() and replay.headers["idempotent-replayed"] == "true"
    again = await client.post(f"{URL}/{doc.id}/pushes", json={}, headers=roles["city_officer"])
    assert again.json() == {"policy_id": doc.id, "pushed": 0, "already_pushed": 2, "notices": 0}

    inbox = await session.scalars(select(Notification.recipient).where(Notification.kind == "policy"))
    assert sorted(inbox) == sorted([f"enterprise:{ENTERPRISE_USCC}", f"enterprise:{ents['xx_tea'].uscc}", "user:3"])
    receipts = (await session.execute(select(PolicyPushReceipt.recipient, PolicyPushReceipt.role))).all()
    assert sorted(receipts) == sorted(
        [
            (f"enterprise:{ENTERPRISE_USCC}", "enterprise"),
            (f"enterprise:{ents['xx_tea'].uscc}", "enterprise"),
            ("user:3", "cadre"),
        ]
    )
    # The enterprise user reads the notice in its inbox.
    notes = await client.get("/api/v1/notifications", headers=roles["enterprise"])
    assert [n["title"] for n in notes.json()["items"]] == [f"政策推送：{doc.title}"]
    pushes = await session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "policy.push"))
    assert pushes == 2  # the two pushes that ran (the replay did not)


async def test_read_receipts_for_me_and_statistics(client, roles, session, regions, headers, ents):
    older = await policy(session, regions, number="信商字〔2021〕80号")
    older.issue_date = date(2021, 3, 1)
    older.conditions = {}
    doc = await policy(session, regions)
    doc.conditions = PolicyConditions(industries=["茶叶加工"]).model_dump(mode="json")
    untargeted = await policy(session, regions, number="信商字〔2021〕81号")
    other_county = await policy(session, regions, region=XINXIAN, number="新商字〔2021〕1号")
    other_county.conditions = {}
    session.add(
        Pairing(
            user_id=3, person_name="张光山", enterprise_uscc=ENTERPRISE_USCC, kind="leader", start_date=date(2021, 1, 1)
        )
    )
    await session.flush()
    assert (await client.post(f"{URL}/{doc.id}/pushes", json={}, headers=roles["city_officer"])).status_code == 200

    mine = await client.get(f"{URL}/for-me", headers=roles["enterprise"])
    assert mine.status_code == 200, mine.text
    items = mine.json()["items"]
    assert [(i["policy_id"], i["unread"]) for i in items] == [(doc.id, True), (older.id, False)]
    assert items[0]["reasons"] == ["行业：茶叶加工"] and untargeted.id not in {i["policy_id"] for i in items}
    assert (await client.get(f"{URL}/for-me", headers=roles["city_officer"])).status_code == 403

    opened = await client.post(f"{URL}/{doc.id}/read", headers=roles["enterprise"])
    assert opened.json() == {"policy_id": doc.id, "marked": 1}
    assert (await client.post(f"{URL}/{doc.id}/read", headers=roles["enterprise"])).json()["marked"] == 0
    items = (await client.get(f"{URL}/for-me", headers=roles["enterprise"])).json()["items"]
    assert items[0]["unread"] is False

    stats = (await client.get(f"{URL}/{doc.id}/push-statistics", headers=roles["city_leader"])).json()
    assert (stats["matched"], stats["pushed"], stats["read"]) == (2, 2, 1)
    assert stats["read_rate"] == {"numerator": 1, "denominator": 2, "percent": 50.0}
    assert stats["cadre_read_rate"] == {"numerator": 0, "denominator": 1, "percent": 0.0}
    assert [(r["region_code"], r["matched"], r["pushed"], r["read"]) for r in stats["by_region"]] == [
        (GUANGSHAN, 1, 1, 1),
        (XINXIAN, 1, 1, 0),
    ]

    # The 包联 cadre opens the policy: the cadre's receipt is read.
    cadre = headers("county_officer", GUANGSHAN, subject="user:3")
    assert (await client.post(f"{URL}/{doc.id}/read", headers=cadre)).json()["marked"] == 1
    stats = (await client.get(f"{URL}/{doc.id}/push-statistics", headers=roles["city_leader"])).json()
    assert stats["cadre_read_rate"] == {"numerator": 1, "denominator": 1, "percent": 100.0}
    matches = (await client.get(f"{URL}/{doc.id}/matches", headers=roles["city_officer"])).json()["items"]
    assert [(m["name"], m["pushed_at"] is not None, m["read_at"] is not None) for m in matches] == [
        ("光山县茶业有限公司", True, True),
        ("新县茶叶公司", True, False),
    ]
    unread = await client.get(f"{URL}/{doc.id}/matches", params={"pushed": "false"}, headers=roles["city_officer"])
    assert unread.json()["total"] == 0
    assert await session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "policy.read")) == 2


async def test_matching_pages_through_thousands_of_enterprises_in_sql(client, roles, session, regions):
    rows = [
        {
            "uscc": f"9141152{i:011d}",
            "name": f"企业{i:05d}",
            "region_code": GUANGSHAN if i % 2 else XINXIAN,
            "region_path": regions.path_of(GUANGSHAN if i % 2 else XINXIAN),
            "industry": ("茶叶加工", "粮油加工", "商贸流通")[i % 3],
            "size": ("small", "micro")[i % 2],
            "is_key": i % 5 == 0,
            "version": 1,
        }
        for i in range(3000)
    ]
    await session.execute(insert(Enterprise), rows)
    doc = await policy(session, regions)
    doc.conditions = PolicyConditions(
        industries=["茶叶加工"], region_codes=[GUANGSHAN], key_enterprise=True
    ).model_dump(mode="json")
    await session.flush()
    expected = sorted(
        r["uscc"] for r in rows if r["industry"] == "茶叶加工" and r["region_code"] == GUANGSHAN and r["is_key"]
    )
    seen: list[str] = []
    for page in (1, 2, 3):
        got = await client.get(
            f"{URL}/{doc.id}/matches", params={"page": page, "page_size": 50}, headers=roles["city_officer"]
        )
        body = got.json()
        assert body["total"] == len(expected) == 100
        seen += [i["uscc"] for i in body["items"]]
    assert sorted(seen) == expected
    pushed = await client.post(f"{URL}/{doc.id}/pushes", json={}, headers=roles["city_officer"])
    assert pushed.json()["pushed"] == 100 and pushed.json()["notices"] == 100


async def test_concurrent_pushes_notify_each_enterprise_once(database, regions):
    """Two pushes of one policy racing on their own connections: every enterprise is pushed and noticed once."""
    async with database.session() as s:
        ents = [
            Enterprise(
                uscc=uscc_for(GUANGSHAN, f"MA47K3P{i:02d}"),
                name=f"并发企业{i}",
                region_code=GUANGSHAN,
                region_path=regions.path_of(GUANGSHAN),
                industry="并发测试行业",
            )
            for i in range(20)
        ]
        doc = PolicyDocument(
            doc_number="信商字〔2021〕99号",
            title="并发推送",
            issuer="信阳市商务局",
            issue_date=date(2021, 7, 1),
            kind="notice",
            measure_areas=[],
            region_code=CITY,
            region_path=regions.path_of(CITY),
            conditions=PolicyConditions(industries=["并发测试行业"]).model_dump(mode="json"),
        )
        s.add_all([*ents, doc])
        await s.commit()
        doc_id = doc.id
    officer = Principal(
        subject="user:2",
        kind="user",
        name="officer",
        roles=frozenset({"city_officer"}),
        permissions=frozenset({"case:policy:manage"}),
        data_scopes=frozenset({"REGION_AND_BELOW"}),
        region_code=CITY,
        region_path=regions.path_of(CITY),
    )

    delivery = Delivery(SendLog, inbox=write_inbox)

    async def one() -> tuple[int, int, int]:
        async with database.session() as s:
            row = await s.get(PolicyDocument, doc_id)
            out = await service.push_policy(
                s, principal=officer, regions=regions, doc=row, data=PushRequest(), delivery=delivery
            )
            await s.commit()
            return out

    try:
        results = await asyncio.gather(one(), one())
        assert sum(r[0] for r in results) == 20 and sum(r[2] for r in results) == 20
        # Each enterprise's notice is in the send log once, and a retried push adds nothing.
        assert await one() == (0, 20, 0)
        async with database.session() as s:
            logged = (
                await s.execute(
                    select(SendLog.channel, SendLog.recipient).where(SendLog.message_key == service.push_key(doc_id))
                )
            ).all()
            assert sorted(logged) == sorted(("inbox", f"enterprise:{e.uscc}") for e in ents)
        async with database.session() as s:
            assert await s.scalar(select(func.count()).where(PolicyPush.policy_id == doc_id)) == 20
            assert (
                await s.scalar(
                    select(func.count()).where(
                        Notification.kind == "policy", Notification.title == "政策推送：并发推送"
                    )
                )
                == 20
            )
    finally:
        async with database.session() as s:
            await s.execute(delete(Notification).where(Notification.title == "政策推送：并发推送"))
            await s.execute(delete(SendLog).where(SendLog.message_key == service.push_key(doc_id)))
            await s.execute(delete(PolicyDocument).where(PolicyDocument.id == doc_id))
            await s.execute(delete(Enterprise).where(Enterprise.industry == "并发测试行业"))
            await s.execute(delete(AuditLog).where(AuditLog.entity_id == str(doc_id), AuditLog.action == "policy.push"))
            await s.commit()


async def test_a_cadre_of_several_enterprises_hears_of_a_policy_once(client, roles, session, regions, ents):
    doc = await policy(session, regions)
    doc.conditions = PolicyConditions(industries=["茶叶加工"]).model_dump(mode="json")
    session.add_all(
        [
            Pairing(
                user_id=3,
                person_name="张光山",
                enterprise_uscc=uscc,
                kind="service_commissioner",
                start_date=date(2021, 1, 1),
            )
            for uscc in (ENTERPRISE_USCC, ents["xx_tea"].uscc)
        ]
    )
    await session.flush()
    # Pushed one enterprise at a time: each enterprise once, the cadre once (one send-log row per inbox).
    for uscc in (ENTERPRISE_USCC, ents["xx_tea"].uscc, ENTERPRISE_USCC):
        resp = await client.post(f"{URL}/{doc.id}/pushes", json={"usccs": [uscc]}, headers=roles["city_officer"])
        assert resp.status_code == 200, resp.text
    logged = (
        await session.execute(
            select(SendLog.channel, SendLog.recipient, SendLog.status).where(
                SendLog.message_key == service.push_key(doc.id)
            )
        )
    ).all()
    assert sorted(logged) == sorted(
        [
            ("inbox", f"enterprise:{ENTERPRISE_USCC}", "sent"),
            ("inbox", f"enterprise:{ents['xx_tea'].uscc}", "sent"),
            ("inbox", "user:3", "sent"),
        ]
    )
    inbox = await session.scalars(select(Notification.recipient).where(Notification.kind == "policy"))
    assert sorted(inbox) == sorted([f"enterprise:{ENTERPRISE_USCC}", f"enterprise:{ents['xx_tea'].uscc}", "user:3"])
    # Both pushes keep their cadre receipt (the statistics count them per enterprise).
    cadre = await session.scalar(select(func.count()).where(PolicyPushReceipt.role == "cadre"))
    assert cadre == 2


async def test_deleting_a_pushed_policy_removes_its_pushes_and_receipts(client, roles, session, regions, ents):
    doc = await policy(session, regions)
    doc.conditions = {}
    await session.flush()
    assert (await client.post(f"{URL}/{doc.id}/pushes", json={}, headers=roles["city_officer"])).json()["pushed"] == 4
    gone = await client.delete(f"{URL}/{doc.id}", headers=if_match(roles["city_officer"], doc.version))
    assert gone.status_code == 204, gone.text
    assert await session.scalar(select(func.count()).select_from(PolicyPush)) == 0
    assert await session.scalar(select(func.count()).select_from(PolicyPushReceipt)) == 0
