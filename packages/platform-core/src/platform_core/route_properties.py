"""Properties every route of an app must have, checked from its own OpenAPI document (test support).

A service's property suite enumerates its operations from `app.openapi()` instead of naming examples:
- every route with an integer path parameter answers 404 for an id beyond BIGINT;
- every `PATCH` holds against N concurrent writers with one ETag: exactly one wins, the rest get 412;
- every create that declares `Idempotency-Key` holds against N concurrent retries of one key: one record,
  the others answered with the stored answer or 409 `idempotency_in_progress`, never a 5xx or a domain
  conflict;
- every date and instant a request carries is ISO 8601 text only (`platform_core.dates`): declared so in the
  document, and `0` in each date query parameter and each date of a collection's create body is 422 naming it.
Request bodies are built from the operation's schema (`body_from_schema`) with the few values a schema
cannot tell (references to other records) supplied by the suite.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import make_url

from platform_core.dates import DATE_PATTERN, DATETIME_PATTERN
from platform_core.db import BIGINT_MAX, Database
from platform_core.migrations import upgrade
from platform_core.uscc import check_character

_counter = itertools.count(1)


@dataclass(frozen=True, slots=True)
class Operation:
    """One method on one path of the OpenAPI document."""

    method: str
    path: str
    spec: dict[str, Any]

    @property
    def parameters(self) -> list[dict[str, Any]]:
        """The operation's declared parameters."""
        return list(self.spec.get("parameters", []))

    def declares_header(self, name: str) -> bool:
        """Whether the operation documents a request header."""
        return any(p["in"] == "header" and p["name"].lower() == name.lower() for p in self.parameters)

    @property
    def integer_path_parameters(self) -> list[str]:
        """Path parameters typed integer."""
        return [p["name"] for p in self.parameters if p["in"] == "path" and _type_of(p.get("schema", {})) == "integer"]

    def json_body_schema(self) -> dict[str, Any] | None:
        """The JSON request body's schema, if the operation takes one."""
        content = self.spec.get("requestBody", {}).get("content", {})
        return content.get("application/json", {}).get("schema")

    @property
    def answers(self) -> set[str]:
        """The documented response statuses."""
        return set(self.spec.get("responses", {}))


def operations(app: FastAPI) -> list[Operation]:
    """Every operation of the app's OpenAPI document, in document order."""
    spec = app.openapi()
    return [
        Operation(method.upper(), path, op)
        for path, ops in spec.get("paths", {}).items()
        for method, op in ops.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def _type_of(schema: dict[str, Any]) -> str | None:
    """The single non-null type of a schema (through `anyOf` with null)."""
    if "type" in schema:
        return schema["type"]
    kinds = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    return _type_of(kinds[0]) if len(kinds) == 1 else None


def uscc_in(region_code: str, serial: int) -> str:
    """A valid unified social credit code of an enterprise registered in a county, unique by serial."""
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "MA"
    n = serial
    for _ in range(6):
        body += charset[n % 31]
        n //= 31
    first17 = f"91{region_code}{body}0"
    return first17 + check_character(first17)


def resident_id(region_code: str, serial: int) -> str:
    """A valid 18-character resident ID number (GB 11643) of someone registered in a county."""
    first17 = f"{region_code}19900101{serial % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]
    return first17 + check


class BodyBuilder:
    """Builds a valid request body from an OpenAPI schema: required fields, plausible values, unique names."""

    def __init__(self, spec: dict[str, Any], *, region_codes: list[str], first_day: date = date(2021, 1, 4)) -> None:
        """Resolve references against `spec`; place records in the regions in turn and on later days."""
        self.components = spec.get("components", {}).get("schemas", {})
        self.regions = itertools.cycle(region_codes)
        self.region_code = region_codes[0]
        self.days = (first_day + timedelta(days=n) for n in itertools.count())
        self.today = first_day.isoformat()
        self.month = 1

    @staticmethod
    def serial() -> int:
        """A number not given out before (for values that must be unique)."""
        return next(_counter)

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Follow `$ref` (and a single non-null `anyOf`)."""
        while "$ref" in schema:
            schema = self.components[schema["$ref"].split("/")[-1]]
        kinds = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
        if "anyOf" in schema and len(kinds) == 1:
            return self.resolve(kinds[0])
        return schema

    def build(self, schema: dict[str, Any], overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """An object with every required property (and the overrides) filled."""
        schema = self.resolve(schema)
        overrides = overrides or {}
        # Each body in the next region: records unique per region (a county's e-commerce status) don't clash.
        self.region_code = overrides.get("region_code") or next(self.regions)
        day = next(self.days)
        self.today, self.month = day.isoformat(), day.month
        body: dict[str, Any] = {}
        for name in schema.get("required", []):
            if name not in overrides:
                body[name] = self.value(name, schema["properties"][name])
        body.update(overrides)
        return body

    def value(self, name: str, schema: dict[str, Any]) -> Any:
        """A plausible value for one property."""
        schema = self.resolve(schema)
        if "enum" in schema:
            return schema["enum"][0]
        if "const" in schema:
            return schema["const"]
        kind = _type_of(schema)
        serial = next(_counter)
        if kind == "object":
            return self.build(schema)
        if kind == "array":
            return [self.value(name, schema.get("items", {}))] * max(1, int(schema.get("minItems", 1)))
        if kind == "boolean":
            return True
        if kind == "integer":
            low = schema.get("minimum", 1)
            high = schema.get("maximum", low + 10)
            if name.endswith("year"):
                return max(low, min(high, 2021))
            if name.endswith("month"):
                return max(low, min(high, self.month))
            return max(low, min(high, 1))
        if kind == "number":
            return max(schema.get("minimum", 1), 1)
        fmt = schema.get("format")
        if fmt == "date":
            return self.today
        if fmt == "date-time":
            return f"{self.today}T09:00:00+08:00"
        if "uscc" in name:
            return uscc_in(self.region_code, serial)
        if name == "id_number":
            return resident_id(self.region_code, serial)
        if name.endswith("region_code"):
            return self.region_code
        pattern = schema.get("pattern")
        examples = [e for e in schema.get("examples") or [schema.get("example")] if isinstance(e, str)]
        if examples and _NUMBER.fullmatch(examples[0]):
            return examples[0]  # an amount: as documented
        if pattern:
            # Unique where the pattern allows (codes are unique), the example itself otherwise.
            for example in examples:
                for candidate in (f"{example}{serial}", f"{example}-{serial}", example):
                    if re.search(pattern, candidate):
                        return candidate
            return _from_pattern(pattern, serial, self.today)
        text_value = f"{examples[0]}{serial}" if examples else f"测试{name}{serial}"
        max_length = int(schema.get("maxLength", 200))
        min_length = int(schema.get("minLength", 0))
        return text_value[-max_length:].ljust(min_length, "试")

    def change(self, schema: dict[str, Any]) -> dict[str, Any]:
        """A partial update changing one plain text field of the schema (no pattern, enum or format)."""
        schema = self.resolve(schema)
        for name, prop in schema.get("properties", {}).items():
            prop = self.resolve(prop)
            plain = _type_of(prop) == "string" and not {"pattern", "enum", "format"} & set(prop)
            if plain and not name.endswith(("code", "uscc", "_id", "number")):
                return {name: f"并发修改{next(_counter)}"[: int(prop.get("maxLength", 200))]}
        raise ValueError("no plain text field to change: supply the change in the suite")


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _from_pattern(pattern: str, serial: int, today: str) -> str:
    """A value for the patterns the services use (decimal amounts, months, codes)."""
    if re.fullmatch(pattern, "10.00"):
        return "10.00"
    if re.fullmatch(pattern, today[:7]):
        return today[:7]
    candidates = [f"T{serial:05d}", f"{serial:06d}", f"X{serial}", f"CODE{serial}", f"t-{serial}", f"t_{serial}"]
    for candidate in candidates:
        if re.fullmatch(pattern, candidate):
            return candidate
    raise ValueError(f"no value for pattern {pattern!r}: supply one in the suite's overrides")


def fill_path(path: str, values: dict[str, Any]) -> str:
    """A concrete URL from a path template."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m[1]]), path)


async def check_out_of_range_ids(client: httpx.AsyncClient, ops: list[Operation], headers: dict[str, str]) -> list[str]:
    """Every operation with an integer path parameter, asked for an id beyond BIGINT: the ones not answering 404."""
    failures = []
    for op in ops:
        ints = op.integer_path_parameters
        if not ints:
            continue
        values = {p["name"]: "x" for p in op.parameters if p["in"] == "path"}
        values.update(dict.fromkeys(ints, BIGINT_MAX + 1))
        url = fill_path(op.path, values)
        kwargs: dict[str, Any] = {"headers": {**headers, "If-Match": "*"}}
        if op.method in {"POST", "PUT", "PATCH"}:
            kwargs["json"] = {}
        answer = await client.request(op.method, url, **kwargs)
        if answer.status_code != 404:
            failures.append(f"{op.method} {op.path}: {answer.status_code}")
    return failures


ISO_PATTERNS = {"date": DATE_PATTERN, "date-time": DATETIME_PATTERN}


def _dated(schema: Any, components: dict[str, Any], seen: frozenset[str] = frozenset()) -> list[tuple[str, bool]]:
    """`(property path, declared ISO-only)` of every date and date-time within a schema, through references."""
    if isinstance(schema, list):
        return [found for item in schema for found in _dated(item, components, seen)]
    if not isinstance(schema, dict):
        return []
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        return [] if name in seen else _dated(components.get(name, {}), components, seen | {name})
    out: list[tuple[str, bool]] = []
    fmt = schema.get("format")
    if fmt in ISO_PATTERNS:
        out.append(("", schema.get("pattern") == ISO_PATTERNS[fmt]))
    for key, value in schema.items():
        if key == "properties" and isinstance(value, dict):
            for name, prop in value.items():
                out += [(f"{name}.{inner}".rstrip("."), iso) for inner, iso in _dated(prop, components, seen)]
        elif key not in {"examples", "example", "default", "enum", "const"} and isinstance(value, (dict, list)):
            out += _dated(value, components, seen)
    return out


def lax_dates(spec: dict[str, Any]) -> list[str]:
    """Every date or date-time a request of the document carries that is not declared ISO-only.

    A field declared with `platform_core.dates` has the ISO pattern beside its format; a bare `date` or
    `datetime` has not, and would take a number as seconds since 1970.
    """
    components = spec.get("components", {}).get("schemas", {})
    out = []
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for param in op.get("parameters", []):
                out += [
                    f"{method.upper()} {path} {param['in']} {param['name']}"
                    for _field, iso in _dated(param.get("schema", {}), components)
                    if not iso
                ]
            for media, content in op.get("requestBody", {}).get("content", {}).items():
                out += [
                    f"{method.upper()} {path} {media} {field}"
                    for field, iso in _dated(content.get("schema", {}), components)
                    if not iso
                ]
    return out


async def check_numbers_are_not_dates(
    client: httpx.AsyncClient, spec: dict[str, Any], headers: dict[str, str]
) -> list[str]:
    """`0` in each date query parameter and each top-level date of a POST body: those not answered 422 naming
    the field. Operations with path parameters are left to `lax_dates`: their record is loaded before the
    request is read, and an id that names nothing is 404."""
    components = spec.get("components", {}).get("schemas", {})
    failures = []
    for path, ops in spec.get("paths", {}).items():
        if "{" in path:
            continue
        for method, op in ops.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            cases: list[tuple[str, dict[str, Any]]] = [
                (param["name"], {"params": {param["name"]: "0"}})
                for param in op.get("parameters", [])
                if param["in"] == "query" and _dated(param.get("schema", {}), components)
            ]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            while isinstance(body, dict) and "$ref" in body:
                body = components.get(body["$ref"].rsplit("/", 1)[-1], {})
            for name, prop in (body or {}).get("properties", {}).items():
                if any(field == "" for field, _iso in _dated(prop, components)):
                    cases.append((name, {"json": {name: 0}}))
            for field, kwargs in cases:
                answer = await client.request(method.upper(), path, headers=headers, **kwargs)
                errors = answer.json().get("errors", []) if answer.status_code == 422 else []
                if field not in {e.get("field") for e in errors}:
                    failures.append(f"{method.upper()} {path} {field}=0: {answer.status_code}")
    return failures


async def check_conditional_delete(client: httpx.AsyncClient, url: str, etag: str, headers: dict[str, str]) -> None:
    """A DELETE needs the current ETag: 428 without, 412 with another, then 204, and the record is gone."""
    missing = await client.delete(url, headers=headers)
    assert missing.status_code == 428, f"DELETE {url} without If-Match: {missing.status_code}"
    stale = await client.delete(url, headers={**headers, "If-Match": '"999999"'})
    assert stale.status_code == 412, f"DELETE {url} with a stale If-Match: {stale.status_code}"
    gone = await client.delete(url, headers={**headers, "If-Match": etag})
    assert gone.status_code == 204, f"DELETE {url}: {gone.status_code} {gone.text[:300]}"
    again = await client.delete(url, headers={**headers, "If-Match": etag})
    assert again.status_code == 404, f"DELETE {url} twice: {again.status_code}"


async def check_one_writer_wins(
    client: httpx.AsyncClient,
    url: str,
    etag: str,
    body: dict[str, Any],
    headers: dict[str, str],
    writers: int = 8,
    *,
    method: str = "PATCH",
) -> None:
    """N concurrent conditional writes (PATCH, or a PUT that replaces) with the record's current ETag: exactly
    one 200, the others 412 problem+json."""
    missing = await client.request(method, url, json=body, headers=headers)
    assert missing.status_code == 428, f"{method} {url} without If-Match: {missing.status_code}"
    answers = await asyncio.gather(
        *(client.request(method, url, json=body, headers={**headers, "If-Match": etag}) for _ in range(writers))
    )
    codes = sorted(a.status_code for a in answers)
    assert codes.count(200) == 1 and codes.count(412) == writers - 1, f"{method} {url}: {codes} {answers[0].text[:300]}"
    for answer in answers:
        if answer.status_code == 412:
            assert answer.headers["content-type"].startswith("application/problem+json")
    winner = next(a for a in answers if a.status_code == 200)
    assert winner.headers["etag"] != etag
    late = await client.request(method, url, json=body, headers={**headers, "If-Match": etag})
    assert late.status_code == 412, f"{method} {url} with the old ETag after the winner: {late.status_code}"


async def check_one_record_per_key(
    client: httpx.AsyncClient,
    url: str,
    body: dict[str, Any],
    headers: dict[str, str],
    count: Any,
    retries: int = 8,
    *,
    identity: str = "id",
) -> None:
    """N concurrent retries of one create with one key: one record more, no 5xx, no domain conflict.

    `count()` returns how many records the create's list shows (awaitable); `identity` names the answer's
    field that identifies the record.
    """
    before = await count()
    key = {"Idempotency-Key": f"prop-{uuid.uuid4().hex}"}
    answers = await asyncio.gather(*(client.post(url, json=body, headers={**headers, **key}) for _ in range(retries)))
    codes = [a.status_code for a in answers]
    created = [a for a in answers if a.status_code in {200, 201}]
    assert created, f"POST {url}: {codes} {answers[0].text[:400]}"
    for answer in answers:
        if answer.status_code == 409:
            assert answer.json()["code"] == "idempotency_in_progress", f"POST {url}: {answer.text[:300]}"
            assert answer.headers["retry-after"]
        else:
            assert answer.status_code in {200, 201}, f"POST {url}: {codes} {answer.text[:300]}"
    # One record: every answer names the same one (a replay may mask what the first answer showed).
    names = {str(a.json().get(identity, a.json())) for a in created}
    assert len(names) == 1, f"POST {url}: answers name different records {names}"
    replay = await client.post(url, json=body, headers={**headers, **key})
    assert replay.status_code == created[0].status_code and replay.headers.get("idempotent-replayed") == "true"
    assert await count() == before + 1, f"POST {url}: {before} → {await count()} records"


#: How a suite names what a create needs from other records:
#: collection → {the collection the record comes from: {body field or path parameter: its key, or a function}}.
Parents = dict[str, dict[str, dict[str, Any]]]
#: Body values a schema cannot tell: a value, or a function of the builder (for values unique per record).
Overrides = dict[str, dict[str, Any]]


class RecordFactory:
    """Creates records of any collection of an app through its API, referenced records first."""

    def __init__(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        *,
        region_codes: list[str],
        parents: Parents,
        overrides: Overrides,
    ) -> None:
        """Build bodies from the app's document, placing records in `region_codes` in turn."""
        self.ops = operations(app)
        self.client = client
        self.headers = headers
        self.parents = parents
        self.overrides = overrides
        self.builder = BodyBuilder(app.openapi(), region_codes=region_codes)

    def operation(self, method: str, path: str) -> Operation:
        """The operation of a method and path template."""
        return next(op for op in self.ops if op.method == method and op.path == path)

    async def body_and_url(self, collection: str) -> tuple[str, dict[str, Any]]:
        """The URL and a valid body of a create in a collection (its referenced records created first)."""
        refs: dict[str, Any] = {}
        for parent, fields in self.parents.get(collection, {}).items():
            made = await self.create(parent)
            for field_name, source in fields.items():
                refs[field_name] = source(made) if callable(source) else made[source]
        url = fill_path(collection, refs)
        in_path = set(re.findall(r"\{(\w+)\}", collection))
        extra = {k: v(self.builder) if callable(v) else v for k, v in self.overrides.get(collection, {}).items()}
        body_values = {k: v for k, v in refs.items() if k not in in_path} | extra
        schema = self.operation("POST", collection).json_body_schema() or {}
        return url, self.builder.build(schema, body_values)

    async def create(self, collection: str) -> dict[str, Any]:
        """A new record of the collection (its JSON, with `_url`: the collection's concrete URL)."""
        url, body = await self.body_and_url(collection)
        answer = await self.client.post(url, json=body, headers=self.headers)
        assert answer.status_code == 201, f"POST {url} {body}: {answer.text[:500]}"
        made = answer.json()
        return made | {"_url": url, "_etag": answer.headers.get("etag") or f'"{made["version"]}"'}

    async def count(self, url: str) -> int:
        """How many records a collection's list shows (a page's total, or the length of a plain list)."""
        answer = await self.client.get(url, headers=self.headers)
        assert answer.status_code == 200, f"GET {url}: {answer.text[:300]}"
        data = answer.json()
        if isinstance(data, list):
            return len(data)
        return int(data["total"]) if "total" in data else len(data["items"])


def route_property_suite(
    *,
    service_root: Path,
    schema: str,
    make_app: Any,
    patches: set[str],
    deletes: set[str],
    creates: set[str],
    region_codes: list[str] | None = None,
    parents: Parents | None = None,
    overrides: Overrides | None = None,
    changes: dict[str, dict[str, Any]] | None = None,
    lists: dict[str, str] | None = None,
    region_code: str = "411500",
    uploads: set[str] | None = None,
) -> dict[str, Any]:
    """The property tests of a service; its test module does `globals().update(route_property_suite(...))`.

    `patches`, `deletes` and `creates` list the service's PATCH and DELETE routes and idempotent creates
    (records are made through the collection above each path): a test fails when the
    OpenAPI holds one that the lists do not (so a new route cannot escape the suite). `lists` names the list
    that counts a create's records where it is not the create's own URL. `uploads` lists idempotent creates
    that take a file (multipart, which the body builder cannot make): declared here so they cannot escape
    unnoticed, their one-record-per-key guarantee is tested by the service's own tests. Records are placed in
    the counties of `region_code` in turn (or in `region_codes`), by a caller holding every permission over that region.
    """
    import pytest

    from platform_core.permissions import ALL_CODES

    @pytest.fixture(scope="module")
    async def property_stack(tokens: Any, regions: Any, tmp_path_factory: Any) -> AsyncIterator[Any]:
        async with isolated_database(service_root, schema, tmp_path_factory.mktemp("properties")) as db:
            app = make_app(db, tokens.verifier)
            headers = tokens.headers(
                subject="user:properties",
                permissions=sorted(ALL_CODES),
                data_scopes=["REGION_AND_BELOW"],
                region_code=region_code,
                region_path=regions.path_of(region_code),
            )
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service") as c:
                counties = region_codes or [r.code for r in regions.get(region_code).children if r.level == 3]
                factory = RecordFactory(
                    app, c, headers, region_codes=counties, parents=parents or {}, overrides=overrides or {}
                )
                yield app, c, headers, factory

    async def test_every_patch_and_idempotent_create_is_in_the_suite(property_stack: Any) -> None:
        app = property_stack[0]
        ops = operations(app)
        assert {op.path for op in ops if op.method == "PATCH"} == patches
        assert {op.path for op in ops if op.method == "DELETE"} == deletes
        idempotent = {op.path for op in ops if op.method == "POST" and op.declares_header("Idempotency-Key")}
        assert {
            path
            for path in idempotent
            if "201" in next(o for o in ops if o.path == path and o.method == "POST").answers
        } == creates | (uploads or set())

    async def test_every_request_date_is_iso_text_only(property_stack: Any) -> None:
        app, client, headers, _factory = property_stack
        assert lax_dates(app.openapi()) == []
        assert await check_numbers_are_not_dates(client, app.openapi(), headers) == []

    async def test_an_id_beyond_its_column_is_not_found_on_every_route(property_stack: Any) -> None:
        app, client, headers, _factory = property_stack
        assert await check_out_of_range_ids(client, operations(app), headers) == []

    @pytest.mark.parametrize("path", sorted(patches))
    async def test_of_concurrent_writers_with_one_etag_exactly_one_wins(property_stack: Any, path: str) -> None:
        _app, client, headers, factory = property_stack
        made = await factory.create(path.rsplit("/", 1)[0])
        change = (changes or {}).get(path) or factory.builder.change(
            factory.operation("PATCH", path).json_body_schema() or {}
        )
        await check_one_writer_wins(client, f"{made['_url']}/{made['id']}", made["_etag"], change, headers)

    @pytest.mark.parametrize("path", sorted(deletes))
    async def test_a_delete_needs_the_current_etag(property_stack: Any, path: str) -> None:
        _app, client, headers, factory = property_stack
        made = await factory.create(path.rsplit("/", 1)[0])
        await check_conditional_delete(client, f"{made['_url']}/{made['id']}", made["_etag"], headers)

    @pytest.mark.parametrize("path", sorted(creates))
    async def test_concurrent_retries_of_one_key_make_one_record(property_stack: Any, path: str) -> None:
        _app, client, headers, factory = property_stack
        url, body = await factory.body_and_url(path)
        listed = (lists or {}).get(path, url)
        await check_one_record_per_key(client, url, body, headers, lambda: factory.count(listed))

    suite = [
        property_stack,
        test_every_patch_and_idempotent_create_is_in_the_suite,
        test_an_id_beyond_its_column_is_not_found_on_every_route,
        test_every_request_date_is_iso_text_only,
        test_of_concurrent_writers_with_one_etag_exactly_one_wins,
        test_a_delete_needs_the_current_etag,
        test_concurrent_retries_of_one_key_make_one_record,
    ]
    return {item.__name__: item for item in suite}


@asynccontextmanager
async def isolated_database(service_root: Path, schema: str, tmp_dir: Path) -> AsyncIterator[Database]:
    """A migrated database of its own (a new SQLite file, or a new PostgreSQL database beside the test one).

    Property suites commit for real (concurrency needs real transactions), so they never share the
    database of the rolled-back suites.
    """
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        url = f"sqlite+aiosqlite:///{tmp_dir / f'{schema}-properties.db'}"
        upgrade(service_root, url)
        db = Database(url, schema)
        try:
            yield db
        finally:
            await db.dispose()
        return
    name = f"{make_url(base).database}_props_{schema}_{uuid.uuid4().hex[:6]}"
    admin = Database(base, schema, isolation_level="AUTOCOMMIT")
    async with admin.engine.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    upgrade(service_root, url)
    db = Database(url, schema)
    try:
        yield db
    finally:
        await db.dispose()
        async with admin.engine.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


__all__ = [
    "BodyBuilder",
    "Operation",
    "RecordFactory",
    "check_one_record_per_key",
    "check_one_writer_wins",
    "check_out_of_range_ids",
    "fill_path",
    "isolated_database",
    "operations",
    "route_property_suite",
    "uscc_in",
]
