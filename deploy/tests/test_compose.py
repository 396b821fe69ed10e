"""docker-compose.yml, checked without a Docker engine: start order, health, limits, exposure, settings.

(`docker compose config` needs the compose plugin, which this machine's Docker client lacks, so the
file is read with PyYAML and the rules the product sets for it are asserted here.)"""

from __future__ import annotations

import importlib
import re
import subprocess
from pathlib import Path

import pytest
from conftest import APPS, REPO, SERVICES, App, compose_default, env_prefix, load_compose, read_env_file, service_env
from pydantic_settings import BaseSettings

COMPOSE = load_compose()
SERVICES_BY_NAME = COMPOSE["services"]
APP_IDS = [app.service for app in APPS]

#: Variables read by the process rather than the settings classes: the entrypoint's secret files and uvicorn.
PROCESS_VARIABLES = {"PGPASSWORD_FILE", "INTERNAL_TOKEN_FILE", "TRADE_PII_KEYS_FILE", "FORWARDED_ALLOW_IPS"}


def megabytes(value: str) -> float:
    """A compose memory size (`150M`, `1g`, `512m`, bytes) in MiB."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kmg]?)b?", str(value).strip().lower())
    assert match, value
    number, unit = float(match.group(1)), match.group(2)
    return number * {"": 1 / 1024**2, "k": 1 / 1024, "m": 1, "g": 1024}[unit]


def settings_variables(app: App) -> set[str]:
    """Every environment variable the app's settings class reads (prefixed names and explicit aliases)."""
    settings = importlib.import_module(f"{app.module}.settings").get_settings()
    cls: type[BaseSettings] = type(settings)
    names = set()
    for name, info in cls.model_fields.items():
        alias = info.validation_alias
        names.add(alias.upper() if isinstance(alias, str) else f"{env_prefix(app)}{name}".upper())
    return names


@pytest.mark.parametrize("app", APPS, ids=APP_IDS)
def test_app_waits_for_a_healthy_database_and_its_finished_prestart(app: App):
    depends = SERVICES_BY_NAME[app.service]["depends_on"]
    assert depends["db"]["condition"] == "service_healthy"
    assert depends[f"{app.service}-prestart"]["condition"] == "service_completed_successfully"
    assert SERVICES_BY_NAME[app.service]["restart"] == "unless-stopped"


@pytest.mark.parametrize("app", APPS, ids=APP_IDS)
def test_app_healthcheck_asks_its_own_readyz(app: App):
    check = SERVICES_BY_NAME[app.service]["healthcheck"]
    assert check["test"] == ["CMD", "/app/deploy/docker/healthcheck.sh", str(app.port)]
    assert "GET /readyz " in (REPO / "deploy" / "docker" / "healthcheck.sh").read_text()


@pytest.mark.parametrize("app", APPS, ids=APP_IDS)
def test_app_memory_within_its_target(app: App):
    limit = SERVICES_BY_NAME[app.service]["deploy"]["resources"]["limits"]["memory"]
    assert megabytes(limit) <= app.memory_limit_mb


@pytest.mark.parametrize("app", APPS, ids=APP_IDS)
def test_prestart_is_a_one_shot_migrate_and_seed_of_the_same_image(app: App):
    app_service = SERVICES_BY_NAME[app.service]
    prestart = SERVICES_BY_NAME[f"{app.service}-prestart"]
    assert prestart["command"] == ["/app/deploy/prestart.sh", app.module]
    assert prestart["restart"] == "no"
    assert prestart["depends_on"]["db"]["condition"] == "service_healthy"
    assert (prestart["image"], prestart["build"]) == (app_service["image"], app_service["build"])
    assert prestart["env_file"] == app_service["env_file"]
    assert megabytes(prestart["deploy"]["resources"]["limits"]["memory"]) <= 200
    script = (REPO / "deploy" / "prestart.sh").read_text()
    assert re.search(r'python -m "\$module.cli" migrate\n', script)
    assert re.search(r'python -m "\$module.cli" seed\n', script), "reference data only: no --demo"
    assert "--demo" not in script.replace("# ", "")


def test_only_the_gateway_publishes_a_port():
    published = {name for name, service in SERVICES_BY_NAME.items() if service.get("ports")}
    assert published == {"gateway"}
    (mapping,) = SERVICES_BY_NAME["gateway"]["ports"]
    assert compose_default(mapping) == "127.0.0.1:8000:8000"
    assert not any(service.get("network_mode") == "host" for service in SERVICES_BY_NAME.values())


def test_backend_network_is_internal_and_only_the_gateway_is_on_the_edge():
    assert COMPOSE["networks"]["backend"]["internal"] is True
    on_edge = {name for name, service in SERVICES_BY_NAME.items() if "edge" in service.get("networks", [])}
    assert on_edge == {"gateway"}


def test_database_is_postgres_15_with_a_tcp_healthcheck():
    db = SERVICES_BY_NAME["db"]
    assert db["image"].startswith("postgres:15")
    assert db["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    test = db["healthcheck"]["test"]
    assert test[:2] == ["CMD", "pg_isready"]
    assert "127.0.0.1" in test, "over TCP, so init scripts finish before the database counts as healthy"


def test_redis_is_optional_and_the_gateway_does_not_require_it():
    assert SERVICES_BY_NAME["redis"]["profiles"] == ["redis"]
    assert SERVICES_BY_NAME["gateway"]["depends_on"]["redis"]["required"] is False
    assert "redis-cli" in SERVICES_BY_NAME["redis"]["healthcheck"]["test"]
    gateway_env = (REPO / "deploy" / "env" / "gateway.env.example").read_text()
    assert "GATEWAY_REDIS_URL=redis://redis:6379/0" in gateway_env


def test_referenced_env_files_exist_and_optional_ones_stay_out_of_git():
    seen = set()
    for name, service in SERVICES_BY_NAME.items():
        for entry in service.get("env_file", []):
            path = entry["path"] if isinstance(entry, dict) else entry
            seen.add(path)
            if isinstance(entry, dict) and entry.get("required") is False:
                ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=REPO, check=False)
                assert ignored.returncode == 0, f"{path} holds a site's settings: it must be git-ignored"
            else:
                assert (REPO / path).is_file(), f"{name}: env file {path} missing"
    assert {p for p in seen if p.endswith(".env.example")} == {
        str(p.relative_to(REPO)) for p in (REPO / "deploy" / "env").glob("*.env.example")
    }, "every template is used, and nothing else is"


def test_secret_files_are_git_ignored_and_every_secret_is_used():
    used = {secret for service in SERVICES_BY_NAME.values() for secret in service.get("secrets", [])}
    assert used == set(COMPOSE["secrets"])
    for name, secret in COMPOSE["secrets"].items():
        path = Path(secret["file"])
        assert path.parts[:3] == (".", "deploy", "secrets") or path.parts[:2] == ("deploy", "secrets"), name
        ignored = subprocess.run(["git", "check-ignore", "-q", secret["file"]], cwd=REPO, check=False)
        assert ignored.returncode == 0, f"secret {name} ({secret['file']}) must be git-ignored"


@pytest.mark.parametrize("app", APPS, ids=APP_IDS)
def test_app_settings_point_at_the_stack(app: App):
    service = SERVICES_BY_NAME[app.service]
    env = service_env(service)
    prefix = env_prefix(app)
    assert env["PLATFORM_ENV"] == "production"
    assert env["JWKS_URL"] == "http://gateway:8000/.well-known/jwks.json"
    assert env[f"{prefix}DATABASE_URL"].startswith("postgresql+asyncpg://")
    # Each *_FILE names a secret attached to this very service.
    attached = {f"/run/secrets/{secret}" for secret in service["secrets"]}
    for key, value in env.items():
        if key.endswith("_FILE"):
            assert value in attached, f"{app.service}: {key}={value} is not one of its secrets"
    assert env["INTERNAL_TOKEN_FILE"] == "/run/secrets/internal_token"
    assert env["PGPASSWORD_FILE"] == f"/run/secrets/db_password_{app.schema}"


@pytest.mark.parametrize("app", APPS, ids=APP_IDS)
def test_env_files_name_only_variables_the_app_reads(app: App):
    env = service_env(SERVICES_BY_NAME[app.service])
    unknown = set(env) - settings_variables(app) - PROCESS_VARIABLES
    assert not unknown, f"{app.service}: no setting reads {sorted(unknown)} (typo?)"


def test_env_files_hold_no_secret_values():
    for path in (REPO / "deploy" / "env").glob("*.env.example"):
        for key in read_env_file(path):
            if re.search(r"PASSWORD|SECRET|TOKEN|KEY", key):
                assert key.endswith("_FILE"), f"{path.name}: {key} must come from a secret file"


def test_reference_data_ships_in_the_images_not_beside_the_checkout():
    # The apps read the copy inside platform_core (copied into every image with the package's
    # sources): no compose setting points elsewhere and no bind mount reaches outside the repository.
    shipped = REPO / "packages" / "platform-core" / "src" / "platform_core" / "reference_data"
    assert (shipped / "gb2260-mca-201904.tsv").is_file()
    assert sorted(p.name for p in (shipped / "holidays-cn").glob("*.json"))[0] == "2020.json"
    for name, service in SERVICES_BY_NAME.items():
        assert "REFERENCE_DATA_DIR" not in service_env(service), name
        for volume in service.get("volumes", []):
            if isinstance(volume, dict) and volume.get("type") == "bind":
                source = (REPO / compose_default(volume["source"])).resolve()
                assert source.is_relative_to(REPO), f"{name} mounts {source} from outside the repository"


def test_gateway_reaches_each_service_by_its_compose_name_and_port():
    env = service_env(SERVICES_BY_NAME["gateway"])
    for app in SERVICES:
        key = f"GATEWAY_{app.module.split('_')[0].upper()}_SERVICE_URL"
        assert env[key] == f"http://{app.service}:{app.port}"
        assert app.service in SERVICES_BY_NAME
    assert env["GATEWAY_SIGNING_KEY_FILE"] == "/run/secrets/jwt_signing_key"
    holders = {name for name, service in SERVICES_BY_NAME.items() if "jwt_signing_key" in service.get("secrets", [])}
    assert holders == {"gateway"}, "the private signing key stays in the gateway"


@pytest.mark.parametrize("app", APPS, ids=APP_IDS)
def test_app_containers_are_hardened(app: App):
    for name in (app.service, f"{app.service}-prestart"):
        service = SERVICES_BY_NAME[name]
        assert service["read_only"] is True
        assert service["cap_drop"] == ["ALL"]
        assert "no-new-privileges:true" in service["security_opt"]
        assert service["networks"][0] == "backend"
    assert SERVICES_BY_NAME[app.service]["stop_grace_period"] == "10s"


def test_case_attachments_live_in_the_database_not_on_a_volume():
    """The root filesystem is read-only and replicas may run on several machines: uploads go to the database."""
    service = SERVICES_BY_NAME["case-service"]
    env = {**service_env(service), "PLATFORM_ENV": "test"}
    settings_module = importlib.import_module("case_service.settings")
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        assert settings_module.CaseSettings().attachment_store == "database"
    assert not [v for v in service.get("volumes", []) if isinstance(v, dict) and v.get("type") == "volume"]
