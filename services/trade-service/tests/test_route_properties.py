"""Properties of every trade route, enumerated from the app's OpenAPI (platform_core.route_properties):
an out-of-range id is 404, one winner among concurrent writers with one ETag, one record per
Idempotency-Key under concurrent retries. They commit for real, on a database of their own."""

from pathlib import Path

from conftest import _make_app

from platform_core.route_properties import route_property_suite
from platform_core.testing import CITY
from trade_service.core import SCHEMA

T = "/api/v1/trade"
RECORDS = [
    "labour/programs", "labour/batches", "labour/exchange-events", "labour/brands", "funds/programs", "funds/grants",
    "fairs",
    "fairs/{parent_id}/participants", "trainings", "export-registrations", "shipments", "foreign-trade/stats",
    "domestic/promotions", "domestic/honours", "domestic/streets", "ecommerce/demo-counties",
    "ecommerce/village-coverage", "ecommerce/brands", "ecommerce/trainings",
]  # fmt: skip

globals().update(
    route_property_suite(
        service_root=Path(__file__).resolve().parents[1],
        schema=SCHEMA,
        make_app=_make_app,
        region_code=CITY,
        patches={f"{T}/{r}/{{record_id}}" for r in RECORDS} | {f"{T}/labour/workers/{{worker_id}}"},
        deletes={f"{T}/{r}/{{record_id}}" for r in RECORDS} | {f"{T}/labour/workers/{{worker_id}}"},
        creates={f"{T}/{r}" for r in RECORDS} | {f"{T}/labour/workers"},
        parents={
            f"{T}/labour/batches": {f"{T}/labour/programs": {"program_id": "id"}},
            f"{T}/labour/workers": {f"{T}/labour/programs": {"program_id": "id"}},
            f"{T}/funds/grants": {f"{T}/funds/programs": {"program_id": "id"}},
            f"{T}/fairs/{{parent_id}}/participants": {f"{T}/fairs": {"parent_id": "id"}},
        },
        overrides={
            f"{T}/fairs": {"starts_on": "2021-04-15", "ends_on": "2021-04-20"},
            f"{T}/domestic/promotions": {"starts_on": "2021-04-15", "ends_on": "2021-04-20"},
        },
        changes={
            f"{T}/ecommerce/village-coverage/{{record_id}}": {"villages_total": 50},
            f"{T}/foreign-trade/stats/{{record_id}}": {"import_wan_usd": "20.00"},
        },
    )
)
