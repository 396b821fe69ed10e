"""The Kubernetes manifests (deploy/k8s), checked offline.

Each overlay is rendered by `kubectl kustomize` (scripts/ensure-kubectl.sh installs Debian's kubernetes-client
when no kubectl is there), every object of the Kubernetes API is validated against the schemas of a pinned
Kubernetes version (kubernetes-validate, strict: unknown fields are errors), the CloudNativePG objects against
the operator's own CRD schemas (deploy/k8s/schemas). Then the platform's rules: every container has requests
and limits, runs as a non-root user on a read-only root filesystem from an image pinned by digest, every server
has startup, liveness and readiness probes; each app has its migration Job straight to the primary while its
servers go through PgBouncer; the ConfigMaps are the env files compose reads; Secrets are referenced, never
included; and the NetworkPolicies let through exactly the connections the platform makes.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml
from conftest import APPS, REPO, App, init_script_roles, read_env_file

from platform_core.settings import DatabasePoolSettings, Pooler

K8S = REPO / "deploy" / "k8s"
OVERLAYS = ("single-city", "province")
#: The Kubernetes version the manifests are written for (kubernetes-validate's schemas of it).
KUBERNETES_VERSION = "1.32.0"
DIGEST = re.compile(r"^[^@\s]+@sha256:[0-9a-f]{64}$")
SERVER_KINDS = ("Deployment",)
WORKLOAD_KINDS = ("Deployment", "Job")
APP_IDS = [app.service for app in APPS]
DOC = REPO / "docs" / "deploy-kubernetes.md"
#: The variables the images' entrypoint reads from files (`for name in ...` of deploy/docker/entrypoint.sh).
ENTRYPOINT_VARIABLES = (
    re.search(r"^for name in ([A-Z_ ]+); do", (REPO / "deploy" / "docker" / "entrypoint.sh").read_text(), re.MULTILINE)
    .group(1)
    .split()
)


def kubectls() -> list[str]:
    """Debian's kubectl first (scripts/ensure-kubectl.sh provides it), then the PATH's if it is another."""
    unpacked = REPO / "var" / "tools" / "kubernetes-client" / "usr" / "bin" / "kubectl"
    debian = subprocess.run(["dpkg", "-s", "kubernetes-client"], capture_output=True, check=False).returncode == 0
    if not debian and not unpacked.exists():
        subprocess.run(["bash", str(REPO / "scripts" / "ensure-kubectl.sh")], check=True, capture_output=True)
        debian = subprocess.run(["dpkg", "-s", "kubernetes-client"], capture_output=True, check=False).returncode == 0
    found = ["/usr/bin/kubectl" if debian else str(unpacked)]
    on_path = shutil.which("kubectl")
    if on_path and Path(on_path).resolve() != Path(found[0]).resolve():
        found.append(on_path)
    return found


def kustomize(kubectl: str, overlay: str) -> tuple[dict[str, Any], ...]:
    """The objects one kubectl's `kustomize` makes of an overlay."""
    done = subprocess.run(
        [kubectl, "kustomize", str(K8S / "overlays" / overlay)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{kubectl}: {done.stderr}"
    return tuple(doc for doc in yaml.safe_load_all(done.stdout) if doc)


@cache
def render(overlay: str) -> tuple[dict[str, Any], ...]:
    """The objects Debian's `kubectl kustomize` makes of an overlay."""
    return kustomize(kubectls()[0], overlay)


@pytest.fixture(params=OVERLAYS)
def objects(request: pytest.FixtureRequest) -> tuple[dict[str, Any], ...]:
    """One overlay's rendered objects."""
    return render(request.param)


def of_kind(objects: tuple[dict[str, Any], ...], kind: str) -> list[dict[str, Any]]:
    """The objects of one kind."""
    return [o for o in objects if o["kind"] == kind]


def named(objects: tuple[dict[str, Any], ...], kind: str, name: str) -> dict[str, Any]:
    """The one object of a kind and name (a generated ConfigMap by its name before the hash suffix)."""
    found = [o for o in of_kind(objects, kind) if o["metadata"]["name"] in (name,) or unhashed(o) == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def unhashed(obj: dict[str, Any]) -> str:
    """A generated ConfigMap's name without kustomize's content hash."""
    return re.sub(r"-[a-z0-9]{10}$", "", obj["metadata"]["name"])


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    """The pod template's spec of a Deployment or Job."""
    return workload["spec"]["template"]["spec"]


def containers(workload: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every container of a workload, init containers included."""
    spec = pod_spec(workload)
    yield from spec.get("initContainers", [])
    yield from spec["containers"]


def env_of(container: dict[str, Any]) -> dict[str, str]:
    """A container's literal `env` entries."""
    return {e["name"]: e["value"] for e in container.get("env", []) if "value" in e}


def env_from(objects: tuple[dict[str, Any], ...], container: dict[str, Any]) -> dict[str, str]:
    """What the container's environment holds: its ConfigMaps in order, then its own `env` (as the kubelet)."""
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        ref = source["configMapRef"]["name"]
        (config,) = [c for c in of_kind(objects, "ConfigMap") if c["metadata"]["name"] == ref]
        env.update(config["data"])
    env.update(env_of(container))
    return env


def workload(objects: tuple[dict[str, Any], ...], app: App, kind: str) -> dict[str, Any]:
    """An app's Deployment or its migration Job."""
    return named(objects, kind, app.service if kind == "Deployment" else f"{app.service}-migrate")


# --- rendering and schemas --------------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_overlay_renders_every_part_of_the_platform(overlay: str):
    objects = render(overlay)
    kinds = {(o["kind"], unhashed(o)) for o in objects}
    for app in APPS:
        for kind in ("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy"):
            assert (kind, app.service) in kinds, f"{overlay}: no {kind} {app.service}"
        assert ("Job", f"{app.service}-migrate") in kinds
        assert ("ConfigMap", f"{app.service}-env") in kinds
    for expected in (("Ingress", "gateway"), ("Cluster", "commerce-db"), ("Pooler", "commerce-db-pooler-rw")):
        assert expected in kinds, f"{overlay}: no {expected}"
    assert ("ScheduledBackup", "commerce-db-nightly") in kinds
    (namespace,) = of_kind(objects, "Namespace")
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    for obj in objects:
        if obj["kind"] != "Namespace":
            assert obj["metadata"]["namespace"] == namespace["metadata"]["name"], obj["metadata"]["name"]


def without_hashes(objects: tuple[dict[str, Any], ...]) -> list[str]:
    """The objects as sorted JSON with the generated names' content hashes left out (each kustomize has its own)."""
    text = json.dumps(objects, sort_keys=True)
    text = re.sub(r"(-env|db-pool)-[a-z0-9]{10}\b", r"\1", text)
    found = json.loads(text)
    for obj in found:
        # The older kustomize writes an empty annotations map on merged generator output; nothing to compare.
        if obj["metadata"].get("annotations") == {}:
            del obj["metadata"]["annotations"]
    return sorted(json.dumps(o, sort_keys=True) for o in found)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_debian_kubectl_renders_and_any_other_kubectl_renders_the_same(overlay: str):
    found = kubectls()
    version = subprocess.run([found[0], "version", "--client"], capture_output=True, text=True, check=True)
    assert "Version" in version.stdout
    debian = without_hashes(render(overlay))
    assert len(debian) >= 40
    # The overlays use only what Debian's kustomize (v2.0.3 inside kubectl 1.20) reads; a newer one must agree.
    for other in found[1:]:
        assert without_hashes(kustomize(other, overlay)) == debian, other


def test_every_kubernetes_object_is_valid_for_the_pinned_version(objects):
    checked = 0
    for obj in objects:
        if obj["apiVersion"].startswith("postgresql.cnpg.io/"):
            continue
        # Strict: a field the API does not define (a typo, a field of another version) is an error.
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        checked += 1
    assert checked >= 30


def closed(schema: Any) -> Any:
    """A CRD schema that refuses unknown fields, as the API server's strict field validation does."""
    if isinstance(schema, list):
        return [closed(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {k: closed(v) for k, v in schema.items()}
    open_ended = schema.get("x-kubernetes-preserve-unknown-fields") or "additionalProperties" in schema
    if schema.get("type") == "object" and "properties" in schema and not open_ended:
        schema["additionalProperties"] = False
    return schema


@cache
def crd_schema(kind: str) -> dict[str, Any]:
    """The CloudNativePG v1 schema of a kind (deploy/k8s/schemas, from the operator's CRDs)."""
    return closed(json.loads((K8S / "schemas" / f"{kind.lower()}-postgresql.cnpg.io-v1.json").read_text()))


def crd_errors(obj: dict[str, Any]) -> list[str]:
    """Where an object breaks its CRD schema."""
    validator = jsonschema.Draft7Validator(crd_schema(obj["kind"]))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(obj)]


def test_cloudnativepg_objects_are_valid_for_the_operator(objects):
    cnpg = [o for o in objects if o["apiVersion"] == "postgresql.cnpg.io/v1"]
    assert {o["kind"] for o in cnpg} == {"Cluster", "Pooler", "ScheduledBackup"}
    for obj in cnpg:
        assert crd_errors(obj) == [], obj["kind"]


def test_the_schema_checks_catch_mistakes():
    cluster = json.loads(json.dumps(named(render("province"), "Cluster", "commerce-db")))
    cluster["spec"]["instance"] = 3
    cluster["spec"]["backup"]["retentionPolicy"] = "thirty days"
    errors = crd_errors(cluster)
    assert any("instance" in e for e in errors) and any("retentionPolicy" in e for e in errors), errors
    deployment = json.loads(json.dumps(named(render("province"), "Deployment", "gateway")))
    pod_spec(deployment)["containers"][0]["resource"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)


# --- policy: every container ------------------------------------------------------------------------------


def test_every_container_has_requests_limits_a_non_root_user_a_read_only_root_and_a_pinned_image(objects):
    seen = 0
    for obj in objects:
        if obj["kind"] not in WORKLOAD_KINDS:
            continue
        pod = pod_spec(obj)
        where = f"{obj['kind']}/{obj['metadata']['name']}"
        assert pod["securityContext"]["runAsNonRoot"] is True, where
        assert pod["securityContext"]["runAsUser"] > 0, where
        assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault", where
        assert pod["automountServiceAccountToken"] is False, where
        for container in containers(obj):
            seen += 1
            name = f"{where}/{container['name']}"
            resources = container["resources"]
            assert {"cpu", "memory"} <= set(resources["limits"]) and {"cpu", "memory"} <= set(resources["requests"])
            assert DIGEST.match(container["image"]), f"{name}: {container['image']} is not pinned by digest"
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, name
            assert security["allowPrivilegeEscalation"] is False, name
            assert security["capabilities"]["drop"] == ["ALL"], name
            assert security.get("runAsUser", pod["securityContext"]["runAsUser"]) != 0, name
            # A read-only root: the one writable place is a small in-memory /tmp.
            mounts = {m["mountPath"]: m for m in container.get("volumeMounts", [])}
            assert "/tmp" in mounts, name
    assert seen == 2 * len(APPS)


def test_every_server_has_startup_liveness_and_readiness_probes_on_its_own_port(objects):
    for app in APPS:
        deployment = workload(objects, app, "Deployment")
        (container,) = pod_spec(deployment)["containers"]
        (port,) = container["ports"]
        assert port["containerPort"] == app.port
        probes = {kind: container[f"{kind}Probe"]["httpGet"] for kind in ("startup", "liveness", "readiness")}
        assert probes["startup"]["path"] == probes["liveness"]["path"] == "/livez"
        assert probes["readiness"]["path"] == "/readyz"
        assert {p["port"] for p in probes.values()} == {port["name"]}
        # Long enough for a cold start (30 x 2 s), and uvicorn's 8 s graceful stop fits the grace period.
        startup = container["startupProbe"]
        assert startup["periodSeconds"] * startup["failureThreshold"] >= 60
        assert pod_spec(deployment)["terminationGracePeriodSeconds"] > 8 + 5


def test_memory_requests_cover_the_measured_peak_and_the_documented_figures_match(objects):
    text = DOC.read_text()
    for app in APPS:
        (container,) = pod_spec(workload(objects, app, "Deployment"))["containers"]
        match = re.search(rf"\| `{app.service}` \| (\d+) \| (\d+) \|", text)
        assert match, f"{DOC.name}: no measured row for {app.service}"
        rest, peak = int(match.group(1)), int(match.group(2))
        request = int(container["resources"]["requests"]["memory"].removesuffix("Mi"))
        limit = int(container["resources"]["limits"]["memory"].removesuffix("Mi"))
        assert rest <= peak <= request < limit, f"{app.service}: {rest}/{peak} MiB measured, {request}/{limit} Mi"


def test_the_database_and_pooler_images_are_pinned_and_sized(objects):
    cluster = named(objects, "Cluster", "commerce-db")
    assert DIGEST.match(cluster["spec"]["imageName"])
    assert {"cpu", "memory"} <= set(cluster["spec"]["resources"]["limits"])
    pooler = named(objects, "Pooler", "commerce-db-pooler-rw")
    (container,) = pooler["spec"]["template"]["spec"]["containers"]
    assert container["name"] == "pgbouncer" and DIGEST.match(container["image"])
    assert {"cpu", "memory"} <= set(container["resources"]["limits"])


def test_the_same_image_serves_and_migrates_each_app(objects):
    for app in APPS:
        (server,) = pod_spec(workload(objects, app, "Deployment"))["containers"]
        (job,) = pod_spec(workload(objects, app, "Job"))["containers"]
        assert server["image"] == job["image"]
        assert re.search(rf"/commerce-platform/{app.service}@", server["image"])


# --- database access --------------------------------------------------------------------------------------


@pytest.mark.parametrize("app", APPS, ids=APP_IDS)
def test_servers_go_through_pgbouncer_and_migrations_straight_to_the_primary(app: App):
    from conftest import env_prefix

    for overlay in OVERLAYS:
        objects = render(overlay)
        url_name = f"{env_prefix(app)}DATABASE_URL"
        (server,) = pod_spec(workload(objects, app, "Deployment"))["containers"]
        env = env_from(objects, server)
        assert env[url_name] == f"postgresql+asyncpg://{app.schema}@commerce-db-pooler-rw:5432/commerce"
        pool = DatabasePoolSettings(**{k.removeprefix("DB_").lower(): v for k, v in env.items() if k.startswith("DB_")})
        assert pool.pooler is Pooler.PGBOUNCER
        (job,) = pod_spec(workload(objects, app, "Job"))["containers"]
        job_env = env_from(objects, job)
        assert job_env[url_name] == f"postgresql+asyncpg://{app.schema}@commerce-db-rw:5432/commerce"
        # Migrations take a session advisory lock: no pooler between them and PostgreSQL.
        assert "DB_POOLER" not in job_env
        assert job["command"] == ["/app/deploy/docker/entrypoint.sh", "/app/deploy/prestart.sh", app.module]
        assert pod_spec(workload(objects, app, "Job"))["restartPolicy"] == "Never"
        assert "initContainers" not in pod_spec(workload(objects, app, "Deployment"))


def test_client_connections_fit_pgbouncer_and_server_connections_fit_postgresql(objects):
    pooler = named(objects, "Pooler", "commerce-db-pooler-rw")
    cluster = named(objects, "Cluster", "commerce-db")
    params = pooler["spec"]["pgbouncer"]["parameters"]
    assert pooler["spec"]["pgbouncer"]["poolMode"] == "transaction"
    pool = DatabasePoolSettings(
        **{k.removeprefix("DB_").lower(): v for k, v in named(objects, "ConfigMap", "db-pool")["data"].items()}
    )
    most_replicas = sum(named(objects, "HorizontalPodAutoscaler", app.service)["spec"]["maxReplicas"] for app in APPS)
    clients = most_replicas * (pool.pool_size + pool.max_overflow)
    assert clients <= int(params["max_client_conn"]) * pooler["spec"]["instances"]
    servers = pooler["spec"]["instances"] * len(APPS) * int(params["default_pool_size"])
    migrations = len(APPS)
    assert servers + migrations < int(cluster["spec"]["postgresql"]["parameters"]["max_connections"])


def test_roles_and_schemas_of_a_new_cluster_match_the_compose_database():
    sql = (K8S / "base" / "database" / "roles.sql").read_text()
    objects = render("province")
    managed = {r["name"]: r for r in named(objects, "Cluster", "commerce-db")["spec"]["managed"]["roles"]}
    assert set(managed) == set(init_script_roles())
    for role in init_script_roles():
        for statement in (
            f"CREATE ROLE {role} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;",
            f"GRANT CONNECT ON DATABASE commerce TO {role};",
            f"CREATE SCHEMA {role} AUTHORIZATION {role};",
            f"ALTER ROLE {role} IN DATABASE commerce SET search_path = {role};",
            f"ALTER ROLE {role} IN DATABASE commerce SET plan_cache_mode = force_custom_plan;",
            f"ALTER ROLE {role} IN DATABASE commerce SET work_mem = '16MB';",
            f"ALTER ROLE {role} IN DATABASE commerce SET jit = off;",
        ):
            assert statement in sql
        assert managed[role]["login"] is True and managed[role]["ensure"] == "present"
    for statement in ("REVOKE ALL ON DATABASE commerce FROM PUBLIC;", "REVOKE ALL ON SCHEMA public FROM PUBLIC;"):
        assert statement in sql
    # The same password file each app reads: its role's Secret mounted as /run/secrets/db_password_<role>.
    for app in APPS:
        (server,) = pod_spec(workload(objects, app, "Deployment"))["containers"]
        assert env_from(objects, server)["PGPASSWORD_FILE"] == f"/run/secrets/db_password_{app.schema}"
        sources = secret_sources(workload(objects, app, "Deployment"))
        assert sources[f"db_password_{app.schema}"] == (managed[app.schema]["passwordSecret"]["name"], "password")
    init = named(objects, "ConfigMap", "commerce-db-init")
    assert init["data"]["roles.sql"] == sql
    (ref,) = named(objects, "Cluster", "commerce-db")["spec"]["bootstrap"]["initdb"]["postInitApplicationSQLRefs"][
        "configMapRefs"
    ]
    assert (ref["name"], ref["key"]) == ("commerce-db-init", "roles.sql")


def test_backups_are_archived_continuously_and_taken_nightly(objects):
    cluster = named(objects, "Cluster", "commerce-db")
    assert cluster["spec"]["instances"] == 3
    assert cluster["spec"]["affinity"]["podAntiAffinityType"] == "required"
    store = cluster["spec"]["backup"]["barmanObjectStore"]
    assert store["destinationPath"].startswith("s3://") and store["wal"]["compression"]
    assert cluster["spec"]["backup"]["retentionPolicy"] == "30d"
    backup = named(objects, "ScheduledBackup", "commerce-db-nightly")
    assert backup["spec"]["cluster"]["name"] == "commerce-db"
    assert len(backup["spec"]["schedule"].split()) == 6


# --- configuration and secrets ----------------------------------------------------------------------------


def test_configmaps_are_the_env_files_compose_reads(objects):
    env_dir = REPO / "deploy" / "env"
    assert named(objects, "ConfigMap", "common-env")["data"] == read_env_file(env_dir / "common.env.example")
    for app in APPS:
        config = named(objects, "ConfigMap", f"{app.service}-env")
        assert config["data"] == read_env_file(env_dir / f"{app.service}.env.example"), app.service
        for kind in WORKLOAD_KINDS:
            (container,) = pod_spec(workload(objects, app, kind))["containers"]
            refs = [unhashed({"metadata": {"name": s["configMapRef"]["name"]}}) for s in container["envFrom"]]
            assert refs[:3] == ["common-env", f"{app.service}-env", "site-env"], refs


def secret_sources(obj: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """File name under /run/secrets -> (Secret, key), from the pod's projected secrets volume."""
    (volume,) = [v for v in pod_spec(obj)["volumes"] if v["name"] == "secrets"]
    files = {}
    for source in volume["projected"]["sources"]:
        for item in source["secret"]["items"]:
            files[item["path"]] = (source["secret"]["name"], item["key"])
    return files


def test_secrets_are_referenced_never_included_and_each_is_documented(objects):
    assert of_kind(objects, "Secret") == []
    text = DOC.read_text()
    referenced: set[str] = {"gateway-tls", "commerce-db-backup"}
    for obj in objects:
        if obj["kind"] in WORKLOAD_KINDS:
            (container,) = pod_spec(obj)["containers"]
            files = secret_sources(obj)
            referenced |= {secret for secret, _key in files.values()}
            env = env_from(objects, container)
            # A server reads every *_FILE (the entrypoint its own, the app the rest); a migration Job only the
            # entrypoint's: the signing key, say, is the gateway server's alone.
            read = {n for n in env if n.endswith("_FILE")}
            if obj["kind"] == "Job":
                read &= {f"{n}_FILE" for n in ENTRYPOINT_VARIABLES}
            for name in read:
                value = env[name]
                assert value.startswith("/run/secrets/") and value.removeprefix("/run/secrets/") in files, name
    assert named(objects, "Ingress", "gateway")["spec"]["tls"][0]["secretName"] == "gateway-tls"
    for role in named(objects, "Cluster", "commerce-db")["spec"]["managed"]["roles"]:
        referenced.add(role["passwordSecret"]["name"])
    for secret in referenced:
        assert f"`{secret}`" in text, f"{DOC.name} does not say how to create the Secret {secret}"
    # Nothing secret in a ConfigMap: only *_FILE paths point at secrets.
    for config in of_kind(objects, "ConfigMap"):
        for key in config["data"]:
            assert not re.search(r"PASSWORD$|TOKEN$|SECRET|KEYS?$", key), f"{config['metadata']['name']}: {key}"


# --- scale ------------------------------------------------------------------------------------------------


def test_autoscalers_and_disruption_budgets_keep_each_app_available(objects):
    for app in APPS:
        deployment = workload(objects, app, "Deployment")
        hpa = named(objects, "HorizontalPodAutoscaler", app.service)
        assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": app.service}
        assert 2 <= hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"]
        # The autoscaler alone sets the count: one in the Deployment would reset it on every apply.
        assert "replicas" not in deployment["spec"]
        pdb = named(objects, "PodDisruptionBudget", app.service)
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
        assert pdb["spec"]["minAvailable"] < hpa["spec"]["minReplicas"]
        service = named(objects, "Service", app.service)
        assert service["spec"]["selector"].items() <= labels.items()
        assert service["spec"]["ports"][0]["port"] == app.port
        assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


def test_the_province_runs_larger_than_a_city():
    city, province = render("single-city"), render("province")
    for app in APPS:
        assert (
            named(province, "HorizontalPodAutoscaler", app.service)["spec"]["maxReplicas"]
            > named(city, "HorizontalPodAutoscaler", app.service)["spec"]["maxReplicas"]
        )
    assert of_kind(city, "Namespace")[0]["metadata"]["name"] != of_kind(province, "Namespace")[0]["metadata"]["name"]
    assert (
        named(city, "Ingress", "gateway")["spec"]["rules"][0]["host"]
        != named(province, "Ingress", "gateway")["spec"]["rules"][0]["host"]
    )


# --- network policies -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pod:
    """A pod as NetworkPolicies see it: its namespace's labels and its own."""

    name: str
    namespace: dict[str, str]
    labels: dict[str, str]


def selects(selector: dict[str, Any] | None, labels: dict[str, str]) -> bool:
    """Whether a label selector matches (an empty selector matches everything)."""
    selector = selector or {}
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for expr in selector.get("matchExpressions", []):
        present = expr["key"] in labels
        value = labels.get(expr["key"])
        ok = {
            "In": present and value in expr.get("values", []),
            "NotIn": not present or value not in expr.get("values", []),
            "Exists": present,
            "DoesNotExist": not present,
        }[expr["operator"]]
        if not ok:
            return False
    return True


def allowed(policies: list[dict[str, Any]], own_namespace: dict[str, str], source: Pod, dest: Pod, port: int) -> bool:
    """Whether the namespace's ingress policies let `source` open `port` on `dest` (as the API defines it)."""
    applying = [p for p in policies if selects(p["spec"]["podSelector"], dest.labels)]
    if not applying:
        return True
    for policy in applying:
        for rule in policy["spec"].get("ingress", []):
            if rule.get("ports") and port not in {p["port"] for p in rule["ports"]}:
                continue
            for peer in rule.get("from", []):
                if "namespaceSelector" in peer:
                    in_namespace = selects(peer["namespaceSelector"], source.namespace)
                else:
                    in_namespace = source.namespace == own_namespace
                if in_namespace and selects(peer.get("podSelector"), source.labels):
                    return True
    return False


def test_network_policies_let_through_exactly_the_connections_the_platform_makes(objects):
    (namespace,) = of_kind(objects, "Namespace")
    ns = {"kubernetes.io/metadata.name": namespace["metadata"]["name"]}
    policies = of_kind(objects, "NetworkPolicy")
    pods = {
        "ingress": Pod(
            "ingress", {"kubernetes.io/metadata.name": "ingress-nginx"}, {"app.kubernetes.io/name": "ingress-nginx"}
        ),
        "operator": Pod(
            "operator", {"kubernetes.io/metadata.name": "cnpg-system"}, {"app.kubernetes.io/name": "cloudnative-pg"}
        ),
        "elsewhere": Pod(
            "elsewhere", {"kubernetes.io/metadata.name": "default"}, {"app.kubernetes.io/name": "gateway"}
        ),
        "pooler": Pod("pooler", ns, {"cnpg.io/poolerName": "commerce-db-pooler-rw", "cnpg.io/podRole": "pooler"}),
        "db": Pod("db", ns, {"cnpg.io/cluster": "commerce-db", "cnpg.io/podRole": "instance"}),
    }
    for obj in of_kind(objects, "Deployment") + of_kind(objects, "Job"):
        labels = obj["spec"]["template"]["metadata"]["labels"]
        name = labels["app.kubernetes.io/name"] + ("-migrate" if obj["kind"] == "Job" else "")
        pods[name] = Pod(name, ns, labels)
    ports = {app.service: app.port for app in APPS} | {"pooler": 5432, "db": 5432}
    expected = {
        ("ingress", "gateway"),
        *((service.service, "gateway") for service in APPS if service.service != "gateway"),  # token keys
        *(("gateway", service.service) for service in APPS if service.service != "gateway"),
        ("investment-service", "case-service"),  # linked cases, with the caller's token
        *((app.service, "pooler") for app in APPS),
        ("pooler", "db"),
        ("db", "db"),  # replication
        ("operator", "db"),
        *((f"{app.service}-migrate", "db") for app in APPS),
    }
    for source in pods.values():
        for dest, port in ports.items():
            if source.name == dest and dest != "db":
                continue
            got = allowed(policies, ns, source, pods[dest], port)
            assert got == ((source.name, dest) in expected), f"{source.name} -> {dest}:{port} allowed={got}"
    # Anything else on the gateway's pod, even from the ingress controller, is refused.
    assert not allowed(policies, ns, pods["ingress"], pods["gateway"], 9000)
    assert any(p["spec"]["podSelector"] == {} and "ingress" not in p["spec"] for p in policies), "no default deny"
