"""The 业务字典 entries this service owns name exactly the codes its schemas accept."""

from __future__ import annotations

from enum import StrEnum

import pytest

from case_service.attachment.models import AttachmentKind
from case_service.case.models import (
    CaseSource,
    CaseState,
    ClosedReason,
    Complexity,
    Satisfaction,
    Urgency,
    WarningLevel,
)
from case_service.duplicate.models import LinkKind
from case_service.enterprise.schemas import EnterpriseSize, EnterpriseType
from case_service.notification.models import NotificationKind
from case_service.pairing.schemas import PairingKind
from case_service.policy.schemas import PolicyKind
from case_service.quality.models import QualityEvent, SampleStatus, Verdict
from case_service.reports.schemas import ReportKind
from case_service.staff.schemas import StaffGroup
from case_service.supervision.models import SupervisionLevel, SupervisionState
from platform_core.enumerations import ENUMERATIONS, labels

OWNED: dict[str, type[StrEnum]] = {
    "case_state": CaseState,
    "case_closed_reason": ClosedReason,
    "case_source": CaseSource,
    "case_urgency": Urgency,
    "case_complexity": Complexity,
    "case_satisfaction": Satisfaction,
    "case_warning": WarningLevel,
    "case_attachment_kind": AttachmentKind,
    "case_link_kind": LinkKind,
    "case_report_kind": ReportKind,
    "notification_kind": NotificationKind,
    "supervision_level": SupervisionLevel,
    "supervision_state": SupervisionState,
    "pairing_kind": PairingKind,
    "policy_kind": PolicyKind,
    "staff_group": StaffGroup,
    "enterprise_size": EnterpriseSize,
    "enterprise_type": EnterpriseType,
    "quality_event": QualityEvent,
    "quality_status": SampleStatus,
    "quality_verdict": Verdict,
}
#: Codes a schema holds that no page shows (a candidate not drawn for review is never listed).
UNSHOWN: dict[str, set[str]] = {"quality_status": {SampleStatus.SKIPPED.value}}


def test_every_enumeration_of_the_service_is_checked():
    assert {e.key for e in ENUMERATIONS if e.app == "case"} == set(OWNED)


@pytest.mark.parametrize("key", sorted(OWNED))
def test_codes_are_the_schema_values(key: str):
    assert set(labels(key)) == {member.value for member in OWNED[key]} - UNSHOWN.get(key, set())
