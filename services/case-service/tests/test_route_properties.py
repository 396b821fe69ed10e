"""Properties of every case-service route, enumerated from the app's OpenAPI (platform_core.route_properties):
an out-of-range id is 404, one winner among concurrent writers with one ETag, one record per
Idempotency-Key under concurrent retries. They commit for real, on a database of their own."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from conftest import _make_app

from case_service.core import SCHEMA
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
            f"{V}/enterprises/{{enterprise_id}}",
            f"{V}/pairings/{{pairing_id}}",
            f"{V}/visits/{{visit_id}}",
            f"{V}/policies/{{policy_id}}",
            f"{V}/campaign-staff/{{staff_id}}",
            f"{V}/cases/{{case_id}}",
            f"{V}/case-categories/{{category_id}}",
            f"{V}/routing-rules/{{rule_id}}",
            f"{V}/case-views/{{view_id}}",
            f"{V}/knowledge-entries/{{entry_id}}",
        },
        deletes={
            f"{V}/enterprises/{{enterprise_id}}",
            f"{V}/pairings/{{pairing_id}}",
            f"{V}/visits/{{visit_id}}",
            f"{V}/policies/{{policy_id}}",
            f"{V}/campaign-staff/{{staff_id}}",
            f"{V}/routing-rules/{{rule_id}}",
            f"{V}/case-views/{{view_id}}",
            f"{V}/knowledge-entries/{{entry_id}}",
        },
        creates={
            f"{V}/enterprises",
            f"{V}/pairings",
            f"{V}/visits",
            f"{V}/visits/{{visit_id}}/cases",
            f"{V}/policies",
            f"{V}/campaign-staff",
            f"{V}/cases",
            f"{V}/case-categories",
            f"{V}/supervision-orders",
            f"{V}/routing-rules",
            f"{V}/cases/{{case_id}}/links",
            f"{V}/cases/{{case_id}}/split",
            f"{V}/case-views",
            f"{V}/knowledge-entries",
        },
        parents={
            f"{V}/pairings": {f"{V}/enterprises": {"enterprise_uscc": "uscc"}},
            f"{V}/visits": {f"{V}/enterprises": {"enterprise_uscc": "uscc"}},
            f"{V}/cases": {f"{V}/enterprises": {"enterprise_uscc": "uscc"}},
            f"{V}/visits/{{visit_id}}/cases": {
                f"{V}/visits": {"visit_id": "id", "problem_id": lambda visit: visit["problems"][0]["id"]}
            },
            # A link joins two cases: one registered directly, the other from a visit.
            f"{V}/cases/{{case_id}}/links": {
                f"{V}/cases": {"case_id": "id"},
                f"{V}/visits/{{visit_id}}/cases": {"other_case_id": lambda made: made["case"]["id"]},
            },
            f"{V}/cases/{{case_id}}/split": {f"{V}/cases": {"case_id": "id"}},
        },
        overrides={
            f"{V}/cases": {"category_code": "land_planning"},
            f"{V}/visits/{{visit_id}}/cases": {"category_code": "land_planning"},
            f"{V}/visits": {"problems": ["用地指标不足，厂房扩建受阻"]},
            # An order to a unit (an order to a case needs one under way).
            f"{V}/supervision-orders": {
                "unit_id": 2,
                "reply_due": lambda b: (datetime.now(UTC) + timedelta(days=7)).isoformat(),
            },
            f"{V}/policies": {"doc_number": lambda b: f"信商字〔2021〕{b.serial()}号"},
            f"{V}/routing-rules": {
                "category_code": "land_planning",
                "keywords": ["用地"],
                "lead_unit": {"unit_id": 2},
                "co_units": [],
            },
            f"{V}/cases/{{case_id}}/links": {"kind": "duplicate"},
            f"{V}/cases/{{case_id}}/split": {"parts": [{"title": "拆出的事项", "description": "拆出事项的内容"}]},
            # A view's name is unique per owner; it is shared with nobody (a role is checked against the caller).
            f"{V}/case-views": {"name": lambda b: f"视图{b.serial()}", "filters": {}, "shared_role": None},
            f"{V}/knowledge-entries": {
                "category_code": "land_planning",
                "policy_ids": [],
                "source_case_id": None,
                "status": "draft",
            },
        },
        changes={
            f"{V}/routing-rules/{{rule_id}}": {"name": "用地保障规则", "priority": 3},
            f"{V}/case-views/{{view_id}}": {"name": "改名的视图"},
            f"{V}/knowledge-entries/{{entry_id}}": {"answer": "修改后的解答内容", "status": "published"},
        },
        uploads={f"{V}/visits/{{visit_id}}/photos"},
        lists={
            f"{V}/visits/{{visit_id}}/cases": f"{V}/cases",
            # A split adds one case per part; a link is listed on its case.
            f"{V}/cases/{{case_id}}/split": f"{V}/cases",
        },
    )
)
