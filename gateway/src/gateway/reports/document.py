"""The report document: the period's and region's text (edited or default) filled with the figures."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.iam.dependencies import audit_trail
from gateway.iam.models import Region
from gateway.reports import service, template
from gateway.reports.models import ReportText
from gateway.reports.schemas import ReportDocument, ReportFigures, ReportTextOut
from gateway.reports.template import Rendered
from platform_core.auth import Principal
from platform_core.db import utcnow
from platform_core.etag import require_if_match, stale
from platform_core.periods import Period
from platform_core.problems import ProblemError, field_error
from platform_core.scope import can_write_region

REGION_FIELD = "region"
PROVINCE_LEVEL, COUNTY_LEVEL = 1, 3


@dataclass(frozen=True, slots=True)
class ReportRegion:
    """The region a report covers."""

    code: str
    name: str
    path: str
    level: int = 2
    province_name: str | None = None

    @property
    def is_county(self) -> bool:
        """A county (or district) writes its own report in its own words."""
        return self.level >= COUNTY_LEVEL

    @property
    def is_province(self) -> bool:
        """The province's own report speaks of the province."""
        return self.level <= PROVINCE_LEVEL

    @property
    def city_code(self) -> str | None:
        """The city the region belongs to (the second code of its path), None for the province."""
        codes = [c for c in self.path.split("/") if c]
        return codes[1] if len(codes) > 1 else None


async def report_region(session: AsyncSession, principal: Principal, region_code: str | None) -> ReportRegion:
    """The asked region (default the caller's own), known and inside the caller's data scope."""
    code = region_code or principal.region_code
    if code is None:
        raise field_error(REGION_FIELD, "请指定报告区域", code="required")
    region = await session.get(Region, code)
    if region is None:
        raise field_error(REGION_FIELD, "行政区划代码不存在")
    if not can_write_region(principal, region.path, region.code):
        raise ProblemError(
            403,
            "out_of_scope",
            errors=[{"field": REGION_FIELD, "message": "所选区域超出数据权限范围", "code": "out_of_scope"}],
        )
    province_code = next((c for c in region.path.split("/") if c), None)
    province = await session.get(Region, province_code) if province_code else None
    province_name = province.name if province is not None and province.level == PROVINCE_LEVEL else None
    return ReportRegion(region.code, region.name, region.path, region.level, province_name)


async def stored_text(session: AsyncSession, period_key: str, region_code: str) -> ReportText | None:
    """The edited text of a report, if anyone edited it."""
    stmt = select(ReportText).where(ReportText.period == period_key, ReportText.region_code == region_code)
    return (await session.scalars(stmt)).one_or_none()


def text_out(row: ReportText | None, period: Period, period_key: str, region: ReportRegion) -> ReportTextOut:
    """The text as the API shows it; version 0 is the untouched default."""
    kind = template.template_kind(period.kind)
    if row is None:
        return ReportTextOut(
            period=period_key, region_code=region.code, template=kind,
            text=template.default_template(
                kind, county=region.is_county, city_code=region.city_code, province=region.is_province
            ),
            is_default=True, version=0,
        )  # fmt: skip
    return ReportTextOut(
        period=period_key, region_code=region.code, template=kind, text=row.text, is_default=False,
        version=row.version, updated_at=row.updated_at, updated_by=row.updated_by,
    )  # fmt: skip


def check_text(text: str) -> None:
    """A title line and only known placeholders (422 naming `text`)."""
    if not text.strip().splitlines() or not text.strip().splitlines()[0].strip():
        raise field_error("text", "第一行应为报告标题", code="title_required")
    unknown = template.unknown_placeholders(text)
    if unknown:
        raise field_error("text", f"未知的占位符：{'、'.join(unknown)}", code="unknown_placeholder")


async def save_text(
    request: Request,
    session: AsyncSession,
    *,
    principal: Principal,
    period: Period,
    period_key: str,
    region: ReportRegion,
    text: str,
) -> ReportTextOut:
    """Store an edited text (If-Match against the version shown, 0 for the default) with its audit entry."""
    check_text(text)
    row = await stored_text(session, period_key, region.code)
    require_if_match(request, row.version if row else 0)
    before = {"version": row.version, "text": row.text} if row else None
    if row is None:
        row = ReportText(period=period_key, region_code=region.code, text=text, updated_by=principal.name, version=1)
        session.add(row)
        try:
            await session.flush()
        except IntegrityError:
            # Another editor stored the first version between our read and this insert: theirs stands.
            raise stale(1) from None
    else:
        # The versioned UPDATE (WHERE version = the one read) turns a concurrent edit into 412.
        row.text, row.updated_by, row.version, row.updated_at = text, principal.name, row.version + 1, utcnow()
        await session.flush()
    await audit_trail.record(
        session,
        principal=principal,
        action="report.text.update",
        entity_type="report_text",
        entity_id=f"{period_key}/{region.code}",
        region_code=region.code,
        before=before,
        after={"version": row.version, "text": text},
    )
    await session.commit()
    return text_out(row, period, period_key, region)


async def build(
    request: Request, session: AsyncSession, *, principal: Principal, period_text: str, region_code: str | None
) -> tuple[ReportDocument, Rendered]:
    """The filled report (HTML and the rendered paragraphs for the DOCX) with its missing placeholders."""
    period, period_key = service.parse(period_text)
    region = await report_region(session, principal, region_code)
    row = await stored_text(session, period_key, region.code)
    text = text_out(row, period, period_key, region)
    figures: ReportFigures = await service.compose(request, period_text=period_key, region_code=region.code)
    context: dict[str, str | None] = {
        "region_name": region.name,
        "province_name": region.province_name,
        "period_label": period.label,
        "year": str(period.first_day.year),
        "next_year": str(period.first_day.year + 1),
    }
    rendered = template.render(text.text, figures.figures, context)
    document = ReportDocument(
        period=figures.period,
        region_code=region.code,
        region_name=region.name,
        title=rendered.title_text,
        html=template.to_html(rendered),
        missing=rendered.missing,
        figures=figures.figures,
        text=text,
        services=figures.services,
    )
    return document, rendered
