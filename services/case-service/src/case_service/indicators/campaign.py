"""Figures 1-9 of the work report (domain.md §7), one function each, with the records each comes from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.timers import TimerPolicy
from case_service.enterprise.models import Enterprise
from case_service.indicators import service
from case_service.indicators.schemas import CampaignFigures, Figure, Provenance
from case_service.indicators.service import Tally
from case_service.pairing import service as pairing_service
from case_service.pairing.models import Pairing
from case_service.pairing.schemas import PairingKind
from case_service.policy import service as policy_service
from case_service.policy.models import PolicyDocument
from case_service.policy.schemas import PolicyKind
from case_service.staff import service as staff_service
from case_service.staff.models import CampaignStaff
from case_service.staff.schemas import GROUP_LABELS, StaffGroup
from platform_core import figures
from platform_core.auth import Principal
from platform_core.figures import FigureSet, Reading, once
from platform_core.periods import Period
from platform_core.problems import field_error
from platform_core.regions import RegionDirectory
from platform_core.scope import under_path

SUPERIOR_CRITERIA = "来源为上级交办、期内登记的诉求"


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """What a campaign figure carries besides the shared fields: its sentence and the records behind it."""

    text: str  # 可直接写入报告的表述
    source: str  # campaign_staff / policy_document / pairing / case_record
    record_ids: list[int] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CampaignCtx:
    """What figures 1-9 are computed for: the caller, the period and the report's region."""

    session: AsyncSession
    principal: Principal
    regions: RegionDirectory
    period: Period
    now: datetime
    policy: TimerPolicy
    base: str | None  # the report's region (None: the caller's whole scope)
    base_path: str | None
    memo: dict[Any, Any] = field(default_factory=dict)


CAMPAIGN: FigureSet[CampaignCtx, CaseDetail] = FigureSet("case")


def _reading(value: Any, text: str, detail: CaseDetail, caliber: str, **parts: Any) -> Reading[CaseDetail]:
    """A reading whose sentence is the missing reason when there is no value."""
    return Reading(value, caliber=caliber, missing=text if value is None else None, detail=detail, **parts)


# 1-3: staff seconded to this level's campaign at any time in the period. ----------------------------------


async def _seconded(ctx: CampaignCtx) -> list[CampaignStaff]:
    async def load() -> list[CampaignStaff]:
        period = ctx.period
        rows = await staff_service.seconded_in(
            ctx.session, principal=ctx.principal, first=period.first_day, last=period.last_day
        )
        return [r for r in rows if ctx.base is None or r.region_code == ctx.base]

    return await once(ctx.memo, "seconded", load)


async def _staff(ctx: CampaignCtx, group: StaffGroup | None, text: str) -> Reading[CaseDetail]:
    rows = [r for r in await _seconded(ctx) if group is None or r.group == group]
    criteria = f"抽调到{ctx.regions.name_of(ctx.base) or '本级'}活动、抽调期间与统计期间有交集的人员"
    if group is not None:
        criteria += f"，去向为{GROUP_LABELS[group]}"
    detail = CaseDetail(
        text=text.format(n=len(rows)),
        source="campaign_staff",
        record_ids=[r.id for r in rows],
        records=[{"id": r.id, "name": r.name, "unit_name": r.unit_name, "group": r.group} for r in rows],
    )
    return _reading(len(rows), detail.text, detail, criteria)


@CAMPAIGN.figure("staff_seconded", label="抽调参加活动人数", unit="人", rows=(1,))
async def staff_seconded(ctx: CampaignCtx) -> Reading[CaseDetail]:
    """Staff seconded to the campaign."""
    return await _staff(ctx, None, "从商务部门抽调{n}名精兵强将参加“万人助万企”活动")


@CAMPAIGN.figure("staff_task_force", label="其中到活动专班人数", unit="人", rows=(2,))
async def staff_task_force(ctx: CampaignCtx) -> Reading[CaseDetail]:
    """Of them, staff working in the task force."""
    return await _staff(ctx, StaffGroup.TASK_FORCE, "其中{n}人到活动专班工作")


@CAMPAIGN.figure("staff_coordination", label="其中到市协调组人数", unit="人", rows=(3,))
async def staff_coordination(ctx: CampaignCtx) -> Reading[CaseDetail]:
    """Of them, staff working in the city's coordination group."""
    return await _staff(ctx, StaffGroup.COORDINATION_GROUP, "{n}人到市统筹组工作")


# 4 and 9: the latest implementation plan and measures issued at this level by the end of the period. -------


async def _latest(ctx: CampaignCtx, kind: PolicyKind) -> PolicyDocument | None:
    return await policy_service.latest_of_kind(
        ctx.session,
        principal=ctx.principal,
        kind=kind,
        first_day=date.min,
        end_day=ctx.period.end_day,
        region_code=ctx.base,
    )


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@CAMPAIGN.figure("plan_issued", label="印发实施方案", rows=(4,))
async def plan_issued(ctx: CampaignCtx) -> Reading[CaseDetail]:
    """The implementation plan: its date and document number."""
    plan = await _latest(ctx, PolicyKind.IMPLEMENTATION_PLAN)
    criteria = "本级发文、类型为实施方案、截至期末最近印发的一份"
    if plan is None:
        text = "截至期末未登记实施方案"
        return _reading(None, text, CaseDetail(text, "policy_document"), criteria)
    detail = CaseDetail(
        text=f"{plan.issue_date.month}月{plan.issue_date.day}日印发了《{plan.title}》（{plan.doc_number}）",
        source="policy_document",
        record_ids=[plan.id],
        records=[{"id": plan.id, "doc_number": plan.doc_number, "issue_date": _cn_date(plan.issue_date)}],
    )
    value = {"issue_date": plan.issue_date.isoformat(), "doc_number": plan.doc_number}
    return _reading(value, detail.text, detail, criteria)


# 5: leaders paired with enterprises of this region in the period. -----------------------------------------


async def _leaders(ctx: CampaignCtx) -> tuple[dict[Any, dict[str, Any]], list[int]]:
    """Per leader (user, else name): the enterprises and key enterprises paired; and the pairings' ids."""
    stmt = (
        pairing_service.scoped(ctx.principal)
        .add_columns(Enterprise.is_key)
        .where(Pairing.kind == PairingKind.LEADER.value)
        .where(pairing_service.overlapping(ctx.period.first_day, ctx.period.last_day))
    )
    if ctx.base_path:
        stmt = stmt.where(under_path(Enterprise.region_path, ctx.base_path))
    per_leader: dict[Any, dict[str, Any]] = {}
    pairing_ids: list[int] = []
    for pairing, is_key in (await ctx.session.execute(stmt.order_by(Pairing.person_name, Pairing.id))).all():
        who = pairing.user_id if pairing.user_id is not None else pairing.person_name
        entry = per_leader.setdefault(who, {"person_name": pairing.person_name, "enterprises": set(), "key": set()})
        entry["enterprises"].add(pairing.enterprise_uscc)
        if is_key:
            entry["key"].add(pairing.enterprise_uscc)
        pairing_ids.append(pairing.id)
    return per_leader, pairing_ids


@CAMPAIGN.figure("leader_key_enterprises", label="局领导包联重点企业数", unit="家/人", rows=(5,))
async def leader_key_enterprises(ctx: CampaignCtx) -> Reading[CaseDetail]:
    """Key enterprises each leader is paired with (a range when leaders differ)."""
    per_leader, pairing_ids = await _leaders(ctx)
    key_counts = sorted({len(e["key"]) for e in per_leader.values()})
    value: int | str | None = None
    text = "期内未登记局领导包联重点企业"
    if key_counts:
        value = key_counts[0] if len(key_counts) == 1 else f"{key_counts[0]}-{key_counts[-1]}"
        text = f"局领导每人包联{value}家重点企业（{len(per_leader)}位局领导）"
    records = [
        {"person_name": e["person_name"], "enterprises": len(e["enterprises"]), "key_enterprises": len(e["key"])}
        for e in per_leader.values()
    ]
    detail = CaseDetail(text=text, source="pairing", record_ids=pairing_ids, records=records)
    criteria = "包联类型为包联领导、包联期间与统计期间有交集、企业在本区域内；按人统计包联的重点企业数"
    return _reading(value, text, detail, criteria)


# 6-8: cases assigned from above. -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Superior:
    """The 上级交办 cases of the period: their tally, their ids and the ids of those done by the cut-off."""

    tally: Tally
    ids: list[int]
    done_ids: list[int]


async def _superior(ctx: CampaignCtx) -> Superior:
    async def load() -> Superior:
        result = await service.compute(
            ctx.session,
            principal=ctx.principal,
            regions=ctx.regions,
            period=ctx.period,
            now=ctx.now,
            policy=ctx.policy,
            region_code=ctx.base,
        )
        ids, done_ids = await service.superior_case_ids(
            ctx.session,
            conds=service.filters(ctx.principal, ctx.regions, region_code=ctx.base),
            period=ctx.period,
            cutoff=result.as_of,
        )
        return Superior(result.total(superior=True), ids, done_ids)

    return await once(ctx.memo, "superior", load)


@CAMPAIGN.figure("superior_received", label="接上级交办件数", unit="件", rows=(6,))
async def superior_received(ctx: CampaignCtx) -> Reading[CaseDetail]:
    """Cases assigned from above registered in the period."""
    sup = await _superior(ctx)
    text = f"接上级交办件共计{sup.tally.received}件"
    return _reading(sup.tally.received, text, CaseDetail(text, "case_record", sup.ids), SUPERIOR_CRITERIA)


@CAMPAIGN.figure("superior_resolved", label="上级交办件已办结数", unit="件", rows=(7,))
async def superior_resolved(ctx: CampaignCtx) -> Reading[CaseDetail]:
    """Of them, those resolved by the cut-off (rejected or merged ones are not resolutions)."""
    sup = await _superior(ctx)
    text = f"已办结{sup.tally.done}件"
    criteria = SUPERIOR_CRITERIA + "中截至期末已办结的(不含不予受理、合并办理)"
    return _reading(sup.tally.done, text, CaseDetail(text, "case_record", sup.done_ids), criteria)


@CAMPAIGN.figure("superior_resolution_rate", label="上级交办件办结率", unit="%", rows=(8,))
async def superior_resolution_rate(ctx: CampaignCtx) -> Reading[CaseDetail]:
    """Their resolution rate (percent, one decimal); none without cases."""
    rate = service.rates_of((await _superior(ctx)).tally).resolution
    text = f"办结率达{rate.value:g}%" if rate.value is not None else "期内无上级交办件"
    criteria = f"{rate.numerator_label} ÷ {rate.denominator_label}（上级交办）"
    parts = {"numerator": rate.numerator, "denominator": rate.denominator}
    return _reading(rate.value, text, CaseDetail(text, "case_record"), criteria, **parts)


# 9: the measures. --------------------------------------------------------------------------------------


@CAMPAIGN.figure("measures", label="若干措施及措施方面数", unit="个方面", rows=(9,))
async def measures(ctx: CampaignCtx) -> Reading[CaseDetail]:
    """The measures: title, document number and how many areas they address."""
    doc = await _latest(ctx, PolicyKind.MEASURES)
    criteria = "本级发文、类型为若干措施、截至期末最近印发的一份；措施方面按文件登记"
    if doc is None:
        text = "截至期末未登记若干措施"
        return _reading(None, text, CaseDetail(text, "policy_document"), criteria)
    areas = list(doc.measure_areas or [])
    detail = CaseDetail(
        text=f"印发了《{doc.title}》，从{len(areas)}个方面聚焦问题",
        source="policy_document",
        record_ids=[doc.id],
        records=[{"id": doc.id, "doc_number": doc.doc_number, "measure_areas": areas}],
    )
    value = {"doc_number": doc.doc_number, "title": doc.title, "measure_areas": len(areas)}
    return _reading(value, detail.text, detail, criteria)


# The answer ----------------------------------------------------------------------------------------------


def figure_out(f: figures.Figure[CaseDetail]) -> Figure:
    """A campaign figure as `GET /api/v1/campaign/figures` shows it."""
    detail = f.detail or CaseDetail(text=f.missing or "", source="")
    return Figure(
        no=f.rows[0],
        name=f.label,
        value=f.value,
        unit=f.unit,
        text=detail.text,
        provenance=Provenance(
            source=detail.source,
            criteria=f.caliber or "",
            record_ids=detail.record_ids,
            records=detail.records,
            numerator=f.numerator,
            denominator=f.denominator,
        ),
    )


async def campaign_figures(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    period: Period,
    now: datetime,
    policy: TimerPolicy,
    region_code: str | None = None,
) -> CampaignFigures:
    """Figures 1-9 of the work report for a period and region, each with the records it comes from."""
    base = service.report_region(principal, region_code)
    base_path = regions.path_of(base) if base else None
    if base and base_path is None:
        raise field_error("region_code", "行政区划代码不存在")
    ctx = CampaignCtx(session, principal, regions, period, now, policy, base, base_path)
    return CampaignFigures(
        period=service.period_out(period),
        region_code=base,
        region_name=regions.name_of(base),
        figures=[figure_out(f) for f in await CAMPAIGN.run(ctx)],
    )
