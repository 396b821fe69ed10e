"""The 业务字典 entries this service owns name exactly the codes its schemas accept."""

from __future__ import annotations

from enum import StrEnum

import pytest

from platform_core.enumerations import ENUMERATIONS, labels
from trade_service.domestic.schemas import HonourKind, PromotionKind, StreetKind
from trade_service.ecommerce.schemas import DemoLevel
from trade_service.exports.schemas import Channel
from trade_service.fields import Level, Mode
from trade_service.funds.schemas import FundKind
from trade_service.labour.schemas import WorkerStatus

OWNED: dict[str, type[StrEnum]] = {
    "trade_mode": Mode,
    "trade_worker_status": WorkerStatus,
    "trade_channel": Channel,
    "trade_fund_kind": FundKind,
    "trade_honour_kind": HonourKind,
    "trade_level": Level,
    "trade_promotion_kind": PromotionKind,
    "trade_street_kind": StreetKind,
    "trade_demo_level": DemoLevel,
}


def test_every_enumeration_of_the_service_is_checked():
    assert {e.key for e in ENUMERATIONS if e.app == "trade"} == set(OWNED)


@pytest.mark.parametrize("key", sorted(OWNED))
def test_codes_are_the_schema_values(key: str):
    assert set(labels(key)) == {member.value for member in OWNED[key]}
