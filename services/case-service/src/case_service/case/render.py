"""Cases as their readers see them: list items and the detail with its allowed actions, contacts masked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case import flows, service
from case_service.case.models import Case, CaseUnit, UnitRole, WarningLevel
from case_service.case.schemas import CaseDetail, CaseListItem, CaseUnitOut, ExtensionOut, MilestoneOut, PauseOut
from case_service.case.timers import MissedDeadline, TimerPolicy, missed_deadlines, warning_level
from case_service.dictionary import service as dictionary
from platform_core.auth import Principal
from platform_core.enumerations import labels
from platform_core.exports import Sheet, column
from platform_core.masking import mask_phone
from platform_core.regions import RegionDirectory

CONTACT_READ = "enterprise:contact:read"

#: Names of the codes the export writes: the one table of default labels, `platform_core.enumerations`.
SOURCE_LABELS = labels("case_source")
URGENCY_LABELS = labels("case_urgency")
COMPLEXITY_LABELS = labels("case_complexity")
WARNING_LABELS = labels("case_warning")
SATISFACTION_LABELS = labels("case_satisfaction")

#: The case list's 导出: what the list shows, names rather than codes; contacts are not in the list.
CASE_SHEET: Sheet[CaseListItem] = Sheet(
    "诉求列表",
    [
        column("诉求编号", "case_no"),
        column("诉求标题", "title"),
        column("企业名称", "enterprise_name"),
        column("统一社会信用代码", "enterprise_uscc"),
        column("所在地区", "region_name"),
        column("来源", "source", SOURCE_LABELS),
        column("诉求分类", "category_name"),
        column("紧急程度", "urgency", URGENCY_LABELS),
        column("复杂程度", "complexity", COMPLEXITY_LABELS),
        column("状态", "state_label"),
        column("预警等级", "warning_label"),
        column("牵头单位", "lead_unit_name"),
        column("交办时间", "assigned_at"),
        column("办结时限", "resolve_due"),
        column("办结时间", "resolved_at"),
        column("满意度", "satisfaction", SATISFACTION_LABELS),
        column("登记时间", "created_at"),
    ],
)


def _item_fields(
    item: Case,
    *,
    regions: RegionDirectory,
    categories: dict[str, str],
    level: WarningLevel,
    missed: list[MissedDeadline],
) -> dict[str, object]:
    return {
        "id": item.id,
        "case_no": item.case_no,
        "title": item.title,
        "source": item.source,
        "category_code": item.category_code,
        "category_name": categories.get(item.category_code),
        "enterprise_uscc": item.enterprise_uscc,
        "enterprise_name": item.enterprise_name,
        "region_code": item.region_code,
        "region_name": regions.name_of(item.region_code),
        "urgency": item.urgency,
        "complexity": item.complexity,
        "state": item.state,
        "state_label": flows.state_label(item.state, item.closed_reason),
        "closed_reason": item.closed_reason,
        "warning_level": level,
        "missed_deadlines": [{"kind": m.kind, "label": m.label, "due": m.due} for m in missed],
        "warning_label": WARNING_LABELS[level],
        "lead_unit_id": item.lead_unit_id,
        "lead_unit_name": item.lead_unit_name,
        "assigned_at": item.assigned_at,
        "sign_due": item.sign_due,
        "first_feedback_due": item.first_feedback_due,
        "resolve_due": item.resolve_due,
        "signed_at": item.signed_at,
        "first_feedback_at": item.first_feedback_at,
        "resolved_at": item.resolved_at,
        "closed_at": item.closed_at,
        "satisfaction": item.satisfaction,
        "reopen_count": item.reopen_count,
        "paused_at": item.paused_at,
        "paused_seconds": item.paused_seconds or 0,
        "version": item.version,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def may_read_contact(item: Case, principal: Principal, units: list[CaseUnit]) -> bool:
    """Contacts are personal data: shown to contact readers, the handling units and the enterprise itself."""
    if principal.has(CONTACT_READ) or principal.enterprise_uscc == item.enterprise_uscc:
        return True
    return principal.unit_id is not None and any(u.unit_id == principal.unit_id for u in units)


async def render_list(
    session: AsyncSession,
    rows: list[Case],
    *,
    regions: RegionDirectory,
    policy: TimerPolicy,
    now: datetime,
) -> list[CaseListItem]:
    """List items with the warning level computed now."""
    categories = await dictionary.category_names(session)
    supervised = await service.open_supervision_counts(session, case_ids=[r.id for r in rows])
    return [
        CaseListItem.model_validate(
            _item_fields(
                r,
                regions=regions,
                categories=categories,
                level=warning_level(r, now=now, policy=policy, supervised=bool(supervised.get(r.id))),
                missed=missed_deadlines(r, now=now, policy=policy),
            )
        )
        for r in rows
    ]


async def render_detail(
    session: AsyncSession,
    item: Case,
    *,
    principal: Principal,
    regions: RegionDirectory,
    policy: TimerPolicy,
    now: datetime,
) -> CaseDetail:
    """The detail page's case, with the caller's allowed actions."""
    categories = await dictionary.category_names(session)
    units = (await service.load_units(session, case_ids=[item.id]))[item.id]
    open_orders = (await service.open_supervision_counts(session, case_ids=[item.id])).get(item.id, 0)
    level = warning_level(item, now=now, policy=policy, supervised=open_orders > 0)
    phone = item.contact_phone if may_read_contact(item, principal, units) else mask_phone(item.contact_phone)
    return CaseDetail.model_validate(
        {
            **_item_fields(
                item,
                regions=regions,
                categories=categories,
                level=level,
                missed=missed_deadlines(item, now=now, policy=policy),
            ),
            "description": item.description,
            "superior_doc_no": item.superior_doc_no,
            "visit_id": item.visit_id,
            "contact_person": item.contact_person,
            "contact_phone": phone,
            "units": [CaseUnitOut(unit_id=u.unit_id, unit_name=u.unit_name, role=UnitRole(u.role)) for u in units],
            "assigned_by": item.assigned_by,
            "escalated_at": item.escalated_at,
            "result_submitted_at": item.result_submitted_at,
            "long_term_plan": item.long_term_plan,
            "result": item.result,
            "result_basis": item.result_basis,
            "satisfaction_comment": item.satisfaction_comment,
            "rated_at": item.rated_at,
            "merged_into_id": item.merged_into_id,
            "created_by": item.created_by,
            "created_by_name": item.created_by_name,
            "extensions": [
                ExtensionOut.model_validate(e) for e in await service.list_extensions(session, case_id=item.id)
            ],
            "milestones": [
                MilestoneOut.model_validate(m) for m in await service.list_milestones(session, case_id=item.id)
            ],
            "pauses": [PauseOut.model_validate(p) for p in await service.list_pauses(session, case_id=item.id)],
            "open_supervision_count": open_orders,
            "allowed_actions": flows.allowed_actions(item, principal, policy),
        }
    )
