"""Shared code lists (诉求分类, 产业链 …): one declaration gives their list, create and update endpoints.

A dictionary is reference data every region reads: entries have a code (fixed once created, records refer to it),
a name, an order and an enabled flag; officers with the manage permission add, rename, reorder and disable
entries. Disabling never breaks old records: they keep their code and the name is still found.
"""

# No `from __future__ import annotations`: the router factory builds endpoint signatures from each
# dictionary's schemas at run time, and FastAPI must see those annotations as objects.

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.pagination import forbid_unknown_query
from platform_core.problems import duplicate, not_found
from platform_core.records import Endpoints, RecordKit, Write
from platform_core.regions import RegionDirectory


@dataclass(frozen=True)
class Dictionary:
    """A code list: its model, audit name, Chinese label and audited fields."""

    name: str  # audit entity type and action prefix, e.g. "case_category"
    label: str  # e.g. "诉求分类"
    model: type[Any]
    fields: Sequence[str]  # the audited columns
    id_param: str  # the item's path parameter, e.g. "category_id"
    duplicate_message: str = "编码已存在"

    def snapshot(self, row: Any) -> dict[str, Any]:
        """The audited state of an entry."""
        return {f: getattr(row, f) for f in self.fields}


async def list_entries(session: AsyncSession, d: Dictionary, *, include_inactive: bool = False) -> list[Any]:
    """Entries in display order (enabled ones unless asked otherwise)."""
    m = d.model
    stmt = select(m).order_by(m.sort_order, m.id)
    if not include_inactive:
        stmt = stmt.where(m.is_active.is_(True))
    return list((await session.scalars(stmt)).all())


def dictionary_router(
    d: Dictionary,
    *,
    kit: RecordKit,
    prefix: str,
    tag: str,
    read_perm: str,
    manage_perm: str,
    create_schema: type[BaseModel],
    update_schema: type[BaseModel],
    out_schema: type[BaseModel],
    list_schema: type[BaseModel],
) -> APIRouter:
    """List, create and update endpoints of a dictionary under `prefix`."""
    router = APIRouter(prefix=prefix, tags=[tag], dependencies=[Depends(forbid_unknown_query)])
    m = d.model

    @router.get("", summary=f"{d.label}列表", response_model=list_schema)
    async def list_items(
        session: SessionDep,
        _: Annotated[Principal, Depends(require_perms(read_perm))],
        include_inactive: Annotated[bool, Query(description="是否包含已停用的条目")] = False,
    ) -> Any:
        """Entries in display order (enabled ones unless asked otherwise)."""
        rows = await list_entries(session, d, include_inactive=include_inactive)
        return list_schema(items=[out_schema.model_validate(r) for r in rows])

    async def entry(
        session: SessionDep, entry_id: Annotated[int, Path(ge=1, alias=d.id_param, description=f"{d.label}ID")]
    ) -> Any:
        row = await session.get(m, entry_id)
        if row is None:
            raise not_found(f"{d.label}不存在")
        return row

    async def render(session: AsyncSession, row: Any, principal: Principal, regions: RegionDirectory) -> Any:
        return out_schema.model_validate(row)

    async def create(session: AsyncSession, principal: Principal, regions: RegionDirectory, data: BaseModel) -> Any:
        values = data.model_dump()
        if await session.scalar(select(m.id).where(m.code == values["code"])) is not None:
            raise duplicate("code", d.duplicate_message)
        row = m(**values)
        return await kit.insert(session, principal=principal, row=row, name=d.name, snapshot_of=d.snapshot)

    async def update(
        session: AsyncSession, principal: Principal, regions: RegionDirectory, row: Any, data: BaseModel
    ) -> Any:
        changes = data.model_dump(exclude_unset=True)
        return await kit.change(
            session, principal=principal, row=row, changes=changes, name=d.name, snapshot_of=d.snapshot
        )

    kit.serve(
        router,
        Endpoints(
            label=d.label,
            location=prefix,
            item=f"/{{{d.id_param}}}",
            row=Annotated[Any, Depends(entry)],
            out=out_schema,
            render=render,
            create=Write(manage_perm, create, create_schema),
            update=Write(manage_perm, update, update_schema),
        ),
    )
    return router
