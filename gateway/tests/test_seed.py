"""Seeding: regions of the province from GB/T 2260, built-in roles, units, demo data only outside production."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from gateway import cli
from gateway.iam import seed as seeding
from gateway.iam.models import MachineClient, Region, Role, Unit, User, UserRole
from gateway.iam.passwords import verify_password
from gateway.settings import GatewaySettings, get_settings
from platform_core import demo
from platform_core.permissions import ALL_CODES, BUILTIN_ROLES, PROVINCE_CLIENT_PERMISSIONS
from platform_core.regions import load_regions
from platform_core.testing import check_migrations_reversible
from platform_core.uscc import check_character, check_uscc


async def test_regions_of_the_whole_province_with_paths(session, settings):
    directory = load_regions(settings.reference_data_dir)
    expected = directory.subtree("410000")
    rows = {r.code: r for r in await session.scalars(select(Region))}
    assert set(rows) == {r.code for r in expected}
    assert rows["410000"].level == 1 and rows["410000"].parent_code is None
    assert rows["411500"].path == "/410000/411500/" and rows["411500"].level == 2
    guangshan = rows["411522"]
    assert (guangshan.name, guangshan.level, guangshan.parent_code, guangshan.path) == (
        "光山县",
        3,
        "411500",
        "/410000/411500/411522/",
    )
    counties = [r for r in rows.values() if r.parent_code == "411500"]
    assert {"411502", "411503", "411521", "411522", "411523", "411524", "411525", "411526", "411527", "411528"} <= {
        r.code for r in counties
    }
    for row in rows.values():
        assert row.path.endswith(f"/{row.code}/")
        if row.parent_code:
            assert row.path.startswith(rows[row.parent_code].path)


async def test_roles_follow_the_contract(session):
    roles = {r.code: r for r in await session.scalars(select(Role))}
    assert set(roles) == {spec.code for spec in BUILTIN_ROLES}
    for spec in BUILTIN_ROLES:
        role = roles[spec.code]
        assert role.name == spec.name
        assert role.data_scope == spec.data_scope
        assert sorted(role.permissions) == sorted(spec.permissions)
        assert set(role.permissions) <= ALL_CODES
        assert role.is_builtin
    assert roles["auditor"].permissions == ["audit:log:list", "audit:signin:list"]
    assert "audit:log:list" not in roles["system_admin"].permissions


async def test_units_of_every_configured_city_named_with_the_city(session, settings):
    assert settings.cities == ["411500", "411300"]
    units = {u.code: u for u in await session.scalars(select(Unit))}
    names = {u.name for u in units.values()}
    for city in ("信阳市", "南阳市"):
        departments = {f"{city}{n}" for n in ("商务局", "自然资源和规划局", "发展和改革委员会", "市场监督管理局")}
        assert departments | {f"{city}生态环境局"} <= names
    # No department bears a bare 市…局 name any more: several cities meet in one list.
    assert not any(name.startswith("市") for name in names)
    county_bureaus = {u.region_code: u.name for u in units.values() if u.kind == "县区商务局"}
    for code, name in (("411522", "光山县商务局"), ("411523", "新县商务局"), ("411528", "息县商务局")):
        assert county_bureaus[code] == name
    assert county_bureaus["411321"] == "南召县商务局"
    assert (units["411300-natural-resources"].name, units["411300-natural-resources"].region_code) == (
        "南阳市自然资源和规划局",
        "411300",
    )
    province = units["410000-commerce"]
    assert (province.name, province.kind, province.region_code) == ("河南省商务厅", "省直部门", "410000")
    assert {u.region_code[:4] for u in units.values()} == {"4115", "4113", "4100"}


async def test_demo_accounts_roles_regions_and_units(session, settings):
    rows = await session.execute(
        select(User.username, User.region_code, Unit.name, UserRole.role_code, User.enterprise_uscc)
        .join(UserRole, UserRole.user_id == User.id)
        .outerjoin(Unit, Unit.id == User.unit_id)
    )
    accounts = {name: (region, unit, role, uscc) for name, region, unit, role, uscc in rows}
    assert accounts == {
        "admin": ("410000", "河南省商务厅", "system_admin", None),
        "security": ("410000", "河南省商务厅", "security_admin", None),
        "auditor": ("410000", "河南省商务厅", "auditor", None),
        "leader": ("411500", "信阳市商务局", "city_leader", None),
        "city": ("411500", "信阳市商务局", "city_officer", None),
        "guangshan": ("411522", "光山县商务局", "county_officer", None),
        "xinxian": ("411523", "新县商务局", "county_officer", None),
        "unit_zrzy": ("411500", "信阳市自然资源和规划局", "unit_handler", None),
        "reviewer": ("411500", "信阳市商务局", "quality_reviewer", None),
        "enterprise": ("411522", None, "enterprise_user", seeding.DEMO_ENTERPRISE_USCC),
        "henan": ("410000", "河南省商务厅", "province_leader", None),
        "nanyang": ("411300", "南阳市商务局", "city_officer", None),
    }
    user = await session.scalar(select(User).where(User.username == "guangshan"))
    assert verify_password(user.password_hash, settings.demo_password)


def test_demo_enterprise_uscc_is_valid_shared_and_in_guangshan():
    code = seeding.DEMO_ENTERPRISE_USCC
    assert code == demo.DEMO_ENTERPRISE_USCC
    assert check_uscc(code).ok and not check_uscc(code).warnings
    assert check_character(code[:17]) == code[17]
    assert code[2:8] == "411522"


async def test_demo_leader_has_the_user_id_case_service_pairs(session):
    leader = await session.scalar(select(User).where(User.username == "leader"))
    assert (leader.id, leader.display_name) == (demo.DEMO_LEADER_USER_ID, demo.DEMO_LEADER_NAME)


async def test_demo_client_is_read_only_for_the_city(session, settings):
    client = await session.scalar(select(MachineClient).where(MachineClient.client_id == "province"))
    assert client.permissions == sorted(PROVINCE_CLIENT_PERMISSIONS)
    assert (client.data_scope, client.region_code) == ("REGION_AND_BELOW", "411500")
    assert verify_password(client.secret_hash, settings.demo_client_secret)
    assert settings.demo_client_secret not in client.secret_hash


async def test_seeding_again_adds_nothing(session, settings):
    counts = [await session.scalar(select(func.count()).select_from(m)) for m in (Region, Role, Unit, User)]
    report = await seeding.seed(session, settings=settings, demo_data=True)
    assert (report.regions, report.roles, report.units, report.users, report.clients) == (0, 0, 0, 0, 0)
    assert [await session.scalar(select(func.count()).select_from(m)) for m in (Region, Role, Unit, User)] == counts


async def test_a_role_edited_by_the_security_admin_survives_a_reseed(session, settings):
    role = await session.get(Role, "city_leader")
    role.permissions = ["dashboard:stats:read"]
    await session.flush()
    await seeding.seed(session, settings=settings, demo_data=False)
    assert (await session.get(Role, "city_leader")).permissions == ["dashboard:stats:read"]


def _production(settings: GatewaySettings) -> GatewaySettings:
    return GatewaySettings(
        PLATFORM_ENV="production",
        DATA_DIR=settings.data_dir,
        INTERNAL_TOKEN="a-real-internal-secret",
        signing_key_file="/etc/gateway/jwt.pem",
    )


async def test_production_refuses_demo_data_but_seeds_reference_data(session, settings):
    production = _production(settings)
    with pytest.raises(seeding.DemoDataRefusedError):
        await seeding.seed(session, settings=production, demo_data=True)
    with pytest.raises(seeding.DemoDataRefusedError):
        await seeding.seed_demo(session, settings=production)
    report = await seeding.seed(session, settings=production, demo_data=False)
    assert report.users == 0 and report.clients == 0


async def test_unknown_province_is_refused(session, settings):
    with pytest.raises(ValueError, match="province"):
        await seeding.seed_regions(session, directory=load_regions(settings.reference_data_dir), province="411500")


def test_iam_migrations_upgrade_downgrade_and_upgrade_again(tmp_path):
    check_migrations_reversible(cli.GATEWAY_ROOT, tmp_path)


def test_cli_migrates_and_seeds_a_fresh_database_idempotently(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("GATEWAY_DATABASE_URL", raising=False)
    monkeypatch.setenv("PLATFORM_ENV", "demo")
    get_settings.cache_clear()
    try:
        assert cli.main(["migrate"]) == 0
        assert (tmp_path / "var" / "gateway.db").exists()
        assert cli.main(["seed", "--demo"]) == 0
        first = capsys.readouterr().out
        assert "12 users" in first and "1 clients" in first
        assert cli.main(["seed", "--demo"]) == 0
        assert "0 regions, 0 roles, 0 units, 0 users, 0 clients" in capsys.readouterr().out
        monkeypatch.setenv("PLATFORM_ENV", "production")
        monkeypatch.setenv("INTERNAL_TOKEN", "a-real-internal-secret")
        monkeypatch.setenv("GATEWAY_SIGNING_KEY_FILE", str(tmp_path / "jwt.pem"))
        get_settings.cache_clear()
        assert cli.main(["seed", "--demo"]) == 2
    finally:
        get_settings.cache_clear()


async def test_demo_city_units_have_the_ids_case_service_assigns_to(session):
    """Both demo cities' cases go to units by id: the ids the seed gives them on an empty database."""
    for known in (demo.DEMO_CITY_UNITS, demo.DEMO_SECOND_CITY_UNITS):
        ids = [unit_id for unit_id, _ in known]
        units = {u.id: u.name for u in await session.scalars(select(Unit).where(Unit.id.in_(ids)))}
        assert units == dict(known)


def test_the_province_roles_and_city_names_reach_a_database_seeded_before(tmp_path):
    """An installation seeded before several cities: the province roles are added, the officers' roles scoped
    by region, the 信阳 departments renamed (one an administrator renamed keeps its name); and back again."""
    import sqlalchemy as sa

    from platform_core.migrations import downgrade, upgrade

    path = tmp_path / "before.db"
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(cli.GATEWAY_ROOT, url, "7a4e2c9d1b35")
    engine = sa.create_engine(f"sqlite:///{path}")
    now = "2026-12-01 00:00:00+00:00"
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO region (code, name, level, path, is_active) VALUES "
                "('410000', '河南省', 1, '/410000/', 1), ('411500', '信阳市', 2, '/410000/411500/', 1)"
            )
        )
        for code, scope in (("system_admin", "ALL"), ("auditor", "ALL"), ("city_leader", "REGION_AND_BELOW")):
            conn.execute(
                sa.text(
                    "INSERT INTO role (code, name, permissions, data_scope, is_builtin, created_at, updated_at, "
                    "version) VALUES (:c, :c, '[]', :s, 1, :t, :t, 1)"
                ),
                {"c": code, "s": scope, "t": now},
            )
        for code, name in (("411500-commerce", "市商务局"), ("411500-ecology-environment", "市生态环境局（改）")):
            conn.execute(
                sa.text(
                    "INSERT INTO unit (code, name, kind, region_code, is_active, created_at, updated_at, version) "
                    "VALUES (:c, :n, '市直部门', '411500', 1, :t, :t, 1)"
                ),
                {"c": code, "n": name, "t": now},
            )
    engine.dispose()

    def state() -> tuple[dict[str, str], dict[str, str]]:
        engine = sa.create_engine(f"sqlite:///{path}")
        with engine.connect() as conn:
            roles = dict(conn.execute(sa.text("SELECT code, data_scope FROM role")).all())
            units = dict(conn.execute(sa.text("SELECT code, name FROM unit")).all())
        engine.dispose()
        return roles, units

    upgrade(cli.GATEWAY_ROOT, url)
    roles, units = state()
    assert roles == {
        "system_admin": "REGION_AND_BELOW",
        "auditor": "REGION_AND_BELOW",
        "city_leader": "REGION_AND_BELOW",
        "province_leader": "REGION_AND_BELOW",
        "province_officer": "REGION_AND_BELOW",
    }
    assert units == {"411500-commerce": "信阳市商务局", "411500-ecology-environment": "市生态环境局（改）"}
    downgrade(cli.GATEWAY_ROOT, url, "7a4e2c9d1b35")
    roles, units = state()
    assert roles == {"system_admin": "ALL", "auditor": "ALL", "city_leader": "REGION_AND_BELOW"}
    assert units["411500-commerce"] == "市商务局"


@pytest.mark.parametrize("cities", [["410000"], ["411522"], ["4115"], ["411500", "411500"], []])
def test_cities_must_be_city_codes_named_once(settings, cities):
    with pytest.raises(ValidationError, match=r"GATEWAY_CITIES|cities"):
        GatewaySettings(DATA_DIR=settings.data_dir, cities=cities)
