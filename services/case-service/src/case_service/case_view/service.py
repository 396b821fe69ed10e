"""Saved case-list views: a user reads their own and those shared with one of their roles; only the owner writes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case import service as cases
from case_service.case_view.models import CaseView
from case_service.case_view.schemas import CaseViewCreate, CaseViewOut, CaseViewUpdate, ViewFilters
from case_service.core import kit
from platform_core.auth import Principal
from platform_core.pagination import PageParams, paginate, parse_sort
from platform_core.permissions import OFFICER_ROLES, ROLES_BY_CODE
from platform_core.problems import ProblemError, duplicate, field_error
from platform_core.regions import RegionDirectory

#: At most this many views a user may own.
MAX_VIEWS = 50
AUDITED = ("name", "filters", "shared_role", "owner")


def snapshot(row: CaseView) -> dict[str, Any]:
    """The audited fields of a view."""
    return {name: getattr(row, name) for name in AUDITED}


def visible(principal: Principal) -> Select[tuple[CaseView]]:
    """Views the caller may read: their own, and those shared with a role they hold."""
    shared = CaseView.shared_role.in_(sorted(principal.roles)) if principal.roles else None
    cond = (
        or_(CaseView.owner == principal.subject, shared) if shared is not None else CaseView.owner == principal.subject
    )
    return select(CaseView).where(cond)


async def list_views(session: AsyncSession, *, principal: Principal, page: PageParams) -> tuple[list[CaseView], int]:
    """The caller's views first, then those shared with them, by name."""
    own_first = (CaseView.owner != principal.subject).asc()
    return await paginate(session, visible(principal).order_by(own_first, CaseView.name, CaseView.id), page)


async def get_view(session: AsyncSession, *, principal: Principal, view_id: int) -> CaseView | None:
    """One view the caller may read, or None."""
    return await session.scalar(visible(principal).where(CaseView.id == view_id))


def role_name(code: str | None) -> str | None:
    """A built-in role's Chinese name (a custom role answers its code)."""
    if code is None:
        return None
    spec = ROLES_BY_CODE.get(code)
    return spec.name if spec else code


def render(row: CaseView, principal: Principal) -> CaseViewOut:
    """A view as the caller sees it."""
    return CaseViewOut(
        id=row.id,
        name=row.name,
        filters=ViewFilters.model_validate(row.filters),
        shared_role=row.shared_role,
        shared_role_name=role_name(row.shared_role),
        owner_name=row.owner_name,
        mine=row.owner == principal.subject,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _check_role(principal: Principal, role: str | None) -> None:
    """A view is shared with one of the caller's own roles or a built-in business role, never an officer's."""
    if role is None or role in principal.roles:
        return
    if role not in ROLES_BY_CODE or role in OFFICER_ROLES:
        raise field_error("shared_role", "只能共享给本人所属角色或业务角色")


def _check_sort(filters: ViewFilters) -> None:
    try:
        parse_sort(filters.sort, cases.SORTS, [])
    except ProblemError as err:
        raise field_error("filters.sort", err.detail or "不支持的排序字段") from err


async def _refuse_duplicate(session: AsyncSession, row: CaseView) -> None:
    taken = await session.scalar(
        select(CaseView.id).where(CaseView.owner == row.owner, CaseView.name == row.name, CaseView.id != (row.id or 0))
    )
    if taken is not None:
        raise duplicate("name", "已有同名视图")


def _own(row: CaseView, principal: Principal) -> None:
    if row.owner != principal.subject:
        raise ProblemError(403, "forbidden", "只能修改、删除本人创建的视图")


async def create_view(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, data: CaseViewCreate
) -> CaseView:
    """Save a view for the caller (at most `MAX_VIEWS` each)."""
    _check_role(principal, data.shared_role)
    _check_sort(data.filters)
    owned = await session.scalar(select(func.count()).where(CaseView.owner == principal.subject))
    if (owned or 0) >= MAX_VIEWS:
        raise ProblemError(409, "conflict", f"每人最多保存{MAX_VIEWS}个视图")
    row = CaseView(
        owner=principal.subject,
        owner_name=principal.name,
        name=data.name,
        filters=data.filters.model_dump(mode="json", exclude_defaults=True),
        shared_role=data.shared_role,
        region_code=principal.region_code,
    )
    await _refuse_duplicate(session, row)
    return await kit.insert(session, principal=principal, row=row, name="case_view", snapshot_of=snapshot)


async def update_view(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, row: CaseView, data: CaseViewUpdate
) -> CaseView:
    """Rename, refilter or (un)share the caller's own view."""
    _own(row, principal)
    changes = data.model_dump(mode="json", exclude_unset=True)
    if "name" in changes and changes["name"] is None:
        raise field_error("name", "不能为空")
    if "filters" in changes:
        if data.filters is None:
            raise field_error("filters", "不能为空")
        _check_sort(data.filters)
        changes["filters"] = data.filters.model_dump(mode="json", exclude_defaults=True)
    if "shared_role" in changes:
        _check_role(principal, data.shared_role)

    async def validate(changed: CaseView) -> None:
        await _refuse_duplicate(session, changed)

    return await kit.change(
        session,
        principal=principal,
        row=row,
        changes=changes,
        name="case_view",
        validate=validate,
        snapshot_of=snapshot,
    )


async def delete_view(session: AsyncSession, principal: Principal, regions: RegionDirectory, row: CaseView) -> None:
    """Delete the caller's own view (the audit entry keeps its content)."""
    _own(row, principal)
    await kit.remove(session, principal=principal, row=row, name="case_view", snapshot_of=snapshot, tombstone=False)
