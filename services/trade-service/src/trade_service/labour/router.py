"""HTTP endpoints of labour cooperation: programs, batches, exchange events, workers (with PII masking),
the worker export, and the provincial sync (no personal data)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import ColumnElement

from platform_core import records
from platform_core.auth import CurrentPrincipal, Principal, require_perms
from platform_core.dates import IsoDate
from platform_core.db import SessionDep
from platform_core.etag import require_if_match, set_etag
from platform_core.exports import append_row, workbook_bytes
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.imports import xlsx_response
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.problems import ProblemError
from platform_core.records import Feed, serve_feed
from platform_core.regions import RegionsDep
from trade_service.core import idempotency, kit
from trade_service.dependencies import CipherDep
from trade_service.labour import flows, service
from trade_service.labour.dependencies import WorkerDep
from trade_service.labour.models import LabourWorker
from trade_service.labour.schemas import (
    WORKER_STATUS_NAMES,
    BatchCreate,
    BatchOut,
    BatchUpdate,
    BrandCreate,
    BrandOut,
    BrandUpdate,
    EventCreate,
    EventOut,
    EventUpdate,
    ProgramCreate,
    ProgramOut,
    ProgramUpdate,
    Transition,
    WorkerCreate,
    WorkerOut,
    WorkerStatus,
    WorkerSyncItem,
    WorkerUpdate,
    normalise_id_number,
)
from trade_service.pii import PII_PERMISSION, masked

LIST = "trade:labour:list"
MANAGE = "trade:labour:manage"
TAG = "对外劳务合作"
PREFIX = "/api/v1/trade/labour"

programs_router = kit.router(
    service.PROGRAMS,
    prefix=f"{PREFIX}/programs",
    tag=TAG,
    create_schema=ProgramCreate,
    update_schema=ProgramUpdate,
    out_schema=ProgramOut,
    list_perm=LIST,
    manage_perm=MANAGE,
)
batches_router = kit.router(
    service.BATCHES,
    prefix=f"{PREFIX}/batches",
    tag=TAG,
    create_schema=BatchCreate,
    update_schema=BatchUpdate,
    out_schema=BatchOut,
    list_perm=LIST,
    manage_perm=MANAGE,
    enrich=service.batch_worker_counts,
)
events_router = kit.router(
    service.EVENTS,
    prefix=f"{PREFIX}/exchange-events",
    tag=TAG,
    create_schema=EventCreate,
    update_schema=EventUpdate,
    out_schema=EventOut,
    list_perm=LIST,
    manage_perm=MANAGE,
)
brands_router = kit.router(
    service.BRANDS,
    prefix=f"{PREFIX}/brands",
    tag=TAG,
    create_schema=BrandCreate,
    update_schema=BrandUpdate,
    out_schema=BrandOut,
    list_perm=LIST,
    manage_perm=MANAGE,
)

router = APIRouter(prefix=f"{PREFIX}/workers", tags=[TAG], dependencies=[Depends(forbid_unknown_query)])
open_router = APIRouter(prefix="/open/v1/trade", tags=["开放接口"], dependencies=[Depends(forbid_unknown_query)])

Reader = Annotated[Principal, Depends(require_perms(LIST))]
Writer = Annotated[Principal, Depends(require_perms(MANAGE))]


def worker_filters(
    principal: CurrentPrincipal,
    regions: RegionsDep,
    cipher: CipherDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="户籍县区（含下级）")] = None,
    program_id: Annotated[int | None, Query(ge=1, description="对外劳务合作项目ID")] = None,
    status: Annotated[WorkerStatus | None, Query(description="状态")] = None,
    batch_id: Annotated[int | None, Query(ge=1, description="派出批次ID")] = None,
    departed_from: Annotated[IsoDate | None, Query(description="出境日期起")] = None,
    departed_to: Annotated[IsoDate | None, Query(description="出境日期止")] = None,
    id_number: Annotated[
        str | None, Query(min_length=18, max_length=18, description="身份证号精确查找（需个人信息权限）")
    ] = None,
) -> tuple[list[ColumnElement[bool]], tuple[Any, ...]]:
    """The worker filters as SQL conditions, and a key of them for the count cache."""
    m = LabourWorker
    where = records.region_condition(m, regions, region_code)
    if program_id is not None:
        where.append(m.program_id == program_id)
    if status is not None:
        where.append(m.status == status.value)
    if batch_id is not None:
        where.append(m.batch_id == batch_id)
    where += records.date_range(m.departed_on, departed_from, departed_to)
    if id_number is not None:
        # Looking a person up by ID number reveals whether they are registered: PII holders only.
        if not principal.has(PII_PERMISSION):
            raise ProblemError(403, "forbidden", extra={"missing_permissions": [PII_PERMISSION]})
        try:
            normalised = normalise_id_number(id_number)
        except ValueError as exc:
            raise ProblemError(
                422,
                "validation_failed",
                str(exc),
                errors=[{"field": "id_number", "location": "query", "message": str(exc), "code": "invalid"}],
            ) from exc
        where.append(service.id_number_condition(cipher, normalised))
    key = (region_code, program_id, status, batch_id, departed_from, departed_to, id_number)
    return where, key


WorkerFilters = Annotated[tuple[list[ColumnElement[bool]], tuple[Any, ...]], Depends(worker_filters)]


@router.get("", summary="外派劳务人员列表", response_model=Page[WorkerOut])
async def list_workers(
    session: SessionDep,
    page: PageDep,
    regions: RegionsDep,
    cipher: CipherDep,
    principal: Reader,
    filters: WorkerFilters,
    sort: Annotated[
        str | None,
        Query(max_length=200, description="排序：registered_on, departed_on, status, updated_at, id；前缀 - 表示倒序"),
    ] = None,
) -> Page[WorkerOut]:
    """Workers in the caller's scope; personal data masked without `trade:worker:pii`."""
    where, key = filters
    rows, total = await service.list_workers(
        session, principal=principal, page=page, where=where, filter_key=key, sort=sort
    )
    items = [service.render_worker(r, principal, cipher, regions) for r in rows]
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


#: The worker sheet's header row.
EXPORT_COLUMNS = (
    "序号",
    "劳务合作项目",
    "姓名",
    "身份证号",
    "护照号",
    "县区",
    "状态",
    "登记日期",
    "培训日期",
    "出境日期",
    "回国日期",
    "派出批次",
    "行业",
    "备注",
)


@router.get(
    "/export",
    summary="导出外派劳务人员(XLSX)",
    response_class=Response,
    responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}},
)
async def export_workers(
    request: Request,
    session: SessionDep,
    regions: RegionsDep,
    cipher: CipherDep,
    principal: Reader,
    filters: WorkerFilters,
) -> Response:
    """The filtered workers as an XLSX sheet; personal data masked without `trade:worker:pii`."""
    from openpyxl import Workbook

    where, _ = filters
    limit = request.app.state.settings.export_max_rows
    rows = await service.export_workers(session, principal=principal, where=where, limit=limit)
    programs, batches = await service.export_names(session, rows)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("外派劳务人员")
    append_row(ws, EXPORT_COLUMNS)
    for number, r in enumerate(rows, start=1):
        out = service.render_worker(r, principal, cipher, regions)
        # A bureau reader gets names, not ids or codes: the program's name, the batch's number, the status in words.
        # Names and sectors are what people typed: written as text, never as formulas (platform_core.exports).
        append_row(
            ws,
            [
                number,
                programs.get(out.program_id, ""),
                out.name,
                out.id_number,
                out.passport_number,
                out.region_name,
                WORKER_STATUS_NAMES[out.status],
                out.registered_on,
                out.trained_on,
                out.departed_on,
                out.returned_on,
                batches.get(out.batch_id, "") if out.batch_id is not None else "",
                out.sector,
                out.notes,
            ],
        )
    return xlsx_response(workbook_bytes(wb), "外派劳务人员.xlsx")


@router.post("", summary="登记外派劳务人员", status_code=201, response_model=WorkerOut)
async def create_worker(
    request: Request,
    idempotency_key: IdempotencyKey,
    data: WorkerCreate,
    session: SessionDep,
    regions: RegionsDep,
    cipher: CipherDep,
    principal: Writer,
) -> WorkerOut | JSONResponse:
    """Register a worker (status `registered`); `Idempotency-Key` makes a retry safe."""

    async def work() -> Outcome:
        row = await service.create_worker(session, principal=principal, regions=regions, cipher=cipher, data=data)
        out = service.render_worker(row, principal, cipher, regions)
        # The replayed body is the masked one: idempotency records must not hold personal data in clear.
        stored = out.model_copy(
            update=dict(
                zip(
                    ("name", "id_number", "passport_number"),
                    masked(out.name, out.id_number, out.passport_number),
                    strict=True,
                )
            )
            | {"pii_masked": True}
        )
        headers = {"ETag": f'"{row.version}"', "Location": f"{PREFIX}/workers/{row.id}"}
        return Outcome(out, 201, headers, remembered=stored)

    return await idempotency.run(request, session, principal, data.model_dump(mode="json"), work, key=idempotency_key)


@router.get("/{worker_id}", summary="外派劳务人员详情", response_model=WorkerOut)
async def get_worker(
    principal: Reader, row: WorkerDep, response: Response, regions: RegionsDep, cipher: CipherDep
) -> WorkerOut:
    """One worker in scope, with its ETag; personal data masked without `trade:worker:pii`."""
    set_etag(response, row.version)
    return service.render_worker(row, principal, cipher, regions)


@router.patch("/{worker_id}", summary="修改外派劳务人员", response_model=WorkerOut)
async def update_worker(
    principal: Writer,
    request: Request,
    response: Response,
    data: WorkerUpdate,
    row: WorkerDep,
    session: SessionDep,
    regions: RegionsDep,
    cipher: CipherDep,
) -> WorkerOut:
    """Correct a worker's data; `If-Match` with the current ETag is required."""
    require_if_match(request, row.version)
    changes = data.model_dump(exclude_unset=True)
    row = await service.update_worker(
        session, principal=principal, regions=regions, cipher=cipher, row=row, changes=changes
    )
    out = service.render_worker(row, principal, cipher, regions)
    await session.commit()
    set_etag(response, row.version)
    return out


@router.post("/{worker_id}/transitions", summary="外派劳务人员状态变更", response_model=WorkerOut)
async def transition_worker(
    principal: Writer,
    request: Request,
    response: Response,
    body: Transition,
    row: WorkerDep,
    session: SessionDep,
    regions: RegionsDep,
    cipher: CipherDep,
) -> WorkerOut:
    """One step along `registered → trained → departed → returned`; `If-Match`, when sent, must be current."""
    if request.headers.get("if-match"):
        require_if_match(request, row.version)
    row = await flows.transition(session, principal=principal, regions=regions, cipher=cipher, row=row, body=body)
    out = service.render_worker(row, principal, cipher, regions)
    await session.commit()
    set_etag(response, row.version)
    return out


@router.delete("/{worker_id}", summary="删除外派劳务人员", status_code=204)
async def delete_worker(
    principal: Writer, request: Request, row: WorkerDep, session: SessionDep, regions: RegionsDep, cipher: CipherDep
) -> Response:
    """Delete a worker (kept as a tombstone for sync); `If-Match` is required."""
    require_if_match(request, row.version)
    await service.delete_worker(session, principal=principal, regions=regions, cipher=cipher, row=row)
    await session.commit()
    return Response(status_code=204)


serve_feed(
    open_router,
    "/labour/workers",
    Feed(
        summary="外派劳务人员增量同步（不含个人信息）",
        perm="open:trade:read",
        item=WorkerSyncItem,
        model=LabourWorker,
        changes=service.worker_changes,
        description="Worker changes since a cursor or instant; names, ID and passport numbers are never included.",
    ),
)
