"""`python -m gateway.cli migrate | seed [--demo] | create-admin | create-officer | reset-officer-password |
disable-officer | enable-officer | serve | check | audit-archive`.

The accounts of the three officers (系统管理员, 安全管理员, 审计员) are created, reset, disabled and enabled only
here, on the server: online administration refuses them (三员分立). Every command is audited as the installer.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.admin import duties
from gateway.admin.flows import add_user, user_event
from gateway.admin.schemas import UserCreate
from gateway.iam import password_rules, sessions
from gateway.iam import service as iam_service
from gateway.iam.models import AuditArchive, User
from gateway.iam.passwords import hash_password_async, policy_violations
from gateway.iam.seed import DemoDataRefusedError, seed_database
from gateway.settings import GatewaySettings, get_settings
from platform_core.auth import Principal
from platform_core.cli import add_archive_command, report_check, write_archive
from platform_core.db import Database, is_sqlite, utcnow
from platform_core.migrations import upgrade
from platform_core.permissions import OFFICER_ROLE_NAMES, OFFICER_ROLES
from platform_core.problems import ProblemError, field_error
from platform_core.scope import DataScope

GATEWAY_ROOT = Path(__file__).resolve().parents[2]
SCHEMA = "iam"


def migrate(settings: GatewaySettings) -> None:
    """Bring the gateway's database to the newest revision."""
    url = settings.resolved_database_url
    if is_sqlite(url):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(GATEWAY_ROOT, url)


async def _seed(settings: GatewaySettings, demo: bool) -> None:
    """Seed through a database handle of its own and print what was added."""
    db = Database(settings.resolved_database_url, SCHEMA)
    try:
        report = await seed_database(db, settings, demo)
    finally:
        await db.dispose()
    print(
        f"seeded: {report.regions} regions, {report.roles} roles, {report.units} units, "
        f"{report.users} users, {report.clients} clients"
    )


INSTALLER = Principal(
    subject="system:installer",
    kind="user",
    name="安装程序",
    roles=frozenset(),
    permissions=frozenset(),
    data_scopes=frozenset({DataScope.ALL.value}),
)
ON_SERVER = "服务器命令行"
OFFICER_PASSWORD_ENV = "GATEWAY_OFFICER_PASSWORD"


async def _on_server(settings: GatewaySettings, work: Callable[[AsyncSession], Awaitable[int]]) -> int:
    """Run one officer command in a write session of its own, committed at the end; returns the user's id."""
    db = Database(settings.resolved_database_url, SCHEMA)
    try:
        async with db.session(write=True) as session:
            user_id = await work(session)
            await session.commit()
            return user_id
    finally:
        await db.dispose()


async def create_officer(
    settings: GatewaySettings, *, role: str, username: str, display_name: str, region_code: str, password: str
) -> int:
    """Create an account of one of the three officers (audited as the installer); returns its id."""
    if role not in OFFICER_ROLES:
        raise field_error("role", f"只能是三员角色之一：{', '.join(OFFICER_ROLES)}", code="invalid")
    body = UserCreate(
        username=username, display_name=display_name, password=password, region_code=region_code, role_codes=[role]
    )

    async def work(session: AsyncSession) -> int:
        detail = f"{ON_SERVER}创建三员账户（{OFFICER_ROLE_NAMES[role]}）"
        user = await add_user(session, principal=INSTALLER, body=body, settings=settings, now=utcnow(), detail=detail)
        return user.id

    return await _on_server(settings, work)


async def create_admin(
    settings: GatewaySettings, *, username: str, display_name: str, region_code: str, password: str
) -> int:
    """Create the first system administrator of an installation (audited as the installer)."""
    return await create_officer(
        settings,
        role="system_admin",
        username=username,
        display_name=display_name,
        region_code=region_code,
        password=password,
    )


async def _officer(session: AsyncSession, username: str) -> User:
    """The officer account of a login name (refusing business accounts: they are managed online)."""
    user = await iam_service.get_user_by_username(session, username=username.strip().lower())
    if user is None:
        raise field_error("username", "用户不存在", code="not_found")
    if not await duties.is_officer(session, user_id=user.id):
        raise field_error("username", "不是三员账户：业务账户由系统管理员在线管理", code="not_officer")
    return user


async def reset_officer_password(settings: GatewaySettings, *, username: str, password: str) -> int:
    """Give an officer a new password to change at the next sign-in; lifts a lock and ends every sign-in."""
    now = utcnow()
    keep = settings.password_history_count

    async def work(session: AsyncSession) -> int:
        user = await _officer(session, username)
        problems = policy_violations(password, min_length=settings.password_min_length, username=user.username)
        if not problems and await password_rules.reuses_recent(session, user=user, password=password, keep=keep):
            problems.append(password_rules.reuse_message(keep))
        if problems:
            raise field_error("password", "；".join(problems), code="password_policy")
        before = iam_service.user_snapshot(user)
        new_hash = await hash_password_async(password)
        await password_rules.remember(session, user=user, password_hash=new_hash, now=now, keep=keep)
        user.password_hash = new_hash
        user.must_change_password = True
        user.password_changed_at = now
        user.locked_until = None
        user.failed_login_count = 0
        await sessions.end_all(session, user_id=user.id, now=now, reason="password_reset")
        await session.flush()
        detail = f"{ON_SERVER}重置三员账户密码（新密码不记录）"
        await user_event(
            session, principal=INSTALLER, user=user, action="user.reset_password", detail=detail, before=before
        )
        return user.id

    return await _on_server(settings, work)


async def set_officer_active(settings: GatewaySettings, *, username: str, active: bool) -> int:
    """Enable or disable an officer's account (disabling ends every sign-in at once)."""
    now = utcnow()

    async def work(session: AsyncSession) -> int:
        user = await _officer(session, username)
        if user.is_active == active:
            return user.id
        before = iam_service.user_snapshot(user)
        user.is_active = active
        if not active:
            await sessions.end_all(session, user_id=user.id, now=now, reason="disabled")
        await session.flush()
        await user_event(
            session,
            principal=INSTALLER,
            user=user,
            action="user.enable" if active else "user.disable",
            detail=f"{ON_SERVER}{'启用' if active else '停用'}三员账户",
            before=before,
        )
        return user.id

    return await _on_server(settings, work)


def _password(env: str) -> str:
    """A password from the environment, or typed twice at a prompt."""
    value = os.environ.get(env) or os.environ.get(OFFICER_PASSWORD_ENV)
    if value:
        return value
    first = getpass.getpass("密码: ")
    if getpass.getpass("再次输入密码: ") != first:
        raise field_error("password", "两次输入的密码不一致", code="mismatch")
    return first


def serve(settings: GatewaySettings) -> None:
    """Serve HTTP with uvicorn (keep-alive 5 s, graceful shutdown within 10 s)."""
    import uvicorn

    uvicorn.run(
        "gateway.main:app_factory",
        factory=True,
        host=settings.host,
        port=settings.port,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=8,
        access_log=False,
        log_config=None,
    )


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command; returns the exit status."""
    parser = argparse.ArgumentParser(prog="gateway")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="migrate the gateway database (schema iam) to the newest revision")
    seed_cmd = sub.add_parser("seed", help="load regions, roles and units (idempotent)")
    seed_cmd.add_argument("--demo", action="store_true", help="also demo accounts and client (not in production)")
    sub.add_parser("serve", help="serve HTTP")
    sub.add_parser("check", help="print the database's revision and rows per table; fail unless at the newest")
    add_archive_command(sub)
    admin_cmd = sub.add_parser(
        "create-admin", help="create a system administrator (password from GATEWAY_INITIAL_ADMIN_PASSWORD or a prompt)"
    )
    admin_cmd.add_argument("--username", required=True)
    admin_cmd.add_argument("--display-name", default="系统管理员")
    admin_cmd.add_argument("--region", required=True, help="GB/T 2260 code of the administrator's region")
    officer_cmd = sub.add_parser(
        "create-officer",
        help=f"create a system administrator, security administrator or auditor (password from {OFFICER_PASSWORD_ENV} "
        "or a prompt)",
    )
    officer_cmd.add_argument("--role", required=True, choices=OFFICER_ROLES)
    officer_cmd.add_argument("--username", required=True)
    officer_cmd.add_argument("--display-name", default=None)
    officer_cmd.add_argument("--region", required=True, help="GB/T 2260 code of the officer's region")
    reset_cmd = sub.add_parser(
        "reset-officer-password",
        help=f"set an officer's password, to be changed at the next sign-in ({OFFICER_PASSWORD_ENV} or a prompt)",
    )
    reset_cmd.add_argument("--username", required=True)
    for name, text in (("disable-officer", "disable"), ("enable-officer", "enable")):
        active_cmd = sub.add_parser(name, help=f"{text} an officer's account")
        active_cmd.add_argument("--username", required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    settings = get_settings()
    if args.command == "migrate":
        migrate(settings)
    elif args.command == "check":
        report_check(GATEWAY_ROOT, settings.resolved_database_url, SCHEMA)
    elif args.command == "audit-archive":
        write_archive(settings.resolved_database_url, SCHEMA, AuditArchive, args.month, args.out)
    elif args.command == "seed":
        try:
            asyncio.run(_seed(settings, args.demo))
        except DemoDataRefusedError as exc:
            print(f"refused: {exc}", file=sys.stderr)
            return 2
    elif args.command == "serve":
        serve(settings)
    else:
        try:
            print(_officer_command(settings, args))
        except (ProblemError, ValidationError) as exc:
            print(f"refused: {_reason(exc)}", file=sys.stderr)
            return 2
    return 0


def _officer_command(settings: GatewaySettings, args: argparse.Namespace) -> str:
    """Run one of the officer account commands; returns what to print."""
    if args.command == "create-admin":
        password = _password("GATEWAY_INITIAL_ADMIN_PASSWORD")
        user_id = asyncio.run(
            create_admin(
                settings,
                username=args.username,
                display_name=args.display_name,
                region_code=args.region,
                password=password,
            )
        )
        return f"created system administrator {args.username} (id {user_id}); change the password at first sign-in"
    if args.command == "create-officer":
        user_id = asyncio.run(
            create_officer(
                settings,
                role=args.role,
                username=args.username,
                display_name=args.display_name or OFFICER_ROLE_NAMES[args.role],
                region_code=args.region,
                password=_password(OFFICER_PASSWORD_ENV),
            )
        )
        return f"created {args.role} {args.username} (id {user_id}); change the password at first sign-in"
    if args.command == "reset-officer-password":
        password = _password(OFFICER_PASSWORD_ENV)
        user_id = asyncio.run(reset_officer_password(settings, username=args.username, password=password))
        return f"password of {args.username} (id {user_id}) reset; change it at the next sign-in"
    active = args.command == "enable-officer"
    user_id = asyncio.run(set_officer_active(settings, username=args.username, active=active))
    return f"{args.username} (id {user_id}) {'enabled' if active else 'disabled'}"


def _reason(exc: Exception) -> str:
    """A one-line reason for a refused administrator."""
    if isinstance(exc, ProblemError):
        return "; ".join(f"{e['field']}: {e['message']}" for e in exc.errors or []) or str(exc.detail or exc.code)
    return str(exc).splitlines()[0]


if __name__ == "__main__":
    sys.exit(main())
