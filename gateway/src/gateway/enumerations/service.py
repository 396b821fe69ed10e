"""The enumerations now: the defaults of `platform_core.enumerations` with the administrator's overrides applied."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.enumerations.schemas import EnumerationItemIn, EnumerationItemOut, EnumerationOut
from gateway.iam.models import EnumerationOverride
from platform_core.enumerations import ENUMERATIONS, Enumeration, Item


def _item(position: int, item: Item, override: EnumerationOverride | None) -> EnumerationItemOut:
    if override is None:
        return EnumerationItemOut(
            code=item.code,
            label=item.label,
            default_label=item.label,
            sort_order=(position + 1) * 10,
            colour=item.colour,
            enabled=True,
            version=0,
        )
    return EnumerationItemOut(
        code=item.code,
        label=override.label,
        default_label=item.label,
        sort_order=override.sort_order,
        colour=override.colour,
        enabled=override.enabled,
        version=override.version,
        updated_at=override.updated_at,
        updated_by=override.updated_by,
    )


def _merged(enum: Enumeration, overrides: dict[tuple[str, str], EnumerationOverride]) -> EnumerationOut:
    items = [_item(i, item, overrides.get((enum.key, item.code))) for i, item in enumerate(enum.items)]
    items.sort(key=lambda it: it.sort_order)  # stable: equal orders keep the code's order
    return EnumerationOut(key=enum.key, name=enum.name, app=enum.app, items=items)


async def all_enumerations(session: AsyncSession) -> list[EnumerationOut]:
    """Every enumeration, overrides applied; an override of a code the code no longer has is ignored."""
    rows = (await session.scalars(select(EnumerationOverride))).all()
    overrides = {(row.enumeration, row.code): row for row in rows}
    return [_merged(enum, overrides) for enum in ENUMERATIONS]


def etag_of(enumerations: list[EnumerationOut]) -> str:
    """A strong ETag of the whole answer (changes with any label, order, colour, flag or default)."""
    body = json.dumps([e.model_dump(mode="json") for e in enumerations], ensure_ascii=False, sort_keys=True)
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


async def get_override(session: AsyncSession, key: str, code: str) -> EnumerationOverride | None:
    """The override of one item, locked for the update (PostgreSQL)."""
    return await session.get(EnumerationOverride, (key, code), with_for_update=True)


def apply(
    session: AsyncSession,
    row: EnumerationOverride | None,
    *,
    key: str,
    code: str,
    body: EnumerationItemIn,
    actor: str,
    now: datetime,
) -> EnumerationOverride:
    """Write the item's new label, order, colour and flag (a first edit adds the override row)."""
    if row is None:
        row = EnumerationOverride(enumeration=key, code=code)
        session.add(row)
    row.label = body.label.strip()
    row.sort_order = body.sort_order
    row.colour = body.colour
    row.enabled = body.enabled
    row.updated_at = now
    row.updated_by = actor
    return row


def item_of(enum: Enumeration, code: str, row: EnumerationOverride | None) -> EnumerationItemOut:
    """One item as the answer of its update."""
    position = next(i for i, item in enumerate(enum.items) if item.code == code)
    return _item(position, enum.items[position], row)
