"""The monthly fund totals the indicators read stay equal to the fund records through entries, corrections,
a project moving county and a project deleted; a rebuild gives the same rows."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal

from conftest import GUANGSHAN, XINXIAN, etag
from sqlalchemy import func, select

from investment_service.funds import totals
from investment_service.funds.models import FundMonthTotal, FundRecord
from investment_service.project.models import Project


async def recorded(session) -> dict[tuple[str, date], Decimal]:
    """The totals as stored, zero rows left out."""
    rows = await session.execute(
        select(FundMonthTotal.region_code, FundMonthTotal.month, FundMonthTotal.amount_wan_yuan)
    )
    return {(code, month): Decimal(amount) for code, month, amount in rows if Decimal(amount) != 0}


async def summed(session) -> dict[tuple[str, date], Decimal]:
    """The same totals summed from the fund records themselves."""
    rows = await session.execute(
        select(Project.region_code, FundRecord.month, func.sum(FundRecord.amount_wan_yuan))
        .join(Project, Project.id == FundRecord.project_id)
        .where(FundRecord.is_current.is_(True), Project.deleted_at.is_(None))
        .group_by(Project.region_code, FundRecord.month)
    )
    return {(code, month): Decimal(amount) for code, month, amount in rows}


async def test_totals_follow_entries_corrections_moves_and_deletions(client, actors, session, build):
    a = await build.project(GUANGSHAN, origin="out_of_province", stage="landed", signed_on=date(2021, 3, 1))
    b = await build.project(GUANGSHAN, origin="out_of_province", stage="landed", signed_on=date(2021, 4, 1))
    city = actors["city_officer"]

    june = await client.post(
        f"/api/v1/projects/{a.id}/funds", json={"month": "2021-06", "amount_wan_yuan": "1000"}, headers=city
    )
    await client.post(
        f"/api/v1/projects/{a.id}/funds", json={"month": "2021-07", "amount_wan_yuan": "200.25"}, headers=city
    )
    await client.post(
        f"/api/v1/projects/{b.id}/funds", json={"month": "2021-06", "amount_wan_yuan": "50"}, headers=city
    )
    assert await recorded(session) == {
        (GUANGSHAN, date(2021, 6, 1)): Decimal("1050.00"),
        (GUANGSHAN, date(2021, 7, 1)): Decimal("200.25"),
    }

    # A correction replaces the month's figure; the superseded one no longer counts.
    fixed = await client.put(
        f"/api/v1/projects/{a.id}/funds/2021-06",
        json={"amount_wan_yuan": "900", "reason": "按到账凭证更正"},
        headers={**city, **etag(june)},
    )
    assert fixed.status_code == 200
    assert (await recorded(session))[(GUANGSHAN, date(2021, 6, 1))] == Decimal("950.00")

    # Project a moves to 新县: its figures move with it.
    current = await client.get(f"/api/v1/projects/{a.id}", headers=city)
    moved = await client.patch(
        f"/api/v1/projects/{a.id}", json={"region_code": XINXIAN}, headers={**city, **etag(current)}
    )
    assert moved.status_code == 200
    assert await recorded(session) == {
        (GUANGSHAN, date(2021, 6, 1)): Decimal("50.00"),
        (XINXIAN, date(2021, 6, 1)): Decimal("900.00"),
        (XINXIAN, date(2021, 7, 1)): Decimal("200.25"),
    }

    # Project b, entered by mistake, is deleted: its figures stop counting.
    current = await client.get(f"/api/v1/projects/{b.id}", headers=city)
    assert (await client.delete(f"/api/v1/projects/{b.id}", headers={**city, **etag(current)})).status_code == 204
    assert await recorded(session) == await summed(session)
    assert (GUANGSHAN, date(2021, 6, 1)) not in await recorded(session)

    # Summing everything again gives the same rows.
    before = await recorded(session)
    await totals.rebuild(session)
    assert await recorded(session) == before


async def test_a_moved_project_and_a_new_figure_in_one_flush_count_once(session, build):
    p = await build.project(GUANGSHAN, origin="out_of_province", stage="landed", signed_on=date(2021, 3, 1))
    await build.fund(p, date(2021, 5, 1), "10")
    p.region_code = XINXIAN
    p.region_path = build.regions.path_of(XINXIAN)
    session.add(FundRecord(project_id=p.id, month=date(2021, 6, 1), amount_wan_yuan=Decimal("5"), recorded_by="user:2"))
    await session.flush()
    assert await recorded(session) == {
        (XINXIAN, date(2021, 5, 1)): Decimal("10.00"),
        (XINXIAN, date(2021, 6, 1)): Decimal("5.00"),
    }
    assert await recorded(session) == await summed(session)


PROBE = """
import sys
from sqlalchemy import event
from sqlalchemy.orm import Session
import {module}
hooks = [sys.modules.get(m) for m in ("investment_service.funds.totals", "investment_service.project.totals")]
sys.exit(0 if all(h is not None and event.contains(Session, "after_flush", h._keep_totals) for h in hooks) else 1)
"""


def test_the_app_and_the_seed_install_the_totals_hooks():
    # A fresh interpreter each: in this one the test set-up has imported every module already.
    for module in ("investment_service.main", "demo_data.investment"):
        probe = PROBE.replace("{module}", module)
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{module} does not install the totals' hooks: {result.stderr[-2000:]}"
