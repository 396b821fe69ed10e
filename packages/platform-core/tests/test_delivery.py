"""The notification interface: each message sent once per channel and recipient (two replicas, a repeated tick),
quiet hours hold and release, preferences respected, failures retried within a limit, e-mail over real SMTP; on
SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

import asyncio
import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core.db import Database, make_base
from platform_core.delivery import (
    EMAIL,
    INBOX,
    SMS,
    Contact,
    Delivery,
    DeliverySettings,
    LoggingSmsProvider,
    Message,
    SendLogMixin,
    SmtpSender,
    parse_quiet_hours,
    quiet_until,
)
from platform_core.testing import scratch_tables
from platform_core.testing import test_database_url as database_url

SCHEMA = f"delivery_{uuid.uuid4().hex[:8]}"
Base = make_base(SCHEMA)


class SendLog(SendLogMixin, Base):
    pass


# 10:00 in Shanghai
NOON = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
PERSON = Contact("user:7", "张三", "zs@example.cn", "13812345678", frozenset({INBOX, EMAIL, SMS}))


class Recorder:
    """A channel that records what it sent (optionally failing the first times)."""

    def __init__(self, fail_times: int = 0) -> None:
        self.sent: list[tuple[str, str]] = []
        self.fail_times = fail_times

    async def send(self, address: str, subject: str, text: str) -> None:
        await asyncio.sleep(0.01)  # lets a concurrent dispatcher interleave
        if self.fail_times:
            self.fail_times -= 1
            raise ConnectionError("短信网关超时")
        self.sent.append((address, subject))


@pytest.fixture
async def replicas(tmp_path):
    url = database_url(tmp_path, "delivery")
    async with scratch_tables(url, SCHEMA, Base.metadata) as first:
        second = Database(url, SCHEMA)
        yield first, second
        await second.dispose()


def make_delivery(inbox_rows: list[str], email=None, sms=None, max_attempts: int = 3) -> Delivery:
    async def inbox(_session: AsyncSession, messages) -> None:
        inbox_rows.extend(f"{m.recipient}:{m.key}" for m in messages)

    return Delivery(SendLog, inbox=inbox, email=email, sms=sms, max_attempts=max_attempts)


async def enqueue(db: Database, delivery: Delivery, message: Message, contacts, now=NOON) -> int:
    async with db.session() as session:
        n = await delivery.enqueue(session, message, contacts, now=now)
        await session.commit()
        return n


async def rows(db: Database) -> list[SendLog]:
    async with db.session(write=False) as session:
        return list((await session.scalars(select(SendLog).order_by(SendLog.id))).all())


async def test_two_replicas_enqueue_and_dispatch_one_message_once(replicas):
    one, two = replicas
    inbox: list[str] = []
    email, sms = Recorder(), Recorder()
    a, b = make_delivery(inbox, email, sms), make_delivery(inbox, email, sms)
    message = Message("case:1:overdue:2026-12-07T00:00", "unit:3", "诉求已超期", "诉求 A001 已超期")
    added = await asyncio.gather(enqueue(one, a, message, [PERSON]), enqueue(two, b, message, [PERSON]))
    assert sorted(added) == [0, 3]
    assert inbox == ["unit:3:case:1:overdue:2026-12-07T00:00"]
    results = await asyncio.gather(a.dispatch(one, now=NOON), b.dispatch(two, now=NOON))
    assert sum(r.sent for r in results) == 2
    assert email.sent == [("zs@example.cn", "诉求已超期")] and sms.sent == [("13812345678", "诉求已超期")]
    # a repeated tick: the message again and another dispatch add and send nothing
    assert await enqueue(one, a, message, [PERSON]) == 0
    assert (await a.dispatch(one, now=NOON + timedelta(minutes=5))).sent == 0
    assert len(email.sent) == 1 and len(sms.sent) == 1
    assert {(r.channel, r.status) for r in await rows(one)} == {(INBOX, "sent"), (EMAIL, "sent"), (SMS, "sent")}


async def test_quiet_hours_hold_email_and_sms_until_they_end_the_inbox_never(replicas):
    db, _ = replicas
    inbox: list[str] = []
    sms = Recorder()
    delivery = make_delivery(inbox, sms=sms)
    sleeper = Contact("user:8", phone="13900001111", channels=frozenset({SMS}), quiet_start=time(22), quiet_end=time(7))
    late = datetime(2026, 12, 7, 15, 30, tzinfo=UTC)  # 23:30 in Shanghai
    await enqueue(db, delivery, Message("k1", "user:8", "提醒", "正文"), [sleeper], now=late)
    assert inbox == ["user:8:k1"]
    assert (await delivery.dispatch(db, now=late)).sent == 0
    assert (await delivery.dispatch(db, now=datetime(2026, 12, 7, 22, 59, tzinfo=UTC))).sent == 0  # 06:59
    held = next(r for r in await rows(db) if r.channel == SMS)
    assert held.status == "held" and held.not_before == datetime(2026, 12, 7, 23, 0, tzinfo=UTC)
    assert (await delivery.dispatch(db, now=datetime(2026, 12, 7, 23, 0, tzinfo=UTC))).sent == 1  # 07:00
    assert sms.sent == [("13900001111", "提醒")]


def test_quiet_periods_within_a_day_and_across_midnight():
    day = (time(12), time(14))
    assert quiet_until(datetime(2026, 12, 7, 4, 30, tzinfo=UTC), *day) == datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
    assert quiet_until(datetime(2026, 12, 7, 6, 0, tzinfo=UTC), *day) is None  # 14:00: over
    night = (time(22), time(7))
    assert quiet_until(datetime(2026, 12, 7, 18, 0, tzinfo=UTC), *night) == datetime(2026, 12, 7, 23, 0, tzinfo=UTC)
    assert quiet_until(NOON, *night) is None
    assert quiet_until(NOON, None, None) is None


async def test_a_channel_the_person_did_not_choose_or_has_no_address_for_is_not_used(replicas):
    db, _ = replicas
    sms, email = Recorder(), Recorder()
    delivery = make_delivery([], email=email, sms=sms)
    inbox_only = Contact("user:9", email="a@example.cn", phone="13800000000", channels=frozenset({INBOX}))
    no_phone = Contact("user:10", channels=frozenset({INBOX, SMS}))
    await enqueue(db, delivery, Message("k2", "unit:1", "提醒", "正文"), [inbox_only, no_phone])
    await delivery.dispatch(db, now=NOON)
    assert sms.sent == [] and email.sent == []
    assert [r.channel for r in await rows(db)] == [INBOX]


async def test_a_failure_is_recorded_retried_next_tick_and_given_up_after_the_limit(replicas):
    db, _ = replicas
    sms = Recorder(fail_times=1)
    delivery = make_delivery([], sms=sms, max_attempts=2)
    await enqueue(db, delivery, Message("k3", "user:7", "提醒", "正文"), [PERSON])
    assert (await delivery.dispatch(db, now=NOON)).failed == 1
    row = next(r for r in await rows(db) if r.channel == SMS)
    assert row.status == "failed" and row.attempts == 1 and "短信网关超时" in (row.error or "")
    assert (await delivery.dispatch(db, now=NOON + timedelta(minutes=5))).sent == 1
    assert sms.sent == [("13812345678", "提醒")]

    always = Recorder(fail_times=10)
    delivery = make_delivery([], sms=always, max_attempts=2)
    await enqueue(db, delivery, Message("k4", "user:7", "提醒", "正文"), [PERSON])
    for minute in (0, 5, 10):
        await delivery.dispatch(db, now=NOON + timedelta(minutes=minute))
    row = next(r for r in await rows(db) if r.message_key == "k4" and r.channel == SMS)
    assert row.status == "gave_up" and row.attempts == 2


async def test_the_logging_sms_provider_keeps_what_it_sent():
    provider = LoggingSmsProvider()
    await provider.send("13812345678", "超期提醒", "诉求 A001 已超期")
    assert list(provider.sent) == [("13812345678", "【万人助万企】诉求 A001 已超期")]


class MiniSmtp:
    """A minimal SMTP server (stdlib asyncio) that keeps the messages it accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 mini ESMTP\r\n")
        rcpt, data, in_data = "", [], False
        while line := await reader.readline():
            cmd = line.decode().rstrip("\r\n")
            if in_data:
                if cmd == ".":
                    in_data = False
                    self.messages.append((rcpt, "\n".join(data)))
                    writer.write(b"250 OK\r\n")
                else:
                    data.append(cmd)
                continue
            verb = cmd[:4].upper()
            if verb == "EHLO" or verb == "HELO":
                writer.write(b"250 mini\r\n")
            elif verb == "RCPT":
                rcpt = cmd.split(":", 1)[1].strip(" <>")
                writer.write(b"250 OK\r\n")
            elif verb == "DATA":
                in_data = True
                writer.write(b"354 go on\r\n")
            elif verb == "QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:
                writer.write(b"250 OK\r\n")
            await writer.drain()
        writer.close()


async def test_email_goes_out_over_smtp_to_a_local_server(replicas):
    db, _ = replicas
    server = MiniSmtp()
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    settings = DeliverySettings(
        smtp_host="127.0.0.1", smtp_port=port, smtp_from="bureau@example.cn", sms_provider="none"
    )
    delivery = Delivery.from_settings(SendLog, settings)
    assert isinstance(delivery.senders[EMAIL], SmtpSender) and SMS not in delivery.senders
    try:
        await enqueue(db, delivery, Message("k5", "user:7", "超期提醒", "诉求 A001 已超期。"), [PERSON])
        assert (await delivery.dispatch(db, now=NOON)).sent == 1
    finally:
        listener.close()
        await listener.wait_closed()
    assert len(server.messages) == 1
    rcpt, body = server.messages[0]
    assert rcpt == "zs@example.cn" and "From: bureau@example.cn" in body and "Subject:" in body


def test_email_is_off_until_a_host_is_set():
    delivery = Delivery.from_settings(SendLog, DeliverySettings())
    assert EMAIL not in delivery.senders and isinstance(delivery.senders[SMS], LoggingSmsProvider)


def test_an_enterprise_contact_is_texted_only_within_the_contacts_quiet_hours():
    settings = DeliverySettings()
    delivery = Delivery.from_settings(SendLog, settings)
    contact = delivery.enterprise_contact("91411522MA47K3P001", "13900001111", name="王建国")
    assert contact.subject == "contact:91411522MA47K3P001" and contact.name == "王建国"
    assert contact.wants(SMS) and not contact.wants(EMAIL)
    assert (contact.quiet_start, contact.quiet_end) == (time(22), time(8))
    assert not delivery.enterprise_contact("91411522MA47K3P001", None).wants(SMS)
    assert parse_quiet_hours("") is None and parse_quiet_hours("12:00-13:30") == (time(12), time(13, 30))
    with pytest.raises(ValueError):
        DeliverySettings(contact_quiet_hours="22:00")
    with pytest.raises(ValueError):
        DeliverySettings(contact_quiet_hours="08:00-08:00")


async def test_many_messages_at_once_and_a_dispatch_of_chosen_messages(replicas):
    db, _ = replicas
    inbox: list[str] = []
    sms = Recorder()
    delivery = make_delivery(inbox, sms=sms)
    contact = delivery.enterprise_contact("91411522MA47K3P001", "13900001111")
    items = [(Message("policy:1", f"enterprise:{i}", "政策推送", "请查阅"), ()) for i in range(3)]
    items.append((Message("revisit:9:1", "enterprise:9", "请评价", "长文本", sms="短信文本"), [contact]))
    async with db.session() as session:
        assert await delivery.enqueue_many(session, items + items[:1], now=NOON) == 5
        await session.commit()
    assert sorted(inbox) == sorted(
        ["enterprise:0:policy:1", "enterprise:1:policy:1", "enterprise:2:policy:1", "enterprise:9:revisit:9:1"]
    )
    assert (await delivery.dispatch(db, now=NOON, keys=["policy:1"])).sent == 0
    assert (await delivery.dispatch(db, now=NOON, keys=["revisit:9:1"])).sent == 1
    assert sms.sent == [("13900001111", "请评价")]
    text = next(r.text for r in await rows(db) if r.channel == SMS)
    assert text == "短信文本"


async def test_a_message_marked_urgent_is_sent_at_commit_and_not_after_a_rollback(replicas):
    db, _ = replicas
    sms = Recorder()
    delivery = make_delivery([], sms=sms)
    delivery.db = db
    async with db.session() as session:
        await delivery.enqueue(session, Message("k6", "user:7", "回访", "链接"), [PERSON], now=NOON)
        delivery.dispatch_after_commit(session, "k6", now=NOON)
        await session.rollback()
    await delivery.settle()
    assert sms.sent == [] and await rows(db) == []
    async with db.session() as session:
        await delivery.enqueue(session, Message("k6", "user:7", "回访", "链接"), [PERSON], now=NOON)
        delivery.dispatch_after_commit(session, "k6", now=NOON)
        await session.commit()
    await delivery.settle()
    assert sms.sent == [("13812345678", "回访")]
