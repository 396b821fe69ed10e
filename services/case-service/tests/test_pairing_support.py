"""Shared helpers of the campaign-record tests (pairing, visits, policy, staff, stats, reports); no tests here."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from conftest import CITY, ENTERPRISE_USCC, GUANGSHAN, XINXIAN

from case_service.case.models import Case, CaseUnit
from case_service.enterprise.models import Enterprise
from case_service.supervision.models import SupervisionOrder
from platform_core.periods import SHANGHAI
from platform_core.permissions import PROVINCE_CLIENT_PERMISSIONS
from platform_core.testing import client_token_kwargs
from platform_core.uscc import check_character

__all__ = ["CITY", "ENTERPRISE_USCC", "GUANGSHAN", "XINXIAN"]


def uscc_for(region: str, body: str = "MA47K2P10") -> str:
    """A valid code registered in a region."""
    first17 = f"91{region}{body}"
    return first17 + check_character(first17)


XINXIAN_USCC = uscc_for(XINXIAN)


async def add_enterprise(
    session: Any, regions: Any, uscc: str, region: str, name: str, is_key: bool = True
) -> Enterprise:
    """Put an enterprise into the directory."""
    ent = Enterprise(uscc=uscc, name=name, region_code=region, region_path=regions.path_of(region), is_key=is_key)
    session.add(ent)
    await session.flush()
    return ent


async def two_enterprises(session: Any, regions: Any) -> dict[str, Enterprise]:
    """One enterprise in 光山县 (the demo enterprise user's own) and one in 新县."""
    return {
        "gs": await add_enterprise(session, regions, ENTERPRISE_USCC, GUANGSHAN, "光山县茶业有限公司"),
        "xx": await add_enterprise(session, regions, XINXIAN_USCC, XINXIAN, "新县红色旅游商贸有限公司"),
    }


def province_headers(tokens: Any, regions: Any, region: str = CITY) -> dict[str, str]:
    """A provincial machine client with the sync permissions of the built-in client."""
    return tokens.headers(
        **client_token_kwargs(
            "province",
            list(PROVINCE_CLIENT_PERMISSIONS),
            data_scope="REGION_AND_BELOW",
            region_code=region,
            region_path=regions.path_of(region),
        )
    )


def if_match(headers: dict[str, str], version: int) -> dict[str, str]:
    """Headers with an If-Match on a version."""
    return {**headers, "If-Match": f'"{version}"'}


#: Every role of the `roles` fixture plus the provincial client with sync permissions.
ROLES = ("city_leader", "city_officer", "guangshan", "xinxian", "unit", "enterprise", "admin", "auditor", "province")


UNIT_ZRZY, UNIT_OTHER = 2, 3


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


L = local


async def make_case(
    session: Any,
    regions: Any,
    ents: dict[str, Enterprise],
    *,
    region: str = GUANGSHAN,
    source: str = "enterprise",
    created: datetime,
    state: str,
    assigned: datetime | None = None,
    signed: datetime | None = None,
    fed: datetime | None = None,
    submitted: datetime | None = None,
    resolved: datetime | None = None,
    closed: datetime | None = None,
    rated: datetime | None = None,
    satisfaction: str | None = None,
    unit: int | None = UNIT_ZRZY,
    resolve_days: int = 7,
    closed_reason: str | None = None,
) -> Case:
    """A case as the lifecycle would have left it, with the 13710 deadlines of natural days."""
    ent = ents["gs" if region == GUANGSHAN else "xx"]
    item = Case(
        source=source,
        superior_doc_no="豫商办〔2021〕15号" if source == "superior" else None,
        category_code="land_planning",
        enterprise_id=ent.id,
        enterprise_uscc=ent.uscc,
        enterprise_name=ent.name,
        region_code=region,
        region_path=regions.path_of(region),
        title="测试诉求",
        description="测试诉求内容",
        state=state,
        created_by="user:2",
        created_at=created,
        updated_at=created,
        assigned_at=assigned,
        sign_due=assigned + timedelta(days=1) if assigned else None,
        first_feedback_due=assigned + timedelta(days=3) if assigned else None,
        resolve_due=assigned + timedelta(days=resolve_days) if assigned else None,
        lead_unit_id=unit if assigned else None,
        lead_unit_name={UNIT_ZRZY: "市自然资源和规划局", UNIT_OTHER: "市发展和改革委员会"}.get(unit)
        if assigned
        else None,
        signed_at=signed,
        first_feedback_at=fed,
        result_submitted_at=submitted,
        resolved_at=resolved,
        closed_at=closed,
        closed_reason=closed_reason,
        rated_at=rated,
        satisfaction=satisfaction,
    )
    session.add(item)
    await session.flush()
    if assigned:
        session.add(
            CaseUnit(case_id=item.id, unit_id=unit, unit_name=item.lead_unit_name, role="lead", assigned_at=assigned)
        )
    return item


async def build_q3(session: Any, regions: Any, ents: dict[str, Enterprise]) -> dict[int, Case]:
    """Eleven cases around 2021-Q3 (Asia/Shanghai); the stats and report tests work their figures out by hand."""
    specs = {
        1: dict(
            source="superior", state="CLOSED", closed_reason="resolved", created=L(2021, 7, 1, 0, 30),
            assigned=L(2021, 7, 1, 10), signed=L(2021, 7, 1, 15), fed=L(2021, 7, 3), submitted=L(2021, 7, 6),
            resolved=L(2021, 7, 7), rated=L(2021, 7, 10), satisfaction="satisfied", closed=L(2021, 7, 11),
        ),
        2: dict(
            state="VISITED", created=L(2021, 7, 5), assigned=L(2021, 7, 5, 10), signed=L(2021, 7, 7),
            fed=L(2021, 7, 9), submitted=L(2021, 7, 14), resolved=L(2021, 7, 15), rated=L(2021, 7, 16),
            satisfaction="basically_satisfied",
        ),
        3: dict(
            source="superior", state="IN_PROGRESS", created=L(2021, 8, 1), assigned=L(2021, 8, 2, 9),
            signed=L(2021, 8, 2, 12),
        ),
        4: dict(state="ASSIGNED", created=L(2021, 9, 28), assigned=L(2021, 9, 29, 10)),
        5: dict(
            region=XINXIAN, unit=UNIT_OTHER, state="VISITED", created=L(2021, 6, 20), assigned=L(2021, 7, 2, 10),
            signed=L(2021, 7, 2, 11), fed=L(2021, 7, 4, 9), submitted=L(2021, 7, 20), resolved=L(2021, 7, 21),
            rated=L(2021, 7, 22), satisfaction="dissatisfied",
        ),
        6: dict(region=XINXIAN, state="SUBMITTED", created=L(2021, 7, 10)),
        7: dict(
            source="hotline", state="CLOSED", closed_reason="rejected", created=L(2021, 7, 12, 9),
            closed=L(2021, 7, 12, 16),
        ),
        8: dict(
            source="superior", state="LONG_TERM_TRACKING", resolve_days=30, created=L(2021, 9, 30, 20),
            assigned=L(2021, 9, 30, 21), signed=L(2021, 9, 30, 22),
        ),
        9: dict(state="SUBMITTED", created=L(2021, 10, 1, 0, 30)),
        10: dict(
            source="superior", state="RESOLVED", created=L(2021, 6, 30, 23, 30), assigned=L(2021, 6, 30, 23, 45),
            signed=L(2021, 7, 1, 8), fed=L(2021, 7, 1, 9), submitted=L(2021, 7, 2), resolved=L(2021, 7, 3, 10),
        ),
        11: dict(
            state="RESOLVED", created=L(2021, 9, 20), assigned=L(2021, 9, 20, 10), signed=L(2021, 9, 20, 11),
            fed=L(2021, 9, 21), submitted=L(2021, 9, 25), resolved=L(2021, 10, 5),
        ),
    }  # fmt: skip
    c = {n: await make_case(session, regions, ents, **kw) for n, kw in specs.items()}
    # A 督办单 on case 11 still unanswered at the end of September: escalated at the cut-off.
    session.add(
        SupervisionOrder(
            case_id=c[11].id, unit_id=UNIT_ZRZY, region_code=GUANGSHAN, region_path=regions.path_of(GUANGSHAN),
            level="warning", content="请加快办理", reply_due=local(2021, 9, 29), state="replied",
            issued_at=local(2021, 9, 26), issued_by="user:1", replied_at=local(2021, 10, 2), reply="已办结",
        )
    )  # fmt: skip
    await session.flush()
    return c
