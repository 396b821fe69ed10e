"""Reference data (regions, built-in roles, units) and, in demo mode only, the demo accounts and client."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.iam.models import MachineClient, Region, Role, Unit, User, UserRole
from gateway.iam.passwords import hash_password_async
from gateway.settings import GatewaySettings
from platform_core import demo
from platform_core.db import Database
from platform_core.permissions import BUILTIN_ROLES, PROVINCE_CLIENT_PERMISSIONS
from platform_core.regions import RegionDirectory, load_regions
from platform_core.scope import DataScope
from platform_core.settings import Environment
from platform_core.uscc import check_character

log = logging.getLogger(__name__)

#: The demo enterprise of 光山县 (shared with case-service's demo data through `platform_core.demo`).
DEMO_ENTERPRISE_USCC = demo.DEMO_ENTERPRISE_USCC
if check_character(DEMO_ENTERPRISE_USCC[:17]) != DEMO_ENTERPRISE_USCC[17]:  # pragma: no cover - a typo guard
    raise RuntimeError("DEMO_ENTERPRISE_USCC has a wrong check character")

#: The demo city (信阳): its bureau's accounts, its demo client.
SEED_CITY = demo.DEMO_CITY
#: The province whose 商务厅 is seeded as a unit (the province-level accounts belong to it).
PROVINCE_UNIT_SUFFIX = "commerce"

PROVINCE_DEPARTMENT = "省直部门"
CITY_DEPARTMENT = "市直部门"
COUNTY_BUREAU = "县区商务局"

#: City departments: (code suffix, name after the city's own, e.g. 信阳市 + 商务局). Several cities share one
#: installation, so every department carries its city's name.
CITY_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("commerce", "商务局"),
    ("natural-resources", "自然资源和规划局"),
    ("development-reform", "发展和改革委员会"),
    ("market-regulation", "市场监督管理局"),
    ("ecology-environment", "生态环境局"),
)


def unit_code(region_code: str, suffix: str) -> str:
    """The code of a seeded unit, e.g. `411500-commerce`."""
    return f"{region_code}-{suffix}"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """A demo user: login name, display name, role, region and unit."""

    username: str
    display_name: str
    role: str
    region_code: str
    unit_code: str | None
    enterprise_uscc: str | None = None


#: The province the demo's 省商务厅 accounts sit at (they read every city of it).
DEMO_PROVINCE = "410000"
#: The second demo city (南阳).
DEMO_SECOND_CITY = demo.DEMO_SECOND_CITY

# Order matters: on an empty database the ids follow it (`leader` is user 4, see `platform_core.demo`).
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    # The three officers of the installation sit at the province: they administer every city.
    DemoAccount("admin", "系统管理员", "system_admin", DEMO_PROVINCE, unit_code(DEMO_PROVINCE, "commerce")),
    DemoAccount("security", "安全管理员", "security_admin", DEMO_PROVINCE, unit_code(DEMO_PROVINCE, "commerce")),
    DemoAccount("auditor", "审计员", "auditor", DEMO_PROVINCE, unit_code(DEMO_PROVINCE, "commerce")),
    DemoAccount("leader", "李建国", "city_leader", SEED_CITY, unit_code(SEED_CITY, "commerce")),
    DemoAccount("city", "王晓梅", "city_officer", SEED_CITY, unit_code(SEED_CITY, "commerce")),
    DemoAccount("guangshan", "陈志强", "county_officer", "411522", unit_code("411522", "commerce")),
    DemoAccount("xinxian", "刘芳", "county_officer", "411523", unit_code("411523", "commerce")),
    DemoAccount("unit_zrzy", "赵磊", "unit_handler", SEED_CITY, unit_code(SEED_CITY, "natural-resources")),
    DemoAccount("reviewer", "孙丽华", "quality_reviewer", SEED_CITY, unit_code(SEED_CITY, "commerce")),
    DemoAccount(
        "enterprise", "周红（企业联系人）", "enterprise_user", demo.DEMO_ENTERPRISE_REGION, None, DEMO_ENTERPRISE_USCC
    ),
    DemoAccount("henan", "张卫东", "province_leader", DEMO_PROVINCE, unit_code(DEMO_PROVINCE, "commerce")),
    DemoAccount("nanyang", "马晓军", "city_officer", DEMO_SECOND_CITY, unit_code(DEMO_SECOND_CITY, "commerce")),
)

DEMO_CLIENT_ID = "province"
DEMO_CLIENT_NAME = "省级万人助万企平台"


class DemoDataRefusedError(RuntimeError):
    """Demo accounts were requested in production."""


@dataclass(slots=True)
class SeedReport:
    """How many rows each step added (zero on a re-run: seeding is idempotent)."""

    regions: int = 0
    roles: int = 0
    units: int = 0
    users: int = 0
    clients: int = 0


async def seed_regions(session: AsyncSession, *, directory: RegionDirectory, province: str) -> int:
    """Store the province and every division below it; names and paths of stored ones are refreshed."""
    root = directory.get(province)
    if root is None or root.level != 1:
        raise ValueError(f"{province} is not a province code of GB/T 2260")
    existing = {r.code: r for r in await session.scalars(select(Region).where(Region.path.startswith(root.path)))}
    added = 0
    # Parents first, so every parent_code refers to a stored row.
    for region in sorted(directory.subtree(province), key=lambda r: (r.level, r.code)):
        row = existing.get(region.code)
        if row is None:
            session.add(
                Region(
                    code=region.code,
                    name=region.name,
                    level=region.level,
                    parent_code=region.parent_code,
                    path=region.path,
                    is_active=True,
                )
            )
            added += 1
        elif (row.name, row.level, row.parent_code, row.path) != (
            region.name,
            region.level,
            region.parent_code,
            region.path,
        ):
            row.name, row.level, row.parent_code, row.path = region.name, region.level, region.parent_code, region.path
    await session.flush()
    return added


async def seed_roles(session: AsyncSession) -> int:
    """Add the built-in roles that are missing (a role edited by the security admin is left alone)."""
    existing = set(await session.scalars(select(Role.code)))
    added = 0
    for spec in BUILTIN_ROLES:
        if spec.code in existing:
            continue
        session.add(
            Role(
                code=spec.code,
                name=spec.name,
                permissions=sorted(spec.permissions),
                data_scope=DataScope(spec.data_scope).value,
                is_builtin=True,
            )
        )
        added += 1
    await session.flush()
    return added


def wanted_units(directory: RegionDirectory, *, province: str, cities: list[str]) -> list[tuple[str, str, str, str]]:
    """(code, name, kind, region) of the units seeded: each city's departments and county bureaus, then the 商务厅.

    Cities come first and in the configured order, so the ids of an empty database are stable (信阳's five
    departments are units 1-5, see `platform_core.demo`).
    """
    wanted: list[tuple[str, str, str, str]] = []
    for code in cities:
        city = directory.get(code)
        if city is None or city.level != 2:
            continue
        wanted += [
            (unit_code(code, suffix), f"{city.name}{name}", CITY_DEPARTMENT, code) for suffix, name in CITY_DEPARTMENTS
        ]
        wanted += [
            (unit_code(county.code, "commerce"), f"{county.name}商务局", COUNTY_BUREAU, county.code)
            for county in city.children
        ]
    root = directory.get(province)
    if root is not None:
        wanted.append((unit_code(province, PROVINCE_UNIT_SUFFIX), f"{root.name}商务厅", PROVINCE_DEPARTMENT, province))
    return wanted


async def seed_units(session: AsyncSession, *, directory: RegionDirectory, province: str, cities: list[str]) -> int:
    """Add the missing units: every configured city's departments and county bureaus, and the province's 商务厅."""
    stored = set(await session.scalars(select(Region.code)))
    existing = set(await session.scalars(select(Unit.code)))
    added = 0
    for code, name, kind, region_code in wanted_units(directory, province=province, cities=cities):
        if code not in existing and region_code in stored:
            session.add(Unit(code=code, name=name, kind=kind, region_code=region_code, is_active=True))
            added += 1
    await session.flush()
    return added


async def seed_demo(session: AsyncSession, *, settings: GatewaySettings) -> tuple[int, int]:
    """Add the demo accounts and the provincial demo client that are missing."""
    if settings.env is Environment.PRODUCTION:
        raise DemoDataRefusedError("demo accounts are refused in production")
    units = {u.code: u.id for u in await session.scalars(select(Unit))}
    existing_users = set(await session.scalars(select(User.username)))
    password_hash = await hash_password_async(settings.demo_password)
    users = 0
    for account in DEMO_ACCOUNTS:
        if account.username in existing_users or await session.get(Region, account.region_code) is None:
            continue
        user = User(
            username=account.username,
            display_name=account.display_name,
            password_hash=password_hash,
            region_code=account.region_code,
            unit_id=units.get(account.unit_code) if account.unit_code else None,
            enterprise_uscc=account.enterprise_uscc,
            is_active=True,
            failed_login_count=0,
            # Demo accounts are for trying the product at once; real accounts change their first password.
            must_change_password=False,
        )
        session.add(user)
        await session.flush()
        session.add(UserRole(user_id=user.id, role_code=account.role))
        users += 1
    clients = 0
    client_exists = await session.scalar(select(MachineClient.id).where(MachineClient.client_id == DEMO_CLIENT_ID))
    if client_exists is None and await session.get(Region, SEED_CITY) is not None:
        session.add(
            MachineClient(
                client_id=DEMO_CLIENT_ID,
                name=DEMO_CLIENT_NAME,
                secret_hash=await hash_password_async(settings.demo_client_secret),
                permissions=sorted(PROVINCE_CLIENT_PERMISSIONS),
                data_scope=DataScope.REGION_AND_BELOW.value,
                region_code=SEED_CITY,
                is_active=True,
            )
        )
        clients = 1
    await session.flush()
    return users, clients


async def seed(session: AsyncSession, *, settings: GatewaySettings, demo_data: bool) -> SeedReport:
    """Seed reference data, and demo data when asked (refused in production); commits."""
    if demo_data and settings.env is Environment.PRODUCTION:
        raise DemoDataRefusedError("demo accounts are refused in production")
    directory = load_regions(settings.reference_data_dir)
    report = SeedReport()
    report.regions = await seed_regions(session, directory=directory, province=settings.seed_province)
    report.roles = await seed_roles(session)
    report.units = await seed_units(
        session, directory=directory, province=settings.seed_province, cities=settings.cities
    )
    if demo_data:
        report.users, report.clients = await seed_demo(session, settings=settings)
    await session.commit()
    log.info("seeded %s", report)
    return report


async def seed_database(database: Database, settings: GatewaySettings, demo_data: bool) -> SeedReport:
    """Seed through a database handle (the CLI's entry point)."""
    async with database.session() as session:
        return await seed(session, settings=settings, demo_data=demo_data)
