"""The counties' project spreadsheet: its columns, row checks that need the database, and the all-or-nothing load."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.core import audit
from investment_service.dictionary.service import usable_chain_names
from investment_service.project import flows, service
from investment_service.project.flows import Stage
from investment_service.project.models import Project
from investment_service.project.schemas import (
    CATEGORY_LABELS,
    HMT_PROVINCE_CODES,
    ORIGIN_LABELS,
    Category,
    Investor,
    InvestorOrigin,
    ProjectCreate,
)
from investment_service.rounds.schemas import RoundKind
from investment_service.rounds.usable import rounds_by_number
from platform_core.auth import Principal
from platform_core.imports import Column, ImportedRows, ImportSpec
from platform_core.periods import today
from platform_core.problems import ProblemError
from platform_core.regions import Region, RegionDirectory, city_code_of
from platform_core.scope import can_write_region
from platform_core.uscc import normalise_uscc

#: Milestones a row may carry, in pipeline order, with the round column of those 三个一批 lists.
MILESTONES: tuple[tuple[Stage, str, str | None], ...] = (
    (Stage.SIGNED, "signed_on", "signed_round"),
    (Stage.LANDED, "landed_on", None),
    (Stage.STARTED, "started_on", "started_round"),
    (Stage.IN_PRODUCTION, "in_production_on", "in_production_round"),
)
#: How the sheet's columns name each milestone.
MILESTONE_WORDS: dict[Stage, str] = {
    Stage.SIGNED: "签约",
    Stage.LANDED: "落地",
    Stage.STARTED: "开工",
    Stage.IN_PRODUCTION: "投产",
}


class ProjectRow(BaseModel):
    """One row of the project spreadsheet; names stand where the API takes codes."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$")
    name: str = Field(min_length=2, max_length=200)
    investor_name: str = Field(min_length=2, max_length=200)
    investor_uscc: str | None = None
    investor_origin: InvestorOrigin
    investor_province: str | None = Field(default=None, max_length=32)
    investor_country_region: str | None = Field(default=None, max_length=64)
    industry: str | None = Field(default=None, max_length=64)
    industry_chain: str | None = Field(default=None, max_length=64)
    category: Category
    region: str = Field(min_length=2, max_length=64)
    contracted_investment_wan_yuan: Decimal = Field(ge=0, max_digits=16, decimal_places=2)
    chief_service_officer: str | None = Field(default=None, max_length=64)
    signed_on: date | None = None
    signed_round: int | None = Field(default=None, ge=1, le=999)
    landed_on: date | None = None
    started_on: date | None = None
    started_round: int | None = Field(default=None, ge=1, le=999)
    in_production_on: date | None = None
    in_production_round: int | None = Field(default=None, ge=1, le=999)
    description: str | None = Field(default=None, max_length=4000)

    @field_validator("investor_uscc")
    @classmethod
    def _valid_uscc(cls, value: str | None) -> str | None:
        return normalise_uscc(value) if value else None

    @model_validator(mode="after")
    def _milestones_in_order(self) -> Self:
        previous: tuple[str, date] | None = None
        gap: str | None = None
        for stage, date_field, round_field in MILESTONES:
            word = MILESTONE_WORDS[stage]
            when: date | None = getattr(self, date_field)
            if round_field and getattr(self, round_field) is not None and when is None:
                raise ValueError(f"填写了{word}批次，须同时填写{word}日期")
            if when is None:
                gap = gap or word
                continue
            if gap is not None:
                raise ValueError(f"填写了{word}日期，须先填写{gap}日期")
            if when > today():
                raise ValueError(f"{word}日期不能晚于今天")
            if previous is not None and when < previous[1]:
                raise ValueError(f"{word}日期不能早于{previous[0]}日期")
            previous = (word, when)
        return self


PROJECT_IMPORT: ImportSpec[ProjectRow] = ImportSpec(
    ProjectRow,
    (
        Column("code", "项目编号", "本地唯一的项目编号：字母、数字、-、_，3-32位", "GS2021-001", width=14),
        Column("name", "项目名称", "", "年产5000吨茶饮料生产线项目", width=30),
        Column("investor_name", "投资方名称", "", "深圳某电子科技有限公司", width=26),
        Column("investor_uscc", "投资方信用代码", "已登记的填写18位统一社会信用代码", width=22),
        Column(
            "investor_origin",
            "投资方来源",
            "港澳台投资方选“境外”",
            "省外",
            choices={label: origin.value for origin, label in ORIGIN_LABELS.items()},
            width=12,
        ),
        Column("investor_province", "投资方省份", "来源为省外时必填，省份名称或代码", "广东省", width=12),
        Column("investor_country_region", "国别或地区", "来源为境外时必填", "香港", width=12),
        Column("industry", "所属行业", "", "食品制造", width=14),
        Column("industry_chain", "产业链", "产业链字典中的名称或编码", "绿色食品", width=12),
        Column(
            "category",
            "项目类别",
            "",
            "制造业",
            choices={label: code for code, label in CATEGORY_LABELS.items()},
            width=14,
        ),
        Column(
            "region",
            "所在县区",
            "本市县区名称或行政区划代码；省级导入填写“市+县区”名称（如 南阳市宛城区）",
            "光山县",
            width=12,
        ),
        Column("contracted_investment_wan_yuan", "签约投资额（万元）", "单位：万元", "35000", width=18),
        Column("chief_service_officer", "首席服务官", "", "王建国", width=12),
        Column("signed_on", "签约日期", "已签约的填写；不填为在谈项目", "2021-07-10", width=12),
        Column("signed_round", "签约批次", "“三个一批”全省集中活动的期数（本市或全省的批次）", "1", width=10),
        Column("landed_on", "落地日期", "履约（注册落地）日期", "2021-08-15", width=12),
        Column("started_on", "开工日期", "实质性开工日期", "2021-10-12", width=12),
        Column("started_round", "开工批次", "期数", "2", width=10),
        Column("in_production_on", "投产日期", "投产（试产）日期", "", width=12),
        Column("in_production_round", "投产批次", "期数", "", width=10),
        Column("description", "项目简介", "", "", width=30),
    ),
    title="招商项目",
    max_rows=2000,
)


def _find_region(regions: RegionDirectory, principal: Principal, text: str) -> Region | str:
    """A region by code, or by name within the caller's city; an error message otherwise.

    A caller above the cities (the province) names the city and the county (南阳市宛城区) or gives a code: county
    names repeat across cities.
    """
    if text.isdigit():
        found = regions.get(text)
        return found if found is not None else "行政区划代码不存在"
    city = city_code_of(regions, principal.region_code)
    if city is not None:
        return _named_in(regions, city, text)
    own = regions.get(principal.region_code) if principal.region_code else None
    cities = [r for r in (own.children if own is not None else regions.by_code.values()) if r.level == 2]
    for c in cities:
        if text == c.name:
            return c
        if text.startswith(c.name):
            return _named_in(regions, c.code, text.removeprefix(c.name).strip(" /-·"))
    return f"未找到“{text}”：请填写“市+县区”名称（如 南阳市宛城区）或行政区划代码"


def _named_in(regions: RegionDirectory, city_code: str, text: str) -> Region | str:
    """A county (or the city itself) of a city by its name."""
    matches = [r for r in regions.subtree(city_code) if r.name == text]
    if not matches:
        return f"未找到名为“{text}”的县区"
    if len(matches) > 1:
        return f"“{text}”不唯一，请填写行政区划代码"
    return matches[0]


def _find_province(regions: RegionDirectory, text: str) -> str | None:
    """A province's code from its code, full name or short name (广东省 / 广东)."""
    if text.isdigit():
        found = regions.get(text)
        return found.code if found is not None and found.level == 1 else None
    for region in regions.by_code.values():
        if region.level == 1 and (region.name == text or (region.name.startswith(text) and len(text) >= 2)):
            return region.code
    return None


def _investor_column(message: str) -> str:
    """The column an investor rule's message is about."""
    if "省份" in message:
        return "investor_province"
    if "国别" in message:
        return "investor_country_region"
    return "investor_origin"


def _province_path(principal: Principal) -> str:
    """The caller's province's path (rows whose region is unknown are checked against the province's lists)."""
    first = (principal.region_path or "/").strip("/").split("/")[0]
    return f"/{first}/" if first else "/"


async def import_projects(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    result: ImportedRows[ProjectRow],
) -> tuple[list[int], list[dict[str, Any]]]:
    """Check every row against the database, then store all of them or none (422 listing every error).

    County names are looked up in the caller's city; rounds and chains are those of the row's city and the
    province's.
    """
    rounds: dict[str, dict[int, int]] = {}
    chains: dict[str, dict[str, str]] = {}
    codes = [row.code for _, row in result.rows]
    taken = set((await session.scalars(select(Project.code).where(Project.code.in_(codes)))).all()) if codes else set()
    first_row: dict[str, int] = {}
    planned: list[tuple[int, ProjectRow, ProjectCreate, dict[str, int | None]]] = []
    for row_number, row in result.rows:
        ok = True
        if row.code in taken:
            result.add_error(row_number, "code", "项目编号已存在", "duplicate")
            ok = False
        seen = first_row.setdefault(row.code, row_number)
        if seen != row_number:
            result.add_error(row_number, "code", f"项目编号与第{seen}行重复", "duplicate")
            ok = False
        region = _find_region(regions, principal, row.region)
        if isinstance(region, str):
            result.add_error(row_number, "region", region)
            ok = False
        elif not can_write_region(principal, region.path, region.code):
            result.add_error(row_number, "region", "所选区域超出数据权限范围", "out_of_scope")
            ok = False
        province: str | None = None
        if row.investor_province:
            province = _find_province(regions, row.investor_province)
            if province is None:
                result.add_error(row_number, "investor_province", "省份不存在")
                ok = False
            elif province in HMT_PROVINCE_CODES:
                result.add_error(row_number, "investor_origin", "港澳台投资方按境外（外资）统计，来源应选境外")
                ok = False
        # Rows whose region is unknown are checked against the province's rounds and chains alone.
        where = region.path if not isinstance(region, str) else _province_path(principal)
        if where not in rounds:
            rounds[where] = await rounds_by_number(session, region_path=where, kind=RoundKind.PROVINCIAL.value)
            chains[where] = await usable_chain_names(session, region_path=where)
        chain: str | None = None
        if row.industry_chain:
            chain = chains[where].get(row.industry_chain)
            if chain is None:
                result.add_error(row_number, "industry_chain", "产业链不存在或已停用")
                ok = False
        round_of: dict[str, int | None] = {}
        for _, _, round_field in MILESTONES:
            if round_field is None:
                continue
            number = getattr(row, round_field)
            round_of[round_field] = rounds[where].get(number) if number is not None else None
            if number is not None and round_of[round_field] is None:
                result.add_error(row_number, round_field, f"第{number}期不存在")
                ok = False
        if not ok or isinstance(region, str):
            continue
        try:
            investor = Investor(
                name=row.investor_name,
                uscc=row.investor_uscc,
                origin=row.investor_origin,
                province_code=province,
                country_region=row.investor_country_region,
            )
            service.check_investor(regions, investor, region.path)
        except ValidationError as exc:
            message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
            result.add_error(row_number, _investor_column(message), message)
            continue
        except ProblemError as exc:
            result.add_error(row_number, "investor_province", exc.detail or "省份不正确")
            continue
        data = ProjectCreate(
            code=row.code,
            name=row.name,
            investor=investor,
            industry=row.industry,
            industry_chain_code=chain,
            category=row.category,
            region_code=region.code,
            contracted_investment_wan_yuan=row.contracted_investment_wan_yuan,
            chief_service_officer=row.chief_service_officer,
            description=row.description,
        )
        planned.append((row_number, row, data, round_of))
    result.raise_if_invalid()
    ids: list[int] = []
    warnings: list[dict[str, Any]] = []
    for row_number, row, data, round_of in planned:
        project = await service.create_project(session, principal=principal, regions=regions, data=data)
        for stage, date_field, round_field in MILESTONES:
            when = getattr(row, date_field)
            if when is None:
                break
            await flows.apply_step(
                session,
                principal=principal,
                project=project,
                target=stage,
                on=when,
                evidence="批量导入",
                round_id=round_of.get(round_field) if round_field else None,
            )
        ids.append(project.id)
        warnings.extend(
            {"row": row_number, "message": w}
            for w in service.warnings_of(project.category, project.contracted_investment_wan_yuan)
        )
    await audit.record(
        session,
        principal=principal,
        action="project.import",
        entity_type="project",
        entity_id=None,
        detail=f"导入项目{len(ids)}个",
    )
    return ids, warnings
