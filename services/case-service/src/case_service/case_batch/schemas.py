"""Request and response shapes of the bulk case actions."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from case_service.case.models import CaseAction, CaseState, Complexity
from case_service.case.schemas import UnitRef, check_distinct_units

#: At most this many cases in one bulk request.
MAX_ROWS = 200
#: The largest id a case can have (BIGINT).
MAX_ID = 2**63 - 1

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class BulkRow(BaseModel):
    """One case of a bulk request, with the version the caller saw (checked like `If-Match` when given)."""

    model_config = _STRICT

    case_id: int = Field(ge=1, le=MAX_ID, description="诉求ID")
    version: int | None = Field(default=None, ge=1, le=MAX_ID, description="调用方看到的版本号（给出时须与当前一致）")


class BulkBody(BaseModel):
    """The cases to act on and an optional comment for every timeline entry."""

    model_config = _STRICT

    items: list[BulkRow] = Field(min_length=1, max_length=MAX_ROWS, description=f"诉求（1-{MAX_ROWS}件，不可重复）")
    comment: str | None = Field(default=None, max_length=2000, description="意见/说明")

    @model_validator(mode="after")
    def _distinct(self) -> BulkBody:
        ids = [row.case_id for row in self.items]
        if len(ids) != len(set(ids)):
            raise ValueError("同一诉求不能重复出现在批量操作中（items）")
        return self


class BulkAssignBody(BulkBody):
    """批量交办: the same lead unit and co-units for every case."""

    lead_unit: UnitRef = Field(description="牵头单位")
    co_units: list[UnitRef] = Field(default_factory=list, max_length=10, description="配合单位")
    complexity: Complexity | None = Field(default=None, description="复杂程度（不填则沿用各诉求登记时的值）")

    @model_validator(mode="after")
    def _distinct_units(self) -> BulkAssignBody:
        check_distinct_units(self.lead_unit, self.co_units)
        return self


class BulkRowResult(BaseModel):
    """How one case of a bulk request went."""

    case_id: int
    case_no: str | None = Field(description="诉求编号（诉求不可见时为空）")
    ok: bool = Field(description="是否成功")
    state: CaseState | None = Field(description="处理后的状态")
    version: int | None = Field(description="处理后的版本号")
    code: str | None = Field(description="失败原因代码，如 not_found、version_mismatch、case.invalid_transition")
    reason: str | None = Field(description="失败原因")


class BulkResult(BaseModel):
    """The answer of a bulk action: a row per case, in the order asked; no all-or-nothing."""

    action: CaseAction
    action_label: str = Field(description="动作名称")
    total: int
    succeeded: int
    failed: int
    items: list[BulkRowResult]
