"""HTTP endpoints of trade fairs, their participants, and trainings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from sqlalchemy import ColumnElement, select

from platform_core import records
from platform_core.dates import IsoDate
from platform_core.regions import RegionsDep
from trade_service.core import kit
from trade_service.fairs import service
from trade_service.fairs.models import FairParticipant, TradeFair, Training
from trade_service.fairs.schemas import (
    FairCreate,
    FairOut,
    FairUpdate,
    ParticipantCreate,
    ParticipantOut,
    ParticipantUpdate,
    TrainingCreate,
    TrainingOut,
    TrainingUpdate,
)
from trade_service.fields import Mode

LIST = "trade:fair:list"
MANAGE = "trade:fair:manage"
TAG = "展会与外贸培训"


def fair_filters(
    regions: RegionsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="主办区域（含下级）")] = None,
    mode: Annotated[Mode | None, Query(description="形式")] = None,
    starts_from: Annotated[IsoDate | None, Query(description="开始日期起")] = None,
    starts_to: Annotated[IsoDate | None, Query(description="开始日期止")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="名称关键字")] = None,
    enterprise_uscc: Annotated[
        str | None, Query(min_length=18, max_length=18, description="参展企业信用代码（只看该企业参加的展会）")
    ] = None,
) -> list[ColumnElement[bool]]:
    """Fair filters as SQL conditions."""
    where = records.region_condition(TradeFair, regions, region_code)
    if mode is not None:
        where.append(TradeFair.mode == mode.value)
    if q:
        where.append(TradeFair.name.contains(q, autoescape=True))
    if enterprise_uscc:
        taking_part = select(FairParticipant.fair_id).where(
            FairParticipant.enterprise_uscc == enterprise_uscc.upper(), FairParticipant.deleted_at.is_(None)
        )
        where.append(TradeFair.id.in_(taking_part))
    return where + records.date_range(TradeFair.starts_on, starts_from, starts_to)


def participant_filters(
    regions: RegionsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="企业所在区域（含下级）")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="企业名称或信用代码")] = None,
) -> list[ColumnElement[bool]]:
    """Participant filters as SQL conditions."""
    where = records.region_condition(FairParticipant, regions, region_code)
    if q:
        term = q.strip()
        where.append(
            FairParticipant.enterprise_name.contains(term, autoescape=True)
            | FairParticipant.enterprise_uscc.startswith(term.upper(), autoescape=True)
        )
    return where


def training_filters(
    regions: RegionsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="主办区域（含下级）")] = None,
    held_from: Annotated[IsoDate | None, Query(description="举办日期起")] = None,
    held_to: Annotated[IsoDate | None, Query(description="举办日期止")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="主题关键字")] = None,
) -> list[ColumnElement[bool]]:
    """Training filters as SQL conditions."""
    where = records.region_condition(Training, regions, region_code)
    if q:
        where.append(Training.topic.contains(q, autoescape=True))
    return where + records.date_range(Training.held_on, held_from, held_to)


fairs_router = kit.router(
    service.FAIRS,
    prefix="/api/v1/trade/fairs",
    tag=TAG,
    create_schema=FairCreate,
    update_schema=FairUpdate,
    out_schema=FairOut,
    list_perm=LIST,
    manage_perm=MANAGE,
    filters=fair_filters,
    enrich=service.fair_totals,
)
participants_router = kit.router(
    service.PARTICIPANTS,
    prefix="/api/v1/trade/fairs/{parent_id}/participants",
    tag=TAG,
    create_schema=ParticipantCreate,
    update_schema=ParticipantUpdate,
    out_schema=ParticipantOut,
    list_perm=LIST,
    manage_perm=MANAGE,
    filters=participant_filters,
    parent=(service.FAIRS, "fair_id"),
)
trainings_router = kit.router(
    service.TRAININGS,
    prefix="/api/v1/trade/trainings",
    tag=TAG,
    create_schema=TrainingCreate,
    update_schema=TrainingUpdate,
    out_schema=TrainingOut,
    list_perm=LIST,
    manage_perm=MANAGE,
    filters=training_filters,
)
