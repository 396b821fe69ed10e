"""Data access of the identity module: users, roles, regions, units, clients, and what a token carries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.iam.models import MachineClient, Region, Role, Unit, User, UserRole
from platform_core.auth import Principal
from platform_core.scope import DataScope
from platform_core.tokens import TokenSigner


@dataclass(frozen=True, slots=True)
class AccessProfile:
    """What a user's roles grant, and where the user sits: the substance of an access token."""

    roles: list[Role]
    permissions: list[str]
    data_scopes: list[str]
    region: Region | None
    unit: Unit | None

    @property
    def role_codes(self) -> list[str]:
        """The codes of the roles, sorted."""
        return sorted(r.code for r in self.roles)


async def get_user(session: AsyncSession, *, user_id: int) -> User | None:
    """A user by id."""
    return await session.get(User, user_id, populate_existing=True)


async def update_user_fields(session: AsyncSession, *, user_id: int, values: dict[str, Any]) -> None:
    """Write sign-in bookkeeping in one UPDATE, outside the version check that guards administrators' edits.

    A sign-in must not fail because an administrator edited the user a moment earlier (and vice versa).
    """
    await session.execute(
        update(User).where(User.id == user_id).values(**values).execution_options(synchronize_session="fetch")
    )


async def get_user_by_username(session: AsyncSession, *, username: str) -> User | None:
    """A user by login name."""
    return await session.scalar(select(User).where(User.username == username).execution_options(populate_existing=True))


async def roles_of(session: AsyncSession, *, user_id: int) -> list[Role]:
    """The roles a user holds, in code order."""
    stmt = (
        select(Role)
        .join(UserRole, UserRole.role_code == Role.code)
        .where(UserRole.user_id == user_id)
        .order_by(Role.code)
    )
    return list((await session.scalars(stmt)).all())


async def roles_by_code(session: AsyncSession, *, codes: list[str]) -> dict[str, Role]:
    """Roles by code (unknown codes are simply absent)."""
    if not codes:
        return {}
    rows = await session.scalars(select(Role).where(Role.code.in_(codes)))
    return {r.code: r for r in rows}


async def get_role(session: AsyncSession, *, code: str) -> Role | None:
    """A role by code."""
    return await session.get(Role, code, populate_existing=True)


async def get_region(session: AsyncSession, *, code: str | None) -> Region | None:
    """A region by code."""
    if not code:
        return None
    return await session.get(Region, code)


async def get_unit(session: AsyncSession, *, unit_id: int | None) -> Unit | None:
    """A unit by id."""
    if unit_id is None:
        return None
    return await session.get(Unit, unit_id, populate_existing=True)


async def get_client(session: AsyncSession, *, client_id: str) -> MachineClient | None:
    """A machine client by its client id."""
    return await session.scalar(
        select(MachineClient).where(MachineClient.client_id == client_id).execution_options(populate_existing=True)
    )


def union_grants(roles: list[Role]) -> tuple[list[str], list[str]]:
    """The permissions and data scopes of a set of roles (combined with OR)."""
    permissions = sorted({p for r in roles for p in r.permissions})
    scopes = sorted({r.data_scope for r in roles})
    return permissions, scopes


async def access_profile(session: AsyncSession, *, user: User) -> AccessProfile:
    """Everything an access token for this user carries."""
    roles = await roles_of(session, user_id=user.id)
    permissions, scopes = union_grants(roles)
    return AccessProfile(
        roles=roles,
        permissions=permissions,
        data_scopes=scopes,
        region=await get_region(session, code=user.region_code),
        unit=await get_unit(session, unit_id=user.unit_id),
    )


def user_access_token(
    signer: TokenSigner,
    *,
    user: User,
    profile: AccessProfile,
    ttl_seconds: int,
    session_id: str | None = None,
    password_expired: bool = False,
) -> tuple[str, dict[str, Any]]:
    """Mint an access token for a user; until a required change of password (or of an expired one) it grants nothing.

    `sid` names the sign-in and `sv` the user's session version: the gateway refuses the token once either
    has moved on (`gateway.iam.sessions`).
    """
    # The server enforces the change: such a token passes only the routes that need no permission
    # (/auth/me, /auth/password, /auth/logout), so every business route answers 403.
    pending = user.must_change_password or password_expired
    return signer.access_token(
        subject=f"user:{user.id}",
        kind="user",
        name=user.display_name,
        roles=profile.role_codes,
        permissions=[] if pending else profile.permissions,
        data_scopes=[] if pending else profile.data_scopes,
        region_code=user.region_code,
        region_path=profile.region.path if profile.region else None,
        unit_id=user.unit_id,
        enterprise_uscc=user.enterprise_uscc,
        ttl=timedelta(seconds=ttl_seconds),
        extra={
            "username": user.username,
            "pwd_change": pending,
            **({"sid": session_id, "sv": user.session_version} if session_id else {}),
        },
    )


def client_access_token(
    signer: TokenSigner,
    *,
    client: MachineClient,
    permissions: list[str],
    region: Region | None,
    ttl_seconds: int,
) -> tuple[str, dict[str, Any]]:
    """Mint an access token for a machine client (granted permissions and its scope, no roles)."""
    return signer.access_token(
        subject=f"client:{client.client_id}",
        kind="client",
        name=client.name,
        roles=[],
        permissions=permissions,
        data_scopes=[client.data_scope],
        region_code=client.region_code,
        region_path=region.path if region else None,
        ttl=timedelta(seconds=ttl_seconds),
    )


# The SPA's navigation; an entry shows when the user holds its permission (a group when any child shows).
MENUS: tuple[dict[str, Any], ...] = (
    {
        "name": "Dashboard",
        "title": "工作台",
        "path": "/dashboard",
        "icon": "Odometer",
        "permission": "dashboard:stats:read",
    },
    {
        # A full-screen page without the admin chrome, for the bureau's big screen (read-only).
        "name": "Cockpit",
        "title": "领导驾驶舱",
        "path": "/cockpit",
        "icon": "Monitor",
        "permission": "dashboard:cockpit:read",
    },
    {
        "name": "Enterprises",
        "title": "企业名录",
        "path": "/enterprises",
        "icon": "OfficeBuilding",
        "permission": "enterprise:enterprise:list",
    },
    {
        "name": "Cases",
        "title": "诉求办理",
        "path": "/cases",
        "icon": "Tickets",
        "permission": "case:case:list",
    },
    {
        "name": "RoutingRules",
        "title": "交办规则",
        "path": "/routing-rules",
        "icon": "Guide",
        "permission": "case:routing:list",
    },
    {
        "name": "Knowledge",
        "title": "知识库",
        "path": "/knowledge",
        "icon": "Reading",
        "permission": "case:knowledge:list",
    },
    {
        "name": "CaseQuality",
        "title": "撤单质检",
        "path": "/case-quality",
        "icon": "Stamp",
        "permission": "case:quality:list",
    },
    {
        "name": "Supervision",
        "title": "督办",
        "path": "/supervision",
        "icon": "Bell",
        "permission": "case:supervision:list",
    },
    {
        "name": "Notifications",
        "title": "消息",
        "path": "/notifications",
        "icon": "Message",
        "permission": "case:notification:read",
    },
    {
        "name": "Pairings",
        "title": "包联走访",
        "path": "/pairings",
        "icon": "Link",
        "permission": "case:pairing:list",
    },
    {
        "name": "Visits",
        "title": "走访记录",
        "path": "/visits",
        "icon": "MapLocation",
        "permission": "case:visit:list",
    },
    {
        "name": "Policies",
        "title": "政策文件",
        "path": "/policies",
        "icon": "Files",
        "permission": "case:policy:list",
    },
    {
        "name": "CaseReports",
        "title": "工作调度报表",
        "path": "/case-reports",
        "icon": "DataAnalysis",
        "permission": "case:report:read",
    },
    {
        "name": "WorkReport",
        "title": "工作报告",
        "path": "/reports/work-report",
        "icon": "Document",
        "permission": "report:figures:read",
    },
    {
        "name": "Trade",
        "title": "对外经贸",
        "path": "/trade",
        "icon": "Ship",
        "permission": None,
        "children": (
            {
                "name": "TradeIndicators",
                "title": "经贸指标",
                "path": "/trade/indicators",
                "icon": "TrendCharts",
                "permission": "trade:indicator:read",
            },
            {
                "name": "TradeLabour",
                "title": "对外劳务合作",
                "path": "/trade/labour",
                "icon": "Avatar",
                "permission": "trade:labour:list",
            },
            {
                "name": "TradeFunds",
                "title": "外贸政策资金",
                "path": "/trade/funds",
                "icon": "Money",
                "permission": "trade:fund:list",
            },
            {
                "name": "TradeFairs",
                "title": "展会与外贸培训",
                "path": "/trade/fairs",
                "icon": "Tickets",
                "permission": "trade:fair:list",
            },
            {
                "name": "TradeExports",
                "title": "出口备案与班列",
                "path": "/trade/exports",
                "icon": "Van",
                "permission": "trade:export:list",
            },
            {
                "name": "TradeStatistics",
                "title": "外贸统计与通报",
                "path": "/trade/statistics",
                "icon": "Histogram",
                "permission": "trade:statistics:list",
            },
            {
                "name": "TradeDomestic",
                "title": "内贸流通",
                "path": "/trade/domestic",
                "icon": "ShoppingCart",
                "permission": "trade:domestic:list",
            },
            {
                "name": "TradeEcommerce",
                "title": "电子商务进农村",
                "path": "/trade/ecommerce",
                "icon": "Shop",
                "permission": "trade:ecommerce:list",
            },
        ),
    },
    {
        "name": "Investment",
        "title": "招商引资",
        "path": "/investment",
        "icon": "Coin",
        "permission": None,
        "children": (
            {
                "name": "InvestmentIndicators",
                "title": "招商指标",
                "path": "/investment/indicators",
                "icon": "TrendCharts",
                "permission": "investment:stats:read",
            },
            {
                "name": "InvestmentProjects",
                "title": "项目库",
                "path": "/investment/projects",
                "icon": "Files",
                "permission": "investment:project:list",
            },
            {
                "name": "InvestmentRounds",
                "title": "三个一批",
                "path": "/investment/rounds",
                "icon": "Flag",
                "permission": "investment:project:list",
            },
            {
                "name": "InvestmentFunds",
                "title": "到位资金",
                "path": "/investment/funds",
                "icon": "Money",
                "permission": "investment:project:list",
            },
            {
                "name": "InvestmentForeignEnterprises",
                "title": "外资企业",
                "path": "/investment/foreign-enterprises",
                "icon": "OfficeBuilding",
                "permission": "investment:foreign:list",
            },
            {
                "name": "InvestmentForeignCapital",
                "title": "实际吸收外资",
                "path": "/investment/foreign-capital",
                "icon": "Histogram",
                "permission": "investment:foreign:list",
            },
            {
                "name": "InvestmentBulletins",
                "title": "全省通报",
                "path": "/investment/bulletins",
                "icon": "Document",
                "permission": "investment:stats:read",
            },
        ),
    },
    {
        "name": "System",
        "title": "系统管理",
        "path": "/system",
        "icon": "Setting",
        "permission": None,
        "children": (
            {
                "name": "SystemUsers",
                "title": "用户",
                "path": "/system/users",
                "icon": "User",
                "permission": "system:user:list",
            },
            {
                "name": "SystemRoles",
                "title": "角色",
                "path": "/system/roles",
                "icon": "UserFilled",
                "permission": "system:role:list",
            },
            {
                "name": "SystemUnits",
                "title": "单位",
                "path": "/system/units",
                "icon": "School",
                "permission": "system:unit:list",
            },
            {
                "name": "SystemRegions",
                "title": "行政区划",
                "path": "/system/regions",
                "icon": "Location",
                "permission": "system:region:list",
            },
            {
                "name": "SystemClients",
                "title": "接入客户端",
                "path": "/system/clients",
                "icon": "Connection",
                "permission": "system:client:list",
            },
            {
                "name": "SystemSessions",
                "title": "在线用户",
                "path": "/system/sessions",
                "icon": "Lock",
                "permission": "system:session:list",
            },
            {
                "name": "SystemDictionaries",
                "title": "业务字典",
                "path": "/system/dictionaries",
                "icon": "Collection",
                "permission": "system:dictionary:update",
            },
            {
                "name": "SystemParameters",
                "title": "系统参数",
                "path": "/system/parameters",
                "icon": "Operation",
                "permission": "system:parameter:list",
            },
            {
                "name": "SystemNotices",
                "title": "通知公告",
                "path": "/system/notices",
                "icon": "Bell",
                "permission": "system:notice:list",
            },
            {
                "name": "SystemMonitor",
                "title": "服务监控",
                "path": "/system/monitor",
                "icon": "Monitor",
                "permission": "system:monitor:read",
            },
            {
                "name": "SystemJobs",
                "title": "定时任务",
                "path": "/system/jobs",
                "icon": "Timer",
                "permission": "system:job:list",
            },
        ),
    },
    {
        "name": "AuditLogs",
        "title": "审计日志",
        "path": "/audit/logs",
        "icon": "Document",
        "permission": "audit:log:list",
    },
    {
        "name": "SignInLogs",
        "title": "登录日志",
        "path": "/audit/sign-ins",
        "icon": "Document",
        "permission": "audit:signin:list",
    },
)


def menus_for(
    permissions: set[str] | frozenset[str], menus: tuple[dict[str, Any], ...] = MENUS
) -> list[dict[str, Any]]:
    """The menu tree filtered by permission."""
    out: list[dict[str, Any]] = []
    for item in menus:
        children = menus_for(permissions, item.get("children", ()))
        if item.get("children"):
            if not children:
                continue
        elif item["permission"] not in permissions:
            continue
        out.append({**item, "children": children})
    return out


def region_visible(principal: Principal, region: Region) -> bool:
    """Whether a region is inside the principal's data scope (its own region always is)."""
    scopes = principal.data_scopes
    if DataScope.ALL in scopes or region.code == principal.region_code:
        return True
    return bool(
        DataScope.REGION_AND_BELOW in scopes and principal.region_path and region.path.startswith(principal.region_path)
    )


async def region_subtree(session: AsyncSession, *, root: Region) -> list[Region]:
    """The region and everything below it, in code order."""
    stmt = select(Region).where(Region.path.startswith(root.path, autoescape=True)).order_by(Region.code)
    return list((await session.scalars(stmt)).all())


async def top_regions(session: AsyncSession) -> list[Region]:
    """The roots of the stored region forest (the provinces seeded)."""
    return list((await session.scalars(select(Region).where(Region.parent_code.is_(None)).order_by(Region.code))).all())


def build_tree(rows: list[Region], root_code: str) -> dict[str, Any]:
    """Nest rows (a subtree in any order) under the root as `{code, name, level, path, children}`."""
    nodes: dict[str, dict[str, Any]] = {
        r.code: {
            "code": r.code,
            "name": r.name,
            "level": r.level,
            "path": r.path,
            "is_active": r.is_active,
            "children": [],
        }
        for r in rows
    }
    for r in sorted(rows, key=lambda r: r.code):
        if r.code != root_code and r.parent_code in nodes:
            nodes[r.parent_code]["children"].append(nodes[r.code])
    return nodes[root_code]


def user_snapshot(user: User, role_codes: list[str] | None = None) -> dict[str, Any]:
    """A user as the audit log records it (never the password hash)."""
    snap: dict[str, Any] = {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "region_code": user.region_code,
        "unit_id": user.unit_id,
        "enterprise_uscc": user.enterprise_uscc,
        "phone": user.phone,
        "is_active": user.is_active,
        "must_change_password": user.must_change_password,
        "locked_until": user.locked_until.isoformat() if user.locked_until else None,
        "version": user.version,
    }
    if role_codes is not None:
        snap["role_codes"] = sorted(role_codes)
    return snap
