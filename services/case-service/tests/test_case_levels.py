"""Warning levels at a cut-off worked out by the database (`indicators.levels`) are the ones Python gives, case by
case, and the statistics grouped in the database are the statistics counted in Python."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from conftest import CITY, GUANGSHAN, XINXIAN
from sqlalchemy import select
from test_case_support import local, stats_officer

from case_service.case.models import Case, CaseState, WarningLevel
from case_service.case.timers import TimerPolicy, clock_at, warning_level
from case_service.indicators import levels
from case_service.indicators import service as stats
from case_service.supervision.models import SupervisionOrder
from platform_core.periods import parse_period
from platform_core.settings import SHIPPED_REFERENCE_DIR
from platform_core.workdays import load_calendar

#: Instants around which the random cases are built and cut off: month ends, and one inside a month.
CUTOFFS = (local(2021, 8, 1), local(2021, 9, 1), local(2021, 8, 17, 10, 30))
POLICIES = (TimerPolicy(), TimerPolicy(major_days=20, yellow_window=timedelta(hours=6)))
LEVELS = {
    WarningLevel.GREEN: levels.Level.GREEN,
    WarningLevel.YELLOW: levels.Level.YELLOW,
    WarningLevel.RED: levels.Level.RED,
    WarningLevel.ESCALATED: levels.Level.ESCALATED,
}


def _near(rng: random.Random, at: datetime) -> datetime:
    """An instant near a cut-off: exactly on it, a microsecond either side, or some hours or days away."""
    pick = rng.random()
    if pick < 0.15:
        return at
    if pick < 0.3:
        return at + timedelta(microseconds=rng.choice((-1, 1)))
    return at + timedelta(hours=rng.uniform(-24 * 40, 24 * 20))


def _maybe(rng: random.Random, at: datetime, chance: float = 0.6) -> datetime | None:
    return _near(rng, at) if rng.random() < chance else None


def random_case(rng: random.Random, ents: dict, regions) -> Case:
    """A case in any state, with every instant and deadline placed around some cut-off (boundaries included)."""
    at = rng.choice(CUTOFFS)
    region = rng.choice((GUANGSHAN, XINXIAN))
    ent = ents["gs" if region == GUANGSHAN else "xx"]
    state = rng.choice(list(CaseState))
    assigned = _maybe(rng, at - timedelta(days=rng.choice((0, 2, 10, 35))), 0.85)
    created = min(assigned, at) - timedelta(days=1) if assigned else at - timedelta(days=rng.uniform(0, 60))
    due = (lambda days: assigned + timedelta(days=days) if rng.random() < 0.9 else None) if assigned else None

    def deadline(days: int) -> datetime | None:
        if due is None:
            return None
        # Some deadlines sit exactly on the cut-off, or exactly one yellow window before it.
        pick = rng.random()
        if pick < 0.1:
            return at
        if pick < 0.2:
            return at + rng.choice(POLICIES).yellow_window
        return due(days)

    done = state in (CaseState.RESOLVED, CaseState.VISITED, CaseState.CLOSED)
    resolved = _near(rng, at) if done and rng.random() < 0.8 else None
    closed = (resolved or _near(rng, at)) if state is CaseState.CLOSED else None
    return Case(
        source=rng.choice(("enterprise", "superior")),
        category_code="land_planning",
        enterprise_id=ent.id,
        enterprise_uscc=ent.uscc,
        enterprise_name=ent.name,
        region_code=region,
        region_path=regions.path_of(region),
        title="预警等级",
        description="随机诉求",
        state=state.value,
        created_by="user:2",
        created_at=created,
        updated_at=created,
        assigned_at=assigned,
        lead_unit_id=2 if assigned else None,
        lead_unit_name="市自然资源和规划局" if assigned else None,
        sign_due=deadline(1),
        first_feedback_due=deadline(3),
        resolve_due=deadline(rng.choice((7, 30))),
        signed_at=_maybe(rng, at),
        first_feedback_at=_maybe(rng, at),
        escalated_at=_maybe(rng, at, 0.3),
        result_submitted_at=_maybe(rng, at, 0.5),
        paused_at=_maybe(rng, at, 0.4),
        paused_seconds=rng.choice((0, 0, 3600, 86400 * 3)),
        resolved_at=resolved,
        closed_at=closed,
        closed_reason="resolved" if closed and resolved else ("rejected" if closed else None),
    )


async def random_cases(session, ents, regions, count: int, seed: int) -> None:
    """Random cases, a third of them with 督办 orders issued and replied around the cut-offs."""
    rng = random.Random(seed)
    made = [random_case(rng, ents, regions) for _ in range(count)]
    session.add_all(made)
    await session.flush()
    for item in made:
        if rng.random() < 0.3:
            at = rng.choice(CUTOFFS)
            session.add(
                SupervisionOrder(
                    case_id=item.id,
                    unit_id=2,
                    region_code=item.region_code,
                    region_path=item.region_path,
                    level="reminder",
                    content="督办",
                    reply_due=at + timedelta(days=3),
                    issued_at=_near(rng, at),
                    issued_by="user:1",
                    replied_at=_maybe(rng, at, 0.5),
                )
            )
    await session.flush()


def python_level(row, at: datetime, policy: TimerPolicy, supervised: bool) -> tuple[levels.Level, bool]:
    """What the statistics worked out in Python count for a case at a cut-off: its level and whether overdue."""
    view = stats._as_at(row, at)
    if view is None:
        return levels.Level.GREEN, False
    level = warning_level(view, now=at, policy=policy, supervised=supervised)
    late = view.resolve_due is not None and clock_at(view, at) > view.resolve_due
    return LEVELS[level], late


async def test_the_database_gives_each_case_the_level_python_gives(session, ents, regions):
    """600 random cases (every state; instants and deadlines on, just before and just after the cut-off; pauses,
    escalations, 督办 orders), three cut-offs and two policies: the SQL level and overdue flag equal Python's."""
    await random_cases(session, ents, regions, 600, seed=13710)
    dialect = session.get_bind().dialect.name
    assert levels.in_sql(TimerPolicy(), dialect) == (dialect == "postgresql")
    # Under working days the 1-month limit walks the holiday calendar: that stays in Python on every database.
    workdays = TimerPolicy(calendar="workdays", work_calendar=load_calendar(SHIPPED_REFERENCE_DIR))
    assert not levels.in_sql(workdays, "postgresql")
    if dialect != "postgresql":
        return  # the embedded database counts in Python; the comparison below is PostgreSQL's
    compared = {level: 0 for level in levels.Level}
    for policy in POLICIES:
        for at in CUTOFFS:
            supervised = Case.id.in_(
                select(SupervisionOrder.case_id).where(
                    SupervisionOrder.issued_at < at,
                    (SupervisionOrder.replied_at.is_(None)) | (SupervisionOrder.replied_at >= at),
                )
            )
            level, overdue = levels.level_at(Case, at, policy, supervised)
            stmt = select(Case, supervised.label("supervised"), level.label("level"), overdue.label("overdue"))
            for item, is_supervised, got_level, got_overdue in (await session.execute(stmt)).all():
                expected = python_level(item, at, policy, bool(is_supervised))
                assert (levels.Level(got_level), bool(got_overdue)) == expected, (item.id, at, policy)
                compared[expected[0]] += 1
    # Every level occurs, so no branch went untested.
    assert all(n > 50 for n in compared.values()), compared


def counted(result: stats.StatsResult) -> dict[stats.GroupKey, stats.Tally]:
    return {key: tally for key, tally in result.groups.items() if tally != stats.Tally()}


async def test_statistics_grouped_in_the_database_equal_those_counted_in_python(session, ents, regions):
    """The statistics (which count levels in the database on PostgreSQL) and the reports' reading (which lists each
    overdue case, so works levels out in Python) give the same snapshot for month-end and mid-month cut-offs."""
    await random_cases(session, ents, regions, 400, seed=2021)
    checked = 0
    for period, now in (
        ("2021-07", local(2021, 12, 1)),
        ("2021-08", local(2021, 12, 1)),
        ("2021", local(2021, 8, 17, 10, 30)),
        ("2021-Q3", local(2021, 9, 10)),
    ):
        for policy in POLICIES:
            args = dict(principal=stats_officer(regions, CITY), regions=regions, now=now, policy=policy)
            grouped = await stats.compute(session, period=parse_period(period), **args)
            listed = await stats.compute(session, period=parse_period(period), list_overdue=True, **args)
            assert grouped.as_of == listed.as_of
            assert counted(grouped) == counted(listed), (period, policy)
            assert grouped.unit_names == listed.unit_names
            assert len(listed.overdue_cases) == listed.total().overdue
            checked += listed.total().open
    assert checked > 500


async def test_statistics_read_at_once_equal_those_read_one_after_the_other(database, regions):
    """On PostgreSQL a read session's statistics run their reads at once (`platform_core.db.gather_reads`: the
    tallies beside the open cases beside the pauses); the answer is byte for byte the one a session reading one
    statement after the other gives. The cases are committed: a session of its own sees committed data only."""
    from sqlalchemy import delete
    from test_pairing_support import two_enterprises

    from case_service.enterprise.models import Enterprise
    from case_service.indicators.models import CaseMonthTally, CaseTally, CaseYearTally
    from case_service.indicators.router import _stats_body
    from platform_core.db import reads_apart

    async with database.session() as session:
        ents = await two_enterprises(session, regions)
        await random_cases(session, ents, regions, 300, seed=4321)
        await session.commit()
    try:
        for period, now in (("2021-08", local(2021, 12, 1)), ("2021", local(2021, 8, 17, 10, 30))):
            args = dict(
                principal=stats_officer(regions, CITY),
                regions=regions,
                policy=TimerPolicy(),
                now=now,
                span=parse_period(period),
                rule="default",
                region_code=None,
                unit_id=None,
                source=None,
                category=None,
            )
            async with database.session(write=False) as session:
                assert reads_apart(session) is (not database.is_sqlite)
                apart = await _stats_body(session, **args)
            async with database.session() as session:
                await session.execute(select(1))  # a transaction begun: its reads go one after the other
                assert reads_apart(session) is False
                along = await _stats_body(session, **args)
            assert apart == along, period
            whole = json.loads(apart)["all"]
            assert whole["snapshot"]["open"] > 0 and whole["snapshot"]["red"] > 0 and whole["flow"]["received"] > 0
    finally:
        async with database.session() as session:
            ids = select(Case.id).where(Case.enterprise_id.in_([e.id for e in ents.values()]))
            await session.execute(delete(SupervisionOrder).where(SupervisionOrder.case_id.in_(ids)))
            await session.execute(delete(Case).where(Case.id.in_(ids)))
            for table in (CaseTally, CaseYearTally, CaseMonthTally):
                await session.execute(delete(table).where(table.region_code.in_((GUANGSHAN, XINXIAN))))
            await session.execute(delete(Enterprise).where(Enterprise.id.in_([e.id for e in ents.values()])))
            await session.commit()


def test_the_open_cases_index_carries_every_column_the_grouped_snapshot_reads():
    """On PostgreSQL the grouped snapshot of the open cases is an index-only scan: every case column its statement
    reads (the level, the groups, the open-at test, the region scope) is in the index, or the scan reads the table."""
    from sqlalchemy.sql import visitors

    from case_service.indicators.models import OPEN_BY_REGION, SNAPSHOT_COLUMNS

    part = stats._grouped(False, False, 30, timedelta(days=1))
    at = local(2021, 8, 1)
    open_at = stats.and_(
        Case.created_at < at, stats._not_before(Case.resolved_at, at), stats._not_before(Case.closed_at, at)
    )
    stmt = select(*part.columns).where(open_at, Case.state.in_(stats.OPEN_STATES), Case.region_path.like("/410000/%"))
    read = {
        element.name
        for element in visitors.iterate(stmt)
        if getattr(element, "table", None) is Case.__table__ and hasattr(element, "name")
    }
    indexed = set(SNAPSHOT_COLUMNS) | {c.name for c in OPEN_BY_REGION.columns}
    assert read and read <= indexed, sorted(read - indexed)
    assert OPEN_BY_REGION.dialect_options["postgresql"]["include"] == list(SNAPSHOT_COLUMNS)


async def test_the_migrated_open_cases_index_is_the_declared_one(session):
    """The migration builds the index the model declares (PostgreSQL: with the snapshot's columns included)."""
    from sqlalchemy import text

    from case_service.indicators.models import SNAPSHOT_COLUMNS

    conn = await session.connection()
    if conn.dialect.name == "postgresql":
        definition = await session.scalar(
            text("SELECT indexdef FROM pg_indexes WHERE schemaname = 'case_svc' AND indexname = :name"),
            {"name": "ix_case_record_open_region_path"},
        )
        assert definition is not None and f"INCLUDE ({', '.join(SNAPSHOT_COLUMNS)})" in definition, definition
        assert "WHERE" in definition and "'PAUSED'" in definition
        options = await session.scalar(
            text("SELECT reloptions FROM pg_class WHERE oid = 'case_svc.case_record'::regclass")
        )
        assert "autovacuum_vacuum_scale_factor=0.01" in options
        spans = await session.scalar(
            text("SELECT indexdef FROM pg_indexes WHERE schemaname = 'case_svc' AND indexname = :name"),
            {"name": "ix_case_record_done_city_open_span"},
        )
        assert spans is not None and "USING gist (substr((region_path)::text, 1, 15), tstzrange(" in spans, spans
        kinds = await session.scalar(
            text("SELECT stxkind::text FROM pg_statistic_ext WHERE stxname = 'st_case_record_state_resolved_closed'")
        )
        assert kinds == "{m}"
    else:
        definition = await session.scalar(
            text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'ix_case_record_open_region_path'")
        )
        assert definition is not None and "WHERE" in definition and "'PAUSED'" in definition


async def test_the_city_leads_the_search_for_the_cases_done_since_the_cut_off(session, ents, regions, monkeypatch):
    """A city's or a county's snapshot looks the cases done since the cut-off up by the city first
    (`service.city_path`): the same statistics as without it, and on PostgreSQL the city-led span index serves it."""
    from sqlalchemy import func, text

    await random_cases(session, ents, regions, 300, seed=77)
    assert stats.city_path(stats_officer(regions, CITY), regions, None) == "/410000/411500/"
    assert stats.city_path(stats_officer(regions, CITY), regions, GUANGSHAN) == "/410000/411500/"
    assert stats.city_path(stats_officer(regions, "410000"), regions, None) is None
    compared = 0
    for principal_region, region in ((CITY, None), (CITY, GUANGSHAN), (GUANGSHAN, None)):
        for listed in (False, True):
            args = dict(
                principal=stats_officer(regions, principal_region),
                regions=regions,
                now=local(2021, 12, 1),
                policy=TimerPolicy(),
                period=parse_period("2021-08"),
                region_code=region,
                list_overdue=listed,
            )
            by_city = await stats.compute(session, **args)
            with monkeypatch.context() as m:
                m.setattr(stats, "city_path", lambda *a: None)
                whole = await stats.compute(session, **args)
            assert counted(by_city) == counted(whole) and by_city.overdue_cases == whole.overdue_cases
            compared += by_city.total().open
    assert compared > 50
    conn = await session.connection()
    if conn.dialect.name == "postgresql":
        done = stats._done_at(local(2021, 9, 1), "/410000/411500/")
        await session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join((await session.execute(text("EXPLAIN " + str(
            select(func.count()).select_from(done).compile(conn, compile_kwargs={"literal_binds": True})
        )))).scalars())  # fmt: skip
        assert "ix_case_record_done_city_open_span" in plan and "substr" in plan, plan
