"""Reference data (the industry-chain dictionary) and demo data in the shape of the city's 2021 report:
two 三个一批 rounds, projects across the counties with their steps and funds, 15 new foreign-invested
enterprises in 2021 against 5 in 2020, 66,006万美元 of foreign capital (+6.5%) and province bulletins that
put the city third (foreign capital), fourth (省外资金) and fifth (新设外资企业); then last year and this year up
to the day of the seed in every figure, so the first screens show this year against last."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from demo_data.calendar import day_in, recent_months, recent_years
from investment_service import models as _models  # noqa: F401 - the seed's rows count in the totals too
from investment_service.bulletins.models import Bulletin, BulletinRow
from investment_service.core import audit
from investment_service.dictionary.models import IndustryChain
from investment_service.foreign.models import ForeignCapital, ForeignEnterprise, ForeignVisit
from investment_service.funds.models import FundRecord
from investment_service.project.flows import MILESTONE_DATE, MILESTONE_ROUND, Stage
from investment_service.project.models import Project, ProjectProgress, ProjectStageEvent
from investment_service.project.schemas import CATEGORY_THRESHOLDS_WAN_YUAN, Category
from investment_service.rounds.models import Round
from platform_core.bulletins import BULLETIN_ROWS, BulletinScope, save_bulletin
from platform_core.db import Database, utcnow
from platform_core.demo import DEMO_CITY
from platform_core.periods import today
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
#: The report year's records reach no further than its last day.
REPORT_HORIZON = date(2021, 12, 31)

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

#: The city's place in the province's other 2021 bulletins (省外资金 and 新设外资企业), and last year's.
RANKS_2021 = {"out_of_province_funds": 4, "new_foreign_enterprises": 5}
RECENT_RANKS = {"foreign_capital_local": 3, "out_of_province_funds": 3, "new_foreign_enterprises": 4}
BULLETIN_TITLES = {
    "foreign_capital_local": "利用外资",
    "out_of_province_funds": "引进省外资金",
    "new_foreign_enterprises": "新设外资企业",
}
#: Recent 三个一批 rounds: the 18th of every third month, numbered on from the report year's.
ROUND_MONTHS = (3, 6, 9, 12)
ROUND_DAY = 18
RECENT_SEED = 2022

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


def _round(county: Region, number: int, held_on: date, venue: str, kind: str = "provincial") -> Round:
    """A round kept by the city a county belongs to (the city's record of a province round, or its own event)."""
    city_path = county.path.removesuffix(f"{county.code}/")
    return Round(
        number=number,
        held_on=held_on,
        venue=venue,
        kind=kind,
        region_code=city_path.strip("/").split("/")[-1],
        region_path=city_path,
        created_by=SEEDER,
    )


def _snap(on: date, rounds: list[Round], *, same_month: bool = False) -> tuple[date, Round | None]:
    """A step shortly before a round (in its month, if asked) is listed in it, on the round's date."""
    for r in rounds:
        if timedelta(0) <= r.held_on - on <= timedelta(days=45) and (not same_month or r.held_on.month == on.month):
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


async def _project(
    session: AsyncSession,
    rng: random.Random,
    n: int,
    year: int,
    county: Region,
    rounds: list[Round],
    horizon: date,
    *,
    signed_on: date | None = None,
    investor_index: int | None = None,
    steps: list[Step] | None = None,
    recent: bool = False,
    prefix: str = "XY",
    chain_code: str | None = None,
) -> Project:
    """One project with its steps, rounds, progress and (from outside the province) funds up to the horizon.

    Without a signing date it is drawn in the year; without steps they are planned from the signing. A recent
    project's steps join a round of their own month only, so every month keeps its steps for the month charts.
    """
    category, name, industry, chain = PROJECT_TEMPLATES[rng.randrange(len(PROJECT_TEMPLATES))]
    investor, origin, where = INVESTORS[rng.randrange(len(INVESTORS)) if investor_index is None else investor_index]
    threshold = CATEGORY_THRESHOLDS_WAN_YUAN[category]
    # Most projects clear their category's threshold; a few fall short and show the warning.
    factor = Decimal(rng.choice((8, 10, 12, 15, 20, 30))) / 10 if rng.random() > 0.1 else Decimal("0.6")
    amount = (threshold * factor).quantize(Decimal(1))
    signed_on = signed_on or date(year, 1, 1) + timedelta(days=rng.randrange(0, 350))
    steps = steps if steps is not None else _plan(rng, signed_on, horizon)
    project = Project(
        code=f"{prefix}{year}-{n:03d}",
        name=county.name.removesuffix("县").removesuffix("区")[:4] + name.format(n=rng.choice((2, 5, 10))),
        investor_name=investor.format(b=rng.choice(BRANDS)),
        investor_origin=origin,
        investor_province_code=where if origin == "out_of_province" else None,
        investor_country_region=where if origin == "foreign" else None,
        industry=industry,
        industry_chain_code=chain_code or chain,
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
        on, listed = _snap(step.on, rounds, same_month=recent) if step.stage in MILESTONE_ROUND else (step.on, None)
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
    return project


async def _projects(session: AsyncSession, rng: random.Random, counties: list[Region], rounds: list[Round]) -> int:
    """Projects signed in 2020 and 2021 across the counties, with steps, rounds, funds and progress."""
    n = 0
    for year, count in ((2020, 26), (2021, 34)):
        for i in range(count):
            n += 1
            county = counties[(i * 7 + year) % len(counties)]
            await _project(session, rng, n, year, county, rounds, REPORT_HORIZON)
    return n


async def _funds(session: AsyncSession, rng: random.Random, project: Project, horizon: date) -> None:
    """Monthly funds in place from the landing month to the horizon's month, with one correction kept."""
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


async def _foreign(session: AsyncSession, rng: random.Random, counties: list[Region]) -> set[str]:
    """Foreign-invested enterprises (5 set up in 2020, 15 in 2021, some older), visits, and capital figures;
    returns the credit codes used."""
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
        months = [date(year, m, 1) for m in range(1, 13)]
        _capital(session, rng, counties, months, total, "local")
        # MOFCOM's 实际使用外资 is a narrower series of its own, never added to the local one.
        _capital(session, rng, counties, months, total * (30 if year == 2021 else 29) // 100, "mofcom")
    await session.flush()
    return seen


def _capital(
    session: AsyncSession, rng: random.Random, counties: list[Region], months: list[date], total: int, caliber: str
) -> None:
    """A total split across months and counties, adding up exactly."""
    cells = [(m, county) for m in months for county in counties[:6]]
    weights = [rng.randrange(5, 20) for _ in cells]
    scale = sum(weights)
    amounts = [total * w // scale for w in weights]
    amounts[-1] += total - sum(amounts)
    for (m, county), amount in zip(cells, amounts, strict=True):
        session.add(
            ForeignCapital(
                region_code=county.code,
                region_path=county.path,
                month=m,
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


async def _city_figures(session: AsyncSession, year: int, through_month: int = 12) -> dict[str, tuple[Decimal, str]]:
    """The city's seeded totals of a year (January to `through_month`) for the bulletins that rank it: value and
    unit per indicator."""
    first = date(year, 1, 1)
    end = date(year + 1, 1, 1) if through_month == 12 else date(year, through_month + 1, 1)
    # Only the city's own records: the other cities' demo records have no place in its bulletins.
    city = f"/{DEMO_CITY[:2]}0000/{DEMO_CITY}/%"
    funds = await session.scalar(
        select(func.coalesce(func.sum(FundRecord.amount_wan_yuan), 0))
        .join(Project, Project.id == FundRecord.project_id)
        .where(
            FundRecord.is_current.is_(True),
            FundRecord.month >= first,
            FundRecord.month < end,
            Project.region_path.like(city),
        )
    )
    capital = await session.scalar(
        select(func.coalesce(func.sum(ForeignCapital.amount_wan_usd), 0)).where(
            ForeignCapital.caliber == "local",
            ForeignCapital.month >= first,
            ForeignCapital.month < end,
            ForeignCapital.region_path.like(city),
        )
    )
    enterprises = await session.scalar(
        select(func.count()).where(
            ForeignEnterprise.established_on >= first,
            ForeignEnterprise.established_on < end,
            ForeignEnterprise.region_path.like(city),
        )
    )
    return {
        "out_of_province_funds": ((Decimal(funds) / 10000).quantize(Decimal("0.01")), "亿元"),
        "foreign_capital_local": (Decimal(capital).quantize(Decimal(1)), "万美元"),
        "new_foreign_enterprises": (Decimal(enterprises or 0), "家"),
    }


async def _ranked_bulletin(
    session: AsyncSession, indicator: str, year: int, value: Decimal, unit: str, rank: int, through_month: int = 12
) -> None:
    """A province bulletin of a year (or of January to `through_month`, cumulative) placing the city at a rank,
    the other cities around its seeded value."""
    others = [(n, c) for n, c, _ in BULLETIN_2021 if c != DEMO_CITY]
    step = Decimal("0.01") if unit == "亿元" else Decimal(1)
    rows = [{"entity_name": "信阳市", "entity_code": DEMO_CITY, "value": str(value), "unit": unit}]
    for i, (name, code) in enumerate(others):
        # The cities before the city's rank lie above its value, the rest below, each a step further away.
        factor = Decimal(1) + Decimal("0.15") * (rank - 1 - i) if i < rank - 1 else Decimal("0.96") ** (i - rank + 2)
        other = max((value * factor).quantize(step), step)
        rows.append({"entity_name": name, "entity_code": code, "value": str(other), "unit": unit})
    parsed = BULLETIN_ROWS.read_records(rows)
    parsed.raise_if_invalid()
    await save_bulletin(
        session,
        Bulletin,
        BulletinRow,
        indicator_code=indicator,
        period=str(year) if through_month == 12 else f"{year}-{through_month:02d}-YTD",
        scope=BulletinScope.PROVINCE,
        source_document=f"河南省商务厅关于{year}年{'' if through_month == 12 else f'1-{through_month}月'}"
        f"全省{BULLETIN_TITLES[indicator]}情况的通报（演示）",
        rows=parsed.models,
        imported_by=SEEDER,
    )


async def _recent(
    session: AsyncSession, counties: list[Region], rounds: list[Round], seen: set[str], first_n: int, on: date
) -> int:
    """Last year and this year up to `on`: rounds, projects every month (one signed and started in the current
    month), funds, foreign enterprises, visits and capital every month; last year's bulletins. Returns the count
    of projects."""
    # A random source of its own, so the report year's records stay as they are.
    rng = random.Random(RECENT_SEED)
    months = recent_months(on)
    if not months:
        return 0
    number = len(rounds)
    for year in recent_years(on):
        for m in ROUND_MONTHS:
            if date(year, m, ROUND_DAY) <= on:
                number += 1
                venue = f"信阳市分会场（{counties[number % len(counties)].name}）"
                rounds.append(_round(counties[0], number, date(year, m, ROUND_DAY), venue))
    session.add_all(rounds[len(ROUNDS_2021) :])
    await session.flush()
    n = first_n
    for i, month in enumerate(months):
        for _ in range(2 + i % 2):
            n += 1
            county = counties[(n * 7) % len(counties)]
            signed_on = day_in(rng, month, on)
            await _project(session, rng, n, month.year, county, rounds, on, signed_on=signed_on, recent=True)
    # The report years' projects from outside the province that went ahead keep bringing funds in, more slowly.
    ongoing = await session.scalars(
        select(Project)
        .where(
            Project.investor_origin == "out_of_province",
            Project.landed_on.is_not(None),
            Project.signed_on < REPORT_HORIZON + timedelta(days=1),
            Project.stage != Stage.STALLED.value,
        )
        .order_by(Project.id)
    )
    for project in list(ongoing):
        for month in months:
            amount = project.contracted_investment_wan_yuan * Decimal(rng.randrange(5, 20)) / 1000
            session.add(
                FundRecord(
                    project_id=project.id,
                    month=month,
                    amount_wan_yuan=amount.quantize(Decimal("0.01")),
                    recorded_by=SEEDER,
                    recorded_by_name="演示数据",
                )
            )
    await session.flush()
    # 签约即开工: one project from outside the province signed, landed and started this month, funds arriving.
    n += 1
    started = day_in(rng, months[-1], on)
    steps = [Step(Stage.SIGNED, started), Step(Stage.LANDED, started), Step(Stage.STARTED, started)]
    county = counties[n % len(counties)]
    await _project(
        session, rng, n, on.year, county, rounds, on, signed_on=started, investor_index=0, steps=steps, recent=True
    )
    # Foreign-invested enterprises: one every other month and one this month; visits to the older ones.
    older = list(await session.scalars(select(ForeignEnterprise).order_by(ForeignEnterprise.id)))
    for i, month in enumerate(months):
        if i % 2 and month != months[-1]:
            continue
        county = counties[(i * 5) % len(counties)]
        code = make_uscc(rng, county.code)
        while code in seen:
            code = make_uscc(rng, county.code)
        seen.add(code)
        established = day_in(rng, month, on)
        trade = ("电子", "食品", "纺织", "新材料", "医疗器械")[i % 5]
        session.add(
            ForeignEnterprise(
                uscc=code,
                name=f"{county.name[:2]}{rng.choice(BRANDS)}{trade}有限公司",
                investor_country_region=FOREIGN_ORIGINS[i % len(FOREIGN_ORIGINS)],
                region_code=county.code,
                region_path=county.path,
                established_on=established,
                registered_capital_wan_usd=Decimal(rng.choice((100, 200, 300, 500, 800))),
                industry=("电子信息", "食品加工", "纺织服装", "新材料", "医疗器械")[i % 5],
                is_white_listed=False,
                chief_service_officer=OFFICERS[i % len(OFFICERS)],
                created_by=SEEDER,
            )
        )
    for i, month in enumerate(months):
        ent = older[i % len(older)]
        session.add(
            ForeignVisit(
                enterprise_id=ent.id,
                visited_on=day_in(rng, month, on),
                visitors=[OFFICERS[i % len(OFFICERS)], OFFICERS[(i + 5) % len(OFFICERS)]],
                campaign="千家外企大走访",
                notes="走访了解订单、用工和原材料进口情况，宣讲稳外资政策。",
                recorded_by=SEEDER,
            )
        )
    # Foreign capital grows on the report year's level: a twelfth of the year's total a month.
    for year in recent_years(on):
        mine = [m for m in months if m.year == year]
        yearly = FOREIGN_CAPITAL_2021_WAN_USD * (107 + 3 * (year - 2022)) // 100
        total = yearly * len(mine) // 12
        _capital(session, rng, counties, mine, total, "local")
        _capital(session, rng, counties, mine, total * 31 // 100, "mofcom")
    await session.flush()
    last = on.year - 1
    if last in recent_years(on):
        figures = await _city_figures(session, last)
        for indicator, rank in RECENT_RANKS.items():
            await _ranked_bulletin(session, indicator, last, *figures[indicator], rank)
    # This year so far: the province's cumulative bulletin of the last finished month (none in January).
    if on.month > 1 and on.year in recent_years(on):
        figures = await _city_figures(session, on.year, on.month - 1)
        for indicator, rank in RECENT_RANKS.items():
            await _ranked_bulletin(session, indicator, on.year, *figures[indicator], rank, through_month=on.month - 1)
    return n - first_n


#: A second city of the province (南阳市) with a little of every module, so the installation shows it serves
#: several cities: projects across the stages in its counties, funds from outside the province, foreign-invested
#: enterprises and capital, a round of its own, and an industry chain it added to the province's defaults.
SECOND_CITY = "411300"
SECOND_CITY_SEED = 411300
SECOND_CITY_CHAIN = ("nanyang_tcm", "中医药（艾草）", "医药制造")
SECOND_CITY_AT_PROVINCE_ROUND = "411322"  # 方城县
#: (county, investor index in INVESTORS, the steps reached, months after January of last year it was signed).
SECOND_CITY_PROJECTS: tuple[tuple[str, int, tuple[Stage, ...], int], ...] = (
    ("411302", 0, (Stage.SIGNED, Stage.LANDED, Stage.STARTED, Stage.IN_PRODUCTION), 1),
    ("411303", 1, (Stage.SIGNED, Stage.LANDED, Stage.STARTED), 3),
    ("411321", 8, (Stage.SIGNED, Stage.LANDED), 4),
    ("411302", 2, (Stage.SIGNED,), 7),
    ("411323", 9, (Stage.SIGNED, Stage.LANDED, Stage.STARTED), 2),
    ("411303", 3, (), 9),
)


async def _second_city(session: AsyncSession, regions: RegionDirectory, rounds: list[Round], on: date) -> int:
    """南阳's records (last year and this year up to `on`) and the province's latest round; returns the count of
    projects. The province round repeats the number and day of the latest round the first city recorded, so the
    first city's figures stay as they were (a round counts once, whoever recorded it)."""
    rng = random.Random(SECOND_CITY_SEED)
    city = regions.get(SECOND_CITY)
    assert city is not None
    counties = [c for c in city.children if c.level == 3]
    last_year = on.year - 1
    latest = max((r for r in rounds if r.held_on <= on), key=lambda r: r.held_on)
    province = regions.get(f"{SECOND_CITY[:2]}0000")
    assert province is not None
    province_round = Round(
        number=latest.number,
        held_on=latest.held_on,
        venue="河南省主会场（郑州市）",
        kind="provincial",
        title=f"全省第{latest.number}期“三个一批”项目建设活动",
        region_code=province.code,
        region_path=province.path,
        created_by=SEEDER,
    )
    own_round = _round(counties[0], 1, date(last_year, 5, 20), f"{city.name}主会场（{counties[1].name}）", kind="city")
    own_round.title = f"{city.name}第1期重大项目集中签约活动"
    session.add_all([province_round, own_round])
    code, name, industry = SECOND_CITY_CHAIN
    session.add(
        IndustryChain(
            code=code, name=name, industry=industry, sort_order=100, region_code=city.code, region_path=city.path
        )
    )
    await session.flush()
    listed = [own_round, province_round]
    for n, (county_code, investor, stages, month) in enumerate(SECOND_CITY_PROJECTS, start=1):
        county = regions.get(county_code)
        assert county is not None
        signed_on = date(last_year, 1 + month, 10)
        steps: list[Step] = []
        when = signed_on
        for stage in stages:
            steps.append(Step(stage, when))
            when = min(when + timedelta(days=45), on)
        await _project(
            session,
            rng,
            n,
            last_year,
            county,
            listed,
            on,
            signed_on=signed_on,
            investor_index=investor,
            steps=steps,
            prefix="NY",
            chain_code=code if n == 2 else None,
        )
    # One signed at the province's latest round: a province round lists the projects of every city.
    county = regions.get(SECOND_CITY_AT_PROVINCE_ROUND)
    assert county is not None
    on_day = province_round.held_on
    await _project(
        session,
        rng,
        len(SECOND_CITY_PROJECTS) + 1,
        on_day.year,
        county,
        [province_round],
        on,
        signed_on=on_day,
        investor_index=5,
        steps=[Step(Stage.SIGNED, on_day)],
        prefix="NY",
    )
    # Foreign-invested enterprises set up last year, a visit to one, and monthly foreign capital to this month.
    for i, county in enumerate(counties[:3]):
        ent = ForeignEnterprise(
            uscc=make_uscc(rng, county.code),
            name=f"{county.name[:2]}{BRANDS[i + 3]}{('电子', '食品', '新材料')[i]}有限公司",
            investor_country_region=FOREIGN_ORIGINS[i + 1],
            region_code=county.code,
            region_path=county.path,
            established_on=date(last_year, 3 + 3 * i, 12),
            registered_capital_wan_usd=Decimal((300, 500, 800)[i]),
            industry=("电子信息", "食品加工", "新材料")[i],
            is_white_listed=i == 0,
            white_listed_on=date(last_year, 9, 18) if i == 0 else None,
            chief_service_officer=OFFICERS[i + 2],
            created_by=SEEDER,
        )
        session.add(ent)
        await session.flush()
        if i == 0:
            session.add(
                ForeignVisit(
                    enterprise_id=ent.id,
                    visited_on=date(last_year, 10, 15),
                    visitors=[OFFICERS[2], OFFICERS[4]],
                    campaign="千家外企大走访",
                    notes="了解企业订单与用工情况，协调出口退税办理。",
                    recorded_by=SEEDER,
                )
            )
    months = [date(last_year, m, 1) for m in range(1, 13)] + [date(on.year, m, 1) for m in range(1, on.month + 1)]
    _capital(session, rng, counties, months, 64280 * len(months) // 12, "local")
    await session.flush()
    return len(SECOND_CITY_PROJECTS) + 1


def demo_counties(regions: RegionDirectory) -> list[Region]:
    """The city's counties and districts (and functional zones) in code order."""
    city = regions.get(DEMO_CITY)
    assert city is not None
    return list(city.children)


async def load_demo(session: AsyncSession, regions: RegionDirectory, on: date | None = None) -> int:
    """Load the demo records into a session (no commit): the report year's and the recent ones up to `on`
    (today in Asia/Shanghai by default); returns the number of projects."""
    rng = random.Random(2021)
    counties = demo_counties(regions)
    rounds = [_round(counties[0], n, d, v) for n, d, v in ROUNDS_2021]
    session.add_all(rounds)
    await session.flush()
    projects = await _projects(session, rng, counties, rounds)
    seen = await _foreign(session, rng, counties)
    await _bulletin(session)
    figures = await _city_figures(session, 2021)
    for indicator, rank in RANKS_2021.items():
        await _ranked_bulletin(session, indicator, 2021, *figures[indicator], rank)
    projects += await _recent(session, counties, rounds, seen, projects, on or today())
    projects += await _second_city(session, regions, rounds, on or today())
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
                detail=f"演示数据：“三个一批”批次、项目{projects}个、外资企业与实际吸收外资、全省通报",
            )
        await session.commit()
