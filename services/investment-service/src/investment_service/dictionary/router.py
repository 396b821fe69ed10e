"""HTTP endpoints of the industry-chain dictionary."""

from __future__ import annotations

from investment_service.core import DICTIONARY_MANAGE, PROJECT_LIST, kit
from investment_service.dictionary.schemas import ChainCreate, ChainList, ChainOut, ChainUpdate
from investment_service.dictionary.service import CHAINS
from platform_core.dictionaries import dictionary_router

router = dictionary_router(
    CHAINS,
    kit=kit,
    prefix="/api/v1/investment/industry-chains",
    tag="产业链字典",
    read_perm=PROJECT_LIST,
    manage_perm=DICTIONARY_MANAGE,
    create_schema=ChainCreate,
    update_schema=ChainUpdate,
    out_schema=ChainOut,
    list_schema=ChainList,
)
