"""A project as its readers see it: display names, allowed next steps and threshold warnings."""

from __future__ import annotations

from investment_service.project import flows, service
from investment_service.project.flows import STAGE_LABELS, Stage
from investment_service.project.models import Project
from investment_service.project.schemas import (
    CATEGORY_LABELS,
    ORIGIN_LABELS,
    Category,
    InvestorOrigin,
    InvestorOut,
    ProjectOut,
)
from platform_core.regions import RegionDirectory


def render(p: Project, regions: RegionDirectory, chains: dict[str, str]) -> ProjectOut:
    """Render a project with display names, allowed next steps and threshold warnings."""
    stage = Stage(p.stage)
    before = Stage(p.stage_before_stall) if p.stage_before_stall else None
    origin = InvestorOrigin(p.investor_origin)
    category = Category(p.category)
    return ProjectOut(
        id=p.id,
        code=p.code,
        name=p.name,
        investor=InvestorOut(
            name=p.investor_name,
            uscc=p.investor_uscc,
            origin=origin,
            origin_label=ORIGIN_LABELS[origin],
            province_code=p.investor_province_code,
            province_name=regions.name_of(p.investor_province_code),
            country_region=p.investor_country_region,
        ),
        industry=p.industry,
        industry_chain_code=p.industry_chain_code,
        industry_chain_name=chains.get(p.industry_chain_code or ""),
        category=category,
        category_label=CATEGORY_LABELS[category],
        region_code=p.region_code,
        region_name=regions.name_of(p.region_code),
        contracted_investment_wan_yuan=p.contracted_investment_wan_yuan,
        stage=stage,
        stage_label=STAGE_LABELS[stage],
        stage_before_stall=before,
        next_stages=flows.allowed_targets(stage, before),
        signed_on=p.signed_on,
        landed_on=p.landed_on,
        started_on=p.started_on,
        in_production_on=p.in_production_on,
        at_capacity_on=p.at_capacity_on,
        signed_round_id=p.signed_round_id,
        started_round_id=p.started_round_id,
        in_production_round_id=p.in_production_round_id,
        chief_service_officer=p.chief_service_officer,
        linked_case_ids=list(p.linked_case_ids or []),
        description=p.description,
        warnings=service.warnings_of(p.category, p.contracted_investment_wan_yuan),
        version=p.version,
        created_at=p.created_at,
        updated_at=p.updated_at,
    )
