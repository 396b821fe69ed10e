"""Data access for labour cooperation: workers' personal data is encrypted on the way in and masked on the way
out unless the caller holds `trade:worker:pii`; audit entries carry masked values only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core import records
from platform_core.auth import Principal
from platform_core.crypto import FieldCipher
from platform_core.db import utcnow
from platform_core.exports import too_many_rows
from platform_core.pagination import CountCache, PageParams, paginate, parse_sort
from platform_core.problems import ProblemError
from platform_core.records import Resource
from platform_core.regions import RegionDirectory
from platform_core.scope import placed, scope_key
from trade_service.core import audit
from trade_service.labour.models import DispatchBatch, ExchangeEvent, LabourBrand, LabourProgram, LabourWorker
from trade_service.labour.schemas import WorkerCreate, WorkerOut, WorkerStatus
from trade_service.pii import ID_NUMBER_CONTEXT, NAME_CONTEXT, PASSPORT_CONTEXT, PII_PERMISSION, masked

PROGRAMS = Resource(
    name="labour_program",
    label="对外劳务合作项目",
    model=LabourProgram,
    sorts={"code": LabourProgram.code, "name": LabourProgram.name, "updated_at": LabourProgram.updated_at},
    default_sort=(LabourProgram.code.asc(),),
    visible_from_below=True,
    unique=("code",),
    unique_message="项目编码已存在",
)
BATCHES = Resource(
    name="labour_batch",
    label="派出批次",
    model=DispatchBatch,
    sorts={"departs_on": DispatchBatch.departs_on, "batch_no": DispatchBatch.batch_no, "id": DispatchBatch.id},
    default_sort=(DispatchBatch.departs_on.desc(),),
    visible_from_below=True,
    unique=("program_id", "batch_no"),
    unique_message="该项目下批次编号已存在",
    references={"program_id": PROGRAMS},
)
EVENTS = Resource(
    name="labour_exchange_event",
    label="劳务合作交流活动",
    model=ExchangeEvent,
    sorts={"held_on": ExchangeEvent.held_on, "name": ExchangeEvent.name, "id": ExchangeEvent.id},
    default_sort=(ExchangeEvent.held_on.desc(),),
    visible_from_below=True,
    references={"program_id": PROGRAMS},
)
BRANDS = Resource(
    name="labour_brand",
    label="涉外劳务品牌",
    model=LabourBrand,
    sorts={"recognized_on": LabourBrand.recognized_on, "name": LabourBrand.name, "id": LabourBrand.id},
    default_sort=(LabourBrand.id.desc(),),
    visible_from_below=True,
    unique=("name",),
    unique_message="该劳务品牌已登记",
    references={"program_id": PROGRAMS},
)
WORKERS = Resource(
    name="labour_worker",
    label="外派劳务人员",
    model=LabourWorker,
    sorts={
        "registered_on": LabourWorker.registered_on,
        "departed_on": LabourWorker.departed_on,
        "status": LabourWorker.status,
        "updated_at": LabourWorker.updated_at,
        "id": LabourWorker.id,
    },
    default_sort=(LabourWorker.updated_at.desc(),),
    references={"program_id": PROGRAMS, "batch_id": BATCHES},
)

#: Ciphertexts and the lookup hash never go into an audit entry; masked values stand in for them.
CIPHER_COLUMNS = ("name_cipher", "id_number_cipher", "id_number_hash", "passport_cipher")
TOPIC = "labour_worker"
COUNTS = CountCache(ttl_s=5.0)


def worker_snapshot(row: LabourWorker, cipher: FieldCipher) -> dict[str, Any]:
    """The audited state of a worker: ordinary fields plus masked personal data."""
    name, id_number, passport = decrypt_worker(row, cipher)
    m_name, m_id, m_passport = masked(name, id_number, passport)
    return {
        **records.snapshot(row, CIPHER_COLUMNS),
        "name": m_name,
        "id_number": m_id,
        "passport_number": m_passport,
    }


def decrypt_worker(row: LabourWorker, cipher: FieldCipher) -> tuple[str, str, str | None]:
    """Name, ID number and passport number in clear (raises `CryptoError` on a wrong key)."""
    return (
        cipher.decrypt(row.name_cipher, context=NAME_CONTEXT),
        cipher.decrypt(row.id_number_cipher, context=ID_NUMBER_CONTEXT),
        cipher.decrypt_optional(row.passport_cipher, context=PASSPORT_CONTEXT),
    )


def render_worker(row: LabourWorker, principal: Principal, cipher: FieldCipher, regions: RegionDirectory) -> WorkerOut:
    """A worker as the caller may see it."""
    name, id_number, passport = decrypt_worker(row, cipher)
    clear = principal.has(PII_PERMISSION)
    if not clear:
        name, id_number, passport = masked(name, id_number, passport)
    return WorkerOut.model_validate(
        {
            **records.row_dict(row),
            "region_name": regions.name_of(row.region_code),
            "name": name,
            "id_number": id_number,
            "passport_number": passport,
            "pii_masked": not clear,
        }
    )


def scoped_workers(principal: Principal) -> Select[tuple[LabourWorker]]:
    """Live workers in the caller's scope."""
    return records.live(WORKERS, principal)


def id_number_condition(cipher: FieldCipher, id_number: str) -> ColumnElement[bool]:
    """Workers with this ID number, hashed under any key of the ring."""
    return LabourWorker.id_number_hash.in_(cipher.lookup_hashes(id_number, context=ID_NUMBER_CONTEXT))


async def list_workers(
    session: AsyncSession,
    *,
    principal: Principal,
    page: PageParams,
    where: Sequence[ColumnElement[bool]],
    filter_key: tuple[Any, ...],
    sort: str | None,
) -> tuple[list[LabourWorker], int]:
    """A page of workers in scope (totals cached a few seconds per scope and filter)."""
    order = parse_sort(sort, WORKERS.sorts, WORKERS.default_sort)
    stmt = scoped_workers(principal).where(*where).order_by(*order, LabourWorker.id.desc())
    key = (TOPIC, scope_key(principal), filter_key)
    return await paginate(session, stmt, page, count_cache=COUNTS, count_key=key)


async def export_workers(
    session: AsyncSession, *, principal: Principal, where: Sequence[ColumnElement[bool]], limit: int
) -> list[LabourWorker]:
    """Every worker in scope matching the filters, oldest registration first (422 beyond `limit`)."""
    stmt = scoped_workers(principal).where(*where).order_by(LabourWorker.registered_on, LabourWorker.id)
    rows = list((await session.scalars(stmt.limit(limit + 1))).all())
    if len(rows) > limit:
        raise too_many_rows(limit)
    return rows


async def export_names(session: AsyncSession, rows: Sequence[LabourWorker]) -> tuple[dict[int, str], dict[int, str]]:
    """The names an export shows instead of ids: program id → 项目名称, batch id → 批次编号."""

    async def names(id_column: Any, name_column: Any, ids: set[int]) -> dict[int, str]:
        if not ids:
            return {}
        return {
            i: n for i, n in (await session.execute(select(id_column, name_column).where(id_column.in_(ids)))).all()
        }

    programs = await names(LabourProgram.id, LabourProgram.name, {r.program_id for r in rows})
    batches = await names(
        DispatchBatch.id, DispatchBatch.batch_no, {r.batch_id for r in rows if r.batch_id is not None}
    )
    return programs, batches


async def ensure_not_active_elsewhere(
    session: AsyncSession, *, cipher: FieldCipher, id_number: str, exclude_id: int | None = None
) -> None:
    """Refuse a second live registration of someone who has not returned (409 naming `id_number`)."""
    stmt = select(LabourWorker.id).where(
        LabourWorker.deleted_at.is_(None),
        id_number_condition(cipher, id_number),
        LabourWorker.status != WorkerStatus.RETURNED.value,
    )
    if exclude_id is not None:
        stmt = stmt.where(LabourWorker.id != exclude_id)
    if await session.scalar(stmt.limit(1)) is not None:
        message = "该身份证号已登记且尚未回国"
        raise ProblemError(
            409,
            "conflict",
            message,
            errors=[{"field": "id_number", "location": "body", "message": message, "code": "duplicate"}],
        )


def encrypt_fields(cipher: FieldCipher, values: dict[str, Any]) -> dict[str, Any]:
    """Replace clear personal fields of a create or update by their ciphertexts and lookup hash."""
    out = dict(values)
    if "name" in out:
        out["name_cipher"] = cipher.encrypt(out.pop("name"), context=NAME_CONTEXT)
    if "id_number" in out:
        id_number = out.pop("id_number")
        out["id_number_cipher"] = cipher.encrypt(id_number, context=ID_NUMBER_CONTEXT)
        out["id_number_hash"] = cipher.lookup_hash(id_number, context=ID_NUMBER_CONTEXT)
    if "passport_number" in out:
        out["passport_cipher"] = cipher.encrypt_optional(out.pop("passport_number"), context=PASSPORT_CONTEXT)
    return out


async def create_worker(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    cipher: FieldCipher,
    data: WorkerCreate,
) -> LabourWorker:
    """Register a worker: personal data encrypted, duplicates refused, audit with masked values."""
    path = placed(regions, principal, data.region_code)
    await records.check_references(session, res=WORKERS, principal=principal, values={"program_id": data.program_id})
    await ensure_not_active_elsewhere(session, cipher=cipher, id_number=data.id_number)
    values = encrypt_fields(cipher, data.model_dump())
    row = LabourWorker(
        **values, status=WorkerStatus.REGISTERED.value, region_path=path, created_by=principal.subject, version=1
    )
    session.add(row)
    await session.flush()
    COUNTS.invalidate(TOPIC)
    await audit.record(
        session,
        principal=principal,
        action="labour_worker.create",
        entity_type="labour_worker",
        entity_id=row.id,
        region_code=row.region_code,
        after=worker_snapshot(row, cipher),
    )
    return row


async def update_worker(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    cipher: FieldCipher,
    row: LabourWorker,
    changes: dict[str, Any],
) -> LabourWorker:
    """Correct a worker's data (status and dates move only through transitions)."""
    placed(regions, principal, row.region_code)
    before = worker_snapshot(row, cipher)
    for key in ("name", "id_number", "region_code"):
        if key in changes and changes[key] is None:
            raise ProblemError(
                422,
                "validation_failed",
                errors=[{"field": key, "location": "body", "message": "不能为空", "code": "required"}],
            )
    if "id_number" in changes and row.status != WorkerStatus.RETURNED.value:
        await ensure_not_active_elsewhere(session, cipher=cipher, id_number=changes["id_number"], exclude_id=row.id)
    if "region_code" in changes:
        row.region_path = placed(regions, principal, changes["region_code"])
    for key, value in encrypt_fields(cipher, changes).items():
        setattr(row, key, value)
    row.updated_at = utcnow()
    await session.flush()
    COUNTS.invalidate(TOPIC)
    await audit.record(
        session,
        principal=principal,
        action="labour_worker.update",
        entity_type="labour_worker",
        entity_id=row.id,
        region_code=row.region_code,
        before=before,
        after=worker_snapshot(row, cipher),
    )
    return row


async def delete_worker(
    session: AsyncSession, *, principal: Principal, regions: RegionDirectory, cipher: FieldCipher, row: LabourWorker
) -> None:
    """Soft-delete a worker (a tombstone for sync); the audit entry holds masked values only."""
    placed(regions, principal, row.region_code)
    before = worker_snapshot(row, cipher)
    row.deleted_at = utcnow()
    row.updated_at = row.deleted_at
    await session.flush()
    COUNTS.invalidate(TOPIC)
    await audit.record(
        session,
        principal=principal,
        action="labour_worker.delete",
        entity_type="labour_worker",
        entity_id=row.id,
        region_code=row.region_code,
        before=before,
    )


async def batch_worker_counts(
    session: AsyncSession, rows: list[Any], principal: Principal
) -> dict[int, dict[str, Any]]:
    """`worker_count` of each batch on a page (workers in the caller's scope)."""
    counts = await records.count_children(
        session, LabourWorker.batch_id, [r.id for r in rows], records.visible(WORKERS, principal)
    )
    return {r.id: {"worker_count": counts.get(r.id, 0)} for r in rows}


def worker_changes(principal: Principal) -> Select[tuple[LabourWorker]]:
    """Workers in scope for the sync feed, tombstones included."""
    return select(LabourWorker).where(records.visible(WORKERS, principal))
