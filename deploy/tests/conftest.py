"""What the deploy checks share: the parsed compose file and Dockerfile, and a throwaway PostgreSQL
database prepared by the real init scripts (deploy/postgres), removed again at the end."""

from __future__ import annotations

import importlib
import os
import re
import secrets
import shlex
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import pytest
import yaml
from sqlalchemy.engine import make_url

from platform_core.testing import run_admin_sql

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
DOCKERFILE = REPO / "deploy" / "docker" / "Dockerfile"
POSTGRES_DIR = REPO / "deploy" / "postgres"

#: The server the live checks use: the build machine's PostgreSQL (a superuser connection).
ADMIN_URL = os.environ.get("DEPLOY_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@dataclass(frozen=True)
class App:
    """One app of the stack as the product defines it (engineering contract, architecture §7)."""

    service: str
    module: str
    package: str
    schema: str
    port: int
    memory_limit_mb: int


APPS = (
    App("gateway", "gateway", "gateway", "iam", 8000, 150),
    App("case-service", "case_service", "case-service", "case_svc", 8101, 200),
    App("investment-service", "investment_service", "investment-service", "investment_svc", 8102, 200),
    App("trade-service", "trade_service", "trade-service", "trade_svc", 8103, 200),
)
SERVICES = tuple(app for app in APPS if app.service != "gateway")


def admin_sql(sql: str) -> None:
    """Run one statement as the test server's administrator (creating or dropping a database)."""
    run_admin_sql(ADMIN_URL, sql)


def database_url(name: str) -> str:
    """The admin server's URL for another database, as the apps take it."""
    return make_url(ADMIN_URL).set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)


def env_prefix(app: App) -> str:
    """The prefix of the app's own settings (`GATEWAY_`, `CASE_`, ...), read from its settings class."""
    settings = importlib.import_module(f"{app.module}.settings").get_settings()
    return type(settings).model_config["env_prefix"]


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_compose() -> dict:
    """docker-compose.yml as Docker reads it (YAML anchors and merge keys resolved)."""
    return yaml.safe_load(COMPOSE_FILE.read_text())


def compose_default(value: str) -> str:
    """Interpolate `${VAR:-default}` with its default, as compose does when VAR is unset."""
    return re.sub(r"\$\{[A-Z0-9_]+:-([^}]*)\}", r"\1", value)


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of an env file (comments and blank lines skipped)."""
    env: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: not KEY=VALUE: {line!r}"
        env[key.strip()] = value.strip()
    return env


def service_env(service: dict) -> dict[str, str]:
    """The environment compose gives a service from its committed env files, later files winning."""
    env: dict[str, str] = {}
    for entry in service.get("env_file", []):
        path = REPO / (entry["path"] if isinstance(entry, dict) else entry)
        if path.exists():
            env.update(read_env_file(path))
    env.update(service.get("environment") or {})
    return env


@dataclass
class Instruction:
    """One Dockerfile instruction (continuation lines joined)."""

    keyword: str
    args: str


@dataclass
class Stage:
    """A build stage: its base (an image or an earlier stage) and its instructions."""

    name: str
    base: str
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        """The stage's own instructions of one kind."""
        return [i for i in self.instructions if i.keyword == keyword]


def parse_dockerfile(path: Path = DOCKERFILE) -> dict[str, Stage]:
    """Stages by name, in order; enough of the Dockerfile grammar for the instructions used here."""
    logical: list[str] = []
    pending = ""
    for raw in path.read_text().splitlines():
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        logical.append(pending + stripped)
        pending = ""
    stages: dict[str, Stage] = {}
    current: Stage | None = None
    for line in logical:
        keyword, _, args = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            words = args.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else f"stage{len(stages)}"
            current = Stage(name=name, base=words[0])
            stages[name] = current
        else:
            assert current is not None, f"{keyword} before FROM"
            current.instructions.append(Instruction(keyword, args.strip()))
    return stages


def stage_chain(stages: dict[str, Stage], target: str) -> list[Stage]:
    """A target and the stages it builds on, base first."""
    chain: list[Stage] = []
    name: str | None = target
    while name in stages:
        chain.insert(0, stages[name])
        name = stages[name].base
    return chain


def exec_form(args: str) -> list[str]:
    """The JSON array of an exec-form CMD, ENTRYPOINT or HEALTHCHECK CMD."""
    return yaml.safe_load(args)


def copy_parts(args: str) -> tuple[dict[str, str], list[str], str]:
    """`COPY [--flag=value...] src... dest` as (flags, sources, destination)."""
    words = shlex.split(args)
    flags = {}
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        flags[key] = value
    return flags, words[:-1], words[-1]


def dockerignore_patterns() -> list[re.Pattern[str]]:
    """.dockerignore as regular expressions over context-relative paths (Docker's `**`, `*`, `?`)."""
    patterns = []
    for line in (REPO / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        assert not line.startswith("!"), "re-inclusion patterns are not used here"
        regex = ""
        i = 0
        while i < len(line):
            if line.startswith("**/", i):
                regex += "(?:.*/)?"
                i += 3
            elif line.startswith("**", i):
                regex += ".*"
                i += 2
            elif line[i] == "*":
                regex += "[^/]*"
                i += 1
            elif line[i] == "?":
                regex += "[^/]"
                i += 1
            else:
                regex += re.escape(line[i])
                i += 1
        patterns.append(re.compile(regex.rstrip("/") + "$"))
    return patterns


def is_ignored(relative: str, patterns: list[re.Pattern[str]]) -> bool:
    """Whether .dockerignore keeps a path (or a folder above it) out of the build context."""
    parts = relative.strip("/").split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    return any(p.match(prefix) for p in patterns for prefix in prefixes)


@dataclass(frozen=True)
class Cluster:
    """A throwaway database prepared by the init scripts, with one login role per service."""

    database: str
    roles: dict[str, str]  # schema -> role name (suffixed: roles are cluster-wide, the database is not)
    passwords: dict[str, str]  # schema -> the role's password
    admin_url: str

    @property
    def superuser_url(self) -> str:
        """The throwaway database as the superuser."""
        return make_url(self.admin_url).set(database=self.database).render_as_string(hide_password=False)

    def url(self, schema: str, *, driver: str = "postgresql") -> str:
        """A URL connecting as the service role of a schema (password left out: callers pass it)."""
        url = make_url(self.admin_url).set(
            drivername=driver, username=self.roles[schema], password=None, database=self.database
        )
        return url.render_as_string(hide_password=False)

    async def connect_as(self, schema: str) -> asyncpg.Connection:
        """An asyncpg connection as the service role owning a schema."""
        return await asyncpg.connect(self.url(schema), password=self.passwords[schema])


def run_psql(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """psql as init.sh runs it: no psqlrc, stop at the first error."""
    return subprocess.run(
        ["psql", "--no-psqlrc", "--set", "ON_ERROR_STOP=1", "--quiet", url, *args],
        capture_output=True,
        text=True,
        check=False,
    )


def init_script_roles() -> list[str]:
    """The role (= schema) names deploy/postgres/init.sh creates."""
    match = re.search(r"^SERVICE_ROLES=\(([^)]*)\)", (POSTGRES_DIR / "init.sh").read_text(), re.MULTILINE)
    assert match, "init.sh declares SERVICE_ROLES=(...)"
    return match.group(1).split()


def apply_service_role(cluster_url: str, database: str, role: str, schema: str, password_file: Path):
    """Run service-role.sql with the variables init.sh passes."""
    return run_psql(
        cluster_url,
        "--set", f"dbname={database}",
        "--set", f"role={role}",
        "--set", f"schema={schema}",
        "--set", f"password_file={password_file}",
        "--file", str(POSTGRES_DIR / "sql" / "service-role.sql"),
    )  # fmt: skip


@contextmanager
def throwaway_cluster(prefix: str, secret_dir: Path) -> Iterator[Cluster]:
    """Create `<prefix>_<random>`, run the init SQL for every service role, drop it all afterwards."""
    suffix = secrets.token_hex(3)
    database = f"{prefix}_{suffix}"
    admin = make_url(ADMIN_URL)
    db_url = admin.set(database=database).render_as_string(hide_password=False)
    roles = {name: f"{name}_ck{suffix}" for name in init_script_roles()}
    passwords = {name: secrets.token_urlsafe(24) for name in roles}

    created = run_psql(ADMIN_URL, "--command", f'CREATE DATABASE "{database}"')
    assert created.returncode == 0, created.stderr
    try:
        done = run_psql(db_url, "--set", f"dbname={database}", "--file", str(POSTGRES_DIR / "sql" / "database.sql"))
        assert done.returncode == 0, done.stderr
        for name, role in roles.items():
            password_file = secret_dir / f"db_password_{name}"
            # A trailing newline, as `echo ... > file` or an editor leaves it.
            password_file.write_text(passwords[name] + "\n")
            done = apply_service_role(db_url, database, role, name, password_file)
            assert done.returncode == 0, done.stderr
        yield Cluster(database=database, roles=roles, passwords=passwords, admin_url=ADMIN_URL)
    finally:
        run_psql(ADMIN_URL, "--command", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        for role in roles.values():
            run_psql(ADMIN_URL, "--command", f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A throwaway database `compose_check_<random>` with the service roles, shared by the session."""
    with throwaway_cluster("compose_check", tmp_path_factory.mktemp("secrets")) as made:
        yield made
