"""Revisit links: issued with the approval, superseded, single-use, expiring by the 系统参数, and the rating they
carry running through the same lifecycle code (audit, KPIs, reopen after 不满意)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import _make_app
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from test_case_support import ENTERPRISE_USCC, GUANGSHAN, CaseAction, CaseState, Clock, Driver, case_fixtures, local

from case_service.core import SCHEMA, AuditLog
from case_service.enterprise.models import Enterprise
from case_service.notification.models import SendLog
from case_service.revisit_link import service as links
from case_service.revisit_link.models import RevisitLink
from platform_core.db import Database
from platform_core.delivery import SMS, Message
from platform_core.route_properties import isolated_database

globals().update(case_fixtures())

S, A = CaseState, CaseAction
PUBLIC = "/api/v1/public/revisits"
SERVICE_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def fresh(app):
    """Each test starts with no parameter value cached (case ids repeat after a rollback)."""
    app.state.parameters.forget()
    yield
    app.state.parameters.forget()


async def texts(session: AsyncSession, case_id: int) -> list[SendLog]:
    """The SMS rows the send log holds for a case's revisit links, oldest first (the one path every SMS takes)."""
    stmt = select(SendLog).where(SendLog.channel == SMS, SendLog.message_key.startswith(f"revisit:{case_id}:"))
    return list(await session.scalars(stmt.order_by(SendLog.id)))


def token_of(text: str) -> str:
    """The token of the link an SMS carries."""
    return text.rsplit("/m/revisit/", 1)[1]


async def sms_links(session: AsyncSession, case_id: int) -> list[str]:
    """The tokens texted for a case, oldest first."""
    return [token_of(row.text) for row in await texts(session, case_id)]


async def resolved(driver: Driver, session: AsyncSession) -> tuple[dict[str, Any], str]:
    """A case just approved, and the token of the link its contact was texted."""
    case = await driver.to_state(S.RESOLVED)
    tokens = await sms_links(session, case["id"])
    assert len(tokens) == 1
    return case, tokens[-1]


async def test_approval_issues_a_link_to_the_contact_and_the_enterprise_inbox(client, driver, session, clock):
    case, token = await resolved(driver, session)
    (sms,) = await texts(session, case["id"])
    assert sms.address == "13900001111" and sms.recipient == f"contact:{ENTERPRISE_USCC}"
    assert sms.message_key == f"revisit:{case['id']}:1" and sms.status == "pending"
    assert f"http://service/m/revisit/{token}" in sms.text
    assert case["case_no"] in sms.text
    row = await session.scalar(select(RevisitLink).where(RevisitLink.case_id == case["id"]))
    assert row is not None
    # Only the hash is kept, and the phone masked.
    assert row.token_hash == links.hash_token(token) and token not in row.token_hash
    assert row.phone_masked == "139****1111"
    assert row.expires_at - row.created_at == timedelta(days=7)
    inbox = await client.get("/api/v1/notifications", headers=driver.roles["enterprise"])
    assert inbox.status_code == 200, inbox.text
    bodies = [n["body"] or "" for n in inbox.json()["items"] if n["case_id"] == case["id"]]
    assert any(f"/m/revisit/{token}" in b for b in bodies)
    issued = await session.scalar(
        select(AuditLog).where(AuditLog.action == "revisit_link.issue", AuditLog.entity_id == str(row.id))
    )
    assert issued is not None and issued.actor.startswith("user:")


async def test_the_summary_shows_no_officer_and_the_state(client, driver, session):
    case, token = await resolved(driver, session)
    resp = await client.get(f"{PUBLIC}/{token}")
    assert resp.status_code == 200, resp.text
    data = resp.json()
    assert data["state"] == "valid"
    assert data["case"] == {
        "case_no": case["case_no"],
        "title": case["title"],
        "enterprise_name": "光山县茶业有限公司",
        "lead_unit_name": "市自然资源和规划局",
        "resolved_at": data["case"]["resolved_at"],
        "result": "已协调解决用地指标20亩",
    }
    assert [(c["code"], c["label"]) for c in data["choices"]] == [
        ("satisfied", "满意"),
        ("basically_satisfied", "基本满意"),
        ("dissatisfied", "不满意"),
    ]
    assert "13900001111" not in resp.text and "王建国" not in resp.text
    assert (await client.get(f"{PUBLIC}/not-a-token")).status_code == 404
    missing = await client.post(f"{PUBLIC}/not-a-token", json={"satisfaction": "satisfied"})
    assert missing.status_code == 404


async def test_rating_by_link_visits_the_case_once_and_is_audited(client, driver, session):
    case, token = await resolved(driver, session)
    resp = await client.post(f"{PUBLIC}/{token}", json={"satisfaction": "satisfied", "comment": "办理及时，很满意"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["state"] == "used" and resp.json()["satisfaction"] == "satisfied"
    detail = await driver.detail(case["id"])
    assert detail["state"] == "VISITED"
    assert detail["satisfaction"] == "satisfied" and detail["satisfaction_comment"] == "办理及时，很满意"
    again = await client.post(f"{PUBLIC}/{token}", json={"satisfaction": "dissatisfied"})
    assert again.status_code == 410
    assert again.json()["detail"] == "链接已使用"
    assert (await client.get(f"{PUBLIC}/{token}")).json()["state"] == "used"
    entry = await session.scalar(
        select(AuditLog).where(AuditLog.action == "case.revisit", AuditLog.entity_id == str(case["id"]))
    )
    assert entry is not None
    assert entry.actor.startswith("revisit-link:") and entry.actor_name == "光山县茶业有限公司"
    events = (await client.get(f"/api/v1/cases/{case['id']}/events", headers=driver.roles["guangshan"])).json()
    assert any(e["action"] == "revisit" and e["actor_name"] == "光山县茶业有限公司" for e in events["items"])


async def test_two_submits_of_one_link_give_one_rating(client, driver, session, clock):
    case, token = await resolved(driver, session)
    link = await links.find_link(session, token)
    assert link is not None
    # The conditional UPDATE is what serialises concurrent submits: the second finds the row taken.
    assert await links.claim(session, link, now=clock(), ip="203.0.113.1") is True
    assert await links.claim(session, link, now=clock(), ip="203.0.113.2") is False
    await session.refresh(link)
    assert link.used_ip == "203.0.113.1"
    second = await client.post(f"{PUBLIC}/{token}", json={"satisfaction": "satisfied"})
    assert second.status_code == 410 and second.json()["detail"] == "链接已使用"
    assert (await driver.detail(case["id"]))["state"] == "RESOLVED"


async def test_concurrent_submits_of_one_link_give_one_200_and_one_410(tokens, regions, case_roles, tmp_path):
    # Real transactions on a database of its own: both submits read the link as valid, one claims it.
    async with isolated_database(SERVICE_ROOT, SCHEMA, tmp_path) as db:
        app = _make_app(db, tokens.verifier)
        async with db.session() as s:
            s.add(
                Enterprise(
                    uscc=ENTERPRISE_USCC,
                    name="光山县茶业有限公司",
                    region_code=GUANGSHAN,
                    region_path=regions.path_of(GUANGSHAN),
                    contact_phone="13900001111",
                )
            )
            await s.commit()
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service") as client:
            driver = Driver(client, case_roles, app)
            case = await driver.to_state(S.RESOLVED)
            await app.state.delivery.settle()
            async with db.session(write=False) as s:
                token = (await sms_links(s, case["id"]))[-1]
            bodies = [{"satisfaction": "satisfied"}, {"satisfaction": "dissatisfied"}]
            answers = await asyncio.gather(*(client.post(f"{PUBLIC}/{token}", json=b) for b in bodies))
            assert sorted(r.status_code for r in answers) == [200, 410], [r.text for r in answers]
            winner = next(r for r in answers if r.status_code == 200).json()["satisfaction"]
            loser = next(r for r in answers if r.status_code == 410)
            assert loser.json()["detail"] == "链接已使用"
            detail = await driver.detail(case["id"])
            assert detail["state"] == "VISITED" and detail["satisfaction"] == winner
            events = (await client.get(f"/api/v1/cases/{case['id']}/events", headers=case_roles["guangshan"])).json()
            assert [e["action"] for e in events["items"]].count("revisit") == 1


async def test_a_link_expires_after_the_parameter_days(client, driver, clock, roles, session):
    edit = await client.put(
        "/api/v1/parameters/case/revisit_link_days",
        json={"value": 2},
        headers={**roles["admin"], "If-Match": '"0"'},
    )
    assert edit.status_code == 200, edit.text
    case, token = await resolved(driver, session)
    clock.advance(days=1, hours=23)
    assert (await client.get(f"{PUBLIC}/{token}")).json()["state"] == "valid"
    clock.advance(hours=2)
    assert (await client.get(f"{PUBLIC}/{token}")).json()["state"] == "expired"
    resp = await client.post(f"{PUBLIC}/{token}", json={"satisfaction": "satisfied"})
    assert resp.status_code == 410 and resp.json()["detail"] == "链接已过期"
    assert (await driver.detail(case["id"]))["state"] == "RESOLVED"


async def test_a_new_approval_supersedes_the_unused_link(client, driver, session):
    case, first = await resolved(driver, session)
    # The officer records the revisit by phone, then reopens after 不满意; the next approval sends a new link.
    await driver.act(case["id"], A.REVISIT, role="guangshan", satisfaction="dissatisfied")
    assert (await client.post(f"{PUBLIC}/{first}", json={"satisfaction": "satisfied"})).status_code == 409
    await driver.act(case["id"], A.REOPEN)
    await driver.act(case["id"], A.SUBMIT_RESULT)
    await driver.act(case["id"], A.APPROVE_RESULT)
    tokens = await sms_links(session, case["id"])
    assert len(tokens) == 2 and tokens[0] == first
    assert (await client.get(f"{PUBLIC}/{first}")).json()["state"] == "used"
    assert (await client.get(f"{PUBLIC}/{tokens[1]}")).json()["state"] == "valid"


async def test_case_no_longer_awaiting_a_revisit_is_a_conflict_and_keeps_the_link(client, driver, session):
    case, token = await resolved(driver, session)
    await driver.act(case["id"], A.REVISIT, role="guangshan", satisfaction="satisfied")
    resp = await client.post(f"{PUBLIC}/{token}", json={"satisfaction": "satisfied"})
    assert resp.status_code == 409, resp.text
    assert (await client.get(f"{PUBLIC}/{token}")).json()["state"] == "valid"


async def test_dissatisfied_by_link_lets_the_officer_reopen(client, driver, session):
    case, token = await resolved(driver, session)
    resp = await client.post(f"{PUBLIC}/{token}", json={"satisfaction": "dissatisfied", "comment": "问题未解决"})
    assert resp.status_code == 200, resp.text
    detail = await driver.detail(case["id"])
    assert "reopen" in detail["allowed_actions"]
    reopened = await driver.act(case["id"], A.REOPEN)
    assert reopened["state"] == "IN_PROGRESS" and reopened["reopen_count"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"satisfaction": "great"}, "satisfaction"),
        ({}, "satisfaction"),
        ({"satisfaction": "satisfied", "comment": "长" * 501}, "comment"),
    ],
)
async def test_a_bad_rating_names_the_field(client, driver, body, field, session):
    _case, token = await resolved(driver, session)
    resp = await client.post(f"{PUBLIC}/{token}", json=body)
    assert resp.status_code == 422, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert field in {e["field"] for e in resp.json()["errors"]}
    assert (await client.get(f"{PUBLIC}/{token}")).json()["state"] == "valid"


async def test_a_rating_by_link_counts_in_the_satisfaction_kpi(client, driver, clock, roles, session):
    _case, token = await resolved(driver, session)
    resp = await client.post(f"{PUBLIC}/{token}", json={"satisfaction": "basically_satisfied"})
    assert resp.status_code == 200, resp.text
    clock.advance(hours=1)  # the figures count up to now, and the rating happened at the frozen instant
    stats = await client.get("/api/v1/cases/stats", params={"period": "2021-07"}, headers=roles["city_leader"])
    assert stats.status_code == 200, stats.text
    satisfaction = stats.json()["all"]["rates"]["satisfaction"]
    assert (satisfaction["numerator"], satisfaction["denominator"]) == (1, 1)


class FlakySms:
    """An SMS provider that fails its first `failures` sends, then records what it sends."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.sent: list[tuple[str, str]] = []

    async def send(self, address: str, subject: str, text: str) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("短信网关超时")
        self.sent.append((address, text))


@asynccontextmanager
async def committed_stack(tokens, regions, case_roles, tmp_path) -> AsyncIterator[tuple[Any, Database, Driver]]:
    """The app on a database of its own with real commits (the send log read by another connection, dispatch
    after commit), the enterprise on record, and the clock at 09:00 Beijing time."""
    async with isolated_database(SERVICE_ROOT, SCHEMA, tmp_path) as db:
        app = _make_app(db, tokens.verifier)
        app.state.clock = Clock(local(2021, 7, 1, 9, 0))
        async with db.session() as s:
            s.add(
                Enterprise(
                    uscc=ENTERPRISE_USCC,
                    name="光山县茶业有限公司",
                    region_code=GUANGSHAN,
                    region_path=regions.path_of(GUANGSHAN),
                    contact_phone="13900001111",
                )
            )
            await s.commit()
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service") as client:
            yield app, db, Driver(client, case_roles, app)
        await app.state.delivery.settle()


async def send_log(db: Database, case_id: int) -> list[SendLog]:
    """A case's revisit rows of the send log (every channel), oldest first."""
    async with db.session(write=False) as s:
        stmt = select(SendLog).where(SendLog.message_key.startswith(f"revisit:{case_id}:")).order_by(SendLog.id)
        return list(await s.scalars(stmt))


async def test_concurrent_and_replayed_approvals_text_the_contact_once(tokens, regions, case_roles, tmp_path):
    async with committed_stack(tokens, regions, case_roles, tmp_path) as (app, db, driver):
        sms = FlakySms()
        app.state.delivery.senders[SMS] = sms
        case = await driver.to_state(S.PENDING_REVIEW)
        url = f"/api/v1/cases/{case['id']}/{A.APPROVE_RESULT.value}"
        body = driver.body_for(A.APPROVE_RESULT)
        approvals = await asyncio.gather(
            *(driver.client.post(url, json=body, headers=driver.roles["guangshan"]) for _ in range(2))
        )
        assert sorted(r.status_code for r in approvals)[0] == 200
        assert [r.status_code for r in approvals].count(200) == 1, [r.text for r in approvals]
        await app.state.delivery.settle()
        rows = await send_log(db, case["id"])
        assert [(r.channel, r.recipient, r.status, r.attempts) for r in rows] == [
            ("inbox", f"enterprise:{ENTERPRISE_USCC}", "sent", 1),
            ("sms", f"contact:{ENTERPRISE_USCC}", "sent", 1),
        ]
        # Sent once, at commit, with the link the send log holds.
        assert sms.sent == [("13900001111", rows[1].text)] and "/m/revisit/" in rows[1].text
        # A retried approval (same Idempotency-Key) and a later tick send nothing more.
        key = {**driver.roles["guangshan"], "Idempotency-Key": "approve-once"}
        other = await driver.to_state(S.PENDING_REVIEW)
        other_url = f"/api/v1/cases/{other['id']}/{A.APPROVE_RESULT.value}"
        first = await driver.client.post(other_url, json=body, headers=key)
        again = await driver.client.post(other_url, json=body, headers=key)
        assert first.status_code == again.status_code == 200 and again.headers["idempotent-replayed"] == "true"
        await app.state.delivery.settle()
        assert (await app.state.delivery.dispatch(db, now=driver.now() + timedelta(hours=1))).sent == 0
        assert len(await send_log(db, other["id"])) == 2
        assert [a for a, _ in sms.sent] == ["13900001111", "13900001111"]
        # Enqueueing the same message again (a replica, a re-run) claims nothing.
        async with db.session() as s:
            row = rows[1]
            again_rows = await app.state.delivery.enqueue(
                s,
                Message(row.message_key, f"enterprise:{ENTERPRISE_USCC}", row.subject, "x", sms=row.text),
                [app.state.delivery.enterprise_contact(ENTERPRISE_USCC, "13900001111")],
                now=driver.now(),
            )
            await s.commit()
        assert again_rows == 0


async def test_a_failed_revisit_sms_is_retried_by_the_next_tick_and_given_up_at_the_limit(
    tokens, regions, case_roles, tmp_path
):
    async with committed_stack(tokens, regions, case_roles, tmp_path) as (app, db, driver):
        delivery = app.state.delivery
        sms = FlakySms(failures=1)
        delivery.senders[SMS] = sms
        case = await driver.to_state(S.RESOLVED)
        await delivery.settle()
        (row,) = [r for r in await send_log(db, case["id"]) if r.channel == SMS]
        # The send at commit failed: recorded, left for the tick.
        assert row.status == "failed" and row.attempts == 1 and "短信网关超时" in (row.error or "")
        assert sms.sent == []
        tick = await delivery.dispatch(db, now=driver.now() + timedelta(minutes=5))
        assert (tick.sent, tick.failed) == (1, 0)
        (row,) = [r for r in await send_log(db, case["id"]) if r.channel == SMS]
        assert row.status == "sent" and row.attempts == 2 and sms.sent == [("13900001111", row.text)]

        # A provider that keeps failing: retried each tick until `max_attempts`, then given up.
        down = FlakySms(failures=100)
        delivery.senders[SMS] = down
        other = await driver.to_state(S.RESOLVED)
        await delivery.settle()
        for minute in range(5, 5 * delivery.max_attempts + 5, 5):
            await delivery.dispatch(db, now=driver.now() + timedelta(minutes=minute))
        (row,) = [r for r in await send_log(db, other["id"]) if r.channel == SMS]
        assert row.status == "gave_up" and row.attempts == delivery.max_attempts and down.sent == []


async def test_a_revisit_sms_at_night_is_held_until_the_quiet_hours_end(client, driver, session, clock):
    clock.set(local(2021, 7, 1, 23, 30))
    case, token = await resolved(driver, session)
    (row,) = await texts(session, case["id"])
    # The inbox is written at once; the SMS waits for 08:00 Beijing time (the contacts' quiet hours).
    assert row.status == "held" and row.not_before == local(2021, 7, 2, 8, 0)
    inbox = await client.get("/api/v1/notifications", headers=driver.roles["enterprise"])
    assert any(f"/m/revisit/{token}" in (n["body"] or "") for n in inbox.json()["items"])
