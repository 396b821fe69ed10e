"""Data access for the industry-chain dictionary (shared reference data, not scoped)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.dictionary.models import IndustryChain
from platform_core.db import Database
from platform_core.dictionaries import Dictionary
from platform_core.problems import field_error
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


CHAINS = Dictionary(
    name="industry_chain",
    label="产业链",
    model=IndustryChain,
    fields=("code", "name", "industry", "is_leading", "sort_order", "is_active"),
    id_param="chain_id",
    duplicate_message="产业链编码已存在",
)


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


async def seed_default_chains(db: Database, settings: ServiceSettings) -> None:
    """Reference data: the default industry chains, added to an empty dictionary."""
    async with db.session() as session:
        if not await session.scalar(select(func.count()).select_from(IndustryChain)):
            for i, (code, name, industry, leading) in enumerate(DEFAULT_CHAINS):
                session.add(IndustryChain(code=code, name=name, industry=industry, is_leading=leading, sort_order=i))
            await session.commit()
