"""Data access for the industry-chain dictionary: the province's defaults and each city's additions.

A caller reads the chains of the levels above it and its own (level_condition); a project may use the
province's chains and its city's; entries are added and changed only at the caller's own level.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.core import kit
from investment_service.dictionary.models import IndustryChain
from investment_service.dictionary.schemas import ChainCreate, ChainUpdate
from investment_service.levels import own_level
from platform_core.auth import Principal
from platform_core.db import Database
from platform_core.dictionaries import Dictionary
from platform_core.problems import duplicate, field_error
from platform_core.regions import RegionDirectory
from platform_core.scope import ensure_level_editable, level_condition
from platform_core.settings import ServiceSettings

#: Who keeps the default chains: the province.
PROVINCE_CODE = "410000"

#: The chains a new installation starts with (`seed` adds them to an empty dictionary); the bureau edits them.
DEFAULT_CHAINS: tuple[tuple[str, str, str, bool], ...] = (
    ("green_food", "绿色食品", "农副食品加工", True),
    ("electronics", "电子信息", "电子信息制造", True),
    ("equipment", "装备制造", "通用设备制造", False),
    ("textile", "纺织服装", "纺织服装", False),
    ("building_materials", "新型建材", "非金属矿物制品", False),
    ("biomedicine", "生物医药", "医药制造", False),
    ("logistics", "现代物流", "交通运输仓储", False),
    ("culture_tourism", "文化旅游", "文化旅游", False),
)


CHAINS = Dictionary(
    name="industry_chain",
    label="产业链",
    model=IndustryChain,
    fields=("code", "name", "industry", "is_leading", "sort_order", "is_active", "region_code"),
    id_param="chain_id",
    duplicate_message="产业链编码已存在",
)


async def chain_names(session: AsyncSession) -> dict[str, str]:
    """Code → name of every chain (inactive ones too: old projects keep their chain)."""
    rows = await session.execute(select(IndustryChain.code, IndustryChain.name))
    return {code: name for code, name in rows}


def usable_at(region_path: str) -> ColumnElement[bool]:
    """Chains a project placed at `region_path` may use: the province's and its city's (an owner above it)."""
    return literal(region_path).like(IndustryChain.region_path + "%")


async def list_chains(session: AsyncSession, principal: Principal, *, include_inactive: bool) -> list[IndustryChain]:
    """The chains the caller reads (the province's defaults, its city's additions), in display order."""
    stmt = (
        select(IndustryChain)
        .where(level_condition(principal, IndustryChain.region_path))
        .order_by(func.length(IndustryChain.region_path), IndustryChain.region_code, IndustryChain.sort_order)
        .order_by(IndustryChain.id)
    )
    if not include_inactive:
        stmt = stmt.where(IndustryChain.is_active.is_(True))
    return list((await session.scalars(stmt)).all())


async def get_chain(session: AsyncSession, principal: Principal | None, chain_id: int) -> IndustryChain | None:
    """One chain, when the caller reads it (any chain without a caller: a write checks its level)."""
    stmt = select(IndustryChain).where(IndustryChain.id == chain_id)
    if principal is not None:
        stmt = stmt.where(level_condition(principal, IndustryChain.region_path))
    return await session.scalar(stmt)


async def usable_chain_names(session: AsyncSession, *, region_path: str) -> dict[str, str]:
    """Active chains a project at `region_path` may use, by code and by name → code (the nearest level wins)."""
    rows = (
        await session.execute(
            select(IndustryChain.code, IndustryChain.name)
            .where(IndustryChain.is_active.is_(True), usable_at(region_path))
            .order_by(func.length(IndustryChain.region_path), IndustryChain.id)
        )
    ).all()
    out = {code: code for code, _ in rows}
    out.update({name: code for code, name in rows})
    return out


async def ensure_usable(
    session: AsyncSession,
    code: str | None,
    *,
    region_path: str,
    field: str = "industry_chain_code",
    active: bool = True,
) -> None:
    """Refuse (422 naming the field) a chain that is unknown, another city's, or (when `active`) disabled."""
    if code is None:
        return
    stmt = select(IndustryChain.id).where(IndustryChain.code == code, usable_at(region_path))
    found = await session.scalar(stmt.where(IndustryChain.is_active.is_(True)) if active else stmt)
    if found is None:
        raise field_error(field, "产业链不存在或已停用")


async def _ensure_name_free(session: AsyncSession, owner: str, name: str, exclude_id: int | None = None) -> None:
    stmt = select(IndustryChain.id).where(IndustryChain.region_code == owner, IndustryChain.name == name)
    if exclude_id is not None:
        stmt = stmt.where(IndustryChain.id != exclude_id)
    if await session.scalar(stmt) is not None:
        raise duplicate("name", "本级已有同名产业链")


async def create_chain(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, data: ChainCreate
) -> IndustryChain:
    """Add a chain at the caller's own level (the province's defaults or its city's additions).

    Codes are unique across the province (projects refer to them); names within the level.
    """
    owner = own_level(principal, regions, "产业链")
    if await session.scalar(select(IndustryChain.id).where(IndustryChain.code == data.code)) is not None:
        raise duplicate("code", CHAINS.duplicate_message)
    await _ensure_name_free(session, owner.code, data.name)
    row = IndustryChain(**data.model_dump(), region_code=owner.code, region_path=owner.path)
    return await kit.insert(session, principal=principal, row=row, name=CHAINS.name, snapshot_of=CHAINS.snapshot)


async def update_chain(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, row: IndustryChain, data: ChainUpdate
) -> IndustryChain:
    """Change a chain of the caller's own level (403 naming `region_code` for another level's)."""
    ensure_level_editable(principal, row.region_code, "region_code")
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    if changes.get("name") not in (None, row.name):
        await _ensure_name_free(session, row.region_code, changes["name"], exclude_id=row.id)
    return await kit.change(
        session, principal=principal, row=row, changes=changes, name=CHAINS.name, snapshot_of=CHAINS.snapshot
    )


async def seed_default_chains(db: Database, settings: ServiceSettings) -> None:
    """Reference data: the province's default industry chains, added to an empty dictionary."""
    async with db.session() as session:
        if not await session.scalar(select(func.count()).select_from(IndustryChain)):
            for i, (code, name, industry, leading) in enumerate(DEFAULT_CHAINS):
                chain = IndustryChain(code=code, name=name, industry=industry, is_leading=leading, sort_order=i)
                chain.region_code, chain.region_path = PROVINCE_CODE, f"/{PROVINCE_CODE}/"
                session.add(chain)
            await session.commit()
