"""Reference and demo data for case-service (demo data only outside production): the enterprises, the 2021
campaign (documents, staff, pairings, visits, the cases assigned from above), visits and pairings of recent
years, and cases of the last twelve months in every state."""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.core import audit
from case_service.enterprise.models import Enterprise
from case_service.indicators import tally as _tally  # noqa: F401 - the seeded cases count in the tallies
from demo_data.calendar import day_in, recent_months, recent_years
from platform_core.db import Database
from platform_core.demo import (
    DEMO_CITY,
    DEMO_ENTERPRISE_NAME,
    DEMO_ENTERPRISE_REGION,
    DEMO_ENTERPRISE_USCC,
    DEMO_SECOND_CITY,
)
from platform_core.periods import SHANGHAI, today
from platform_core.regions import RegionDirectory, load_regions
from platform_core.settings import ServiceSettings
from platform_core.uscc import check_character, org_code_check

ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: The recent records' random source (the report year's keep theirs).
RECENT_SEED = 2022
INDUSTRIES = {
    "茶叶加工": ["茶业", "毛尖", "茶叶"],
    "食品加工": ["食品", "粮油", "农产品"],
    "纺织服装": ["纺织", "服饰", "羽绒"],
    "电子信息": ["电子", "智能科技", "信息技术"],
    "装备制造": ["机械", "装备", "精工"],
    "新型建材": ["建材", "新材料", "石材"],
    "商贸物流": ["商贸", "物流", "供应链"],
    "电子商务": ["电子商务", "网络科技", "电商"],
    "家居制造": ["家居", "木业", "竹制品"],
    "生物医药": ["生物科技", "医药", "健康产业"],
}
BRANDS = [
    "大别山",
    "淮河",
    "豫南",
    "鸡公山",
    "南湾",
    "鄂豫皖",
    "信阳",
    "春申",
    "光州",
    "弦山",
    "潢川",
    "淮滨",
    "息州",
    "固始",
    "罗山",
    "商城",
    "新县",
    "申城",
    "百花",
    "豫信",
]
SURNAMES = [
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "黄",
    "赵",
    "周",
    "吴",
    "徐",
    "孙",
    "胡",
    "朱",
    "高",
    "何",
    "郭",
    "马",
    "罗",
    "梁",
]
GIVEN = [
    "建国",
    "海燕",
    "志强",
    "丽娟",
    "明",
    "伟",
    "芳",
    "军",
    "静",
    "磊",
    "红梅",
    "国庆",
    "春华",
    "新民",
    "晓东",
    "玉兰",
]

PARKS = ("产业集聚区", "经济开发区", "城关镇", "工业园区")


def make_uscc(rng: random.Random, region_code: str, entity: str = "1") -> str:
    """A valid code for a demo enterprise registered in a region."""
    body = "".join(rng.choice(ORG_CHARS) for _ in range(8))
    first17 = f"9{entity}{region_code}{body}{org_code_check(body)}"
    return first17 + check_character(first17)


#: 企业类型 of the demo enterprises, mostly private as in the city's directory.
TYPES = ("private",) * 6 + ("state_owned", "collective", "foreign", "hk_mo_tw", "individual")


def demo_type(uscc: str) -> str:
    """An enterprise's type, from its code: the seeded random stream (and every figure drawn from it) stays put."""
    return TYPES[int(hashlib.sha256(uscc.encode()).hexdigest(), 16) % len(TYPES)]


def demo_enterprises(regions: RegionDirectory, per_county: int = 24) -> list[dict[str, object]]:
    """Deterministic enterprises for every county and district of the demo city."""
    rng = random.Random(2021)
    city = regions.get(DEMO_CITY)
    assert city is not None
    rows: list[dict[str, object]] = [
        {
            "uscc": DEMO_ENTERPRISE_USCC,
            "name": DEMO_ENTERPRISE_NAME,
            "region_code": DEMO_ENTERPRISE_REGION,
            "industry": "茶叶加工",
            "size": "medium",
            "enterprise_type": "private",
            "is_key": True,
            "contact_person": "王建国",
            "contact_phone": "13937612021",
            "address": "光山县弦山街道茶城大道8号",
        }
    ]
    seen = {DEMO_ENTERPRISE_USCC}
    for county in city.children:
        short = county.name.removesuffix("县").removesuffix("区") if len(county.name) > 2 else county.name
        names: set[str] = set()
        while len(names) < per_county:
            industry = rng.choice(list(INDUSTRIES))
            name = f"{short}{rng.choice(BRANDS)}{rng.choice(INDUSTRIES[industry])}有限公司"
            if name in names:
                continue
            names.add(name)
            uscc = make_uscc(rng, county.code)
            while uscc in seen:
                uscc = make_uscc(rng, county.code)
            seen.add(uscc)
            rows.append(
                {
                    "uscc": uscc,
                    "name": name,
                    "region_code": county.code,
                    "industry": industry,
                    "size": rng.choice(["large", "medium", "small", "small", "micro"]),
                    "enterprise_type": demo_type(uscc),
                    "is_key": rng.random() < 0.2,
                    "contact_person": rng.choice(SURNAMES) + rng.choice(GIVEN),
                    "contact_phone": f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}",
                    "address": f"{county.name}{rng.choice(PARKS)}{rng.randrange(1, 300)}号",
                }
            )
    return rows


async def seed_demo(db: Database, settings: ServiceSettings) -> None:
    """Load demo enterprises once (existing codes are left alone)."""
    regions = load_regions(settings.reference_data_dir)
    rows = demo_enterprises(regions)
    async with db.session() as session:
        existing = set((await session.scalars(select(Enterprise.uscc))).all())
        added = 0
        for row in rows:
            if row["uscc"] in existing:
                continue
            path = regions.path_of(str(row["region_code"]))
            session.add(Enterprise(**row, region_path=path, created_by="seed"))
            added += 1
        if added:
            await audit.record(
                session,
                principal=None,
                actor="system:seed",
                action="seed.demo",
                entity_type="enterprise",
                entity_id=None,
                detail=f"演示企业 {added} 家",
            )
        await session.commit()
    await seed_campaign(db, regions)
    await seed_cases(db, regions, settings)
    await seed_nanyang(db, regions, settings)


#: The 11 measure areas of the 2021 measures document, in the work report's order.
MEASURE_AREAS_2021 = (
    "建立协同联动机制",
    "强化项目资金支持",
    "帮助企业应对融资难题",
    "深入推进招商引资",
    "深入开展“千家外企大走访”活动",
    "助力企业开拓市场",
    "支持外贸新业态发展",
    "围绕惠企利民促消费优化服务",
    "促进商贸流通企业健康发展",
    "促进对外投资和经济合作高质量发展",
    "加大企业涉外法律援助和培训力度",
)
PLAN_DOC_NUMBER = "信商字〔2021〕82号"

#: Bureau leaders of the demo city: (user id or None without an account, name, title).
DEMO_BUREAU_LEADERS = (
    (None, "张明远", "局长"),
    ("leader", "", "副局长"),
    (None, "刘国庆", "副局长"),
    (None, "赵春华", "副局长"),
    (None, "孙晓东", "副局长"),
)

VISIT_PROBLEMS = (
    "用工短缺，希望对接县域劳务资源",
    "出口退税办理周期较长，资金周转压力大",
    "厂区道路未纳入市政规划，物流车辆通行困难",
    "希望参加境外展会，需了解中小开资金申报条件",
    "冷链仓储用地指标不足",
    "融资担保门槛高，流动资金紧张",
)


async def seed_campaign(db: Database, regions: RegionDirectory) -> None:
    """Policy documents, seconded staff, leaders' pairings and visits of the demo city, once."""
    from case_service.policy.models import PolicyDocument

    async with db.session() as session:
        if await session.scalar(select(PolicyDocument.id).where(PolicyDocument.doc_number == PLAN_DOC_NUMBER)):
            return
        await load_campaign(session, regions)
        await session.commit()


async def load_campaign(session: AsyncSession, regions: RegionDirectory, on: date | None = None) -> None:
    """Policy documents, seconded staff, leaders' pairings and visits of the demo city (no commit): the report
    year's and, up to `on` (today in Asia/Shanghai by default), the recent ones."""
    # Imported here so this seeding stays one self-contained block of the demo module.
    from case_service.pairing.models import Pairing
    from case_service.policy.models import PolicyDocument
    from case_service.staff.models import CampaignStaff
    from case_service.visit.models import Visit, VisitProblem
    from platform_core.demo import DEMO_LEADER_NAME, DEMO_LEADER_USER_ID

    city_path = regions.path_of(DEMO_CITY)
    assert city_path is not None
    rng = random.Random(82)
    session.add_all(
        [
            PolicyDocument(
                doc_number=PLAN_DOC_NUMBER,
                title="“万人助万企”活动信阳市商务局实施方案",
                issuer="信阳市商务局",
                issue_date=date(2021, 6, 16),
                kind="implementation_plan",
                measure_areas=[],
                summary="成立以局主要领导为组长的活动领导小组，明确领导小组办公室和工作人员，落实“13710”工作机制。",
                region_code=DEMO_CITY,
                region_path=city_path,
                created_by="seed",
            ),
            PolicyDocument(
                doc_number="信商字〔2021〕95号",
                title="信阳市商务系统服务“万人助万企”活动若干措施",
                issuer="信阳市商务局",
                issue_date=date(2021, 7, 20),
                kind="measures",
                measure_areas=list(MEASURE_AREAS_2021),
                region_code=DEMO_CITY,
                region_path=city_path,
                created_by="seed",
            ),
            PolicyDocument(
                doc_number="信商字〔2021〕120号",
                title="关于实行双周调度、月度总结、季度讲评、年度考核工作制度的通知",
                issuer="信阳市商务局",
                issue_date=date(2021, 8, 2),
                kind="notice",
                measure_areas=[],
                region_code=DEMO_CITY,
                region_path=city_path,
                created_by="seed",
            ),
        ]
    )
    # Staff seconded by the bureau: most to the task force, a few to the city coordination group.
    for i in range(10):
        session.add(
            CampaignStaff(
                name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                position=rng.choice(["科长", "副科长", "四级主任科员", "一级科员"]),
                unit_name="信阳市商务局",
                group="task_force" if i < 7 else "coordination_group",
                from_date=date(2021, 6, 10),
                region_code=DEMO_CITY,
                region_path=city_path,
                created_by="seed",
            )
        )
    # Each bureau leader is paired with 2 key enterprises; the demo leader gets the demo enterprise.
    key = list(
        await session.scalars(
            select(Enterprise)
            .where(Enterprise.is_key.is_(True), Enterprise.region_path.startswith(city_path))
            .order_by(Enterprise.uscc != DEMO_ENTERPRISE_USCC, Enterprise.uscc)
        )
    )
    leaders = [
        (DEMO_LEADER_USER_ID if account else None, DEMO_LEADER_NAME if account else name, title)
        for account, name, title in DEMO_BUREAU_LEADERS
    ]
    # The demo leader first, so the demo enterprise (first of the key list) is among its two.
    leaders.sort(key=lambda leader: leader[0] is None)
    for n, (user_id, name, title) in enumerate(leaders):
        for ent in key[2 * n : 2 * n + 2]:
            session.add(
                Pairing(
                    user_id=user_id,
                    person_name=name,
                    person_title=title,
                    unit_name="信阳市商务局",
                    enterprise_uscc=ent.uscc,
                    kind="leader",
                    start_date=date(2021, 6, 16),
                    created_by="seed",
                )
            )
    officers = key[2 * len(leaders) : 2 * len(leaders) + 3]
    for ent in officers:
        session.add(
            Pairing(
                person_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                person_title="首席服务官",
                unit_name="信阳市商务局",
                enterprise_uscc=ent.uscc,
                kind="chief_service_officer",
                start_date=date(2021, 7, 1),
                created_by="seed",
            )
        )

    def visit(
        source: random.Random, ent: Enterprise, day: date, leader: str, campaign: str | None, notes: str, k: int
    ) -> None:
        # A leader and an officer at the enterprise; the k problems it raised.
        item = Visit(
            visit_date=day,
            enterprise_uscc=ent.uscc,
            visitors=[leader, source.choice(SURNAMES) + source.choice(GIVEN)],
            unit_name="信阳市商务局",
            campaign=campaign,
            notes=notes,
            created_by="seed",
        )
        picked = source.sample(VISIT_PROBLEMS, k=k)
        item.problems = [VisitProblem(seq=s, description=d) for s, d in enumerate(picked, start=1)]
        session.add(item)

    # Visits to the paired enterprises through 2021, some in the foreign-enterprise visiting campaign.
    for i, ent in enumerate(key[: 2 * len(leaders)] + officers):
        leader = leaders[min(i // 2, len(leaders) - 1)][1]
        day = date(2021, 7, 5) + timedelta(days=9 * i)
        campaign = "千家外企大走访" if i % 3 == 0 else None
        visit(rng, ent, day, leader, campaign, f"走访{ent.name}，了解生产经营、订单和用工情况，宣讲惠企政策。", i % 3)
    # Recent years, with a random source of their own: a visit every month, officers paired each year.
    recent = random.Random(RECENT_SEED)
    on = on or today()
    months = recent_months(on)
    paired = key[: 2 * len(leaders)] + officers
    for i, month in enumerate(months if paired else []):
        ent = paired[i % len(paired)]
        notes = f"回访{ent.name}，跟进前期问题办理情况，了解订单、用工和融资需求。"
        campaign = "千家外企大走访" if i % 4 == 0 else None
        visit(recent, ent, day_in(recent, month, on), leaders[i % len(leaders)][1], campaign, notes, i % 2)
    newcomers = key[len(paired) :]
    for k, year in enumerate(recent_years(on)):
        first = next(m for m in months if m.year == year)
        for ent in newcomers[2 * k : 2 * k + 2]:
            session.add(
                Pairing(
                    person_name=recent.choice(SURNAMES) + recent.choice(GIVEN),
                    person_title="首席服务官",
                    unit_name="信阳市商务局",
                    enterprise_uscc=ent.uscc,
                    kind="chief_service_officer",
                    start_date=day_in(recent, first, on),
                    created_by="seed",
                )
            )
    await audit.record(
        session,
        principal=None,
        actor="system:seed",
        action="seed.demo",
        entity_type="campaign",
        entity_id=None,
        detail="演示政策文件、抽调人员、包联关系与走访记录",
    )


#: Demo case titles per category.
CASE_TITLES: dict[str, tuple[str, ...]] = {
    "land_planning": ("厂房扩建新增工业用地指标", "项目用地规划条件调整", "标准化厂房不动产权证办理"),
    "financing": ("流动资金贷款续贷困难", "设备购置贴息贷款申请", "应收账款质押融资对接"),
    "employment": ("旺季用工缺口约80人", "技术工人招聘难", "员工子女入学协调"),
    "approval": ("环评审批进度缓慢", "食品生产许可证延续", "施工许可并联审批"),
    "utilities": ("厂区用电增容", "天然气管网接入", "工业用水价格核定"),
    "logistics": ("厂区道路未纳入市政规划", "冷链物流车辆通行证", "出口货物铁路班列舱位"),
    "policy": ("稳岗补贴申领", "外贸企业出口信保保费补贴兑现", "技改奖补资金拨付"),
    "other": ("厂区周边治安环境整治", "企业商标被侵权维权"),
}

#: Demo cases: (final state, days since submission, lead unit index in DEMO_CITY_UNITS, complexity). The ages make
#: some cases red (past 7 days), a few escalated (past a month) and the rest on track.
CASE_SCENARIOS: tuple[tuple[str, float, int, str], ...] = (
    ("SUBMITTED", 0.3, 1, "ordinary"),
    ("ACCEPTED", 0.6, 1, "ordinary"),
    ("ASSIGNED", 0.4, 1, "ordinary"),
    ("ASSIGNED", 2.5, 1, "ordinary"),
    ("RETURN_REQUESTED", 1.0, 2, "ordinary"),
    ("IN_PROGRESS", 2.0, 1, "ordinary"),
    ("IN_PROGRESS", 6.6, 1, "ordinary"),
    ("IN_PROGRESS", 11.0, 1, "ordinary"),
    ("IN_PROGRESS", 14.0, 1, "ordinary"),
    ("IN_PROGRESS", 9.0, 3, "ordinary"),
    ("IN_PROGRESS", 40.0, 1, "ordinary"),
    ("IN_PROGRESS", 12.0, 1, "major"),
    ("EXTENSION_REQUESTED", 6.0, 1, "ordinary"),
    ("ESCALATED", 9.0, 2, "major"),
    ("LONG_TERM_TRACKING", 20.0, 1, "major"),
    ("PENDING_REVIEW", 5.5, 1, "ordinary"),
    ("PENDING_REVIEW", 6.0, 3, "ordinary"),
    ("RESOLVED", 7.0, 1, "ordinary"),
    ("VISITED", 9.0, 2, "ordinary"),
    ("CLOSED", 15.0, 1, "ordinary"),
    ("CLOSED", 25.0, 3, "ordinary"),
    ("CLOSED", 18.0, 1, "major"),
    ("REJECTED", 3.0, 1, "ordinary"),
    ("MERGED", 2.0, 1, "ordinary"),
)

#: The year before the open cases: (age in days, resolved late or not), each case run to 销号, so the year's
#: KPIs (办结率, 按期办结率, 满意率) and the monthly trend have something to show.
CASE_HISTORY: tuple[tuple[float, bool], ...] = (
    (330.0, False), (300.0, True), (270.0, False), (240.0, False), (210.0, True), (180.0, False),
    (150.0, False), (120.0, True), (95.0, False), (75.0, False), (60.0, True), (48.0, False),
)  # fmt: skip


#: The report year's cases (month, day, source): those assigned from above all 销号 within the year, as the
#: report says (办结率达100%), and a few of the enterprises', the hotline's and the leaders'.
CASES_2021: tuple[tuple[int, int, str], ...] = (
    (6, 21, "superior"), (7, 2, "superior"), (7, 15, "enterprise"), (7, 26, "superior"), (8, 9, "superior"),
    (8, 20, "hotline"), (9, 3, "superior"), (9, 17, "superior"), (9, 28, "enterprise"), (10, 12, "superior"),
    (10, 25, "superior"), (11, 8, "leader"), (11, 16, "superior"), (11, 29, "superior"), (12, 6, "superior"),
    (12, 14, "enterprise"),
)  # fmt: skip


async def seed_cases(db: Database, regions: RegionDirectory, settings: ServiceSettings) -> None:
    """Demo cases (see `load_cases`), once."""
    from case_service.case.models import Case

    async with db.session() as session:
        if await session.scalar(select(Case.id).where(Case.created_by.like("seed:%")).limit(1)):
            return
        await load_cases(session, regions, settings)
        await session.commit()


async def load_cases(
    session: AsyncSession, regions: RegionDirectory, settings: ServiceSettings, now: datetime | None = None
) -> None:
    """Demo cases in every state across the counties, run through the real lifecycle with past clocks, once.

    Most are assigned to 市自然资源和规划局 (the demo account `unit_zrzy`), some are overdue (red) or past the month
    (escalated); the demo enterprise has one just submitted, one in handling and one waiting for its rating.
    """
    # Imported here so this seeding stays one self-contained block of the demo module.
    from case_service.case import flows
    from case_service.case import service as cases
    from case_service.case.models import Case, CaseAction, CaseSource, Complexity, Satisfaction, Urgency
    from case_service.case.schemas import (
        ACTION_BODIES,
        ActionBody,
        AssignBody,
        CaseCreate,
        ExtensionRequestBody,
        FeedbackBody,
        LongTermBody,
        MergeBody,
        MilestoneIn,
        ReasonBody,
        ResultBody,
        RevisitBody,
        UnitRef,
    )
    from case_service.case.timers import TimerPolicy, policy_from_settings
    from case_service.notification.models import SendLog
    from case_service.notification.reminders import write_inbox
    from case_service.settings import CaseSettings
    from platform_core.auth import Principal
    from platform_core.db import utcnow
    from platform_core.delivery import Delivery
    from platform_core.demo import DEMO_CITY_UNITS
    from platform_core.permissions import ALL_CODES

    a = CaseAction
    # The seeded past writes its notices (revisit links in the enterprises' inboxes, in the send log) but texts
    # nobody: a delivery without channels.
    past = Delivery(SendLog, inbox=write_inbox)
    paths: dict[str, tuple[CaseAction, ...]] = {
        "SUBMITTED": (),
        "ACCEPTED": (a.ACCEPT,),
        "ASSIGNED": (a.ACCEPT, a.ASSIGN),
        "RETURN_REQUESTED": (a.ACCEPT, a.ASSIGN, a.REQUEST_RETURN),
        "IN_PROGRESS": (a.ACCEPT, a.ASSIGN, a.SIGN, a.FEEDBACK),
        "EXTENSION_REQUESTED": (a.ACCEPT, a.ASSIGN, a.SIGN, a.FEEDBACK, a.REQUEST_EXTENSION),
        "ESCALATED": (a.ACCEPT, a.ASSIGN, a.SIGN, a.FEEDBACK, a.ESCALATE),
        "LONG_TERM_TRACKING": (a.ACCEPT, a.ASSIGN, a.SIGN, a.LONG_TERM),
        "PENDING_REVIEW": (a.ACCEPT, a.ASSIGN, a.SIGN, a.FEEDBACK, a.SUBMIT_RESULT),
        "RESOLVED": (a.ACCEPT, a.ASSIGN, a.SIGN, a.FEEDBACK, a.SUBMIT_RESULT, a.APPROVE_RESULT),
        "VISITED": (a.ACCEPT, a.ASSIGN, a.SIGN, a.FEEDBACK, a.SUBMIT_RESULT, a.APPROVE_RESULT, a.REVISIT),
        "CLOSED": (a.ACCEPT, a.ASSIGN, a.SIGN, a.FEEDBACK, a.SUBMIT_RESULT, a.APPROVE_RESULT, a.REVISIT, a.CLOSE),
        "REJECTED": (a.REJECT,),
        "MERGED": (a.MERGE,),
    }
    # Hours after submission at which each step happens (capped at the present).
    at_hour = {
        a.ACCEPT: 2,
        a.REJECT: 3,
        a.MERGE: 3,
        a.ASSIGN: 4,
        a.SIGN: 20,
        a.REQUEST_RETURN: 18,
        a.FEEDBACK: 60,
        a.REQUEST_EXTENSION: 120,
        a.ESCALATE: 150,
        a.LONG_TERM: 80,
        a.SUBMIT_RESULT: 125,
        a.APPROVE_RESULT: 140,
        a.REVISIT: 160,
        a.CLOSE: 170,
    }
    policy = policy_from_settings(settings) if isinstance(settings, CaseSettings) else TimerPolicy()
    city_path = regions.path_of(DEMO_CITY)
    assert city_path is not None

    def actor(subject: str, name: str, *, unit_id: int | None = None, uscc: str | None = None) -> Principal:
        # Seeding acts with every permission over the whole city; the timeline shows who would have acted.
        return Principal(
            subject=subject,
            kind="system",
            name=name,
            roles=frozenset(),
            permissions=ALL_CODES,
            data_scopes=frozenset({"SELF" if uscc else "ALL"}),
            region_code=DEMO_CITY,
            region_path=city_path,
            unit_id=unit_id,
            enterprise_uscc=uscc,
        )

    rng = random.Random(13710)
    now = now or utcnow()
    city = regions.get(DEMO_CITY)
    assert city is not None
    by_county: dict[str, list[Enterprise]] = {}
    for ent in await session.scalars(select(Enterprise).where(Enterprise.region_path.startswith(city_path))):
        by_county.setdefault(ent.region_code, []).append(ent)
    counties = [c for c in city.children if by_county.get(c.code)]
    leader = actor("seed:leader", "李建国")
    enterprise_user = actor("seed:enterprise", "周红（企业联系人）", uscc=DEMO_ENTERPRISE_USCC)
    demo_ent = next(e for e in by_county.get(DEMO_ENTERPRISE_REGION, []) if e.uscc == DEMO_ENTERPRISE_USCC)
    created: list[Case] = []

    def body_for(action: CaseAction, lead: tuple[int, str], complexity: str) -> ActionBody:
        today = now.astimezone(SHANGHAI).date()
        if action is a.ASSIGN:
            co = [UnitRef(unit_id=u, unit_name=n) for u, n in DEMO_CITY_UNITS[2:4] if u != lead[0]][:1]
            return AssignBody(
                lead_unit=UnitRef(unit_id=lead[0], unit_name=lead[1]),
                co_units=co if rng.random() < 0.4 else [],
                complexity=Complexity(complexity),
                comment="请按“13710”工作机制办理",
            )
        if action is a.FEEDBACK:
            return FeedbackBody(content="已与企业对接，正在协调相关部门办理。")
        if action is a.REQUEST_EXTENSION:
            return ExtensionRequestBody(days=7, reason="需等待省级部门批复")
        if action is a.LONG_TERM:
            return LongTermBody(
                plan="纳入年度用地计划，分阶段推进",
                milestones=[
                    MilestoneIn(due_date=today + timedelta(days=30), content="上报年度用地计划"),
                    MilestoneIn(due_date=today + timedelta(days=120), content="完成用地报批"),
                ],
            )
        if action is a.SUBMIT_RESULT:
            return ResultBody(result="问题已协调解决，企业已确认。", basis="相关部门办理意见")
        if action is a.REVISIT:
            return RevisitBody(satisfaction=Satisfaction(rng.choice(["satisfied", "satisfied", "basically_satisfied"])))
        if action in (a.REJECT, a.REQUEST_RETURN, a.ESCALATE):
            reasons = {a.REJECT: "属于司法程序事项，已告知企业依法维权", a.REQUEST_RETURN: "该事项不属于本单位职责"}
            return ReasonBody(reason=reasons.get(action, "涉及多个部门，提请市级会商"))
        if action is a.MERGE:
            # A duplicate of the latest case still open.
            return MergeBody(into_case_id=next(c.id for c in reversed(created[:-1]) if c.state != "CLOSED"))
        return ACTION_BODIES[action]()

    async def run(
        item: Case, state: str, start: datetime, lead: tuple[int, str], complexity: str, pace: float = 1.0
    ) -> None:
        county = actor(f"seed:county-{item.region_code}", f"{regions.name_of(item.region_code)}商务局")
        handler = actor(f"seed:unit-{lead[0]}", lead[1], unit_id=lead[0])
        for action in paths[state]:
            # A slower pace stretches every step: a result after the 7-day deadline makes a late resolution.
            when = min(start + timedelta(hours=at_hour[action] * pace), now - timedelta(minutes=5))
            rule = flows.ACTION_RULES[action]
            who = handler if rule.actor is flows.Actor.LEAD_UNIT else county
            if action is a.REVISIT and item.enterprise_uscc == DEMO_ENTERPRISE_USCC:
                who = enterprise_user
            await flows.perform(
                session,
                item=item,
                action=action,
                body=body_for(action, lead, complexity),
                principal=leader if action is a.DECIDE else who,
                now=when,
                policy=policy,
                delivery=past,
            )

    async def create(ent: Enterprise, by: Principal, start: datetime, source: CaseSource, category: str) -> Case:
        superior = source is CaseSource.SUPERIOR
        data = CaseCreate(
            source=source,
            superior_doc_no=f"豫商办〔{start.astimezone(SHANGHAI).year}〕{len(created) + 1}号" if superior else None,
            category_code=category,
            enterprise_uscc=ent.uscc,
            title=rng.choice(CASE_TITLES[category]),
            description=f"{ent.name}反映：{rng.choice(CASE_TITLES[category])}，请协调解决。",
            urgency=Urgency(rng.choice(["normal", "normal", "urgent", "critical"])),
            contact_person=ent.contact_person,
            contact_phone=ent.contact_phone,
        )
        item = await cases.create_case(session, principal=by, data=data, now=start)
        created.append(item)
        return item

    sources = (CaseSource.ENTERPRISE, CaseSource.SUPERIOR, CaseSource.HOTLINE, CaseSource.LEADER)
    # A case just submitted (no step yet) is registered today at the earliest, so even in the first hours of
    # January 1st this year has cases.
    midnight = now.astimezone(SHANGHAI).replace(hour=0, minute=0, second=0, microsecond=0)

    def begun(state: str, age_days: float) -> datetime:
        start = now - timedelta(days=age_days)
        return max(start, midnight) if not paths[state] else start

    for i, (state, age_days, unit_index, complexity) in enumerate(CASE_SCENARIOS):
        county_region = counties[i % len(counties)]
        ent = rng.choice(by_county[county_region.code])
        start = begun(state, age_days)
        source = sources[i % len(sources)]
        category = list(CASE_TITLES)[i % len(CASE_TITLES)]
        officer = actor(f"seed:county-{ent.region_code}", f"{county_region.name}商务局")
        item = await create(ent, officer, start, source, category)
        await run(item, state, start, DEMO_CITY_UNITS[unit_index], complexity)

    async def closed(
        n: int, start: datetime, source: CaseSource, category: str, lead: tuple[int, str], pace: float = 1.0
    ) -> None:
        # A case registered by the county bureau of the n-th county (in turn) and run to 销号.
        county_region = counties[n % len(counties)]
        ent = rng.choice(by_county[county_region.code])
        officer = actor(f"seed:county-{ent.region_code}", f"{county_region.name}商务局")
        item = await create(ent, officer, start, source, category)
        await run(item, "CLOSED", start, lead, "ordinary", pace=pace)

    for i, (age_days, late) in enumerate(CASE_HISTORY):
        start = now - timedelta(days=age_days)
        category = list(CASE_TITLES)[i % len(CASE_TITLES)]
        await closed(i, start, sources[i % len(sources)], category, DEMO_CITY_UNITS[1 + i % 3], 1.6 if late else 1.0)
    # The demo enterprise: one just submitted, one in handling, one resolved and waiting for its rating.
    for state, age_days in (("SUBMITTED", 0.2), ("IN_PROGRESS", 3.0), ("RESOLVED", 8.0)):
        start = begun(state, age_days)
        item = await create(demo_ent, enterprise_user, start, CaseSource.ENTERPRISE, "land_planning")
        await run(item, state, start, DEMO_CITY_UNITS[1], "ordinary")
    # The report year: the cases assigned from above and some of the enterprises', all 销号 within the year.
    for i, (month, day, source_code) in enumerate(CASES_2021):
        start = datetime(2021, month, day, 9, 30, tzinfo=SHANGHAI)
        category = list(CASE_TITLES)[(i + 3) % len(CASE_TITLES)]
        # Most led by 市自然资源和规划局 (the demo unit account), every fourth by another department.
        lead = DEMO_CITY_UNITS[1 if i % 4 else 2 + (i // 4) % 2]
        await closed(i, start, CaseSource(source_code), category, lead)
    # The last twelve months fill up towards now (one to three more a month), so the month chart shows a rise.
    for j in range(11, 0, -1):
        for k in range(1 + (11 - j) // 4):
            n = len(created)
            start = now - timedelta(days=30 * j + 3 + 7 * k)
            category = list(CASE_TITLES)[n % len(CASE_TITLES)]
            lead = DEMO_CITY_UNITS[1 if n % 4 else 3]
            await closed(n, start, sources[n % len(sources)], category, lead, 1.6 if n % 5 == 0 else 1.0)
    await cases.run_timer_check(session, now=now, policy=policy)
    await audit.record(
        session,
        principal=None,
        actor="system:seed",
        action="seed.demo",
        entity_type="case",
        entity_id=None,
        detail=f"演示诉求 {len(created)} 件",
    )


#: 南阳市 beside 信阳 on the same installation: a few enterprises in three of its counties and a little of every
#: module (the bureau's plan, seconded staff, pairings, visits, cases). Its rows come after 信阳's and draw from
#: random sources of their own, so every figure of 信阳 stays as it was.
NANYANG = DEMO_SECOND_CITY
NANYANG_BUREAU = "南阳市商务局"
NANYANG_PLAN_DOC_NUMBER = "宛商务〔2021〕35号"
#: (county, name, industry, size, key enterprise, contact person).
NANYANG_ENTERPRISES: tuple[tuple[str, str, str, str, bool, str], ...] = (
    ("411302", "南阳宛城艾草制品有限公司", "生物医药", "small", True, "张玉琴"),
    ("411302", "南阳宛城宛西食品有限公司", "食品加工", "medium", False, "李振华"),
    ("411303", "南阳卧龙光电科技有限公司", "电子信息", "medium", True, "王立新"),
    ("411303", "南阳卧龙玉雕工艺品有限公司", "新型建材", "micro", False, "赵德胜"),
    ("411321", "南召县辛夷药业有限公司", "生物医药", "small", True, "陈秀兰"),
    ("411321", "南召县柞蚕丝绸有限公司", "纺织服装", "small", False, "刘国栋"),
)
#: 南阳's demo cases: (index of the enterprise, category, days since submission, steps, lead unit). A lead unit is
#: one of `platform_core.demo.DEMO_SECOND_CITY_UNITS` (their gateway ids on an empty database), taking the unit's steps.
NANYANG_CASES: tuple[tuple[int, str, float, tuple[str, ...], int | None], ...] = (
    (0, "employment", 0.4, (), None),
    (2, "utilities", 1.5, ("accept",), None),
    (4, "policy", 6.0, ("accept", "answer_now"), None),
    (1, "financing", 20.0, ("accept", "answer_now", "revisit", "close"), None),
    (3, "jade_carving", 3.0, ("reject",), None),
    # Assigned: 南阳's 自然资源和规划局 on the way, 卧龙区 past its 7-day deadline (red), 南阳市商务局 done and closed.
    (5, "land_planning", 2.0, ("accept", "assign", "sign"), 18),
    (2, "logistics", 12.0, ("accept", "assign", "sign", "feedback"), 23),
    (
        0,
        "financing",
        25.0,
        ("accept", "assign", "sign", "feedback", "submit_result", "approve_result", "revisit", "close"),
        17,
    ),
)
#: 南阳's own category beside the province's defaults: (code, name), and its case title.
NANYANG_CATEGORY = ("jade_carving", "玉雕产业")
NANYANG_TITLES = {"jade_carving": "玉雕原石进口报关协调"}


def nanyang_enterprises() -> list[dict[str, object]]:
    """南阳's demo enterprises with valid codes (a random source of their own)."""
    rng = random.Random(int(NANYANG))
    rows: list[dict[str, object]] = []
    for county, name, industry, size, key, person in NANYANG_ENTERPRISES:
        uscc = make_uscc(rng, county)
        rows.append(
            {
                "uscc": uscc,
                "name": name,
                "region_code": county,
                "industry": industry,
                "size": size,
                "enterprise_type": demo_type(uscc),
                "is_key": key,
                "contact_person": person,
                "contact_phone": f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}",
                "address": f"南阳市{name[2:4]}{rng.choice(PARKS)}{rng.randrange(1, 300)}号",
            }
        )
    return rows


async def seed_nanyang(db: Database, regions: RegionDirectory, settings: ServiceSettings) -> None:
    """南阳's demo records (see `load_nanyang`), once."""
    from case_service.policy.models import PolicyDocument

    async with db.session() as session:
        if await session.scalar(select(PolicyDocument.id).where(PolicyDocument.doc_number == NANYANG_PLAN_DOC_NUMBER)):
            return
        await load_nanyang(session, regions, settings)
        await session.commit()


async def load_nanyang(
    session: AsyncSession, regions: RegionDirectory, settings: ServiceSettings, now: datetime | None = None
) -> None:
    """南阳's enterprises, plan, staff, pairings, visits and cases (no commit), never dated after `now`."""
    # Imported here so this seeding stays one self-contained block of the demo module.
    from case_service.case import flows
    from case_service.case import service as cases
    from case_service.case.models import CaseAction, CaseSource, Complexity, Satisfaction, Urgency
    from case_service.case.schemas import (
        ActionBody,
        AnswerBody,
        AssignBody,
        CaseCreate,
        FeedbackBody,
        ReasonBody,
        ResultBody,
        RevisitBody,
        UnitRef,
    )
    from case_service.case.timers import TimerPolicy, policy_from_settings
    from case_service.dictionary.models import CaseCategory
    from case_service.notification.models import SendLog
    from case_service.notification.reminders import write_inbox
    from case_service.pairing.models import Pairing
    from case_service.policy.models import PolicyDocument
    from case_service.settings import CaseSettings
    from case_service.staff.models import CampaignStaff
    from case_service.visit.models import Visit, VisitProblem
    from platform_core.auth import Principal
    from platform_core.db import utcnow
    from platform_core.delivery import Delivery
    from platform_core.demo import DEMO_SECOND_CITY_UNITS
    from platform_core.permissions import ALL_CODES

    city_path = regions.path_of(NANYANG)
    assert city_path is not None
    now = now or utcnow()
    on = now.astimezone(SHANGHAI).date()
    rng = random.Random(int(NANYANG) + 1)
    existing = set((await session.scalars(select(Enterprise.uscc))).all())
    rows = nanyang_enterprises()
    for row in rows:
        if row["uscc"] not in existing:
            session.add(Enterprise(**row, region_path=regions.path_of(str(row["region_code"])), created_by="seed"))
    await session.flush()
    # 南阳's own addition to the province's categories (the 诉求分类 page shows it as 市级 南阳市).
    if await session.scalar(select(CaseCategory.id).where(CaseCategory.code == NANYANG_CATEGORY[0])) is None:
        session.add(
            CaseCategory(
                code=NANYANG_CATEGORY[0],
                name=NANYANG_CATEGORY[1],
                sort_order=75,
                region_code=NANYANG,
                region_path=city_path,
            )
        )
    ents = {
        e.uscc: e for e in await session.scalars(select(Enterprise).where(Enterprise.region_path.startswith(city_path)))
    }
    ordered = [ents[str(r["uscc"])] for r in rows]
    session.add(
        PolicyDocument(
            doc_number=NANYANG_PLAN_DOC_NUMBER,
            title="“万人助万企”活动南阳市商务局工作方案",
            issuer=NANYANG_BUREAU,
            issue_date=date(2021, 6, 18),
            kind="implementation_plan",
            measure_areas=[],
            summary="成立活动领导小组，局领导分包重点企业，落实“13710”工作机制。",
            region_code=NANYANG,
            region_path=city_path,
            created_by="seed",
        )
    )
    for name, position in (("马文博", "科长"), ("杜晓燕", "一级科员")):
        session.add(
            CampaignStaff(
                name=name,
                position=position,
                unit_name=NANYANG_BUREAU,
                group="task_force",
                from_date=date(2021, 6, 21),
                region_code=NANYANG,
                region_path=city_path,
                created_by="seed",
            )
        )
    key = [e for e in ordered if e.is_key]
    officers = ("宋建军", "袁丽萍", "丁海波")
    for ent, person in zip(key, officers, strict=True):
        session.add(
            Pairing(
                person_name=person,
                person_title="首席服务官",
                unit_name=NANYANG_BUREAU,
                enterprise_uscc=ent.uscc,
                kind="chief_service_officer",
                start_date=date(2021, 7, 1),
                created_by="seed",
            )
        )
    recent_visit = max(date(on.year, 1, 1), on - timedelta(days=10))
    for i, ent in enumerate(key):
        for day, notes in (
            (date(2021, 7, 12) + timedelta(days=7 * i), f"走访{ent.name}，了解生产经营和用工情况，宣讲惠企政策。"),
            (recent_visit, f"回访{ent.name}，跟进前期问题办理情况。"),
        ):
            visit = Visit(
                visit_date=day,
                enterprise_uscc=ent.uscc,
                visitors=[officers[i], rng.choice(SURNAMES) + rng.choice(GIVEN)],
                unit_name=NANYANG_BUREAU,
                notes=notes,
                created_by="seed",
            )
            visit.problems = [VisitProblem(seq=1, description=VISIT_PROBLEMS[(i + day.month) % len(VISIT_PROBLEMS)])]
            session.add(visit)

    def actor(subject: str, name: str, *, unit_id: int | None = None) -> Principal:
        # The seed acts as the city's bureau over the whole city; the timeline shows who would have acted.
        return Principal(
            subject=subject,
            kind="system",
            name=name,
            roles=frozenset(),
            permissions=ALL_CODES,
            data_scopes=frozenset({"REGION_AND_BELOW"}),
            region_code=NANYANG,
            region_path=city_path,
            unit_id=unit_id,
        )

    policy = policy_from_settings(settings) if isinstance(settings, CaseSettings) else TimerPolicy()
    # As for 信阳's past: the notices are written (inboxes, the send log), nobody is texted.
    past = Delivery(SendLog, inbox=write_inbox)
    bodies = {
        "accept": ActionBody(comment="属实，予以受理"),
        "answer_now": AnswerBody(answer="已告知企业申报渠道和所需材料，可在政务服务网直接办理。"),
        "revisit": RevisitBody(satisfaction=Satisfaction.SATISFIED),
        "close": ActionBody(),
        "reject": ReasonBody(reason="属于民事纠纷，已告知企业依法维权"),
        "sign": ActionBody(),
        "feedback": FeedbackBody(content="已与企业对接，正在协调相关部门办理。"),
        "submit_result": ResultBody(result="问题已协调解决，企业已确认。", basis="相关部门办理意见"),
        "approve_result": ActionBody(),
    }
    midnight = now.astimezone(SHANGHAI).replace(hour=0, minute=0, second=0, microsecond=0)
    units = dict(DEMO_SECOND_CITY_UNITS)
    for index, category, age_days, steps, lead in NANYANG_CASES:
        ent = ordered[index]
        county = actor(f"seed:county-{ent.region_code}", f"{regions.name_of(ent.region_code)}商务局")
        handler = actor(f"seed:unit-{lead}", units[lead], unit_id=lead) if lead is not None else county
        if lead is not None:
            bodies["assign"] = AssignBody(
                lead_unit=UnitRef(unit_id=lead, unit_name=units[lead]),
                complexity=Complexity.ORDINARY,
                comment="请按“13710”工作机制办理",
            )
        start = max(now - timedelta(days=age_days), midnight) if not steps else now - timedelta(days=age_days)
        item = await cases.create_case(
            session,
            principal=county,
            data=CaseCreate(
                source=CaseSource.ENTERPRISE,
                category_code=category,
                enterprise_uscc=ent.uscc,
                title=NANYANG_TITLES.get(category) or CASE_TITLES[category][index % len(CASE_TITLES[category])],
                description=f"{ent.name}反映：{NANYANG_TITLES.get(category) or CASE_TITLES[category][0]}，请协调解决。",
                urgency=Urgency.NORMAL,
                contact_person=ent.contact_person,
                contact_phone=ent.contact_phone,
            ),
            now=start,
        )
        for n, step in enumerate(steps, start=1):
            when = min(start + timedelta(hours=3 * n), now - timedelta(minutes=5))
            action = CaseAction(step)
            await flows.perform(
                session,
                item=item,
                action=action,
                body=bodies[step],
                principal=handler if flows.ACTION_RULES[action].actor is flows.Actor.LEAD_UNIT else county,
                now=when,
                policy=policy,
                delivery=past,
            )
    # As for 信阳: warning levels stored and the deadline notices written, so the running service's first check
    # finds nothing due (the case past its deadline has its 逾期 notice in 卧龙区商务局's inbox already).
    await cases.run_timer_check(session, now=now, policy=policy)
    await audit.record(
        session,
        principal=None,
        actor="system:seed",
        action="seed.demo",
        entity_type="case",
        entity_id=None,
        detail=f"南阳市演示企业 {len(rows)} 家、诉求 {len(NANYANG_CASES)} 件",
    )
