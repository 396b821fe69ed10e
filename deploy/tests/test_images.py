"""The images, checked without a Docker engine.

Statically: every target compose builds exists, every COPY source is in the build context, each
image runs uvicorn the way the product needs and its command imports. Then each image is replayed
into a temporary folder standing in for `/app` (the Dockerfile's COPY instructions honouring
.dockerignore, its `uv sync` commands from the local uv cache), and its prestart job and server are
run there against the throwaway PostgreSQL database, as the least-privileged service role."""

from __future__ import annotations

import base64
import importlib
import json
import os
import posixpath
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import pytest
from conftest import (
    APPS,
    DOCKERFILE,
    REPO,
    App,
    Cluster,
    copy_parts,
    dockerignore_patterns,
    env_prefix,
    exec_form,
    free_port,
    is_ignored,
    load_compose,
    parse_dockerfile,
    read_env_file,
    run_psql,
    stage_chain,
)
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

COMPOSE = load_compose()
STAGES = parse_dockerfile()
IGNORED = dockerignore_patterns()
APP_IDS = [app.service for app in APPS]
#: Stands in for the SPA the node stage builds (the replay does not run npm).
SPA_PAGE = "<!doctype html><title>万人助万企 replayed SPA</title>"


def target_of(app: App) -> str:
    """The Dockerfile target compose builds for an app."""
    build = COMPOSE["services"][app.service]["build"]
    assert build["context"] == "." and REPO / build["dockerfile"] == DOCKERFILE
    return build["target"]


def final_instruction(app: App, keyword: str) -> str:
    """The last instruction of a kind along the app's stage chain (what the image ends up with)."""
    found = [i.args for stage in stage_chain(STAGES, target_of(app)) for i in stage.all(keyword)]
    assert found, f"{app.service}: no {keyword}"
    return found[-1]


def option(command: list[str], name: str) -> str:
    """The value following a command-line option."""
    assert name in command, f"{name} missing from {command}"
    return command[command.index(name) + 1]


# --- static ---------------------------------------------------------------------------------------------


def test_every_compose_build_names_a_stage_of_the_dockerfile():
    targets = {service["build"]["target"] for service in COMPOSE["services"].values() if "build" in service}
    assert targets == {app.service for app in APPS}
    assert targets <= set(STAGES)


def test_copy_sources_exist_in_the_build_context():
    for stage in STAGES.values():
        for copy in stage.all("COPY"):
            flags, sources, _dest = copy_parts(copy.args)
            if "from" in flags:
                assert flags["from"] in STAGES, f"COPY --from={flags['from']}: no such stage"
                continue
            for source in sources:
                path = REPO / source
                assert path.exists(), f"{stage.name}: COPY {source}: not in the repository"
                assert not is_ignored(source, IGNORED), f"{stage.name}: COPY {source}: excluded by .dockerignore"


def test_dockerignore_keeps_local_state_out_of_the_context():
    for path in (".venv", "var", "frontend/node_modules", "frontend/dist", ".git/HEAD", "deploy/secrets/x"):
        assert is_ignored(path, IGNORED), path
    for path in ("uv.lock", "gateway/alembic/env.py", "services/case-service/src", "frontend/src/main.ts"):
        assert not is_ignored(path, IGNORED), path


def build_stage_of(app: App) -> str:
    """The stage whose /app the app's image copies (where its packages are installed)."""
    (copy,) = [c for c in STAGES[target_of(app)].all("COPY") if "--from=" in c.args and "--from=spa" not in c.args]
    flags, sources, dest = copy_parts(copy.args)
    assert sources == ["/app"] and dest == "/app"
    return flags["from"]


def test_build_stages_install_the_uv_version_in_use_from_pypi():
    build = stage_chain(STAGES, "case-service-build")[0]
    assert build.base.startswith("python:3.11-slim")
    (pip,) = [run.args for run in build.all("RUN") if "pip install" in run.args]
    pinned = re.search(r"\buv==([\w.]+)", pip).group(1)
    in_use = subprocess.run([os.environ.get("UV", "uv"), "--version"], capture_output=True, text=True, check=True)
    assert pinned == in_use.stdout.split()[1]
    runtime = stage_chain(STAGES, "case-service")[0]
    env = " ".join(e.args for e in runtime.all("ENV"))
    assert "PYTHONDONTWRITEBYTECODE=1" in env
    # The same Python where the packages are installed and where they run: the virtualenvs point at it.
    assert build.base == runtime.base


def test_base_images_are_pinned_by_digest():
    for stage in STAGES.values():
        if stage.base not in STAGES:
            assert re.fullmatch(r"[\w./:-]+@sha256:[0-9a-f]{64}", stage.base), f"{stage.name}: {stage.base}"


@pytest.mark.parametrize("app", APPS, ids=APP_IDS)
def test_runtime_image_carries_no_build_tools(app: App):
    chain = stage_chain(STAGES, target_of(app))
    runs = " && ".join(run.args for stage in chain for run in stage.all("RUN"))
    # Nothing installs in the image that runs: no pip install, no uv, no apt-get (compilers and headers).
    assert not re.search(r"pip install|\buv\b|apt-get", runs), runs
    # And the installers the base brings are removed from it.
    assert re.search(r"pip uninstall --yes .*\bpip\b", runs) and "setuptools" in runs and "wheel" in runs
    env = " ".join(e.args for stage in chain for e in stage.all("ENV"))
    assert "UV_" not in env


@pytest.mark.parametrize("app", APPS, ids=APP_IDS)
def test_image_syncs_its_package_from_the_lock_and_runs_unprivileged(app: App):
    stage = STAGES[build_stage_of(app)]
    syncs = [shlex.split(run.args.split("uv sync", 1)[1]) for run in stage.all("RUN") if "uv sync" in run.args]
    assert syncs, f"{app.service}: no uv sync"
    for flags in syncs:
        assert {"--frozen", "--no-dev"} <= set(flags)
        assert option(flags, "--package") == app.package
    assert final_instruction(app, "USER") not in ("root", "0")
    entrypoint = exec_form(final_instruction(app, "ENTRYPOINT"))
    assert entrypoint == ["/app/deploy/docker/entrypoint.sh"]


@pytest.mark.parametrize("app", APPS, ids=APP_IDS)
def test_image_command_is_uvicorn_with_the_factory_and_production_flags(app: App):
    command = exec_form(final_instruction(app, "CMD"))
    assert command[:2] == ["uvicorn", f"{app.module}.main:app_factory"]
    assert "--factory" in command and "--proxy-headers" in command
    assert option(command, "--host") == "0.0.0.0"
    assert option(command, "--port") == str(app.port)
    assert option(command, "--timeout-graceful-shutdown") == "8"
    if app.service != "gateway":
        assert option(command, "--timeout-keep-alive") == "5", "longer than the gateway's 4 s upstream keep-alive"
    healthcheck = final_instruction(app, "HEALTHCHECK")
    assert exec_form(healthcheck.split(" CMD ", 1)[1]) == ["/app/deploy/docker/healthcheck.sh", str(app.port)]


@pytest.mark.parametrize("app", APPS, ids=APP_IDS)
def test_image_command_and_prestart_modules_import_in_this_workspace(app: App):
    module, _, attr = exec_form(final_instruction(app, "CMD"))[1].partition(":")
    assert callable(getattr(importlib.import_module(module), attr))
    prestart = COMPOSE["services"][f"{app.service}-prestart"]["command"]
    assert callable(importlib.import_module(f"{prestart[1]}.cli").main)


def test_scripts_the_images_run_are_executable():
    for script in ("deploy/docker/entrypoint.sh", "deploy/docker/healthcheck.sh", "deploy/prestart.sh"):
        assert os.access(REPO / script, os.X_OK), script


def test_gateway_image_carries_the_spa_built_by_the_node_stage():
    spa = STAGES["spa"]
    runs = " && ".join(run.args for run in spa.all("RUN"))
    assert "npm ci" in runs and "npm run build" in runs
    package = json.loads((REPO / "frontend" / "package.json").read_text())
    assert "build" in package["scripts"] and (REPO / "frontend" / "package-lock.json").is_file()
    (copy,) = [c for c in STAGES["gateway"].all("COPY") if "--from=spa" in c.args]
    _flags, (source,), dest = copy_parts(copy.args)
    workdir = spa.all("WORKDIR")[-1].args
    assert source == posixpath.join(workdir, "dist")  # vite's default outDir
    env = " ".join(e.args for e in STAGES["gateway"].all("ENV"))
    assert f"GATEWAY_SPA_DIR={dest}" in env


# --- the images replayed into a folder ------------------------------------------------------------------


@dataclass
class ReplayedImage:
    """An image's files under a host folder, with container paths mapped onto host folders."""

    app: App
    mounts: dict[str, Path]
    env: dict[str, str] = field(default_factory=dict)
    entrypoint: list[str] = field(default_factory=list)
    command: list[str] = field(default_factory=list)

    def host(self, path: str) -> str:
        """Where a container path lives on this machine."""
        for prefix in sorted(self.mounts, key=len, reverse=True):
            if path == prefix or path.startswith(prefix + "/"):
                return str(self.mounts[prefix]) + path[len(prefix) :]
        return path

    def host_value(self, value: str) -> str:
        """An environment value with its container paths (also inside PATH-like lists) mapped."""
        return ":".join(self.host(part) if part.startswith("/") else part for part in value.split(":"))


def base_environment() -> dict[str, str]:
    """This machine's environment without the workspace's virtualenv: the replay must stand alone."""
    workspace_bin = str(REPO / ".venv" / "bin")
    path = ":".join(p for p in os.environ["PATH"].split(":") if p != workspace_bin)
    keep = {k: v for k, v in os.environ.items() if k in ("HOME", "UV_CACHE_DIR", "XDG_CACHE_HOME")}
    return {**keep, "PATH": path, "LANG": "C.UTF-8"}


def replay_copy(image: ReplayedImage, sources: list[str], dest: str, workdir: str) -> None:
    """COPY as Docker does it: folders by content, files into a folder dest, .dockerignore applied."""
    dest_path = Path(image.host(dest if dest.startswith("/") else posixpath.join(workdir, dest)))
    for source in sources:
        origin = REPO / source
        if origin.is_dir():
            for path in origin.rglob("*"):
                relative = path.relative_to(REPO).as_posix()
                if path.is_file() and not is_ignored(relative, IGNORED):
                    target = dest_path / path.relative_to(origin)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target)
        else:
            target = dest_path / origin.name if dest.endswith("/") or len(sources) > 1 else dest_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, target)


def replay_image(app: App, folder: Path) -> ReplayedImage:
    """Lay the app's image out under `folder` and install it with the Dockerfile's own uv commands."""
    mounts = {
        "/app": folder / "app",
        "/var/lib/commerce": folder / "data",
        "/run/secrets": folder / "secrets",
    }
    for path in mounts.values():
        path.mkdir(parents=True, exist_ok=True)
    image = ReplayedImage(app=app, mounts=mounts, env={"PATH": base_environment()["PATH"]})
    replay_chain(image, target_of(app), image.env)
    return image


def replay_chain(image: ReplayedImage, target: str, env: dict[str, str]) -> None:
    """Replay a stage and the stages it builds on into the image's folders; ENV goes to `env`."""
    workdir = "/"
    for stage in stage_chain(STAGES, target):
        for instruction in stage.instructions:
            if instruction.keyword == "ENV":
                for pair in shlex.split(instruction.args):
                    key, _, value = pair.partition("=")
                    value = re.sub(r"\$(\w+)", lambda m: env.get(m.group(1), ""), value)
                    env[key] = value
            elif instruction.keyword == "WORKDIR":
                workdir = instruction.args
            elif instruction.keyword == "COPY":
                flags, sources, dest = copy_parts(instruction.args)
                if flags.get("from") == "spa":
                    # The node stage is not replayed: a built SPA's entry page stands in for it.
                    spa = Path(image.host(dest))
                    spa.mkdir(parents=True, exist_ok=True)
                    (spa / "index.html").write_text(SPA_PAGE)
                elif "from" in flags:
                    # A build stage's /app taken whole: build it in the same folder, with its own ENV.
                    assert sources == ["/app"] and dest == "/app", instruction.args
                    replay_chain(image, flags["from"], {"PATH": base_environment()["PATH"]})
                else:
                    replay_copy(image, sources, dest, workdir)
            elif instruction.keyword == "RUN" and "uv sync" in instruction.args:
                words = [w for w in shlex.split(instruction.args) if not w.startswith("--mount=")]
                words[0] = os.environ.get("UV", "uv")
                run_env = {**base_environment(), **{k: image.host_value(v) for k, v in env.items()}}
                # Offline, from this machine's uv cache (filled by `make install`). Linked rather than
                # copied, and no bytecode compiled ahead: quicker here, and neither changes what imports.
                run_env.update(UV_OFFLINE="1", UV_LINK_MODE="hardlink", UV_COMPILE_BYTECODE="0")
                done = subprocess.run(
                    words,
                    cwd=image.host(workdir),
                    env=run_env,
                    capture_output=True,
                    text=True,
                    timeout=300,
                    check=False,
                )
                assert done.returncode == 0, f"{image.app.service}: {instruction.args}\n{done.stderr}"
            elif instruction.keyword == "ENTRYPOINT":
                image.entrypoint = exec_form(instruction.args)
            elif instruction.keyword == "CMD":
                image.command = exec_form(instruction.args)


def signing_key_pem() -> str:
    """A fresh RSA key as an operator creates it for the `jwt_signing_key` secret."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def container_environment(image: ReplayedImage, compose_service: str, cluster: Cluster) -> dict[str, str]:
    """What the container's process sees: image ENV, the compose env files, secrets written as files.

    Only the database address differs from production: the throwaway database and its suffixed role."""
    app = image.app
    service = COMPOSE["services"][compose_service]
    env = dict(image.env)
    for entry in service["env_file"]:
        path = REPO / entry["path"]
        if entry.get("required", True):
            env.update(read_env_file(path))
    env[f"{env_prefix(app)}DATABASE_URL"] = cluster.url(app.schema, driver="postgresql+asyncpg")
    contents = {
        f"db_password_{app.schema}": cluster.passwords[app.schema] + "\n",
        "internal_token": secrets.token_urlsafe(32) + "\n",
        "jwt_signing_key": signing_key_pem(),
        "trade_pii_keys": f"k1:{base64.b64encode(secrets.token_bytes(32)).decode()}\n",
    }
    for name in service["secrets"]:
        (image.mounts["/run/secrets"] / name).write_text(contents[name])
    return {**base_environment(), **{k: image.host_value(v) for k, v in env.items()}}


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ReplayedImage]:
    """Each app's image, replayed once for this module."""
    return {app.service: replay_image(app, tmp_path_factory.mktemp(app.service)) for app in APPS}


def schema_revision(cluster: Cluster, schema: str) -> str:
    """The Alembic revision recorded in a schema, read as the superuser ('' when there is none)."""
    query = f"SELECT version_num FROM {schema}.alembic_version"
    done = run_psql(cluster.superuser_url, "--tuples-only", "--no-align", "--command", query)
    return done.stdout.strip() if done.returncode == 0 else ""


@pytest.mark.parametrize("app", APPS, ids=APP_IDS)
def test_prestart_migrates_and_seeds_as_the_service_role(app: App, replayed, cluster: Cluster, tmp_path):
    # The role has CONNECT on the database and owns its schema, nothing more. A migration needing more
    # fails here as it would in production: e.g. CREATE SCHEMA, which PostgreSQL checks against the
    # database's CREATE privilege before it looks whether the schema exists, even with IF NOT EXISTS.
    image = replayed[app.service]
    prestart = COMPOSE["services"][f"{app.service}-prestart"]
    env = container_environment(image, f"{app.service}-prestart", cluster)
    command = [image.host(image.entrypoint[0]), image.host(prestart["command"][0]), *prestart["command"][1:]]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, f"{app.service} prestart failed:\n{done.stdout}\n{done.stderr}"
    assert schema_revision(cluster, app.schema), f"{app.service}: no alembic revision in {app.schema}"
    # Idempotent: compose runs the job again on every `up`.
    again = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180, check=False)
    assert again.returncode == 0, f"{app.service} second prestart failed:\n{again.stderr}"


def resident_mb(pid: int) -> float:
    """A process's resident memory in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


@pytest.mark.parametrize("app", APPS, ids=APP_IDS)
def test_server_command_gets_ready_within_its_memory_limit_and_stops_on_sigterm(
    app: App, replayed, cluster: Cluster, tmp_path
):
    image = replayed[app.service]
    env = container_environment(image, app.service, cluster)
    port = free_port()
    command = list(image.command)
    # Loopback and a free port here; everything else exactly as the image runs it.
    command[command.index("--host") + 1] = "127.0.0.1"
    command[command.index("--port") + 1] = str(port)
    proc = subprocess.Popen(
        [image.host(image.entrypoint[0]), *command],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as resp:
                    status = resp.status
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        assert status == 200, f"{app.service} not ready:\n{proc.stdout.read() if proc.poll() is not None else ''}"
        if app.service == "gateway":
            # The page the image copied to GATEWAY_SPA_DIR is what `/` serves.
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
                assert SPA_PAGE in resp.read().decode()
        healthcheck = [image.host("/app/deploy/docker/healthcheck.sh"), str(port)]
        assert subprocess.run(healthcheck, env=env, timeout=5, check=False).returncode == 0
        limit = COMPOSE["services"][app.service]["deploy"]["resources"]["limits"]["memory"]
        rss = resident_mb(proc.pid)
        assert rss < int(limit.rstrip("M")), f"{app.service}: {rss:.0f} MiB resident at rest, limit {limit}"
        proc.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal so the exit status tells why it ended.
        assert proc.wait(timeout=10) in (0, -signal.SIGTERM)
        output = proc.stdout.read()
        assert "Finished server process" in output, output
        assert subprocess.run(healthcheck, env=env, timeout=5, check=False).returncode != 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


async def test_replayed_roles_left_no_objects_outside_their_schemas(cluster: Cluster):
    conn = await asyncpg.connect(cluster.superuser_url)
    try:
        rows = await conn.fetch(
            "SELECT n.nspname, c.relname, c.relowner::regrole::text AS owner FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relowner::regrole::text = ANY($1::text[])",
            list(cluster.roles.values()),
        )
    finally:
        await conn.close()
    owner_schema = {role: schema for schema, role in cluster.roles.items()}
    # TOAST storage of a role's own tables lives in pg_toast by design; it is not a stray object.
    strays = [
        (r["nspname"], r["relname"])
        for r in rows
        if r["nspname"] != owner_schema[r["owner"]] and r["nspname"] != "pg_toast"
    ]
    assert not strays


@pytest.mark.parametrize("app", APPS, ids=APP_IDS)
def test_the_image_carries_no_demo_data_and_refuses_to_seed_it(app: App, replayed, cluster: Cluster, tmp_path):
    # The demo lives in the workspace's demo-data package, which no image installs: `seed --demo` cannot
    # load it in a container even if someone lifted the production refusal.
    image = replayed[app.service]
    python = image.host("/app/.venv/bin/python")
    probe = subprocess.run([python, "-c", "import demo_data"], capture_output=True, text=True, timeout=60, check=False)
    assert probe.returncode != 0 and "ModuleNotFoundError" in probe.stderr
    if app.service == "gateway":
        return  # the gateway's demo accounts are seeded by its own command (see gateway/src/gateway/cli.py)
    env = {**container_environment(image, f"{app.service}-prestart", cluster), "PLATFORM_ENV": "demo"}
    seed = [python, "-m", f"{app.module}.cli", "seed", "--demo"]
    done = subprocess.run(seed, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0 and "demo data is not installed" in done.stderr, done.stderr
