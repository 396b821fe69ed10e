"""Reference data (the industry-chain dictionary) and demo data in the shape of the city's 2021 report:
two 三个一批 rounds, projects across the counties with their steps and funds, 15 new foreign-invested
enterprises in 2021 against 5 in 2020, 66,006万美元 of foreign capital (+6.5%) and a province bulletin that
puts the city third."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service import models as _models  # noqa: F401 - the seed's rows count in the totals too
from investment_service.bulletins.models import Bulletin, BulletinRow
from investment_service.core import audit
from investment_service.foreign.models import ForeignCapital, ForeignEnterprise, ForeignVisit
from investment_service.funds.models import FundRecord
from investment_service.project.flows import MILESTONE_DATE, MILESTONE_ROUND, Stage
from investment_service.project.models import Project, ProjectProgress, ProjectStageEvent
from investment_service.project.schemas import CATEGORY_THRESHOLDS_WAN_YUAN, Category
from investment_service.rounds.models import Round
from platform_core.bulletins import BULLETIN_ROWS, BulletinScope, save_bulletin
from platform_core.db import Database, utcnow
from platform_core.demo import DEMO_CITY
from platform_core.regions import Region, RegionDirectory, load_regions
from platform_core.settings import ServiceSettings
from platform_core.uscc import check_character, org_code_check

SEEDER = "system:seed"
ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"

#: The report's anchors.
FOREIGN_CAPITAL_2021_WAN_USD = 66006
FOREIGN_CAPITAL_2020_WAN_USD = 61978  # 66,006 ÷ 61,978 − 1 = 6.5%
NEW_FOREIGN_ENTERPRISES = {2020: 5, 2021: 15}  # +200%
ROUNDS_2021 = ((1, date(2021, 7, 10), "信阳市主会场（平桥区）"), (2, date(2021, 10, 28), "信阳市分会场（潢川县）"))

#: 2021 actual foreign capital (万美元, local caliber) of Henan's cities as the province bulletin lists them.
BULLETIN_2021 = (
    ("郑州市", "410100", "482301"),
    ("洛阳市", "410300", "97550"),
    ("信阳市", "411500", str(FOREIGN_CAPITAL_2021_WAN_USD)),
    ("南阳市", "411300", "64280"),
    ("新乡市", "410700", "58315"),
    ("许昌市", "411000", "52108"),
    ("周口市", "411600", "47760"),
    ("商丘市", "411400", "45327"),
    ("驻马店市", "411700", "43915"),
    ("开封市", "410200", "41206"),
    ("焦作市", "410800", "38870"),
    ("平顶山市", "410400", "36512"),
    ("安阳市", "410500", "34088"),
    ("漯河市", "411100", "29641"),
    ("三门峡市", "411200", "24330"),
    ("濮阳市", "410900", "21875"),
    ("鹤壁市", "410600", "16402"),
    ("济源市", "419001", "12950"),
)

PROJECT_TEMPLATES: tuple[tuple[Category, str, str, str | None], ...] = (
    (Category.MANUFACTURING, "年产{n}万吨茶饮料生产线项目", "食品制造", "green_food"),
    (Category.MANUFACTURING, "智能终端及电子元器件产业园项目", "电子信息制造", "electronics"),
    (Category.MANUFACTURING, "羽绒服装智能制造项目", "纺织服装", "textile"),
    (Category.MANUFACTURING, "装配式建筑部品部件生产基地项目", "非金属矿物制品", "building_materials"),
    (Category.STRATEGIC_EMERGING, "新能源汽车零部件项目", "汽车制造", "equipment"),
    (Category.STRATEGIC_EMERGING, "生物医药中间体项目", "医药制造", "biomedicine"),
    (Category.INVESTMENT_ATTRACTION, "农副产品精深加工项目", "农副食品加工", "green_food"),
    (Category.INFRASTRUCTURE, "冷链物流园及配套基础设施项目", "交通运输仓储", "logistics"),
    (Category.MODERN_SERVICES, "红色文旅综合体项目", "文化旅游", "culture_tourism"),
    (Category.SOCIAL, "康养中心项目", "卫生和社会工作", None),
)
INVESTORS = (
    ("深圳{b}科技有限公司", "out_of_province", "440000"),
    ("上海{b}实业有限公司", "out_of_province", "310000"),
    ("浙江{b}集团有限公司", "out_of_province", "330000"),
    ("江苏{b}投资有限公司", "out_of_province", "320000"),
    ("北京{b}控股有限公司", "out_of_province", "110000"),
    ("广州{b}食品有限公司", "out_of_province", "440000"),
    ("信阳{b}农业发展有限公司", "local", None),
    ("郑州{b}置业有限公司", "local", None),
    ("{b}（香港）投资有限公司", "foreign", "香港"),
    ("韩国{b}株式会社", "foreign", "韩国"),
)
BRANDS = ("华信", "豫茂", "申源", "淮润", "光合", "博远", "鼎泰", "恒嘉", "中科", "瑞丰", "金桥", "新程")
FOREIGN_ORIGINS = ("香港", "香港", "台湾", "韩国", "新加坡", "澳门", "日本", "美国")
OFFICERS = ("王建国", "李海燕", "张志强", "刘丽娟", "陈明", "杨伟", "黄芳", "周军")


@dataclass(frozen=True, slots=True)
class Step:
    """One planned step of a demo project."""

    stage: Stage
    on: date


def make_uscc(rng: random.Random, region_code: str) -> str:
    """A valid credit code for a demo enterprise registered in a region."""
    body = "".join(rng.choice(ORG_CHARS) for _ in range(8))
    first17 = f"91{region_code}{body}{org_code_check(body)}"
    return first17 + check_character(first17)


def _snap(on: date, rounds: list[Round]) -> tuple[date, Round | None]:
    """A step shortly before a round is listed in it, on the round's date."""
    for r in rounds:
        if timedelta(0) <= r.held_on - on <= timedelta(days=45):
            return r.held_on, r
    return on, None


def _plan(rng: random.Random, signed_on: date, horizon: date) -> list[Step]:
    """Signed, then perhaps landed, started and in production, each some weeks after the previous."""
    steps = [Step(Stage.SIGNED, signed_on)]
    chances = ((Stage.LANDED, 0.85, 20, 80), (Stage.STARTED, 0.75, 30, 120), (Stage.IN_PRODUCTION, 0.5, 90, 220))
    on = signed_on
    for stage, chance, low, high in chances:
        on = on + timedelta(days=rng.randrange(low, high))
        if on > horizon or rng.random() > chance:
            break
        steps.append(Step(stage, on))
    return steps


async def _projects(session: AsyncSession, rng: random.Random, counties: list[Region], rounds: list[Round]) -> int:
    """Projects signed in 2020 and 2021 across the counties, with steps, rounds, funds and progress."""
    horizon = date(2021, 12, 31)
    n = 0
    for year, count in ((2020, 26), (2021, 34)):
        for i in range(count):
            n += 1
            county = counties[(i * 7 + year) % len(counties)]
            category, name, industry, chain = PROJECT_TEMPLATES[rng.randrange(len(PROJECT_TEMPLATES))]
            investor, origin, where = INVESTORS[rng.randrange(len(INVESTORS))]
            threshold = CATEGORY_THRESHOLDS_WAN_YUAN[category]
            # Most projects clear their category's threshold; a few fall short and show the warning.
            factor = Decimal(rng.choice((8, 10, 12, 15, 20, 30))) / 10 if rng.random() > 0.1 else Decimal("0.6")
            amount = (threshold * factor).quantize(Decimal(1))
            signed_on = date(year, 1, 1) + timedelta(days=rng.randrange(0, 350))
            steps = _plan(rng, signed_on, horizon)
            project = Project(
                code=f"XY{year}-{n:03d}",
                name=county.name.removesuffix("县").removesuffix("区")[:4] + name.format(n=rng.choice((2, 5, 10))),
                investor_name=investor.format(b=rng.choice(BRANDS)),
                investor_origin=origin,
                investor_province_code=where if origin == "out_of_province" else None,
                investor_country_region=where if origin == "foreign" else None,
                industry=industry,
                industry_chain_code=chain,
                category=category.value,
                region_code=county.code,
                region_path=county.path,
                contracted_investment_wan_yuan=amount,
                stage=Stage.NEGOTIATING.value,
                chief_service_officer=rng.choice(OFFICERS),
                linked_case_ids=[],
                created_by=SEEDER,
            )
            session.add(project)
            await session.flush()
            previous: Stage | None = Stage.NEGOTIATING
            for seq, step in enumerate(steps, start=1):
                on, listed = _snap(step.on, rounds) if step.stage in MILESTONE_ROUND else (step.on, None)
                on = max(on, project.last_step_on or on)
                session.add(
                    ProjectStageEvent(
                        project_id=project.id,
                        seq=seq,
                        from_stage=previous.value if previous else None,
                        to_stage=step.stage.value,
                        occurred_on=on,
                        evidence="演示数据：合同、营业执照或现场照片",
                        round_id=listed.id if listed else None,
                        recorded_by=SEEDER,
                        recorded_by_name="演示数据",
                    )
                )
                setattr(project, MILESTONE_DATE[step.stage], on)
                if listed is not None:
                    setattr(project, MILESTONE_ROUND[step.stage], listed.id)
                project.stage = step.stage.value
                project.last_step_on = on
                previous = step.stage
            if n % 17 == 0 and project.stage in (Stage.SIGNED.value, Stage.LANDED.value) and project.last_step_on:
                stalled_on = min(project.last_step_on + timedelta(days=60), horizon)
                session.add(
                    ProjectStageEvent(
                        project_id=project.id,
                        seq=len(steps) + 1,
                        from_stage=project.stage,
                        to_stage=Stage.STALLED.value,
                        occurred_on=stalled_on,
                        evidence="演示数据：投资方资金未到位，项目暂缓",
                        recorded_by=SEEDER,
                        recorded_by_name="演示数据",
                    )
                )
                project.stage_before_stall = project.stage
                project.stage = Stage.STALLED.value
                project.last_step_on = stalled_on
            if project.landed_on is not None:
                session.add(
                    ProjectProgress(
                        project_id=project.id,
                        reported_on=project.last_step_on or project.landed_on,
                        content="项目按计划推进，首席服务官已对接用地、用电等要素保障。",
                        reported_by=SEEDER,
                        reported_by_name="演示数据",
                    )
                )
            if origin == "out_of_province" and project.landed_on is not None:
                await _funds(session, rng, project, horizon)
    return n


async def _funds(session: AsyncSession, rng: random.Random, project: Project, horizon: date) -> None:
    """Monthly funds in place from the landing month to the end of 2021, with one correction kept."""
    assert project.landed_on is not None
    month = project.landed_on.replace(day=1)
    first = True
    while month <= horizon:
        share = Decimal(rng.randrange(15, 60)) / 1000
        amount = (project.contracted_investment_wan_yuan * share).quantize(Decimal("0.01"))
        if first and rng.random() < 0.3:
            # The county first reported a rounded figure and corrected it from the bank receipts.
            session.add(
                FundRecord(
                    project_id=project.id,
                    month=month,
                    revision=1,
                    is_current=False,
                    amount_wan_yuan=amount.quantize(Decimal(100)),
                    note="首次填报",
                    recorded_by=SEEDER,
                    recorded_by_name="演示数据",
                    superseded_at=utcnow(),
                )
            )
            await session.flush()
            session.add(
                FundRecord(
                    project_id=project.id,
                    month=month,
                    revision=2,
                    is_current=True,
                    amount_wan_yuan=amount,
                    note="按到账凭证更正",
                    recorded_by=SEEDER,
                    recorded_by_name="演示数据",
                )
            )
        else:
            session.add(
                FundRecord(
                    project_id=project.id,
                    month=month,
                    amount_wan_yuan=amount,
                    recorded_by=SEEDER,
                    recorded_by_name="演示数据",
                )
            )
        first = False
        month = (month + timedelta(days=32)).replace(day=1)
    await session.flush()


async def _foreign(session: AsyncSession, rng: random.Random, counties: list[Region]) -> None:
    """Foreign-invested enterprises (5 set up in 2020, 15 in 2021, some older), visits, and capital figures."""
    seen: set[str] = set()
    plan = [(2016 + i % 4, i) for i in range(8)]
    plan += [(year, i) for year, count in NEW_FOREIGN_ENTERPRISES.items() for i in range(count)]
    enterprises: list[ForeignEnterprise] = []
    for k, (year, i) in enumerate(plan):
        county = counties[(k * 3) % len(counties)]
        code = make_uscc(rng, county.code)
        while code in seen:
            code = make_uscc(rng, county.code)
        seen.add(code)
        origin = FOREIGN_ORIGINS[k % len(FOREIGN_ORIGINS)]
        white = k % 3 == 0
        established = date(year, 1 + (i * 5) % 12, 1 + (i * 7) % 27)
        trade = ("电子", "食品", "纺织", "新材料", "医疗器械")[k % 5]
        ent = ForeignEnterprise(
            uscc=code,
            name=f"{county.name[:2]}{rng.choice(BRANDS)}{trade}有限公司",
            investor_country_region=origin,
            region_code=county.code,
            region_path=county.path,
            established_on=established,
            registered_capital_wan_usd=Decimal(rng.choice((100, 200, 300, 500, 800, 1200, 2000))),
            industry=("电子信息", "食品加工", "纺织服装", "新材料", "医疗器械")[k % 5],
            is_white_listed=white,
            white_listed_on=date(2021, 6, 18) if white else None,
            chief_service_officer=OFFICERS[k % len(OFFICERS)],
            created_by=SEEDER,
        )
        session.add(ent)
        enterprises.append(ent)
    await session.flush()
    for k, ent in enumerate(enterprises):
        if k % 2 == 0:
            session.add(
                ForeignVisit(
                    enterprise_id=ent.id,
                    visited_on=max(ent.established_on, date(2021, 5, 1)) + timedelta(days=k),
                    visitors=[OFFICERS[k % len(OFFICERS)], OFFICERS[(k + 3) % len(OFFICERS)]],
                    campaign="千家外企大走访",
                    notes="了解企业生产经营情况，协调解决外籍人员签证与物流通关问题。",
                    recorded_by=SEEDER,
                )
            )
    for year, total in ((2020, FOREIGN_CAPITAL_2020_WAN_USD), (2021, FOREIGN_CAPITAL_2021_WAN_USD)):
        _capital(session, rng, counties, year, total, "local")
        # MOFCOM's 实际使用外资 is a narrower series of its own, never added to the local one.
        _capital(session, rng, counties, year, total * (30 if year == 2021 else 29) // 100, "mofcom")
    await session.flush()


def _capital(
    session: AsyncSession, rng: random.Random, counties: list[Region], year: int, total: int, caliber: str
) -> None:
    """A year's total split across months and counties, adding up exactly."""
    cells = [(m, county) for m in range(1, 13) for county in counties[:6]]
    weights = [rng.randrange(5, 20) for _ in cells]
    scale = sum(weights)
    amounts = [total * w // scale for w in weights]
    amounts[-1] += total - sum(amounts)
    for (m, county), amount in zip(cells, amounts, strict=True):
        session.add(
            ForeignCapital(
                region_code=county.code,
                region_path=county.path,
                month=date(year, m, 1),
                caliber=caliber,
                amount_wan_usd=Decimal(amount),
                note="演示数据",
                created_by=SEEDER,
            )
        )


async def _bulletin(session: AsyncSession) -> None:
    """The province's 2021 bulletin of actual foreign capital (the city third)."""
    parsed = BULLETIN_ROWS.read_records(
        [{"entity_name": n, "entity_code": c, "value": v, "unit": "万美元"} for n, c, v in BULLETIN_2021]
    )
    parsed.raise_if_invalid()
    await save_bulletin(
        session,
        Bulletin,
        BulletinRow,
        indicator_code="foreign_capital_local",
        period="2021",
        scope=BulletinScope.PROVINCE,
        source_document="河南省商务厅关于2021年全省利用外资情况的通报（演示）",
        rows=parsed.models,
        imported_by=SEEDER,
    )


#: The province's other 2021 bulletins the report quotes a 全省位次 from (the city's place in each).
REPORT_BULLETINS_2021 = (
    (
        "out_of_province_funds",
        "亿元",
        "河南省商务厅关于2021年全省引进省外资金情况的通报（演示）",
        (("郑州市", "410100", "1012.5"), ("洛阳市", "410300", "752.3"), ("南阳市", "411300", "701.8"),
         ("信阳市", "411500", "689.4"), ("周口市", "411600", "655.0"), ("商丘市", "411400", "640.2")),
    ),
    (
        "new_foreign_enterprises",
        "家",
        "河南省商务厅关于2021年全省新设外商投资企业情况的通报（演示）",
        (("郑州市", "410100", "312"), ("洛阳市", "410300", "41"), ("新乡市", "410700", "18"),
         ("许昌市", "411000", "16"), ("信阳市", "411500", str(NEW_FOREIGN_ENTERPRISES[2021])),
         ("南阳市", "411300", "12")),
    ),
)  # fmt: skip


async def _report_bulletins(session: AsyncSession) -> None:
    """The province's 2021 bulletins of out-of-province funds and new foreign enterprises (the city 4th, 5th)."""
    for indicator, unit, document, rows in REPORT_BULLETINS_2021:
        parsed = BULLETIN_ROWS.read_records(
            [{"entity_name": n, "entity_code": c, "value": v, "unit": unit} for n, c, v in rows]
        )
        parsed.raise_if_invalid()
        await save_bulletin(
            session,
            Bulletin,
            BulletinRow,
            indicator_code=indicator,
            period="2021",
            scope=BulletinScope.PROVINCE,
            source_document=document,
            rows=parsed.models,
            imported_by=SEEDER,
        )


def demo_counties(regions: RegionDirectory) -> list[Region]:
    """The city's counties and districts (and functional zones) in code order."""
    city = regions.get(DEMO_CITY)
    assert city is not None
    return list(city.children)


async def load_demo(session: AsyncSession, regions: RegionDirectory) -> int:
    """Load the demo records into a session (no commit); returns the number of projects."""
    rng = random.Random(2021)
    counties = demo_counties(regions)
    rounds = [Round(number=n, held_on=d, venue=v, kind="provincial", created_by=SEEDER) for n, d, v in ROUNDS_2021]
    session.add_all(rounds)
    await session.flush()
    projects = await _projects(session, rng, counties, rounds)
    await _foreign(session, rng, counties)
    await _bulletin(session)
    await _report_bulletins(session)
    return projects


async def seed_demo(db: Database, settings: ServiceSettings) -> None:
    """The demo records, once (the reference data — industry chains — come from the service's own seed)."""
    async with db.session() as session:
        if not await session.scalar(select(func.count()).select_from(Round)):
            regions = load_regions(settings.reference_data_dir)
            projects = await load_demo(session, regions)
            await audit.record(
                session,
                principal=None,
                actor=SEEDER,
                action="seed.demo",
                entity_type="project",
                entity_id=None,
                detail=f"演示数据：批次2期、项目{projects}个、外资企业与实际吸收外资、全省通报1份",
            )
        await session.commit()
