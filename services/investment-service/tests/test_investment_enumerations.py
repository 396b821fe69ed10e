"""The 业务字典 entries this service owns name exactly the codes its schemas accept."""

from __future__ import annotations

from enum import StrEnum

import pytest

from investment_service.foreign.schemas import Caliber
from investment_service.project.flows import Stage
from investment_service.project.schemas import Category, InvestorOrigin
from investment_service.rounds.schemas import RoundKind
from platform_core.bulletins import BulletinScope
from platform_core.enumerations import ENUMERATIONS, labels

OWNED: dict[str, type[StrEnum]] = {
    "investment_stage": Stage,
    "investment_category": Category,
    "investment_round_kind": RoundKind,
    "investment_origin": InvestorOrigin,
    "investment_caliber": Caliber,
    "bulletin_scope": BulletinScope,
}


def test_every_enumeration_of_the_service_is_checked():
    assert {e.key for e in ENUMERATIONS if e.app == "investment"} == set(OWNED)


@pytest.mark.parametrize("key", sorted(OWNED))
def test_codes_are_the_schema_values(key: str):
    assert set(labels(key)) == {member.value for member in OWNED[key]}
