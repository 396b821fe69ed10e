"""One way to send a message to a person: the in-app inbox, e-mail over SMTP and SMS through a provider.

Every message the platform sends goes through here (case reminders, the leaders' digest, the revisit link texted
to an enterprise, policy pushes). A `Message` (a stable key, the addressee, a subject and a text) goes to the
addressee's inbox and, for each person behind the addressee (a `Contact`), by e-mail and SMS as that person chose.
Recipient kinds: a user (`user:<id>`), a unit's users (`unit:<id>`) and a role's users (`role:<code>[:<region>]`),
whom the gateway's directory describes with their own settings; and an enterprise's contact on record
(`contact:<uscc>`, `enterprise_contact`), who has no account: reached by SMS only, at the phone the enterprise
directory (or the case) names, inside the platform's quiet hours for people outside it (`NOTIFY_CONTACT_QUIET_HOURS`).

Every delivery is a row of the app's send log (`SendLogMixin`), unique on (message key, channel, recipient): the
row is claimed by its insert, so a message enqueued twice — by two replicas, a job run again, a retried request —
is sent once. The inbox is written in the same transaction as its row and never waits. E-mail and SMS rows are
sent by `Delivery.dispatch`, which takes each due row by a compare-and-swap on its status (two dispatchers never
send one row twice), records the outcome, and leaves a failed row for the next tick until `max_attempts`. A row
for a person inside their quiet hours (Asia/Shanghai) is held until the quiet period ends. A message someone is
waiting for (the revisit link) is dispatched right after its transaction commits (`dispatch_after_commit`), by the
same rules; the jobs' ticks pick up whatever that leaves (held, failed).

Settings (env prefix `NOTIFY_`): `NOTIFY_SMTP_HOST` (empty: no e-mail), `NOTIFY_SMTP_PORT`, `NOTIFY_SMTP_FROM`,
`NOTIFY_SMTP_TLS` (`none`/`starttls`/`ssl`), `NOTIFY_SMTP_USER`, `NOTIFY_SMTP_PASSWORD`, `NOTIFY_SMS_PROVIDER`
(`logging`: writes each SMS to the log; `none`: no SMS), `NOTIFY_MAX_ATTEMPTS`, `NOTIFY_CONTACT_QUIET_HOURS`
(`22:00-08:00` by default; empty: none).
"""

from __future__ import annotations

import asyncio
import logging
import re
import smtplib
import ssl
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from email.message import EmailMessage
from typing import Any, Literal, Protocol

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import Connection, Integer, String, Text, UniqueConstraint, event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from platform_core.db import BigIntPK, Database, UTCDateTime, utcnow
from platform_core.masking import mask_email, mask_phone
from platform_core.periods import SHANGHAI

log = logging.getLogger(__name__)

INBOX, EMAIL, SMS = "inbox", "email", "sms"
CHANNELS: tuple[str, ...] = (INBOX, EMAIL, SMS)
#: Status of a send-log row.
PENDING, HELD, SENDING, SENT, FAILED, GAVE_UP = "pending", "held", "sending", "sent", "failed", "gave_up"
#: A row left `sending` this long (its sender died mid-send) is taken again.
STALE_SENDING = timedelta(minutes=10)
#: The recipient-key prefix of an enterprise's contact on record (no account: see `enterprise_contact`).
CONTACT = "contact:"
#: Recipient keys the gateway's directory resolves to people: a user, a unit's users, a role's holders (optionally
#: in one region). A subject of any other kind (a machine client, the seed, a system job) names nobody to reach.
DIRECTORY_KEY = re.compile(r"^(user|unit):(\d{1,9})$|^role:([a-z_]{1,64})(?::(\d{6,12}))?$")
#: Send-log rows claimed per INSERT (a policy push reaches thousands of inboxes; SQLite binds at most 32,766).
CHUNK = 500
#: Where a session keeps the message keys to dispatch once it commits.
_AFTER_COMMIT = "platform_core.delivery.after_commit"


def parse_quiet_hours(value: str) -> tuple[time, time] | None:
    """`22:00-08:00` → (22:00, 08:00); empty → None (no quiet hours)."""
    if not value.strip():
        return None
    start, sep, end = value.partition("-")
    if not sep:
        raise ValueError("免打扰时段格式应为 HH:MM-HH:MM")
    begin, finish = time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
    if begin == finish:
        raise ValueError("免打扰开始和结束时间不能相同")
    return begin, finish


class DeliverySettings(BaseSettings):
    """Where e-mail and SMS go (env prefix `NOTIFY_`); e-mail is off until an SMTP host is set."""

    model_config = SettingsConfigDict(env_prefix="NOTIFY_", extra="ignore", env_file=None)

    smtp_host: str = ""
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_from: str = "noreply@localhost"
    smtp_tls: Literal["none", "starttls", "ssl"] = "none"
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_timeout_s: float = Field(default=10.0, gt=0, le=120)
    sms_provider: Literal["logging", "none"] = "logging"
    #: The sender's signature that opens every SMS (【…】, the one registered with the carriers), not the subject.
    sms_signature: str = Field(default="万人助万企", min_length=2, max_length=16)
    max_attempts: int = Field(default=5, ge=1, le=50)
    #: When an enterprise's contact (no account, so no settings of their own) is not texted, Beijing time.
    contact_quiet_hours: str = "22:00-08:00"

    @field_validator("contact_quiet_hours")
    @classmethod
    def _valid_quiet_hours(cls, value: str) -> str:
        parse_quiet_hours(value)
        return value


@dataclass(frozen=True, slots=True)
class Message:
    """What is sent: a stable key (the same event always has the same key), the addressee, subject and text.

    `inbox` carries what the app's inbox row needs besides subject and text (kind, case, instant); `sms` is the
    wording of the SMS when it differs from the text (an SMS is short; the inbox can say more).
    """

    key: str
    recipient: str
    subject: str
    text: str
    inbox: Mapping[str, Any] = field(default_factory=dict)
    sms: str | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """A person a message reaches: their subject, addresses, the channels they chose and their quiet hours."""

    subject: str
    name: str = ""
    email: str | None = None
    phone: str | None = None
    channels: frozenset[str] = frozenset({INBOX})
    quiet_start: time | None = None
    quiet_end: time | None = None
    region_code: str | None = None

    def wants(self, channel: str) -> bool:
        """Whether the person chose this channel and has an address for it (the inbox always)."""
        if channel == INBOX:
            return True
        address = self.email if channel == EMAIL else self.phone
        return channel in self.channels and bool(address)

    def address(self, channel: str) -> str | None:
        """The person's address on a channel."""
        return self.email if channel == EMAIL else self.phone if channel == SMS else self.subject


def contact_key(uscc: str) -> str:
    """The recipient key of an enterprise's contact on record."""
    return f"{CONTACT}{uscc}"


def in_directory(key: str | None) -> bool:
    """Whether the directory can resolve a recipient key (`DIRECTORY_KEY`): ask it for no other."""
    return key is not None and DIRECTORY_KEY.match(key) is not None


def enterprise_contact(
    uscc: str, phone: str | None, *, name: str = "", quiet: tuple[time, time] | None = None
) -> Contact:
    """An enterprise's contact as a recipient: no account and no settings, so SMS only, in the given quiet hours."""
    start, end = quiet or (None, None)
    return Contact(contact_key(uscc), name, None, phone or None, frozenset({SMS}), start, end)


def quiet_until(now: datetime, start: time | None, end: time | None) -> datetime | None:
    """The end of the quiet period `now` falls in (local Asia/Shanghai times, may span midnight), or None."""
    if start is None or end is None or start == end:
        return None
    local = now.astimezone(SHANGHAI)
    clock = local.time().replace(tzinfo=None)
    if start < end:
        inside = start <= clock < end
        end_day = local.date()
    else:  # e.g. 22:00–07:00
        inside = clock >= start or clock < end
        end_day = local.date() + timedelta(days=1) if clock >= start else local.date()
    if not inside:
        return None
    return datetime.combine(end_day, end, SHANGHAI)


def mask_address(channel: str, address: str | None) -> str | None:
    """An address as a log line may show it."""
    if channel == SMS:
        return mask_phone(address)
    if channel == EMAIL:
        return mask_email(address)
    return address


class SendLogMixin:
    """One delivery of a message on one channel to one recipient; the unique key makes it happen once."""

    __tablename__ = "send_log"

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:  # noqa: N805
        """One row per message, channel and recipient; the dispatcher reads due rows by status and time."""
        return (
            UniqueConstraint("message_key", "channel", "recipient"),
            {"comment": "消息发送记录(每条消息每渠道每接收人一次)"},
        )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    message_key: Mapped[str] = mapped_column(String(160), comment="消息键(同一事件同一键)")
    channel: Mapped[str] = mapped_column(String(8), comment="渠道：inbox 站内 / email 邮件 / sms 短信")
    recipient: Mapped[str] = mapped_column(String(64), comment="接收人(用户sub或单位)")
    address: Mapped[str | None] = mapped_column(String(128), comment="地址(邮箱或手机号)")
    subject: Mapped[str] = mapped_column(String(200), comment="标题")
    text: Mapped[str] = mapped_column(Text, comment="内容")
    status: Mapped[str] = mapped_column(
        String(8), index=True, comment="状态：pending待发/held免打扰暂缓/sending发送中/sent已发/failed失败/gave_up放弃"
    )
    not_before: Mapped[datetime] = mapped_column(UTCDateTime(), comment="最早发送时间(免打扰结束时间)")
    attempts: Mapped[int] = mapped_column(Integer, default=0, comment="已尝试次数")
    error: Mapped[str | None] = mapped_column(String(500), comment="最近一次失败原因")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="创建时间")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, comment="状态变更时间")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="发送成功时间")


#: Writes messages into the app's inbox of each one's recipient (same transaction as their send-log rows).
InboxWriter = Callable[[AsyncSession, Sequence[Message]], Awaitable[None]]


class Sender(Protocol):
    """A channel that sends one message to one address, raising on failure."""

    async def send(self, address: str, subject: str, text: str) -> None:
        """Send, or raise."""


class SmsProvider(Sender, Protocol):
    """An SMS gateway adapter (a vendor's API behind the same call)."""


class LoggingSmsProvider:
    """The demo and test SMS provider: writes each message to the log and keeps the latest in `sent`."""

    def __init__(self, keep: int = 200, signature: str = "万人助万企") -> None:
        """Start with nothing sent; keep the last `keep` messages (a long-running demo must not grow)."""
        self.sent: deque[tuple[str, str]] = deque(maxlen=keep)
        self.signature = signature

    async def send(self, address: str, subject: str, text: str) -> None:
        """Log the SMS (phone masked) and keep it for readers: the signature opens it, as carriers require."""
        body = f"【{self.signature}】{text}"
        self.sent.append((address, body))
        log.info("sms to %s: %s", mask_phone(address), body)


class SmtpSender:
    """E-mail over SMTP (stdlib `smtplib` in a worker thread, so the event loop never waits on the server)."""

    def __init__(self, settings: DeliverySettings) -> None:
        """Bind the SMTP settings."""
        self.settings = settings

    def _send(self, address: str, subject: str, text: str) -> None:
        s = self.settings
        mail = EmailMessage()
        mail["From"] = s.smtp_from
        mail["To"] = address
        mail["Subject"] = subject
        mail.set_content(text)
        if s.smtp_tls == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_s, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_s)
        with client:
            if s.smtp_tls == "starttls":
                client.starttls(context=ssl.create_default_context())
            if s.smtp_user:
                client.login(s.smtp_user, s.smtp_password)
            client.send_message(mail)

    async def send(self, address: str, subject: str, text: str) -> None:
        """Send one e-mail."""
        await asyncio.to_thread(self._send, address, subject, text)


@dataclass(slots=True)
class DispatchResult:
    """What one dispatch did."""

    sent: int = 0
    failed: int = 0

    def __str__(self) -> str:
        """A line for the run log."""
        return f"发送{self.sent}条，失败{self.failed}条"


class Delivery:
    """The app's one notification interface: enqueue messages (idempotently) and dispatch due e-mail and SMS."""

    def __init__(
        self,
        model: type[Any],
        *,
        inbox: InboxWriter | None = None,
        email: Sender | None = None,
        sms: Sender | None = None,
        max_attempts: int = 5,
        contact_quiet: tuple[time, time] | None = None,
        db: Database | None = None,
    ) -> None:
        """Bind the app's send-log model, its inbox, the channels configured and (for sending at commit) its
        database."""
        self.model = model
        self.inbox = inbox
        self.senders: dict[str, Sender] = {k: v for k, v in ((EMAIL, email), (SMS, sms)) if v is not None}
        self.max_attempts = max_attempts
        self.contact_quiet = contact_quiet
        self.db = db
        self._tasks: set[asyncio.Task[Any]] = set()

    @classmethod
    def from_settings(
        cls,
        model: type[Any],
        settings: DeliverySettings,
        *,
        inbox: InboxWriter | None = None,
        db: Database | None = None,
    ) -> Delivery:
        """The channels the settings turn on (e-mail with a host; the logging SMS provider by default)."""
        return cls(
            model,
            inbox=inbox,
            email=SmtpSender(settings) if settings.smtp_host else None,
            sms=LoggingSmsProvider(signature=settings.sms_signature) if settings.sms_provider == "logging" else None,
            max_attempts=settings.max_attempts,
            contact_quiet=parse_quiet_hours(settings.contact_quiet_hours),
            db=db,
        )

    def enterprise_contact(self, uscc: str, phone: str | None, *, name: str = "") -> Contact:
        """An enterprise's contact as a recipient of this app, in the platform's quiet hours for contacts."""
        return enterprise_contact(uscc, phone, name=name, quiet=self.contact_quiet)

    async def _claim(self, session: AsyncSession, rows: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
        """Insert the rows not logged yet; the (key, channel, recipient) of those this call inserted."""
        if not rows:
            return []
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        m = self.model
        claimed: list[tuple[str, str, str]] = []
        for start in range(0, len(rows), CHUNK):
            stmt = (
                insert(m)
                .values(rows[start : start + CHUNK])
                .on_conflict_do_nothing()
                .returning(m.message_key, m.channel, m.recipient)
            )
            claimed += [(str(k), str(c), str(r)) for k, c, r in (await session.execute(stmt)).all()]
        return claimed

    async def enqueue(
        self, session: AsyncSession, message: Message, contacts: Sequence[Contact], *, now: datetime
    ) -> int:
        """Add the message's deliveries not yet logged: the addressee's inbox, and e-mail/SMS to each contact who
        chose them (held until the end of their quiet hours). Returns how many rows were new."""
        return await self.enqueue_many(session, [(message, contacts)], now=now)

    async def enqueue_many(
        self, session: AsyncSession, items: Sequence[tuple[Message, Sequence[Contact]]], *, now: datetime
    ) -> int:
        """`enqueue` for many messages at once (a few INSERTs, not one per row); how many rows were new."""
        inbox_rows: list[dict[str, Any]] = []
        other_rows: list[dict[str, Any]] = []
        by_inbox: dict[tuple[str, str], Message] = {}
        for message, contacts in items:
            key = message.key[:160]
            base = {"message_key": key, "subject": message.subject[:200]}
            if self.inbox is not None:
                by_inbox[(key, message.recipient)] = message
                inbox_rows.append(
                    {
                        **base,
                        "text": message.text,
                        "channel": INBOX,
                        "recipient": message.recipient,
                        "address": None,
                        "status": SENT,
                        "not_before": now,
                        "sent_at": now,
                        "attempts": 1,
                    }
                )
            for contact in contacts:
                held = quiet_until(now, contact.quiet_start, contact.quiet_end)
                for channel in (EMAIL, SMS):
                    if channel not in self.senders or not contact.wants(channel):
                        continue
                    other_rows.append(
                        {
                            **base,
                            "text": (message.sms or message.text) if channel == SMS else message.text,
                            "channel": channel,
                            "recipient": contact.subject,
                            "address": contact.address(channel),
                            "status": HELD if held else PENDING,
                            "not_before": held or now,
                            "sent_at": None,
                            "attempts": 0,
                        }
                    )
        claimed = await self._claim(session, inbox_rows)
        if claimed and self.inbox is not None:
            await self.inbox(session, [by_inbox[(key, recipient)] for key, _, recipient in claimed])
        return len(claimed) + len(await self._claim(session, other_rows))

    def dispatch_after_commit(self, session: AsyncSession, key: str, *, now: datetime) -> None:
        """Send a message's e-mail and SMS as soon as the session commits, not at the next tick (same rules: a row
        held by quiet hours waits, a failure is left for the tick to retry). Nothing happens on a rollback."""
        sync = session.sync_session
        if self.db is None or isinstance(sync.get_bind(), Connection):
            # A session bound to a connection runs inside someone else's transaction (a test's): its commit is a
            # savepoint, and no other connection sees its rows yet; the jobs' ticks send them.
            return
        pending: dict[str, datetime] | None = sync.info.get(_AFTER_COMMIT)
        if pending is None:
            pending = sync.info[_AFTER_COMMIT] = {}
            event.listen(sync, "after_commit", self._committed, once=True)
            event.listen(sync, "after_rollback", _forget, once=True)
        pending[key] = now

    def _committed(self, sync: Session) -> None:
        pending: dict[str, datetime] | None = sync.info.pop(_AFTER_COMMIT, None)
        if not pending or self.db is None:
            return
        task = asyncio.get_running_loop().create_task(self._send_now(self.db, pending))
        self._tasks.add(task)  # a task nobody holds may be collected before it ends
        task.add_done_callback(self._tasks.discard)

    async def _send_now(self, db: Database, pending: Mapping[str, datetime]) -> None:
        try:
            await self.dispatch(db, now=max(pending.values()), keys=sorted(pending))
        except Exception:  # the rows stay due: the next tick sends them
            log.exception("immediate dispatch failed; the next tick retries")

    async def settle(self) -> None:
        """Wait for the dispatches started at commit (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _take(self, db: Database, row_id: int, status: str, now: datetime) -> bool:
        """Compare-and-swap a due row to `sending`, committed at once, so only one dispatcher sends it."""
        m = self.model
        async with db.session() as session:
            result = await session.execute(
                update(m).where(m.id == row_id, m.status == status).values(status=SENDING, updated_at=now)
            )
            await session.commit()
            return bool(getattr(result, "rowcount", 0))

    async def dispatch(
        self, db: Database, *, now: datetime, limit: int = 200, keys: Sequence[str] | None = None
    ) -> DispatchResult:
        """Send the e-mail and SMS rows that are due (pending, released from quiet hours, failed and retryable);
        with `keys`, only those messages' rows."""
        m = self.model
        done = DispatchResult()
        due_status = m.status.in_([PENDING, HELD, FAILED])
        stale = (m.status == SENDING) & (m.updated_at < now - STALE_SENDING)
        where = [m.channel.in_(list(self.senders)), due_status | stale, m.not_before <= now]
        if keys is not None:
            where.append(m.message_key.in_(list(keys)))
        async with db.session(write=False) as session:
            rows = (
                await session.execute(
                    select(m.id, m.status, m.channel, m.address, m.subject, m.text, m.attempts)
                    .where(*where)
                    .order_by(m.id)
                    .limit(limit)
                )
            ).all()
        for row in rows:
            if not await self._take(db, row.id, row.status, now):
                continue  # another dispatcher took it
            error: str | None = None
            try:
                await self.senders[row.channel].send(row.address or "", row.subject, row.text)
            except Exception as exc:  # any failure of the channel is recorded and retried
                error = f"{type(exc).__name__}: {exc}"[:500]
                log.warning("%s to %s failed: %s", row.channel, mask_address(row.channel, row.address), error)
            attempts = row.attempts + 1
            if error is None:
                values: dict[str, Any] = {"status": SENT, "sent_at": utcnow(), "error": None}
                done.sent += 1
            else:
                values = {"status": GAVE_UP if attempts >= self.max_attempts else FAILED, "error": error}
                done.failed += 1
            async with db.session() as session:
                await session.execute(
                    update(m).where(m.id == row.id).values(attempts=attempts, updated_at=utcnow(), **values)
                )
                await session.commit()
        return done


def _forget(sync: Session, *_args: Any) -> None:
    """A rolled-back transaction sends nothing of what it enqueued."""
    sync.info.pop(_AFTER_COMMIT, None)
