"""Properties of every investment route, enumerated from the app's OpenAPI (platform_core.route_properties):
an out-of-range id is 404, one winner among concurrent writers with one ETag, one record per
Idempotency-Key under concurrent retries. They commit for real, on a database of their own."""

from pathlib import Path

from conftest import _make_app

from investment_service.core import SCHEMA
from platform_core.route_properties import route_property_suite
from platform_core.testing import CITY

V = "/api/v1"

globals().update(
    route_property_suite(
        service_root=Path(__file__).resolve().parents[1],
        schema=SCHEMA,
        make_app=_make_app,
        region_code=CITY,
        patches={
            f"{V}/rounds/{{round_id}}",
            f"{V}/projects/{{project_id}}",
            f"{V}/foreign-enterprises/{{enterprise_id}}",
            f"{V}/foreign-capital/{{capital_id}}",
            f"{V}/investment/industry-chains/{{chain_id}}",
        },
        deletes={
            f"{V}/projects/{{project_id}}",
            f"{V}/foreign-enterprises/{{enterprise_id}}",
            f"{V}/foreign-capital/{{capital_id}}",
        },
        creates={
            f"{V}/rounds",
            f"{V}/projects",
            f"{V}/projects/{{project_id}}/progress",
            f"{V}/projects/{{project_id}}/funds",
            f"{V}/foreign-enterprises",
            f"{V}/foreign-enterprises/{{enterprise_id}}/visits",
            f"{V}/foreign-capital",
            f"{V}/investment/industry-chains",
        },
        parents={
            f"{V}/projects/{{project_id}}/progress": {f"{V}/projects": {"project_id": "id"}},
            f"{V}/projects/{{project_id}}/funds": {f"{V}/projects": {"project_id": "id"}},
            f"{V}/foreign-enterprises/{{enterprise_id}}/visits": {f"{V}/foreign-enterprises": {"enterprise_id": "id"}},
        },
        # A figure belongs to a region or an enterprise; one per region, month and caliber.
        overrides={
            f"{V}/foreign-capital": {"region_code": lambda b: b.region_code},
            f"{V}/rounds": {"number": lambda b: b.serial()},  # a round's number is unique
        },
    )
)
