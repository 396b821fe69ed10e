"""Data access for the industry-chain dictionary (shared reference data, not scoped)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.core import audit
from investment_service.dictionary.models import IndustryChain
from investment_service.dictionary.schemas import ChainCreate, ChainUpdate
from platform_core.auth import Principal
from platform_core.db import Database, utcnow
from platform_core.problems import ProblemError, field_error
from platform_core.settings import ServiceSettings

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


def _snapshot(chain: IndustryChain) -> dict[str, Any]:
    return {
        "code": chain.code,
        "name": chain.name,
        "industry": chain.industry,
        "is_leading": chain.is_leading,
        "sort_order": chain.sort_order,
        "is_active": chain.is_active,
    }


async def list_chains(session: AsyncSession, *, include_inactive: bool = False) -> list[IndustryChain]:
    """Chains in display order."""
    stmt = select(IndustryChain).order_by(IndustryChain.sort_order, IndustryChain.id)
    if not include_inactive:
        stmt = stmt.where(IndustryChain.is_active.is_(True))
    return list((await session.scalars(stmt)).all())


async def chain_names(session: AsyncSession) -> dict[str, str]:
    """Code → name of every chain (inactive ones too: old projects keep their chain)."""
    rows = await session.execute(select(IndustryChain.code, IndustryChain.name))
    return {code: name for code, name in rows}


async def active_codes(session: AsyncSession) -> set[str]:
    """Codes a new or changed project may use."""
    return set((await session.scalars(select(IndustryChain.code).where(IndustryChain.is_active.is_(True)))).all())


async def ensure_usable(session: AsyncSession, code: str | None, field: str = "industry_chain_code") -> None:
    """Refuse (422 naming the field) a chain that is unknown or disabled."""
    if code is not None and code not in await active_codes(session):
        raise field_error(field, "产业链不存在或已停用")


async def get_chain(session: AsyncSession, *, chain_id: int) -> IndustryChain | None:
    """One chain by id."""
    return await session.get(IndustryChain, chain_id)


async def create_chain(session: AsyncSession, *, principal: Principal, data: ChainCreate) -> IndustryChain:
    """Add a chain (409 naming `code` when taken)."""
    if await session.scalar(select(IndustryChain.id).where(IndustryChain.code == data.code)) is not None:
        raise ProblemError(
            409,
            "conflict",
            "产业链编码已存在",
            errors=[{"field": "code", "location": "body", "message": "产业链编码已存在", "code": "duplicate"}],
        )
    chain = IndustryChain(**data.model_dump())
    session.add(chain)
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action="industry_chain.create",
        entity_type="industry_chain",
        entity_id=chain.id,
        after=_snapshot(chain),
    )
    return chain


async def update_chain(
    session: AsyncSession, *, principal: Principal, chain: IndustryChain, data: ChainUpdate
) -> IndustryChain:
    """Rename, reorder, flag, enable or disable a chain."""
    before = _snapshot(chain)
    changes = data.model_dump(exclude_unset=True)
    for key in ("name", "is_leading", "sort_order", "is_active"):
        if key in changes and changes[key] is None:
            raise field_error(key, "不能为空")
    for key, value in changes.items():
        setattr(chain, key, value)
    chain.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action="industry_chain.update",
        entity_type="industry_chain",
        entity_id=chain.id,
        before=before,
        after=_snapshot(chain),
    )
    return chain


async def seed_default_chains(db: Database, settings: ServiceSettings) -> None:
    """Reference data: the default industry chains, added to an empty dictionary."""
    async with db.session() as session:
        if not await session.scalar(select(func.count()).select_from(IndustryChain)):
            for i, (code, name, industry, leading) in enumerate(DEFAULT_CHAINS):
                session.add(IndustryChain(code=code, name=name, industry=industry, is_leading=leading, sort_order=i))
            await session.commit()
