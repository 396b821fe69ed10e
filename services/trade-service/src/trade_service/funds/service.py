"""Policy fund resources and their rules."""

from __future__ import annotations

from typing import Any

from platform_core.problems import field_error
from platform_core.records import Resource
from trade_service.funds.models import FundGrant, FundProgram


def _check_grant(row: Any) -> None:
    if row.disbursed_on is not None and row.disbursed_on < row.approved_on:
        raise field_error("disbursed_on", "拨付日期不能早于批准日期")
    if row.amount_wan_yuan is not None and row.amount_wan_yuan <= 0:
        raise field_error("amount_wan_yuan", "金额应大于0")


PROGRAMS = Resource(
    name="fund_program",
    label="政策资金项目",
    model=FundProgram,
    sorts={"code": FundProgram.code, "name": FundProgram.name, "updated_at": FundProgram.updated_at},
    default_sort=(FundProgram.code.asc(),),
    visible_from_below=True,
    unique=("code",),
    unique_message="项目编码已存在",
)
GRANTS = Resource(
    name="fund_grant",
    label="政策资金拨付记录",
    model=FundGrant,
    sorts={
        "approved_on": FundGrant.approved_on,
        "disbursed_on": FundGrant.disbursed_on,
        "amount_wan_yuan": FundGrant.amount_wan_yuan,
        "enterprise_name": FundGrant.enterprise_name,
        "id": FundGrant.id,
    },
    default_sort=(FundGrant.approved_on.desc(),),
    check=_check_grant,
    references={"program_id": PROGRAMS},
)
