"""Deadline reminders and the leaders' daily digest, sent through the one notification interface.

Reminders: before each first-feedback and resolution deadline (the 系统参数 `reminder_lead_hours`) and when a
case is overdue, to the lead unit (its inbox, and each of its users by the channels they chose) and to the county
officers of the case's county (and, when overdue, to the officer who assigned it). Digest: at the 系统参数
`digest_hour` (Beijing time), to every leader (role `city_leader`): a leader of the city gets the whole city,
one placed in a county gets that county; counts of open, yellow, red and overdue cases per county and per unit.
The gateway's recipient directory turns recipient keys into people (`/internal/v1/recipients`); the send log
makes each message go once per channel and person however often the jobs run.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol

from fastapi import FastAPI
from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case import service as cases
from case_service.case.dependencies import clock_for
from case_service.case.models import Case, WarningLevel
from case_service.case.parameters import DIGEST_HOUR, REMINDER_LEAD_HOURS
from case_service.case.timers import TIMED_STATES
from case_service.notification import service as notices
from case_service.notification.models import NotificationKind
from platform_core.db import Database
from platform_core.delivery import Contact, Delivery, DispatchResult, Message, in_directory
from platform_core.jobs import Job, slot_of
from platform_core.parameters import edited_value
from platform_core.peers import Peer
from platform_core.periods import SHANGHAI
from platform_core.regions import RegionDirectory

log = logging.getLogger(__name__)

#: The leaders who get the daily digest, and the officers who hear of a county's deadlines.
LEADER_ROLE = "city_leader"
OFFICER_ROLE = "county_officer"
DIRECTORY_PATH = "/internal/v1/recipients"


class RecipientDirectory(Protocol):
    """Turns recipient keys (`user:<id>`, `unit:<id>`, `role:<code>[:<region>]`) into people."""

    async def resolve(self, keys: Sequence[str]) -> dict[str, list[Contact]]:
        """The people behind each key."""


def _clock(value: Any) -> time | None:
    return time.fromisoformat(value) if value else None


def contact_of(item: dict[str, Any]) -> Contact:
    """A person as the gateway's directory describes them."""
    return Contact(
        subject=str(item["subject"]),
        name=str(item.get("name") or ""),
        email=item.get("email"),
        phone=item.get("phone"),
        channels=frozenset(item.get("channels") or ["inbox"]),
        quiet_start=_clock(item.get("quiet_start")),
        quiet_end=_clock(item.get("quiet_end")),
        region_code=item.get("region_code"),
    )


class GatewayRecipients:
    """The gateway's recipient directory, asked with the platform's internal token."""

    def __init__(self, peer: Peer, token: str) -> None:
        """Bind the gateway peer and the internal token."""
        self.peer = peer
        self.token = token

    async def resolve(self, keys: Sequence[str]) -> dict[str, list[Contact]]:
        """The people behind each key (503 when the gateway cannot answer: the job fails and runs again)."""
        wanted = sorted(set(keys))
        out: dict[str, list[Contact]] = {}
        for start in range(0, len(wanted), 100):
            params = [("key", k) for k in wanted[start : start + 100]]
            answer = await self.peer.internal_get(DIRECTORY_PATH, params, token=self.token)
            for key, people in answer["recipients"].items():
                out[key] = [contact_of(p) for p in people]
        return out


async def write_inbox(session: AsyncSession, messages: Sequence[Message]) -> None:
    """The inbox channel: a notice row per message (kind, case and instant from the message)."""
    rows = [
        notices.notice_row(
            m.recipient,
            NotificationKind(m.inbox["kind"]),
            m.inbox["due_at"],
            m.subject,
            m.text,
            case_id=m.inbox.get("case_id"),
        )
        for m in messages
    ]
    await notices.write_notices(session, rows)


def officer_key(region_code: str) -> str:
    """The recipient key of the county officers of a case's county."""
    return f"role:{OFFICER_ROLE}:{region_code[:6]}"


async def enqueue_reminders(
    session: AsyncSession,
    delivery: Delivery,
    directory: RecipientDirectory,
    reminders: Sequence[cases.Reminder],
    *,
    now: datetime,
) -> int:
    """Each reminder to its unit (inbox + the unit's people) and to the county officers (and the assigning
    officer when overdue); returns the deliveries added."""
    if not reminders:
        return 0
    keys = {notices.unit_recipient(r.unit_id) for r in reminders} | {officer_key(r.region_code) for r in reminders}
    # The assigning officer when a person assigned it: a case assigned by a machine client or the seed names nobody
    # the directory knows, and asking for such a key would fail the whole round.
    keys |= {r.assigned_by for r in reminders if r.kind is NotificationKind.OVERDUE and in_directory(r.assigned_by)}
    people = await directory.resolve(sorted(keys))
    added = 0
    for r in reminders:
        meta = {"kind": r.kind.value, "due_at": r.due_at, "case_id": r.case_id}
        unit = notices.unit_recipient(r.unit_id)
        added += await delivery.enqueue(
            session, Message(r.key, unit, r.subject, r.text, meta), people.get(unit, []), now=now
        )
        officers = list(people.get(officer_key(r.region_code), []))
        if r.assigned_by and r.kind is NotificationKind.OVERDUE:
            officers += people.get(r.assigned_by, [])
        for person in {p.subject: p for p in officers}.values():
            message = Message(r.key, person.subject, r.subject, r.text, meta)
            added += await delivery.enqueue(session, message, [person], now=now)
    return added


async def lead_time(app: FastAPI, session: AsyncSession | None = None) -> timedelta:
    """The early-warning threshold in force (系统参数 `reminder_lead_hours`)."""
    hours = await edited_value(app, REMINDER_LEAD_HOURS, session)
    return timedelta(hours=int(hours)) if isinstance(hours, int) else cases.DEFAULT_LEAD


async def send_reminders(app: FastAPI, *, now: datetime) -> tuple[int, DispatchResult]:
    """One reminder round: enqueue the due reminders (one transaction), then send what is due."""
    db: Database = app.state.db
    delivery: Delivery = app.state.delivery
    async with db.session() as session:
        lead = await lead_time(app, session)
        due = await cases.due_reminders(session, now=now, lead=lead)
        added = await enqueue_reminders(session, delivery, app.state.recipients, due, now=now)
        await session.commit()
    return added, await delivery.dispatch(db, now=now)


# --- the leaders' daily digest ----------------------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    """Counts of one county or unit."""

    name: str
    open: int = 0
    yellow: int = 0
    red: int = 0
    overdue: int = 0

    def add(self, other: Tally) -> None:
        """Add another tally's counts."""
        self.open += other.open
        self.yellow += other.yellow
        self.red += other.red
        self.overdue += other.overdue

    def line(self) -> str:
        """`光山县：在办5件，黄色预警1件，红色预警1件，超期0件`."""
        return f"{self.name}：在办{self.open}件，黄色预警{self.yellow}件，红色预警{self.red}件，超期{self.overdue}件"


@dataclass(slots=True)
class Digest:
    """A leader's digest: the whole area, per county and per unit."""

    area: Tally
    counties: list[Tally] = field(default_factory=list)
    units: list[Tally] = field(default_factory=list)

    def text(self, day: date, *, max_units: int = 10) -> str:
        """The message text (units with the most overdue and red cases first)."""
        lines = [f"{day.isoformat()} 诉求办理情况", self.area.line(), "分县区："]
        lines += [f"  {c.line()}" for c in self.counties]
        lines.append("分单位：")
        ranked = sorted(self.units, key=lambda u: (-u.overdue, -u.red, -u.yellow, -u.open, u.name))
        lines += [f"  {u.line()}" for u in ranked[:max_units]]
        if len(ranked) > max_units:
            lines.append(f"  另有{len(ranked) - max_units}个单位，详见统计页面")
        return "\n".join(lines)


async def digest_for(session: AsyncSession, regions: RegionDirectory, area_code: str, *, now: datetime) -> Digest:
    """Open, yellow, red and overdue cases of an area (a city: per county; a county: itself) and per lead unit."""
    area_path = regions.path_of(area_code) or f"/{area_code}/"
    running = Case.state.in_(sorted(TIMED_STATES))
    red = Case.warning_level.in_([WarningLevel.RED.value, WarningLevel.ESCALATED.value])
    rows = (
        await session.execute(
            select(
                Case.region_path,
                Case.lead_unit_id,
                func.max(Case.lead_unit_name).label("unit_name"),
                func.count().label("open"),
                func.sum(case((Case.warning_level == WarningLevel.YELLOW.value, 1), else_=0)),
                func.sum(case((red, 1), else_=0)),
                func.sum(case((Case.resolve_due < now, 1), else_=0)),
            )
            .where(running, Case.region_path.startswith(area_path))
            .group_by(Case.region_path, Case.lead_unit_id)
        )
    ).all()
    area = Tally(regions.name_of(area_code) or area_code)
    counties: dict[str, Tally] = {}
    units: dict[int | None, Tally] = {}
    is_county = len(area_path.strip("/").split("/")) >= 3
    for path, unit_id, unit_name, n_open, n_yellow, n_red, n_overdue in rows:
        tally = Tally("", int(n_open), int(n_yellow or 0), int(n_red or 0), int(n_overdue or 0))
        area.add(tally)
        parts = path.strip("/").split("/")
        county = parts[2] if len(parts) >= 3 and not is_county else area_code
        counties.setdefault(county, Tally(regions.name_of(county) or county)).add(tally)
        units.setdefault(unit_id, Tally(unit_name or "未交办")).add(tally)
    return Digest(area, sorted(counties.values(), key=lambda t: t.name), list(units.values()))


def digest_day(slot: datetime, hour: int, *, manual: bool) -> date | None:
    """The local day whose digest a run sends: today once the digest hour has come (any time when run by hand)."""
    local = slot.astimezone(SHANGHAI)
    if manual or local.hour >= hour:
        return local.date()
    return None


async def enqueue_digests(session: AsyncSession, app: FastAPI, *, now: datetime, day: date) -> int:
    """The day's digest to every leader (at most once a day each: the key carries the day); deliveries added."""
    delivery: Delivery = app.state.delivery
    directory: RecipientDirectory = app.state.recipients
    leaders = (await directory.resolve([f"role:{LEADER_ROLE}"])).get(f"role:{LEADER_ROLE}", [])
    hour = await edited_value(app, DIGEST_HOUR, session)
    at = datetime.combine(day, time(int(hour) if isinstance(hour, int) else 8), SHANGHAI).astimezone(UTC)
    added = 0
    for leader in leaders:
        if not leader.region_code:
            continue
        digest = await digest_for(session, app.state.regions, leader.region_code, now=now)
        message = Message(
            f"digest:{day.isoformat()}:{leader.subject}",
            leader.subject,
            f"每日诉求办理摘要（{day.month}月{day.day}日）",
            digest.text(day),
            {"kind": NotificationKind.DIGEST.value, "due_at": at},
        )
        added += await delivery.enqueue(session, message, [leader], now=now)
    return added


async def send_digests(app: FastAPI, *, now: datetime, day: date) -> tuple[int, DispatchResult]:
    """Enqueue the day's digests (one transaction), then send what is due."""
    db: Database = app.state.db
    async with db.session() as session:
        added = await enqueue_digests(session, app, now=now, day=day)
        await session.commit()
    return added, await app.state.delivery.dispatch(db, now=now)


DIGEST_JOB = "case-leader-digest"


def digest_job(app: FastAPI) -> Job | None:
    """The leaders' daily digest: looks at the clock every `digest_check_interval_s`; none when that is 0."""
    interval = float(getattr(app.state.settings, "digest_check_interval_s", 0))
    if interval <= 0:
        return None

    async def run(slot: datetime) -> str:
        hour = await edited_value(app, DIGEST_HOUR)
        # A run-now request runs at its own instant, off the interval's grid: it sends today's digest at once.
        manual = slot_of(slot, interval) != slot
        day = digest_day(clock_for(app)() if manual else slot, int(hour) if isinstance(hour, int) else 8, manual=manual)
        if day is None:
            return f"未到发送时间（每天{hour}点）"
        added, sent = await send_digests(app, now=clock_for(app)(), day=day)
        return f"{day.isoformat()} 摘要新增{added}条，{sent}"

    return Job(DIGEST_JOB, interval, run, "领导每日诉求办理摘要")
