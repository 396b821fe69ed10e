"""Bulk case actions: each case checked (scope, version, state) and acted on in its own savepoint."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case import flows
from case_service.case import service as cases
from case_service.case.models import CaseAction
from case_service.case.schemas import ActionBody
from case_service.case.timers import TimerPolicy
from case_service.case_batch.schemas import BulkResult, BulkRow, BulkRowResult
from platform_core.auth import Principal
from platform_core.problems import ProblemError

#: Words for problems raised without a detail of their own.
REASONS: dict[str, str] = {"forbidden": "无权对该诉求执行此操作"}


async def run_bulk(
    session: AsyncSession,
    *,
    principal: Principal,
    action: CaseAction,
    rows: Sequence[BulkRow],
    body: ActionBody,
    policy: TimerPolicy,
    now: datetime,
) -> BulkResult:
    """Apply one action to each case in turn; a refused case is rolled back alone and answered with the reason."""
    out: list[BulkRowResult] = []
    for row in rows:
        savepoint = await session.begin_nested()
        case_no: str | None = None
        try:
            item = await cases.get_case(session, principal=principal, case_id=row.case_id, for_update=True)
            if item is None:
                raise ProblemError(404, "not_found", "诉求不存在或不在数据权限范围内")
            case_no = item.case_no
            if row.version is not None and row.version != item.version:
                raise ProblemError(
                    412, "version_mismatch", f"诉求已被他人修改（当前版本 {item.version}），请刷新后重试"
                )
            await flows.perform(
                session, item=item, action=action, body=body, principal=principal, now=now, policy=policy
            )
        except ProblemError as err:
            await savepoint.rollback()
            reason = err.detail or REASONS.get(err.code, "不能执行此操作")
            out.append(
                BulkRowResult(
                    case_id=row.case_id,
                    case_no=case_no,
                    ok=False,
                    state=None,
                    version=None,
                    code=err.code,
                    reason=reason,
                )
            )
            continue
        await savepoint.commit()
        out.append(
            BulkRowResult(
                case_id=item.id,
                case_no=item.case_no,
                ok=True,
                state=item.state,
                version=item.version,
                code=None,
                reason=None,
            )
        )
    succeeded = sum(1 for r in out if r.ok)
    return BulkResult(
        action=action,
        action_label=flows.ACTION_RULES[action].label,
        total=len(out),
        succeeded=succeeded,
        failed=len(out) - succeeded,
        items=out,
    )
