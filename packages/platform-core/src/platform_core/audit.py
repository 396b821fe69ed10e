"""The append-only audit log: one table per service schema, written in the change's transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field, computed_field
from sqlalchemy import JSON, BigInteger, ColumnElement, String, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from platform_core.audit_labels import action_label, entity_label
from platform_core.auth import Principal, require_perms
from platform_core.context import current_context
from platform_core.dates import IsoDatetime
from platform_core.db import BigIntPK, SessionDep, UTCDateTime, utcnow
from platform_core.pagination import Page, PageDep, forbid_unknown_query, paginate
from platform_core.regions import OptionalRegionsDep, RegionDirectory
from platform_core.scope import DataScope, is_province_level

#: Extra audit entries a region-scoped auditor reads: (audit model, principal) → a condition on the model.
ActorScope = Callable[[Any, Principal], ColumnElement[bool]]


class AuditLogMixin:
    """Columns of an audit entry: who, when, what, where, before/after, result."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True, comment="主键")
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True, comment="发生时间")
    actor: Mapped[str] = mapped_column(String(64), index=True, comment="操作者(sub)")
    actor_name: Mapped[str | None] = mapped_column(String(64), comment="操作者名称")
    action: Mapped[str] = mapped_column(String(64), index=True, comment="动作，如 enterprise.create")
    entity_type: Mapped[str] = mapped_column(String(64), comment="对象类型")
    entity_id: Mapped[str | None] = mapped_column(String(64), index=True, comment="对象标识")
    region_code: Mapped[str | None] = mapped_column(String(12), comment="对象所属区域代码")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, comment="变更前")
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, comment="变更后")
    result: Mapped[str] = mapped_column(String(16), default="success", comment="结果 success/failure")
    detail: Mapped[str | None] = mapped_column(String(500), comment="说明")
    request_id: Mapped[str | None] = mapped_column(String(128), comment="请求ID")
    client_ip: Mapped[str | None] = mapped_column(String(64), comment="客户端地址")


class AuditEntryOut(BaseModel):
    """An audit entry as the auditor sees it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    service: str = Field(description="所属服务")
    occurred_at: datetime
    actor: str
    actor_name: str | None
    action: str
    entity_type: str
    entity_id: str | None
    region_code: str | None
    region_name: str | None = Field(default=None, description="对象所属区域名称")
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    result: str
    detail: str | None
    request_id: str | None
    client_ip: str | None

    @computed_field(description="动作名称（中文）")
    @property
    def action_name(self) -> str:
        """The action as the auditor reads it; the code itself when it has no name yet."""
        return action_label(self.action) or self.action

    @computed_field(description="对象类型名称（中文）")
    @property
    def entity_type_name(self) -> str:
        """The object type as the auditor reads it; the type itself when it has no name yet."""
        return entity_label(self.entity_type) or self.entity_type


class AuditTrail:
    """Writes entries into one service's audit table."""

    def __init__(self, model: type[Any], service: str) -> None:
        """Bind the service's audit model."""
        self.model = model
        self.service = service

    async def record(
        self,
        session: AsyncSession,
        *,
        principal: Principal | None,
        action: str,
        entity_type: str,
        entity_id: str | int | None,
        region_code: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        result: str = "success",
        detail: str | None = None,
        actor: str | None = None,
    ) -> None:
        """Add an entry to the session; it commits (or not) with the change itself."""
        ctx = current_context()
        session.add(
            self.model(
                actor=actor or (principal.subject if principal else "anonymous"),
                actor_name=principal.name if principal else None,
                action=action,
                entity_type=entity_type,
                entity_id=None if entity_id is None else str(entity_id),
                region_code=region_code,
                before=before,
                after=after,
                result=result,
                detail=detail,
                request_id=ctx.request_id if ctx else None,
                client_ip=ctx.client_ip if ctx else None,
            )
        )

    def router(self, path: str = "/api/v1/audit/logs", *, actors: ActorScope | None = None) -> APIRouter:
        """`GET {path}` over this service's entries, for holders of `audit:log:list`, scoped like the data.

        An auditor at province level reads every entry; one placed in a city reads the entries about objects of
        its region and below, and, with `actors`, those written by the users that condition names (the gateway
        knows where each user sits; a service does not).
        """
        model = self.model
        service = self.service
        router = APIRouter(tags=["审计日志"])

        @router.get(
            path,
            summary="查询审计日志",
            response_model=Page[AuditEntryOut],
            dependencies=[Depends(forbid_unknown_query)],
        )
        async def list_audit_logs(
            session: SessionDep,
            page: PageDep,
            principal: Annotated[Principal, Depends(require_perms("audit:log:list"))],
            regions: OptionalRegionsDep,
            actor: Annotated[str | None, Query(description="操作者")] = None,
            action: Annotated[str | None, Query(description="动作前缀")] = None,
            entity_id: Annotated[str | None, Query(description="对象标识")] = None,
            occurred_from: Annotated[IsoDatetime | None, Query(alias="from", description="起始时间")] = None,
            occurred_to: Annotated[IsoDatetime | None, Query(alias="to", description="截止时间")] = None,
        ) -> Page[AuditEntryOut]:
            """List audit entries, newest first."""
            stmt = select(model).where(audit_scope(model, principal, regions, actors))
            if actor:
                stmt = stmt.where((model.actor == actor) | (model.actor_name == actor))
            if action:
                stmt = stmt.where(model.action.startswith(action, autoescape=True))
            if entity_id:
                stmt = stmt.where(model.entity_id == entity_id)
            if occurred_from:
                stmt = stmt.where(model.occurred_at >= occurred_from)
            if occurred_to:
                stmt = stmt.where(model.occurred_at < occurred_to)
            # The same order the gateway merges by (time, then id): an entry written with an earlier time
            # after a later one (a job's, a back-dated import's) must not fall off a merged page.
            rows, total = await paginate(session, stmt.order_by(model.occurred_at.desc(), model.id.desc()), page)
            items = [
                AuditEntryOut.model_validate(
                    {
                        **_as_dict(r),
                        "service": service,
                        "region_name": regions.name_of(r.region_code) if regions else None,
                    }
                )
                for r in rows
            ]
            return Page(items=items, total=total, page=page.page, page_size=page.page_size)

        return router


def audit_scope(
    model: Any, principal: Principal, regions: RegionDirectory | None, actors: ActorScope | None = None
) -> ColumnElement[bool]:
    """Audit entries the principal may read: all at province level; else those about its region and below."""
    if is_province_level(principal):
        return ~false()
    conditions: list[ColumnElement[bool]] = []
    if principal.region_code and principal.data_scopes & {DataScope.REGION_AND_BELOW, DataScope.REGION}:
        below = DataScope.REGION_AND_BELOW in principal.data_scopes and regions is not None
        codes = [r.code for r in regions.subtree(principal.region_code)] if below and regions else []
        conditions.append(model.region_code.in_(codes or [principal.region_code]))
    if actors is not None:
        conditions.append(actors(model, principal))
    return or_(*conditions) if conditions else false()


def _as_dict(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


# Audit ids are BIGINT on PostgreSQL; exported for migrations that need the type.
AUDIT_ID_TYPE = BigInteger
