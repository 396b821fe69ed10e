"""System parameters (系统参数) an administrator edits at run time: declared in code, stored in each app's schema.

An app declares its parameters (`ParameterSpec`: type, default taken from the app's settings, bounds, Chinese
label, unit) and keeps the edited values in its own `parameter` table (one row per parameter that was ever
edited; a parameter without a row has its default). Readers go through the app's `ParameterStore`, which holds
the values for `refresh_s` seconds and then reads the (tiny) table again, so a change made through any replica
reaches every replica within a few seconds without a restart. Each app serves `GET {path}` and
`PUT {path}/{key}` (`parameter_router`): If-Match on the row's version, bounds checked with a problem naming
the field `value`, every change audited in the app's own log. The gateway proxies the services' paths; the
SPA's 系统参数 page lists all apps' parameters on one page.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import JSON, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from platform_core.audit import AuditTrail
from platform_core.auth import Principal, require_perms
from platform_core.db import Database, SessionDep, UTCDateTime, VersionMixin, utcnow
from platform_core.etag import require_if_match, set_etag, stale
from platform_core.pagination import forbid_unknown_query
from platform_core.problems import ProblemError, field_error, not_found
from platform_core.scope import ensure_province_level

ParameterKind = Literal["int", "choice", "bool"]
Value = int | str | bool

#: Permissions of the 系统参数 page (the gateway's route table repeats them for the services' paths).
LIST_PERMISSION = "system:parameter:list"
UPDATE_PERMISSION = "system:parameter:update"

#: How long a replica trusts the values it read before reading the table again.
DEFAULT_REFRESH_S = 3.0


@dataclass(frozen=True, slots=True)
class ParameterSpec:
    """One declared parameter: its key, how it reads, its type, default and bounds."""

    key: str
    label: str
    group: str
    kind: ParameterKind
    default: Value
    unit: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    #: For `choice`: each allowed value with its Chinese name, in display order.
    choices: Mapping[str, str] = field(default_factory=dict)
    description: str = ""

    def check(self, value: object) -> Value:
        """The value if it fits the parameter; a problem naming the field `value` otherwise."""
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise field_error("value", f"{self.label}须为“是”或“否”")
            return value
        if self.kind == "choice":
            if not isinstance(value, str) or value not in self.choices:
                names = "、".join(self.choices.values())
                raise field_error("value", f"{self.label}只能是：{names}")
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            raise field_error("value", f"{self.label}须为整数")
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise field_error("value", f"{self.label}须在 {self.minimum} 至 {self.maximum} 之间")
        return value


class ParameterMixin(VersionMixin):
    """Columns of an edited parameter: key, value, who changed it and when (version = ETag)."""

    __tablename__ = "parameter"

    key: Mapped[str] = mapped_column(String(64), primary_key=True, comment="参数键")
    value: Mapped[Any] = mapped_column(JSON, comment="参数值")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow, comment="修改时间")
    updated_by: Mapped[str | None] = mapped_column(String(64), comment="修改人")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The values of every declared parameter at one read, with each edited row's version."""

    values: Mapping[str, Value]
    versions: Mapping[str, int]

    def __getitem__(self, key: str) -> Value:
        """One parameter's value."""
        return self.values[key]

    def int(self, key: str) -> int:
        """An integer parameter's value."""
        value = self.values[key]
        assert isinstance(value, int)
        return value

    def str(self, key: str) -> str:
        """A choice parameter's value."""
        value = self.values[key]
        assert isinstance(value, str)
        return value


class ParameterStore:
    """The app's parameters: declarations, the edited values and a short cache shared by the app's requests."""

    def __init__(
        self,
        model: type[Any],
        specs: Sequence[ParameterSpec],
        db: Database,
        *,
        refresh_s: float = DEFAULT_REFRESH_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Bind the app's `parameter` model, its declarations and its database."""
        self.model = model
        self.db = db
        self.specs: dict[str, ParameterSpec] = {spec.key: spec for spec in specs}
        self.refresh_s = refresh_s
        self.clock = clock
        self._snapshot: Snapshot | None = None
        self._read_at = 0.0
        self._lock = asyncio.Lock()

    def spec(self, key: str) -> ParameterSpec | None:
        """The declaration of a key, if any."""
        return self.specs.get(key)

    def forget(self) -> None:
        """Drop the cached values: the next read goes to the table (after this replica's own change)."""
        self._snapshot = None

    async def current(self, session: AsyncSession | None = None) -> Snapshot:
        """The values, read again when the cached ones are older than `refresh_s` (through the caller's session,
        which sees its own transaction, else in a reading session of its own)."""
        if self._snapshot is not None and self.clock() - self._read_at < self.refresh_s:
            return self._snapshot
        async with self._lock:
            if self._snapshot is not None and self.clock() - self._read_at < self.refresh_s:
                return self._snapshot
            stmt = select(self.model.key, self.model.value, self.model.version)
            if session is not None:
                rows = (await session.execute(stmt)).all()
            else:
                async with self.db.session(write=False) as own:
                    rows = (await own.execute(stmt)).all()
            values: dict[str, Value] = {key: spec.default for key, spec in self.specs.items()}
            versions: dict[str, int] = {}
            for key, value, version in rows:
                spec = self.specs.get(key)
                if spec is None:
                    continue  # a parameter a newer or older release declared: not ours to read
                if _fits(spec, value):  # a stored value out of today's bounds: the default holds
                    values[key] = value
                versions[key] = version
            self._snapshot = Snapshot(values=values, versions=versions)
            self._read_at = self.clock()
            return self._snapshot


#: The shared parameter of the apps that import tables: the most data rows one upload may carry.
IMPORT_MAX_ROWS = "import_max_rows"


def import_rows_parameter(default: int = 5000, maximum: int = 20_000) -> ParameterSpec:
    """The `import_max_rows` parameter (each import keeps its own lower cap; this one lowers every cap)."""
    return ParameterSpec(
        IMPORT_MAX_ROWS,
        "单次导入行数上限",
        "导入限制",
        "int",
        default,
        "行",
        1,
        maximum,
        description="一次上传的表格最多可含的数据行数；超过时整表退回并提示",
    )


async def edited_value(app: Any, key: str, session: AsyncSession | None = None) -> Value | None:
    """The value of a parameter of the app if it declares it (its default when never edited); None otherwise."""
    store: ParameterStore | None = getattr(app.state, "parameters", None)
    if store is None or key not in store.specs:
        return None
    return (await store.current(session))[key]


def store_of(request: Request) -> ParameterStore:
    """The parameter store of the app serving the request."""
    store: ParameterStore = request.app.state.parameters
    return store


class ChoiceOut(BaseModel):
    """One allowed value of a choice parameter."""

    value: str = Field(description="取值")
    label: str = Field(description="名称")


class ParameterOut(BaseModel):
    """A parameter as the 系统参数 page shows it."""

    app: str = Field(description="所属服务")
    key: str = Field(description="参数键")
    label: str = Field(description="参数名称")
    group: str = Field(description="分组")
    kind: ParameterKind = Field(description="类型：int 整数 / choice 选项 / bool 是否")
    value: Value = Field(description="当前值")
    default: Value = Field(description="默认值（部署配置）")
    unit: str | None = Field(default=None, description="单位")
    minimum: int | None = Field(default=None, description="最小值")
    maximum: int | None = Field(default=None, description="最大值")
    choices: list[ChoiceOut] = Field(default_factory=list, description="可选值")
    description: str = Field(default="", description="说明")
    version: int = Field(description="版本号（未修改过为 0），作为 If-Match")
    updated_at: datetime | None = Field(default=None, description="修改时间")
    updated_by: str | None = Field(default=None, description="修改人")


class ParameterIn(BaseModel):
    """A new value for one parameter."""

    # Floats are accepted here so that 2.5 is refused by the parameter's own check, naming the field `value`.
    value: int | float | str | bool = Field(description="新值：整数、选项值或是否")


def _out(app: str, spec: ParameterSpec, value: Value, row: Any | None) -> ParameterOut:
    return ParameterOut(
        app=app,
        key=spec.key,
        label=spec.label,
        group=spec.group,
        kind=spec.kind,
        value=value,
        default=spec.default,
        unit=spec.unit,
        minimum=spec.minimum,
        maximum=spec.maximum,
        choices=[ChoiceOut(value=v, label=label) for v, label in spec.choices.items()],
        description=spec.description,
        version=row.version if row is not None else 0,
        updated_at=row.updated_at if row is not None else None,
        updated_by=row.updated_by if row is not None else None,
    )


KeyPath = Annotated[str, Path(max_length=64, pattern=r"^[a-z][a-z0-9_]*$", description="参数键")]


def parameter_router(path: str, *, app: str, audit: AuditTrail) -> APIRouter:
    """`GET {path}` (the app's parameters) and `PUT {path}/{key}` (one new value, If-Match, audited)."""
    router = APIRouter(tags=["系统参数"])

    @router.get(
        path,
        summary="系统参数列表",
        response_model=list[ParameterOut],
        dependencies=[Depends(forbid_unknown_query)],
    )
    async def list_parameters(
        request: Request,
        session: SessionDep,
        _: Annotated[Principal, Depends(require_perms(LIST_PERMISSION))],
    ) -> list[ParameterOut]:
        """Every declared parameter of this app with its current value."""
        store = store_of(request)
        rows = {row.key: row for row in (await session.scalars(select(store.model))).all()}
        out: list[ParameterOut] = []
        for key, spec in store.specs.items():
            row = rows.get(key)
            # A stored value out of today's bounds reads as the default, as the store's readers see it.
            value = row.value if row is not None and _fits(spec, row.value) else spec.default
            out.append(_out(app, spec, value, row))
        return out

    @router.put(path + "/{key}", summary="修改系统参数", response_model=ParameterOut)
    async def update_parameter(
        request: Request,
        response: Response,
        session: SessionDep,
        key: KeyPath,
        body: Annotated[ParameterIn, Body()],
        principal: Annotated[Principal, Depends(require_perms(UPDATE_PERMISSION))],
    ) -> ParameterOut:
        """Set one parameter; every replica uses the new value within a few seconds."""
        store = store_of(request)
        spec = store.spec(key)
        if spec is None:
            raise not_found("参数不存在")
        # One installation serves every city of the province: its parameters are the province's to set.
        ensure_province_level(principal, "key")
        row = await session.get(store.model, key, with_for_update=True)
        require_if_match(request, row.version if row is not None else 0)
        value = spec.check(body.value)
        before = row.value if row is not None else spec.default
        if row is None:
            row = store.model(key=key, value=value, updated_by=principal.name or principal.subject)
            session.add(row)
        else:
            row.value = value
            row.updated_by = principal.name or principal.subject
        await audit.record(
            session,
            principal=principal,
            action="parameter.update",
            entity_type="parameter",
            entity_id=key,
            before={"value": before},
            after={"value": value},
            detail=f"{spec.label}：{before} → {value}",
        )
        try:
            await session.commit()
        except StaleDataError as exc:  # another replica changed it between our read and our write
            await session.rollback()
            raise stale() from exc
        except IntegrityError as exc:  # two first edits at once: the primary key refused the second row
            await session.rollback()
            raise stale() from exc
        await session.refresh(row)
        store.forget()
        set_etag(response, row.version)
        return _out(app, spec, value, row)

    return router


def _fits(spec: ParameterSpec, value: object) -> bool:
    try:
        spec.check(value)
    except ProblemError:
        return False
    return True
