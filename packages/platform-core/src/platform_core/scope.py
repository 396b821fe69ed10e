"""Row-level data scope: the one function that filters every query by who is asking, and the region checks.

Reads are filtered by `scope_condition`; a write is placed in a region by `placed` (an unknown region
is 422, one outside the caller's scope 403); a figure asked for a region goes through `readable_region`;
a list filtered by region through `region_filter`. Every service uses these, none has its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from sqlalchemy import ColumnElement, Select, bindparam, false, literal, or_

from platform_core.auth import Principal
from platform_core.problems import ProblemError, field_error

if TYPE_CHECKING:
    from platform_core.regions import RegionDirectory

S = TypeVar("S", bound=Select[Any])


class DataScope(StrEnum):
    """What part of the data a role sees (combined with OR across roles; none = nothing)."""

    ALL = "ALL"
    REGION_AND_BELOW = "REGION_AND_BELOW"
    REGION = "REGION"
    UNIT = "UNIT"
    SELF = "SELF"


@dataclass(frozen=True, slots=True)
class ScopeColumns:
    """Which columns of a model carry the scope keys; a missing column means that scope sees nothing."""

    region_path: Any | None = None
    region_code: Any | None = None
    unit_ids: Any | None = None  # a column, or a callable(unit_id) -> condition for many-unit rows
    enterprise_uscc: Any | None = None
    owner_user_id: Any | None = None


def escape_like(text: str) -> str:
    """Text matched literally inside a LIKE pattern whose escape character is `\\`."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def path_prefix(path: str) -> str:
    """The LIKE pattern of rows at `path` and below."""
    return escape_like(path) + "%"


def under_path(column: Any, path: str) -> ColumnElement[bool]:
    """Rows whose materialised path starts with `path`: a constant LIKE prefix, so a pattern index serves it."""
    return column.like(path_prefix(path), escape="\\")


#: The scope terms a principal's roles may give, in a fixed order: (name, the term's condition over the model's
#: scope columns and the principal's value). A term whose column the model lacks sees nothing.
_TERMS: tuple[tuple[str, Any], ...] = (
    ("path", lambda cols, v: cols.region_path.like(v, escape="\\")),
    ("region", lambda cols, v: cols.region_code == v),
    ("unit", lambda cols, v: cols.unit_ids(v) if callable(cols.unit_ids) else cols.unit_ids == v),
    ("uscc", lambda cols, v: cols.enterprise_uscc == v),
    ("owner", lambda cols, v: cols.owner_user_id == v),
)
_TERM_COLUMNS = {
    "path": "region_path",
    "region": "region_code",
    "unit": "unit_ids",
    "uscc": "enterprise_uscc",
    "owner": "owner_user_id",
}


@dataclass(frozen=True, slots=True)
class ScopeShape:
    """Which scope terms apply to a principal (`all` for an unrestricted one) and their values.

    The names alone (`kinds`) shape a statement; `values` bind it (`scope_<name>` parameters), so one statement
    built per shape serves every principal of that shape (see `bound_scope_condition`).
    """

    unrestricted: bool
    kinds: tuple[str, ...]
    # Not part of equality or the hash: shapes compare (and key caches) by their terms alone.
    values: dict[str, Any] = field(compare=False, hash=False)


def scope_shape(principal: Principal, cols: ScopeColumns) -> ScopeShape:
    """The scope terms of a principal over a model's scope columns; deny by default (no terms)."""
    scopes = principal.data_scopes
    if DataScope.ALL in scopes:
        return ScopeShape(True, (), {})
    given: dict[str, Any] = {}
    if DataScope.REGION_AND_BELOW in scopes and principal.region_path:
        # Materialised paths end with "/", so a prefix match never confuses 4115 with 411500.
        given["path"] = path_prefix(principal.region_path)
    if DataScope.REGION in scopes and principal.region_code:
        given["region"] = principal.region_code
    if DataScope.UNIT in scopes and principal.unit_id is not None:
        given["unit"] = principal.unit_id
    if DataScope.SELF in scopes:
        if principal.enterprise_uscc:
            given["uscc"] = principal.enterprise_uscc
        if principal.user_id is not None:
            given["owner"] = principal.user_id
    kinds = tuple(name for name, _ in _TERMS if name in given and getattr(cols, _TERM_COLUMNS[name]) is not None)
    return ScopeShape(False, kinds, {f"scope_{k}": given[k] for k in kinds})


def _condition(shape: ScopeShape, cols: ScopeColumns, value: Any) -> ColumnElement[bool]:
    if shape.unrestricted:
        return ~false()
    terms = dict(_TERMS)
    conditions = [terms[k](cols, value(k)) for k in shape.kinds]
    return or_(*conditions) if conditions else false()


def scope_condition(principal: Principal, cols: ScopeColumns) -> ColumnElement[bool]:
    """The SQL condition for rows the principal may see; deny by default."""
    shape = scope_shape(principal, cols)
    return _condition(shape, cols, lambda k: shape.values[f"scope_{k}"])


def bound_scope_condition(shape: ScopeShape, cols: ScopeColumns) -> ColumnElement[bool]:
    """The scope condition of a shape with its values left as bind parameters `scope_<term>`.

    Bind `shape.values` when executing; a statement built from it serves every principal of the same shape.
    """
    return _condition(shape, cols, lambda k: bindparam(f"scope_{k}"))


def apply_scope(stmt: S, principal: Principal, cols: ScopeColumns) -> S:
    """Restrict a select to the rows the principal may see."""
    return stmt.where(scope_condition(principal, cols))


def scope_key(principal: Principal) -> tuple[Any, ...]:
    """What determines the rows a principal sees: equal keys see equal rows (for caching counts)."""
    return (
        tuple(sorted(principal.data_scopes)),
        principal.region_path,
        principal.region_code,
        principal.unit_id,
        principal.enterprise_uscc,
        principal.user_id if DataScope.SELF in principal.data_scopes else None,
    )


def can_write_region(principal: Principal, region_path: str, region_code: str) -> bool:
    """Whether the principal may write a record placed in this region."""
    scopes = principal.data_scopes
    if DataScope.ALL in scopes:
        return True
    if DataScope.REGION_AND_BELOW in scopes and principal.region_path and region_path.startswith(principal.region_path):
        return True
    return DataScope.REGION in scopes and principal.region_code == region_code


def ensure_region_writable(principal: Principal, region_path: str, region_code: str, field: str) -> None:
    """Refuse (403, naming the field) a write into a region outside the principal's scope."""
    if not can_write_region(principal, region_path, region_code):
        raise ProblemError(
            403,
            "out_of_scope",
            errors=[{"field": field, "message": "所选区域超出数据权限范围", "code": "out_of_scope"}],
        )


def placed(regions: RegionDirectory, principal: Principal, region_code: str, field: str = "region_code") -> str:
    """The region path for a write: an unknown region is 422, a region outside the caller's scope 403."""
    path = regions.path_of(region_code)
    if path is None:
        raise field_error(field, "行政区划代码不存在")
    ensure_region_writable(principal, path, region_code, field)
    return path


def known_path(regions: RegionDirectory, region_code: str, field: str = "region_code") -> str:
    """The materialised path of a region code (an unknown code: 422 naming the field)."""
    path = regions.path_of(region_code)
    if path is None:
        raise field_error(field, "行政区划代码不存在")
    return path


def region_filter(
    column: Any, regions: RegionDirectory, region_code: str | None, field: str = "region_code"
) -> list[ColumnElement[bool]]:
    """Rows placed in a region and below (none asked: no condition; an unknown code: 422 naming the field)."""
    if not region_code:
        return []
    return [under_path(column, known_path(regions, region_code, field))]


@overload
def readable_region(
    regions: RegionDirectory, principal: Principal, region_code: str | None, *, optional: Literal[False] = False
) -> tuple[str, str]: ...


@overload
def readable_region(
    regions: RegionDirectory, principal: Principal, region_code: str | None, *, optional: Literal[True]
) -> tuple[str | None, str | None]: ...


def readable_region(
    regions: RegionDirectory, principal: Principal, region_code: str | None, *, optional: bool = False
) -> tuple[str | None, str | None]:
    """(code, path) of the region a figure is asked for; the caller's own region by default.

    A region outside the caller's scope is refused (403 naming `region_code`) rather than answered with the
    part of it the caller can see, which would be a misleading figure under the region's name. With
    `optional`, a caller without a region who names none gets (None, None): every row their scope reads.
    """
    code = region_code or principal.region_code
    if code is None:
        if optional:
            return None, None
        raise field_error("region_code", "请指定行政区划")
    path = regions.path_of(code)
    if path is None:
        raise field_error("region_code", "行政区划代码不存在", code="not_found")
    scopes = principal.data_scopes
    allowed = (
        DataScope.ALL in scopes
        or (
            DataScope.REGION_AND_BELOW in scopes
            and bool(principal.region_path)
            and path.startswith(principal.region_path or "")
        )
        or (DataScope.REGION in scopes and code == principal.region_code)
    )
    if not allowed:
        raise ProblemError(
            403,
            "out_of_scope",
            errors=[
                {
                    "field": "region_code",
                    "location": "query",
                    "message": "所选区域超出数据权限范围",
                    "code": "out_of_scope",
                }
            ],
        )
    return code, path


# ---------------------------------------------------------------------------------------------------------------
# Levels: reference lists kept per level (province defaults, a city's additions, …), such as case categories,
# industry chains or 三个一批 rounds. A row carries the path of the region that owns it.


def level_condition(principal: Principal, owner_path: Any) -> ColumnElement[bool]:
    """Rows owned at a level the principal works under: every level above its region, its own, and those below.

    A county officer reads the province defaults and its city's additions; a city officer the province's and its
    own (and its counties'); the province everything. A principal with no region reads the rows its scope reads.
    """
    if DataScope.ALL in principal.data_scopes:
        return ~false()
    conditions: list[ColumnElement[bool]] = []
    if principal.region_path:
        # The owner's path is a prefix of the caller's: the owner is the caller's region or one above it.
        conditions.append(literal(principal.region_path).like(owner_path + "%"))
        if principal.data_scopes & {DataScope.REGION_AND_BELOW, DataScope.REGION}:
            conditions.append(under_path(owner_path, principal.region_path))
    return or_(*conditions) if conditions else false()


def can_edit_level(principal: Principal, owner_code: str) -> bool:
    """Whether the principal may change a row owned at this level: only at its own level (a city its additions)."""
    if DataScope.ALL in principal.data_scopes:
        return True
    return principal.region_code is not None and principal.region_code == owner_code


#: The level a region keeps its entries at, by its depth in the tree.
LEVEL_NAMES: dict[int, str] = {1: "province", 2: "city", 3: "county"}


def level_fields(principal: Principal, regions: RegionDirectory, owner_code: str) -> dict[str, Any]:
    """Who keeps an entry and whether the caller may change it: `region_code`, `region_name`, `level`, `editable`."""
    region = regions.get(owner_code)
    return {
        "region_code": owner_code,
        "region_name": region.name if region is not None else owner_code,
        "level": LEVEL_NAMES.get(region.level, "county") if region is not None else "county",
        "editable": can_edit_level(principal, owner_code),
    }


def ensure_level_editable(principal: Principal, owner_code: str, field: str = "region_code") -> None:
    """Refuse (403, naming the field) a change to a row owned at another level than the caller's."""
    if not can_edit_level(principal, owner_code):
        raise ProblemError(
            403,
            "other_level",
            errors=[
                {"field": field, "message": "只能维护本级的条目（其他层级的条目由其自行维护）", "code": "other_level"}
            ],
        )


# ---------------------------------------------------------------------------------------------------------------
# Province level: what is one for the whole installation (role definitions, 系统参数, 业务字典 labels, machine
# clients, the jobs console) is changed only by an administrator whose reach is the whole province.


def is_province_level(principal: Principal) -> bool:
    """Whether the principal acts for the whole installation: unrestricted, or placed at a province (`/410000/`)."""
    if DataScope.ALL in principal.data_scopes:
        return True
    path = principal.region_path or ""
    return DataScope.REGION_AND_BELOW in principal.data_scopes and path.count("/") == 2


def ensure_province_level(principal: Principal, field: str) -> None:
    """Refuse (403, naming the field) a change to something shared by every city, unless made at province level."""
    if not is_province_level(principal):
        raise ProblemError(
            403,
            "province_only",
            "全省共用的设置只能由省级管理员修改",
            errors=[{"field": field, "message": "全省共用的设置只能由省级管理员修改", "code": "province_only"}],
        )
