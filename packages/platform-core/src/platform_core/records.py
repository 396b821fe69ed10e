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
from platform_core.problems import ProblemError, field_error, not_found
from platform_core.regions import RegionDirectory, RegionsDep
from platform_core.scope import DataScope, ScopeColumns, placed, region_filter, scope_condition

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
        raise ProblemError(
            409,
            "conflict",
            res.unique_message,
            errors=[{"field": res.unique[0], "location": "body", "message": res.unique_message, "code": "duplicate"}],
        )


def _required(model: type[Any], key: str) -> bool:
    column = model.__table__.c.get(key)
    return column is not None and not column.nullable


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
    session.add(row)
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action=f"{res.name}.create",
        entity_type=res.name,
        entity_id=row.id,
        region_code=row.region_code,
        after=snapshot(row, audit_exclude),
    )
    return row


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
    before = snapshot(row, audit_exclude)
    for key, value in changes.items():
        if value is None and _required(res.model, key):
            raise field_error(key, "不能为空")
    if "region_code" in changes:
        row.region_path = placed(regions, principal, changes["region_code"])
    await check_references(session, res=res, principal=principal, values=changes)
    for key, value in changes.items():
        setattr(row, key, value)
    if res.check:
        res.check(row)
    await ensure_unique(session, res=res, row=row, principal=principal)
    row.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action=f"{res.name}.update",
        entity_type=res.name,
        entity_id=row.id,
        region_code=row.region_code,
        before=before,
        after=snapshot(row, audit_exclude),
    )
    return row


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
    """Soft-delete: the row stays as a tombstone (incremental sync, audit)."""
    placed(regions, principal, row.region_code)
    before = snapshot(row, audit_exclude)
    row.deleted_at = utcnow()
    row.updated_at = row.deleted_at
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action=f"{res.name}.delete",
        entity_type=res.name,
        entity_id=row.id,
        region_code=row.region_code,
        before=before,
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
