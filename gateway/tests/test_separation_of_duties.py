"""三员分立 as a rule of the gateway: each of the three officers against every administration action.

The system administrator manages business accounts only, the security administrator assigns roles and edits
business roles only, the auditor reads only; everything else is 403 problem+json with the reason in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from gateway.iam.models import UserRole
from platform_core.permissions import ROLES_BY_CODE

OFFICERS = {"system_admin": "admin", "security_admin": "security", "auditor": "auditor"}
OFFICER_ACCOUNTS = ("admin", "security", "auditor")
USERS = "/api/v1/system/users"
ROLES = "/api/v1/system/roles"


@dataclass(frozen=True)
class Action:
    """One administration request: who may do it, and the permission its route asks for."""

    name: str
    method: str
    path: str
    permission: str
    allowed: frozenset[str] = frozenset()
    body: dict[str, Any] | None = None
    if_match: bool = False
    target: str = "xinxian"

    def __str__(self) -> str:
        return self.name


def _account_actions(target: str, allowed: frozenset[str]) -> list[Action]:
    """Edits, state changes, password reset and role assignment of one account."""
    user = "{user}"
    return [
        Action(
            f"edit {target}",
            "PATCH",
            f"{USERS}/{user}",
            "system:user:update",
            allowed,
            {"phone": "13900000001"},
            True,
            target,
        ),
        Action(f"disable {target}", "POST", f"{USERS}/{user}/disable", "system:user:update", allowed, target=target),
        Action(f"enable {target}", "POST", f"{USERS}/{user}/enable", "system:user:update", allowed, target=target),
        Action(f"unlock {target}", "POST", f"{USERS}/{user}/unlock", "system:user:update", allowed, target=target),
        Action(
            f"reset {target}", "POST", f"{USERS}/{user}/reset-password", "system:user:update", allowed, target=target
        ),
    ]


SYSTEM = frozenset({"system_admin"})
SECURITY = frozenset({"security_admin"})
AUDITOR = frozenset({"auditor"})
NOBODY: frozenset[str] = frozenset()
NEW_USER = {"username": "duty_user", "display_name": "分立", "password": "Duty#2026pass", "region_code": "411500"}

ACTIONS: tuple[Action, ...] = (
    # Business accounts: the system administrator's.
    Action("create business account", "POST", USERS, "system:user:create", SYSTEM, NEW_USER),
    Action(
        "create account with roles",
        "POST",
        USERS,
        "system:user:create",
        NOBODY,
        {**NEW_USER, "role_codes": ["city_leader"]},
    ),
    *_account_actions("xinxian", SYSTEM),
    Action(
        "change roles in an account edit",
        "PATCH",
        f"{USERS}/{{user}}",
        "system:user:update",
        NOBODY,
        {"role_codes": ["city_leader"]},
        True,
    ),
    # Officers' accounts: nobody online.
    *(a for account in OFFICER_ACCOUNTS for a in _account_actions(account, NOBODY)),
    *(
        Action(
            f"assign roles to {account}",
            "PUT",
            f"{USERS}/{{user}}/roles",
            "system:role:update",
            NOBODY,
            {"role_codes": ["city_leader"]},
            True,
            account,
        )
        for account in OFFICER_ACCOUNTS
    ),
    # Roles of business accounts: the security administrator's.
    Action(
        "assign a business role",
        "PUT",
        f"{USERS}/{{user}}/roles",
        "system:role:update",
        SECURITY,
        {"role_codes": ["city_leader"]},
        True,
    ),
    *(
        Action(
            f"assign the {role} role",
            "PUT",
            f"{USERS}/{{user}}/roles",
            "system:role:update",
            NOBODY,
            {"role_codes": [role]},
            True,
        )
        for role in OFFICERS
    ),
    Action(
        "edit a business role",
        "PATCH",
        f"{ROLES}/city_leader",
        "system:role:update",
        SECURITY,
        {"data_scope": "REGION"},
        True,
    ),
    Action(
        "grant personal data to a business role",
        "PATCH",
        f"{ROLES}/city_leader",
        "system:role:update",
        SECURITY,
        {"permissions": [*ROLES_BY_CODE["city_leader"].permissions, "trade:worker:pii"]},
        True,
    ),
    *(
        Action(
            f"edit the {role} role", "PATCH", f"{ROLES}/{role}", "system:role:update", NOBODY, {"name": "改名"}, True
        )
        for role in OFFICERS
    ),
    *(
        Action(
            f"grant {permission} to a business role",
            "PATCH",
            f"{ROLES}/city_leader",
            "system:role:update",
            NOBODY,
            {"permissions": [*ROLES_BY_CODE["city_leader"].permissions, permission]},
            True,
        )
        for permission in ("audit:log:list", "system:user:update", "system:role:update")
    ),
    # Reading.
    Action("read users", "GET", USERS, "system:user:list", SYSTEM | SECURITY),
    Action("read roles", "GET", ROLES, "system:role:list", SYSTEM | SECURITY),
    Action("read the audit log", "GET", "/internal/v1/audit/logs", "audit:log:list", AUDITOR),
)


@pytest.mark.parametrize("action", ACTIONS, ids=str)
@pytest.mark.parametrize("officer", OFFICERS)
async def test_officer_action_matrix(client, auth, user_of, officer, action):
    target = await user_of(action.target)
    headers = await auth(OFFICERS[officer])
    if action.if_match:
        headers["If-Match"] = f'"{target.version}"' if "{user}" in action.path else '"1"'
    resp = await client.request(action.method, action.path.format(user=target.id), json=action.body, headers=headers)
    if officer in action.allowed:
        assert 200 <= resp.status_code < 300, f"{officer} {action}: {resp.status_code} {resp.text}"
        return
    assert resp.status_code == 403, f"{officer} {action}: {resp.status_code} {resp.text}"
    body = resp.json()
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert body["code"] == "forbidden"
    if action.permission in ROLES_BY_CODE[officer].permissions:
        # The officer holds the route's permission: the rule itself refuses, and says why in Chinese.
        assert "三员分立" in body["detail"] or "本人" in body["detail"], body


def test_the_matrix_covers_every_officer_duty():
    allowed = {officer: {a.name for a in ACTIONS if officer in a.allowed} for officer in OFFICERS}
    assert allowed["auditor"] == {"read the audit log"}
    assert "assign a business role" in allowed["security_admin"]
    assert not any(a.method != "GET" for a in ACTIONS if "auditor" in a.allowed)
    refused_to_all = {a.name for a in ACTIONS if not a.allowed}
    assert {"reset admin", "reset security", "reset auditor", "assign the auditor role"} <= refused_to_all


async def test_personal_data_never_goes_to_a_role_an_officer_holds(client, auth, session, user_of):
    # An auditor who also holds a business role (given on the server): that role may not gain personal data.
    auditor = await user_of("auditor")
    session.add(UserRole(user_id=auditor.id, role_code="city_leader"))
    await session.flush()
    security = await auth("security")
    listed = (await client.get(f"{ROLES}/city_leader", headers=security)).json()
    assert listed["held_by_officer"] is True and listed["is_officer_role"] is False
    for permission in ("trade:worker:pii", "enterprise:contact:read"):
        resp = await client.patch(
            f"{ROLES}/city_leader",
            json={"permissions": [*ROLES_BY_CODE["city_leader"].permissions, permission]},
            headers={**security, "If-Match": '"1"'},
        )
        assert resp.status_code == 403, resp.text
        body = resp.json()
        assert body["detail"].startswith("不能将个人信息权限授予三员") and body["permissions"] == [permission]
    # Other edits of that role stay possible.
    ok = await client.patch(
        f"{ROLES}/city_leader", json={"data_scope": "REGION"}, headers={**security, "If-Match": '"1"'}
    )
    assert ok.status_code == 200


async def test_officer_accounts_are_flagged_for_the_administration_pages(client, auth):
    listed = (await client.get(USERS, params={"page_size": 100}, headers=await auth("admin"))).json()
    officers = {u["username"] for u in listed["items"] if u["is_officer"]}
    assert officers == {"admin", "security", "auditor"}


async def test_refusals_change_nothing_and_leave_no_entry(client, auth, user_of, audit_log):
    target = await user_of("security")
    admin = await auth("admin")
    for path in ("disable", "reset-password", "unlock"):
        assert (await client.post(f"{USERS}/{target.id}/{path}", headers=admin)).status_code == 403
    again = await user_of("security")
    assert again.is_active and again.version == target.version
    assert await audit_log("user.disable") == [] and await audit_log("user.reset_password") == []
