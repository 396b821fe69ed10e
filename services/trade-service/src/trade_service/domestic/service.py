"""Domestic trade resources and their rules."""

from __future__ import annotations

from typing import Any

from platform_core.problems import field_error
from platform_core.records import Resource
from trade_service.domestic.models import CommerceHonour, PromotionEvent, StreetRenovation


def _check_span(row: Any) -> None:
    if row.ends_on < row.starts_on:
        raise field_error("ends_on", "结束日期不能早于开始日期")


def _check_street(row: Any) -> None:
    if row.started_on and row.completed_on and row.completed_on < row.started_on:
        raise field_error("completed_on", "完成日期不能早于开始日期")


PROMOTIONS = Resource(
    name="promotion_event",
    label="促销活动",
    model=PromotionEvent,
    sorts={
        "starts_on": PromotionEvent.starts_on,
        "consumption_driven_yi_yuan": PromotionEvent.consumption_driven_yi_yuan,
        "name": PromotionEvent.name,
        "id": PromotionEvent.id,
    },
    default_sort=(PromotionEvent.starts_on.desc(),),
    check=_check_span,
)
HONOURS = Resource(
    name="commerce_honour",
    label="内贸荣誉",
    model=CommerceHonour,
    sorts={"awarded_on": CommerceHonour.awarded_on, "kind": CommerceHonour.kind, "id": CommerceHonour.id},
    default_sort=(CommerceHonour.awarded_on.desc(),),
    unique=("kind", "level", "holder_name"),
    unique_message="该获得者已有同类同级荣誉",
)
STREETS = Resource(
    name="street_renovation",
    label="步行街改造",
    model=StreetRenovation,
    sorts={"completed_on": StreetRenovation.completed_on, "name": StreetRenovation.name, "id": StreetRenovation.id},
    default_sort=(StreetRenovation.id.desc(),),
    check=_check_street,
)
