"""The record kit: one way for any service to declare a plain region-scoped resource.

A resource is declared once (`Resource`: its model, name, sort keys, uniqueness, references, rules) and
`RecordKit.router` gives it list (filters, data scope, pagination, sort), detail with `ETag`, create with
`Idempotency-Key`, update with `If-Match` and delete (kept as a tombstone for the sync feed), each write
audited in its transaction. Resources with rules of their own (a status machine, figures) use the kit's
functions and add their own endpoints; the guarantees (versions, idempotency, bad input, data scope)
come from the platform underneath either way.
"""

# No `from __future__ import annotations`: the router factory builds endpoint signatures from each
# resource's schemas at run time, and FastAPI must see those annotations as objects.

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy import ColumnElement, Index, Select, String, and_, false, func, literal, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from platform_core.audit import AuditTrail
from platform_core.auth import Principal, require_perms
from platform_core.db import BigIntPK, SessionDep, TimestampMixin, UTCDateTime, VersionMixin, utcnow
from platform_core.etag import require_if_match, set_etag
from platform_core.idempotency import IdempotencyKey, IdempotencyStore, Outcome
from platform_core.pagination import Page, PageDep, PageParams, forbid_unknown_query, paginate, parse_sort
from platform_core.problems import duplicate, field_error, not_found
from platform_core.regions import RegionDirectory, RegionsDep
from platform_core.scope import DataScope, ScopeColumns, placed, region_filter, scope_condition
from platform_core.sync import SyncDep, SyncPage, keyset_page

#: Columns never copied into responses or audit entries as such.
INTERNAL_COLUMNS = frozenset({"region_path", "deleted_at"})

Filters = Callable[..., list[ColumnElement[bool]]]
Enricher = Callable[[AsyncSession, list[Any], Principal], Awaitable[dict[int, dict[str, Any]]]]


@dataclass(frozen=True)
class Resource:
    """A kind of record: its model, audit name, sort keys and rules."""

    name: str  # audit entity type and action prefix, e.g. "fund_grant"
    label: str  # Chinese name used in messages, e.g. "政策资金拨付记录"
    model: type[Any]
    sorts: Mapping[str, Any]
    default_sort: Sequence[Any]
    # Records placed at a city or province (programs, fairs) are read by the counties below it.
    visible_from_below: bool = False
    # Fields that identify one live record; a duplicate is a 409 naming the first field.
    unique: Sequence[str] = ()
    unique_message: str = "记录已存在"
    # Cross-field rules checked on the merged record after create and update (raise `field_error`).
    check: Callable[[Any], None] | None = None
    # Foreign ids that must name a live record the caller can see: field -> resource.
    references: Mapping[str, "Resource"] = field(default_factory=dict)


def scope_columns(model: type[Any]) -> ScopeColumns:
    """The scope keys of a record model."""
    return ScopeColumns(
        region_path=model.region_path,
        region_code=model.region_code,
        enterprise_uscc=getattr(model, "enterprise_uscc", None),
    )


def visible(res: Resource, principal: Principal) -> ColumnElement[bool]:
    """Rows of the resource the principal may read (deny by default)."""
    m = res.model
    cond = scope_condition(principal, scope_columns(m))
    regional = {DataScope.REGION_AND_BELOW, DataScope.REGION} & principal.data_scopes
    if res.visible_from_below and principal.region_path and regional:
        # The record's region is an ancestor of (or equal to) the reader's: its path prefixes theirs.
        cond = or_(cond, literal(principal.region_path).startswith(m.region_path))
    return cond


def live(res: Resource, principal: Principal) -> Select[Any]:
    """Live rows the principal may read."""
    m = res.model
    return select(m).where(m.deleted_at.is_(None), visible(res, principal))


def region_condition(model: type[Any], regions: RegionDirectory, region_code: str | None) -> list[ColumnElement[bool]]:
    """Rows of a record model in a region and below (422 naming `region_code` for an unknown code)."""
    return region_filter(model.region_path, regions, region_code)


def date_range(column: Any, start: dt.date | None, end: dt.date | None) -> list[ColumnElement[bool]]:
    """Rows whose date falls in [start, end] (either end open)."""
    out: list[ColumnElement[bool]] = []
    if start is not None:
        out.append(column >= start)
    if end is not None:
        out.append(column <= end)
    if start and end and end < start:
        out.append(false())
    return out


def plain(value: Any) -> Any:
    """A JSON-safe form of a column value (dates ISO, money as a decimal string)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def row_dict(row: Any) -> dict[str, Any]:
    """The row's public columns."""
    return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in INTERNAL_COLUMNS}


def snapshot(row: Any, exclude: Sequence[str] = ()) -> dict[str, Any]:
    """The audited state of a row (JSON-safe; bookkeeping columns left out)."""
    skip = {"created_at", "updated_at", "version", "created_by", *exclude}
    return {k: plain(v) for k, v in row_dict(row).items() if k not in skip}


async def get_record(session: AsyncSession, *, res: Resource, principal: Principal, record_id: int) -> Any | None:
    """One live row the principal may read, or None (out of scope looks the same as absent)."""
    return await session.scalar(live(res, principal).where(res.model.id == record_id))


async def list_records(
    session: AsyncSession,
    *,
    res: Resource,
    principal: Principal,
    page: PageParams,
    where: Sequence[ColumnElement[bool]] = (),
    sort: str | None = None,
) -> tuple[list[Any], int]:
    """A page of live rows in scope, filtered and sorted."""
    order = parse_sort(sort, res.sorts, res.default_sort)
    stmt = live(res, principal).where(*where).order_by(*order, res.model.id.desc())
    return await paginate(session, stmt, page)


async def check_references(
    session: AsyncSession, *, res: Resource, principal: Principal, values: Mapping[str, Any]
) -> None:
    """Every foreign id names a live record the caller can read (422 naming the field otherwise)."""
    for name, target in res.references.items():
        ref_id = values.get(name)
        if ref_id is not None and await get_record(session, res=target, principal=principal, record_id=ref_id) is None:
            raise field_error(name, f"{target.label}不存在", code="not_found")


async def ensure_unique(session: AsyncSession, *, res: Resource, row: Any, principal: Principal) -> None:
    """Refuse a second live record with the same identifying fields (409 naming the first field).

    Only records the caller may read are compared: a conflict never tells a county that another county holds
    a record. Where the database itself holds a field unique (a city-wide code), its refusal is a 409 that names
    no record (platform_core.faults).
    """
    if not res.unique:
        return
    m = res.model
    conds = [getattr(m, f) == getattr(row, f) for f in res.unique]
    stmt = select(m.id).where(m.deleted_at.is_(None), visible(res, principal), and_(*conds))
    if row.id is not None:
        stmt = stmt.where(m.id != row.id)
    if await session.scalar(stmt.limit(1)) is not None:
        raise duplicate(res.unique[0], res.unique_message)


def _required(model: type[Any], key: str) -> bool:
    column = model.__table__.c.get(key)
    return column is not None and not column.nullable


Snapshot = Callable[[Any], dict[str, Any]]
Validate = Callable[[Any], Awaitable[None]]


async def audited_insert(
    session: AsyncSession,
    *,
    audit: AuditTrail,
    principal: Principal,
    row: Any,
    name: str,
    snapshot_of: Snapshot = snapshot,
    region_code: str | None = None,
    entity: str | None = None,
) -> Any:
    """Insert a row and audit `<name>.create` in the same transaction (`entity`: the audit's entity type)."""
    session.add(row)
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action=f"{name}.create",
        entity_type=entity or name,
        entity_id=row.id,
        region_code=region_code or getattr(row, "region_code", None),
        after=snapshot_of(row),
    )
    return row


async def audited_change(
    session: AsyncSession,
    *,
    audit: AuditTrail,
    principal: Principal,
    row: Any,
    changes: Mapping[str, Any],
    name: str,
    regions: RegionDirectory | None = None,
    validate: Validate | None = None,
    snapshot_of: Snapshot = snapshot,
    region_code: str | None = None,
    entity: str | None = None,
) -> Any:
    """Apply a partial update and audit `<name>.update` with the state before and after.

    A null for a column that cannot be empty is a 422 naming it; a new `region_code` must be a region the
    caller may write (`regions` given); `validate` sees the changed row before it is written.
    """
    before = snapshot_of(row)
    model = type(row)
    for key, value in changes.items():
        if value is None and _required(model, key):
            raise field_error(key, "不能为空")
    if "region_code" in changes and regions is not None:
        row.region_path = placed(regions, principal, changes["region_code"])
    for key, value in changes.items():
        setattr(row, key, value)
    if validate is not None:
        await validate(row)
    row.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action=f"{name}.update",
        entity_type=entity or name,
        entity_id=row.id,
        region_code=region_code or getattr(row, "region_code", None),
        before=before,
        after=snapshot_of(row),
    )
    return row


async def audited_delete(
    session: AsyncSession,
    *,
    audit: AuditTrail,
    principal: Principal,
    row: Any,
    name: str,
    snapshot_of: Snapshot = snapshot,
    region_code: str | None = None,
    entity: str | None = None,
    tombstone: bool = True,
) -> None:
    """Delete a row and audit `<name>.delete` with its last state.

    By default the row stays as a tombstone (incremental sync); `tombstone=False` removes it, the audit entry
    keeping its content.
    """
    before = snapshot_of(row)
    if tombstone:
        row.deleted_at = utcnow()
        row.updated_at = row.deleted_at
    else:
        await session.delete(row)
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action=f"{name}.delete",
        entity_type=entity or name,
        entity_id=row.id,
        region_code=region_code or getattr(row, "region_code", None),
        before=before,
    )


def _snapshot_without(exclude: Sequence[str]) -> Snapshot:
    return lambda row: snapshot(row, exclude)


async def create_record(
    session: AsyncSession,
    *,
    audit: AuditTrail,
    res: Resource,
    principal: Principal,
    regions: RegionDirectory,
    values: dict[str, Any],
    audit_exclude: Sequence[str] = (),
) -> Any:
    """Insert a record placed in a writable region, with its audit entry."""
    path = placed(regions, principal, values["region_code"])
    await check_references(session, res=res, principal=principal, values=values)
    row = res.model(**values, region_path=path, created_by=principal.subject, version=1)
    if res.check:
        res.check(row)
    await ensure_unique(session, res=res, row=row, principal=principal)
    return await audited_insert(
        session, audit=audit, principal=principal, row=row, name=res.name, snapshot_of=_snapshot_without(audit_exclude)
    )


async def update_record(
    session: AsyncSession,
    *,
    audit: AuditTrail,
    res: Resource,
    principal: Principal,
    regions: RegionDirectory,
    row: Any,
    changes: dict[str, Any],
    audit_exclude: Sequence[str] = (),
) -> Any:
    """Apply a partial update (the caller must also be able to write the record's current region)."""
    placed(regions, principal, row.region_code)
    await check_references(session, res=res, principal=principal, values=changes)

    async def validate(changed: Any) -> None:
        if res.check:
            res.check(changed)
        await ensure_unique(session, res=res, row=changed, principal=principal)

    return await audited_change(
        session,
        audit=audit,
        principal=principal,
        row=row,
        changes=changes,
        name=res.name,
        regions=regions,
        validate=validate,
        snapshot_of=_snapshot_without(audit_exclude),
    )


async def delete_record(
    session: AsyncSession,
    *,
    audit: AuditTrail,
    res: Resource,
    principal: Principal,
    regions: RegionDirectory,
    row: Any,
    audit_exclude: Sequence[str] = (),
) -> None:
    """Soft-delete a record in a region the caller may write (kept as a tombstone)."""
    placed(regions, principal, row.region_code)
    await audited_delete(
        session, audit=audit, principal=principal, row=row, name=res.name, snapshot_of=_snapshot_without(audit_exclude)
    )


async def count_children(
    session: AsyncSession, column: Any, ids: Sequence[int], visible_rows: ColumnElement[bool]
) -> dict[int, int]:
    """Live child rows the caller can see, per parent id (one query for a page)."""
    if not ids:
        return {}
    deleted_at = column.class_.deleted_at
    rows = await session.execute(
        select(column, func.count()).where(column.in_(ids), deleted_at.is_(None), visible_rows).group_by(column)
    )
    return {int(parent): int(n) for parent, n in rows}


def default_filters(res: Resource) -> Filters:
    """Filter by region only."""

    def filters(
        regions: RegionsDep,
        region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    ) -> list[ColumnElement[bool]]:
        return region_condition(res.model, regions, region_code)

    return filters


def record_router(
    res: Resource,
    *,
    audit: AuditTrail,
    idempotency: IdempotencyStore,
    prefix: str,
    tag: str,
    create_schema: type[BaseModel],
    update_schema: type[BaseModel],
    out_schema: type[BaseModel],
    list_perm: str,
    manage_perm: str,
    filters: Filters | None = None,
    enrich: Enricher | None = None,
    parent: tuple[Resource, str] | None = None,
) -> APIRouter:
    """List, create, detail, update and delete endpoints for a resource under `prefix`.

    With `parent=(resource, fk)` the prefix holds `{parent_id}`: the parent must be readable (404 otherwise)
    and the children listed and created are those of that parent.
    """
    router = APIRouter(prefix=prefix, tags=[tag], dependencies=[Depends(forbid_unknown_query)])
    filter_dep = filters or default_filters(res)
    Reader = Annotated[Principal, Depends(require_perms(list_perm))]  # noqa: N806
    Writer = Annotated[Principal, Depends(require_perms(manage_perm))]  # noqa: N806
    RecordId = Annotated[int, Path(ge=1, description=f"{res.label}ID")]  # noqa: N806

    async def parent_of(
        session: SessionDep,
        principal: Annotated[Principal, Depends(require_perms(list_perm))],
        parent_id: Annotated[int, Path(ge=1, description="上级记录ID")],
    ) -> Any:
        """The parent record, readable by the caller (404 otherwise)."""
        assert parent is not None
        row = await get_record(session, res=parent[0], principal=principal, record_id=parent_id)
        if row is None:
            raise not_found(f"{parent[0].label}不存在")
        return row

    async def no_parent() -> None:
        return None

    ParentDep = Annotated[Any, Depends(parent_of if parent else no_parent)]  # noqa: N806

    def parent_where(parent_row: Any) -> list[ColumnElement[bool]]:
        return [getattr(res.model, parent[1]) == parent_row.id] if parent and parent_row is not None else []

    async def render(
        session: AsyncSession, rows: list[Any], regions: RegionDirectory, principal: Principal
    ) -> list[Any]:
        extra = await enrich(session, rows, principal) if enrich else {}
        return [
            out_schema.model_validate(
                {**row_dict(r), "region_name": regions.name_of(r.region_code), **extra.get(r.id, {})}
            )
            for r in rows
        ]

    async def load(session: AsyncSession, principal: Principal, record_id: int, parent_row: Any) -> Any:
        row = await get_record(session, res=res, principal=principal, record_id=record_id)
        if row is None or (parent and getattr(row, parent[1]) != parent_row.id):
            raise not_found(f"{res.label}不存在")
        return row

    @router.get(
        "",
        summary=f"{res.label}列表",
        description="Records in the caller's data scope, filtered and sorted.",
        response_model=Page[out_schema],
    )
    async def list_items(
        session: SessionDep,
        page: PageDep,
        regions: RegionsDep,
        principal: Reader,
        parent_row: ParentDep,
        where: Annotated[list[ColumnElement[bool]], Depends(filter_dep)],
        sort: Annotated[
            str | None, Query(description=f"排序：{', '.join(res.sorts)}；前缀 - 表示倒序", max_length=200)
        ] = None,
    ) -> Any:
        rows, total = await list_records(
            session, res=res, principal=principal, page=page, where=[*where, *parent_where(parent_row)], sort=sort
        )
        items = await render(session, rows, regions, principal)
        return Page(items=items, total=total, page=page.page, page_size=page.page_size)

    @router.post(
        "",
        summary=f"新增{res.label}",
        description="Create a record in a region the caller may write; `Idempotency-Key` makes a retry safe.",
        status_code=201,
        response_model=out_schema,
    )
    async def create_item(
        request: Request,
        idempotency_key: IdempotencyKey,
        data: create_schema,  # type: ignore[valid-type]
        session: SessionDep,
        regions: RegionsDep,
        principal: Writer,
        parent_row: ParentDep,
    ) -> Any:
        async def work() -> Outcome:
            values = data.model_dump()
            if parent and parent_row is not None:
                values[parent[1]] = parent_row.id
            row = await create_record(
                session, audit=audit, res=res, principal=principal, regions=regions, values=values
            )
            out = (await render(session, [row], regions, principal))[0]
            return Outcome(out, 201, {"ETag": f'"{row.version}"', "Location": f"{request.url.path}/{row.id}"})

        return await idempotency.run(
            request, session, principal, data.model_dump(mode="json"), work, key=idempotency_key
        )

    @router.get(
        "/{record_id}",
        summary=f"{res.label}详情",
        description="One record in scope (404 otherwise), with its ETag.",
        response_model=out_schema,
    )
    async def get_item(
        record_id: RecordId,
        response: Response,
        session: SessionDep,
        regions: RegionsDep,
        principal: Reader,
        parent_row: ParentDep,
    ) -> Any:
        row = await load(session, principal, record_id, parent_row)
        set_etag(response, row.version)
        return (await render(session, [row], regions, principal))[0]

    @router.patch(
        "/{record_id}",
        summary=f"修改{res.label}",
        description="A partial update; `If-Match` with the current ETag is required (428 without, 412 stale).",
        response_model=out_schema,
    )
    async def update_item(
        record_id: RecordId,
        request: Request,
        response: Response,
        data: update_schema,  # type: ignore[valid-type]
        session: SessionDep,
        regions: RegionsDep,
        principal: Writer,
        parent_row: ParentDep,
    ) -> Any:
        row = await load(session, principal, record_id, parent_row)
        require_if_match(request, row.version)
        changes = data.model_dump(exclude_unset=True)
        row = await update_record(
            session, audit=audit, res=res, principal=principal, regions=regions, row=row, changes=changes
        )
        out = (await render(session, [row], regions, principal))[0]
        await session.commit()
        set_etag(response, row.version)
        return out

    @router.delete(
        "/{record_id}",
        summary=f"删除{res.label}",
        description="Delete (kept as a tombstone); `If-Match` is required.",
        status_code=204,
    )
    async def delete_item(
        record_id: RecordId,
        request: Request,
        session: SessionDep,
        regions: RegionsDep,
        principal: Writer,
        parent_row: ParentDep,
    ) -> Response:
        row = await load(session, principal, record_id, parent_row)
        require_if_match(request, row.version)
        await delete_record(session, audit=audit, res=res, principal=principal, regions=regions, row=row)
        await session.commit()
        return Response(status_code=204)

    return router


Render = Callable[[AsyncSession, Any, Principal, RegionDirectory], Awaitable[Any]]


@dataclass(frozen=True)
class Write:
    """One write endpoint of a resource whose rules live in its service.

    `run` is called as `run(session, principal, regions, data)` for a create, `run(session, principal, regions,
    row, data)` for an update and `run(session, principal, regions, row)` for a delete; a create or update returns
    the row. `out`/`render` give the answer when it differs from the record's own (a create with warnings).
    """

    perm: str
    run: Callable[..., Awaitable[Any]]
    schema: type[BaseModel] | None = None
    out: type[BaseModel] | None = None
    render: Render | None = None
    description: str | None = None
    summary: str | None = None  # when the usual 新增/修改/删除 + label does not say it
    # Checks that need the request itself (references asked of another service with the caller's token), run
    # before any work: `precheck(request, data, row)`, the row None for a create.
    precheck: Callable[[Request, Any, Any], Awaitable[None]] | None = None


@dataclass(frozen=True)
class Endpoints:
    """Detail, create, update and delete of a resource with its own service functions and scope.

    `row` is the dependency that turns the `item` path parameter into a row the caller may read (404 otherwise);
    the kit adds the ETag, `If-Match`, `Idempotency-Key`, the commit and the `Location`.
    """

    label: str  # Chinese name in summaries, e.g. "包联关系"
    location: str  # the collection's public path, e.g. "/api/v1/pairings"
    item: str  # the item's path below the collection, e.g. "/{pairing_id}"
    row: Any  # Annotated[Model, Depends(loader)]
    out: type[BaseModel]
    render: Render
    read: str | None = None  # the detail endpoint's permission (None: no detail endpoint)
    create: Write | None = None
    update: Write | None = None
    delete: Write | None = None


def serve_records(router: APIRouter, spec: Endpoints, *, idempotency: IdempotencyStore, base: str = "") -> None:
    """Add the resource's create, detail, update and delete endpoints to `router` (under `base`).

    Declare them after any fixed path of the same collection (`/mine`, `/summary`): routes match in order.
    """
    row_dep = spec.row
    if spec.create is not None:
        _serve_create(router, spec, spec.create, idempotency, base)
    if spec.read is not None:
        Reader = Annotated[Principal, Depends(require_perms(spec.read))]  # noqa: N806

        @router.get(
            base + spec.item,
            summary=f"{spec.label}详情",
            description="One record in the caller's scope (404 otherwise), with its ETag.",
            response_model=spec.out,
        )
        async def get_item(
            principal: Reader, row: row_dep, response: Response, session: SessionDep, regions: RegionsDep
        ) -> Any:
            set_etag(response, row.version)
            return await spec.render(session, row, principal, regions)

    if spec.update is not None:
        _serve_update(router, spec, spec.update, base)
    if spec.delete is not None:
        _serve_delete(router, spec, spec.delete, base)


def _serve_create(router: APIRouter, spec: Endpoints, write: Write, idempotency: IdempotencyStore, base: str) -> None:
    Writer = Annotated[Principal, Depends(require_perms(write.perm))]  # noqa: N806
    body = write.schema
    render = write.render or spec.render

    @router.post(
        base or "",
        summary=write.summary or f"新增{spec.label}",
        description=write.description or "Create a record in the caller's scope; `Idempotency-Key` makes a retry safe.",
        status_code=201,
        response_model=write.out or spec.out,
    )
    async def create_item(
        request: Request,
        idempotency_key: IdempotencyKey,
        data: body,  # type: ignore[valid-type]
        session: SessionDep,
        regions: RegionsDep,
        principal: Writer,
    ) -> Any:
        if write.precheck is not None:
            await write.precheck(request, data, None)

        async def work() -> Outcome:
            row = await write.run(session, principal, regions, data)
            out = await render(session, row, principal, regions)
            headers = {"ETag": f'"{row.version}"', "Location": f"{spec.location}/{row.id}"}
            return Outcome(out, 201, headers)

        return await idempotency.run(
            request, session, principal, data.model_dump(mode="json"), work, key=idempotency_key
        )


def _serve_update(router: APIRouter, spec: Endpoints, write: Write, base: str) -> None:
    Writer = Annotated[Principal, Depends(require_perms(write.perm))]  # noqa: N806
    body = write.schema
    row_dep = spec.row
    render = write.render or spec.render

    @router.patch(
        base + spec.item,
        summary=write.summary or f"修改{spec.label}",
        description=write.description
        or "A partial update; `If-Match` with the current ETag is required (428 without, 412 stale).",
        response_model=write.out or spec.out,
    )
    async def update_item(
        principal: Writer,
        request: Request,
        response: Response,
        data: body,  # type: ignore[valid-type]
        row: row_dep,
        session: SessionDep,
        regions: RegionsDep,
    ) -> Any:
        require_if_match(request, row.version)
        if write.precheck is not None:
            await write.precheck(request, data, row)
        row = await write.run(session, principal, regions, row, data)
        out = await render(session, row, principal, regions)
        await session.commit()
        set_etag(response, row.version)
        return out


def _serve_delete(router: APIRouter, spec: Endpoints, write: Write, base: str) -> None:
    Writer = Annotated[Principal, Depends(require_perms(write.perm))]  # noqa: N806
    row_dep = spec.row

    @router.delete(
        base + spec.item,
        summary=write.summary or f"删除{spec.label}",
        description=write.description or "Delete (kept as a tombstone for sync); `If-Match` is required.",
        status_code=204,
    )
    async def delete_item(
        principal: Writer, request: Request, row: row_dep, session: SessionDep, regions: RegionsDep
    ) -> Response:
        require_if_match(request, row.version)
        await write.run(session, principal, regions, row)
        await session.commit()
        return Response(status_code=204)


@dataclass(frozen=True)
class Feed:
    """An incremental sync feed for provincial systems: what changed in the caller's scope, tombstones included.

    `changes(principal)` selects the rows (deleted ones too, marked by `deleted_at`); a live row becomes an `item`
    from its same-named attributes, a deleted one carries `id`, `updated_at` and the `keys` that identify it.
    `adjust(values, principal)` may mask or convert values first; `construct` skips re-validating rows the
    service wrote itself (a page of 500 costs much less).
    """

    summary: str
    perm: str
    item: type[BaseModel]
    model: Any
    changes: Callable[[Principal], Select[Any]]
    keys: Sequence[str] = ()
    adjust: Callable[[dict[str, Any], Principal], dict[str, Any]] | None = None
    construct: bool = False
    description: str = "Changes since a cursor or instant, in (updated_at, id) order, deletions as tombstones."


def feed_item(feed: Feed, row: Any, principal: Principal) -> Any:
    """One row of a feed page as its item."""
    if getattr(row, "deleted_at", None) is not None:
        values = {"id": row.id, "deleted": True, "updated_at": row.updated_at}
        values.update({k: getattr(row, k) for k in feed.keys})
    else:
        values = {f: getattr(row, f) for f in feed.item.model_fields if f != "deleted" and hasattr(row, f)}
        if "deleted" in feed.item.model_fields:
            values["deleted"] = False
        if feed.adjust is not None:
            values = feed.adjust(values, principal)
    return feed.item.model_construct(**values) if feed.construct else feed.item.model_validate(values)


def serve_feed(router: APIRouter, path: str, feed: Feed) -> None:
    """Add a sync feed's endpoint to `router` at `path`."""
    Reader = Annotated[Principal, Depends(require_perms(feed.perm))]  # noqa: N806

    @router.get(path, summary=feed.summary, description=feed.description, response_model=SyncPage[feed.item])
    async def pull(request: Request, session: SessionDep, params: SyncDep, principal: Reader) -> Any:
        settle = request.app.state.settings.sync_settle_seconds
        m = feed.model
        rows, cursor, more = await keyset_page(
            session, feed.changes(principal), updated_at=m.updated_at, id_col=m.id, params=params, settle_seconds=settle
        )
        items = [feed_item(feed, r, principal) for r in rows]
        return SyncPage[feed.item].model_construct(items=items, next_cursor=cursor, has_more=more)


class RegionRecord(TimestampMixin, VersionMixin):
    """Columns every kit record carries: id, the region it belongs to, who created it, tombstone."""

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    region_code: Mapped[str] = mapped_column(String(12), comment="所属行政区划代码(GB/T 2260)")
    region_path: Mapped[str] = mapped_column(String(80), comment="行政区划物化路径，如 /410000/411500/411522/")
    created_by: Mapped[str | None] = mapped_column(String(64), comment="创建人")
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), comment="删除时间(墓碑)")


def record_indexes(table: str) -> tuple[Index, ...]:
    """The indexes every record table needs: live rows by region path, and the sync order."""
    return (
        Index(
            f"ix_{table}_region_path",
            "region_path",
            postgresql_ops={"region_path": "text_pattern_ops"},
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index(f"ix_{table}_updated_at_id", "updated_at", "id"),
    )


@dataclass(frozen=True)
class RecordKit:
    """A service's audit trail and idempotency store, bound to the kit's writes and routers."""

    audit: AuditTrail
    idempotency: IdempotencyStore

    async def create(self, session: AsyncSession, **kwargs: Any) -> Any:
        """`create_record` with the service's audit trail."""
        return await create_record(session, audit=self.audit, **kwargs)

    async def update(self, session: AsyncSession, **kwargs: Any) -> Any:
        """`update_record` with the service's audit trail."""
        return await update_record(session, audit=self.audit, **kwargs)

    async def delete(self, session: AsyncSession, **kwargs: Any) -> None:
        """`delete_record` with the service's audit trail."""
        await delete_record(session, audit=self.audit, **kwargs)

    def router(self, res: Resource, **kwargs: Any) -> APIRouter:
        """The list, create, detail, update and delete endpoints of a resource (see `record_router`)."""
        return record_router(res, audit=self.audit, idempotency=self.idempotency, **kwargs)

    def serve(self, router: APIRouter, spec: Endpoints, *, base: str = "") -> None:
        """The detail and write endpoints of a resource with its own service functions (see `serve_records`)."""
        serve_records(router, spec, idempotency=self.idempotency, base=base)

    async def insert(self, session: AsyncSession, **kwargs: Any) -> Any:
        """`audited_insert` with the service's audit trail."""
        return await audited_insert(session, audit=self.audit, **kwargs)

    async def change(self, session: AsyncSession, **kwargs: Any) -> Any:
        """`audited_change` with the service's audit trail."""
        return await audited_change(session, audit=self.audit, **kwargs)

    async def remove(self, session: AsyncSession, **kwargs: Any) -> None:
        """`audited_delete` with the service's audit trail."""
        await audited_delete(session, audit=self.audit, **kwargs)
