"""Shared helpers of the case tests (cases, timers, supervision, notifications, attachments); no tests here.

A test module does `globals().update(case_fixtures())` for the fixtures and drives cases with `Driver`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import CITY, ENTERPRISE_USCC, GUANGSHAN, XINXIAN

from case_service.case.models import CaseAction, CaseState
from case_service.enterprise.models import Enterprise
from platform_core.blobs import FileBlobs
from platform_core.periods import SHANGHAI
from platform_core.permissions import PROVINCE_CLIENT_PERMISSIONS
from platform_core.testing import client_token_kwargs, role_token_kwargs
from platform_core.uscc import check_character

__all__ = ["CITY", "ENTERPRISE_USCC", "GUANGSHAN", "XINXIAN"]

S, A = CaseState, CaseAction
URL = "/api/v1/cases"

#: The lead unit of the test cases (the `unit` role's unit) and a co-unit.
LEAD_UNIT = {"unit_id": 2, "unit_name": "市自然资源和规划局"}
CO_UNIT = {"unit_id": 4, "unit_name": "市市场监督管理局"}


def uscc_for(region: str, body: str = "MA47K2P10") -> str:
    """A valid code registered in a region."""
    first17 = f"91{region}{body}"
    return first17 + check_character(first17)


XINXIAN_USCC = uscc_for(XINXIAN)
PROVINCE, NANYANG, WOLONG = "410000", "411300", "411303"
WOLONG_USCC = uscc_for(WOLONG)


class Clock:
    """A frozen, movable clock installed as the app's clock."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now


def local(*args: int) -> datetime:
    """An Asia/Shanghai instant."""
    return datetime(*args, tzinfo=SHANGHAI)


def case_fixtures() -> dict[str, Any]:
    """Fixtures: enterprises, a frozen clock, an attachment folder, extra role headers, a case driver."""

    @pytest.fixture
    async def enterprises(session, regions) -> dict[str, int]:
        gs = Enterprise(
            uscc=ENTERPRISE_USCC,
            name="光山县茶业有限公司",
            region_code=GUANGSHAN,
            region_path=regions.path_of(GUANGSHAN),
            contact_person="王建国",
            contact_phone="13900001111",
        )
        xx = Enterprise(
            uscc=XINXIAN_USCC,
            name="新县红色旅游商贸有限公司",
            region_code=XINXIAN,
            region_path=regions.path_of(XINXIAN),
            contact_phone="13900002222",
        )
        session.add_all([gs, xx])
        await session.flush()
        return {"gs": gs.id, "xx": xx.id}

    @pytest.fixture
    def clock(app) -> Iterator[Clock]:
        frozen = Clock(local(2021, 7, 1, 9, 0))
        app.state.clock = frozen
        yield frozen
        app.state.clock = None

    @pytest.fixture
    def attachment_dir(app, tmp_path) -> Iterator[Path]:
        """Attachments stored as files in a folder of the test (the `files` store) instead of the database."""
        default = app.state.blobs
        app.state.blobs = FileBlobs(tmp_path)
        yield tmp_path
        app.state.blobs = default

    @pytest.fixture
    def case_roles(roles, headers, tokens, regions) -> dict[str, dict[str, str]]:
        """The conftest roles plus another unit, a co-unit, and the provincial client with case sync."""
        return {
            **roles,
            "other_unit": headers("unit_handler", CITY, unit_id=3, subject="user:9"),
            "co_unit": headers("unit_handler", CITY, unit_id=CO_UNIT["unit_id"], subject="user:10"),
            "other_enterprise": headers("enterprise_user", XINXIAN, enterprise_uscc=XINXIAN_USCC, subject="user:11"),
            # The province's officer (its whole tree) and another city's officer (南阳, beside 信阳).
            "province_officer": headers("city_officer", PROVINCE, subject="user:12"),
            "nanyang": headers("city_officer", NANYANG, subject="user:13"),
            "province": tokens.headers(
                **client_token_kwargs(
                    "province",
                    list(PROVINCE_CLIENT_PERMISSIONS),
                    data_scope="REGION_AND_BELOW",
                    region_code=CITY,
                    region_path=regions.path_of(CITY),
                )
            ),
        }

    @pytest.fixture
    def driver(client, case_roles, enterprises, app) -> Driver:
        return Driver(client, case_roles, app)

    @pytest.fixture
    def check(client, app) -> Callable[[], Awaitable[dict[str, Any]]]:
        """Run the internal timer check once, as a scheduler inside the network would."""

        async def run() -> dict[str, Any]:
            resp = await client.post(
                "/internal/v1/cases/timer-check", headers={"X-Internal-Token": app.state.settings.internal_token}
            )
            assert resp.status_code == 200, resp.text
            return resp.json()

        return run

    return {
        "enterprises": enterprises,
        "clock": clock,
        "attachment_dir": attachment_dir,
        "case_roles": case_roles,
        "driver": driver,
        "check": check,
    }


def role_permissions(role: str) -> frozenset[str]:
    """The permissions a test role's token carries."""
    kinds = {
        "guangshan": "county_officer",
        "xinxian": "county_officer",
        "unit": "unit_handler",
        "other_unit": "unit_handler",
        "province_officer": "city_officer",
        "nanyang": "city_officer",
        "co_unit": "unit_handler",
        "enterprise": "enterprise_user",
        "other_enterprise": "enterprise_user",
        "admin": "system_admin",
    }
    if role == "province":
        return frozenset(PROVINCE_CLIENT_PERMISSIONS)
    return frozenset(role_token_kwargs(kinds.get(role, role))["permissions"])


def new_case(**kw: Any) -> dict[str, Any]:
    """A create body for the demo enterprise."""
    body: dict[str, Any] = {
        "source": "enterprise",
        "category_code": "land_planning",
        "enterprise_uscc": ENTERPRISE_USCC,
        "title": "厂房扩建用地指标申请",
        "description": "企业扩大生产，需新增工业用地20亩，请协调用地指标。",
        "urgency": "urgent",
        "contact_person": "王建国",
        "contact_phone": "13900001111",
    }
    body.update(kw)
    return body


#: The path from a new case to each state: (action, role) in order.
PATHS: dict[CaseState, list[CaseAction]] = {
    S.SUBMITTED: [],
    S.ACCEPTED: [A.ACCEPT],
    S.ASSIGNED: [A.ACCEPT, A.ASSIGN],
    S.RETURN_REQUESTED: [A.ACCEPT, A.ASSIGN, A.REQUEST_RETURN],
    S.IN_PROGRESS: [A.ACCEPT, A.ASSIGN, A.SIGN],
    S.EXTENSION_REQUESTED: [A.ACCEPT, A.ASSIGN, A.SIGN, A.REQUEST_EXTENSION],
    S.ESCALATED: [A.ACCEPT, A.ASSIGN, A.SIGN, A.ESCALATE],
    S.LONG_TERM_TRACKING: [A.ACCEPT, A.ASSIGN, A.SIGN, A.LONG_TERM],
    S.PENDING_REVIEW: [A.ACCEPT, A.ASSIGN, A.SIGN, A.SUBMIT_RESULT],
    S.PAUSED: [A.ACCEPT, A.ASSIGN, A.SIGN, A.PAUSE],
    S.RESOLVED: [A.ACCEPT, A.ASSIGN, A.SIGN, A.SUBMIT_RESULT, A.APPROVE_RESULT],
    S.VISITED: [A.ACCEPT, A.ASSIGN, A.SIGN, A.SUBMIT_RESULT, A.APPROVE_RESULT, A.REVISIT],
    S.CLOSED: [A.ACCEPT, A.ASSIGN, A.SIGN, A.SUBMIT_RESULT, A.APPROVE_RESULT, A.REVISIT, A.CLOSE],
}

#: Who performs each action in the tests (a role holding its permission; the lead unit for handling).
ACTORS: dict[CaseAction, str] = {
    A.ACCEPT: "guangshan",
    A.REJECT: "guangshan",
    A.MERGE: "guangshan",
    A.ANSWER_NOW: "guangshan",
    A.ASSIGN: "guangshan",
    A.SIGN: "unit",
    A.REQUEST_RETURN: "unit",
    A.APPROVE_RETURN: "guangshan",
    A.DENY_RETURN: "guangshan",
    A.FEEDBACK: "unit",
    A.REQUEST_EXTENSION: "unit",
    A.APPROVE_EXTENSION: "guangshan",
    A.DENY_EXTENSION: "guangshan",
    A.ESCALATE: "guangshan",
    A.DECIDE: "city_leader",
    A.LONG_TERM: "unit",
    A.SUBMIT_RESULT: "unit",
    A.APPROVE_RESULT: "guangshan",
    A.SEND_BACK: "guangshan",
    A.REVISIT: "enterprise",
    A.CLOSE: "guangshan",
    A.REOPEN: "guangshan",
    A.PAUSE: "unit",
    A.RESUME: "unit",
    A.SUPPLY_MATERIAL: "enterprise",
    A.URGE: "guangshan",
}


@dataclass
class Driver:
    """Creates cases and drives them through the lifecycle over HTTP."""

    client: Any
    roles: dict[str, dict[str, str]]
    app: Any
    created: list[int] = field(default_factory=list)

    def now(self) -> datetime:
        clock = getattr(self.app.state, "clock", None)
        return clock() if clock else datetime.now(UTC)

    def body_for(self, action: CaseAction, **extra: Any) -> dict[str, Any]:
        """A valid body for an action."""
        today = self.now().astimezone(SHANGHAI).date()
        bodies: dict[CaseAction, dict[str, Any]] = {
            A.ACCEPT: {"comment": "属实，予以受理"},
            A.REJECT: {"reason": "不属于政府职责范围"},
            A.MERGE: {},
            A.ANSWER_NOW: {"answer": "该政策可在政务服务网直接申报。"},
            A.ASSIGN: {"lead_unit": LEAD_UNIT, "co_units": [CO_UNIT]},
            A.SIGN: {},
            A.REQUEST_RETURN: {"reason": "不属于本单位职责"},
            A.APPROVE_RETURN: {},
            A.DENY_RETURN: {"reason": "属于本单位职责，请继续办理"},
            A.FEEDBACK: {"content": "已现场踏勘，正在协调指标。"},
            A.REQUEST_EXTENSION: {"days": 5, "reason": "需等待省厅批复"},
            A.APPROVE_EXTENSION: {},
            A.DENY_EXTENSION: {"reason": "期限内可以办结"},
            A.ESCALATE: {"reason": "涉及多部门，需会商"},
            A.DECIDE: {"decision": "由自然资源局牵头，发改委配合，月底前解决"},
            A.LONG_TERM: {
                "plan": "指标纳入下一年度计划",
                "milestones": [
                    {"due_date": (today + timedelta(days=40)).isoformat(), "content": "上报年度计划"},
                    {"due_date": (today + timedelta(days=90)).isoformat(), "content": "完成用地报批"},
                ],
            },
            A.SUBMIT_RESULT: {"result": "已协调解决用地指标20亩", "basis": "信自然资〔2021〕12号"},
            A.APPROVE_RESULT: {"comment": "办理结果属实"},
            A.SEND_BACK: {"reason": "结果不完整"},
            A.REVISIT: {"satisfaction": "dissatisfied", "comment": "办理太慢"},
            A.CLOSE: {},
            A.REOPEN: {"reason": "企业不满意，重新办理"},
            A.PAUSE: {"reason": "请企业补充用地红线图及环评批复"},
            A.RESUME: {},
            A.SUPPLY_MATERIAL: {"content": "已上传用地红线图"},
            A.URGE: {"comment": "请加快办理"},
        }
        return {**bodies[action], **extra}

    async def create(self, role: str = "guangshan", **kw: Any) -> dict[str, Any]:
        resp = await self.client.post(URL, json=new_case(**kw), headers=self.roles[role])
        assert resp.status_code == 201, resp.text
        self.created.append(resp.json()["id"])
        return resp.json()

    async def act(
        self, case_id: int, action: CaseAction, role: str | None = None, expect: int = 200, **body: Any
    ) -> dict[str, Any]:
        payload = self.body_for(action, **body)
        if action is A.MERGE and "into_case_id" not in payload:
            payload["into_case_id"] = (await self.create())["id"]
        resp = await self.client.post(
            f"{URL}/{case_id}/{action.value}", json=payload, headers=self.roles[role or ACTORS[action]]
        )
        assert resp.status_code == expect, (action, resp.text)
        return resp.json()

    async def to_state(self, state: CaseState, **kw: Any) -> dict[str, Any]:
        case = await self.create(**kw)
        for action in PATHS[state]:
            case = await self.act(case["id"], action)
        assert case["state"] == state.value
        return case

    async def detail(self, case_id: int, role: str = "guangshan") -> dict[str, Any]:
        resp = await self.client.get(f"{URL}/{case_id}", headers=self.roles[role])
        assert resp.status_code == 200, resp.text
        return resp.json()


def day(d: date) -> str:
    """An ISO date."""
    return d.isoformat()


def stats_officer(regions: Any, region: str) -> Any:
    """A principal reading the statistics of a region and below (what the in-process statistics tests compute as)."""
    from platform_core.auth import Principal

    return Principal(
        subject="user:stats",
        kind="user",
        name="统计",
        roles=frozenset({"city_officer"}),
        permissions=frozenset({"case:stats:read"}),
        data_scopes=frozenset({"REGION_AND_BELOW"}),
        region_code=region,
        region_path=regions.path_of(region),
    )
