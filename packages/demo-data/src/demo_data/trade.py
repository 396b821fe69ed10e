"""Demo data for trade-service (demo mode only): the 2021 work report's trade activities, so every figure of
rows 25-47 has data behind it — Korea dispatch ranked first nationally, 26 enterprises at the Canton Fair,
the RCEP / FX-hedging / single-window trainings, tea special trains, promotion events, the eight demonstration
counties with 息县 promoted to national level, "光山十宝" and "新县味"; then last year and this year up to the
day of the seed in every module (`seed_recent`), so the first screens show this year against last."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from demo_data.calendar import REPORT_YEAR, day_in, recent_months
from platform_core.bulletins import BulletinRowIn, BulletinScope, save_bulletin
from platform_core.crypto import FieldCipher
from platform_core.db import Database
from platform_core.demo import DEMO_CITY, DEMO_ENTERPRISE_NAME, DEMO_ENTERPRISE_USCC
from platform_core.periods import today
from platform_core.regions import RegionDirectory, load_regions
from platform_core.settings import ServiceSettings
from platform_core.uscc import CHARSET, check_character
from trade_service.bulletins.models import Bulletin, BulletinRow
from trade_service.core import audit
from trade_service.domestic.models import CommerceHonour, PromotionEvent, StreetRenovation
from trade_service.ecommerce.models import DemoCounty, EcommerceTraining, PublicBrand, VillageCoverage
from trade_service.exports.models import ExportRegistration, ExportShipment
from trade_service.fairs.models import FairParticipant, TradeFair, Training
from trade_service.foreign_trade.models import ForeignTradeStat
from trade_service.funds.models import FundGrant, FundProgram
from trade_service.indicators import tally as _tally  # noqa: F401  (the demo rows are counted into the daily tallies)
from trade_service.labour.models import DispatchBatch, ExchangeEvent, LabourBrand, LabourProgram, LabourWorker
from trade_service.labour.schemas import id_check_character
from trade_service.labour.service import encrypt_fields
from trade_service.pii import load_cipher
from trade_service.settings import TradeSettings

#: The eight counties (县) of the report.
COUNTIES = ("411521", "411522", "411523", "411524", "411525", "411526", "411527", "411528")
DISTRICTS = ("411502", "411503")
XIXIAN, GUANGSHAN, XINXIAN, SHIHE = "411528", "411522", "411523", "411502"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程魏苏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红梅海波东亮林文斌宇浩凯鹏飞"
#: Korea departures per county in 2021 (the report: first in the country) and 2020.
DEPARTED_2021 = {
    "411521": 31,
    "411522": 46,
    "411523": 28,
    "411524": 35,
    "411525": 52,
    "411526": 40,
    "411527": 22,
    "411528": 32,
}
DEPARTED_2020 = {
    "411521": 12,
    "411522": 18,
    "411523": 9,
    "411524": 14,
    "411525": 20,
    "411526": 15,
    "411527": 8,
    "411528": 11,
}


#: The recent records: a random source of their own (the report year's stay as they are), none before this day.
RECENT_SEED = 2022
RECENT_START = date(REPORT_YEAR + 1, 1, 1)


class DemoBuilder:
    """Adds demo rows to a session, placing each in its region."""

    def __init__(self, session: AsyncSession, regions: RegionDirectory, cipher: FieldCipher) -> None:
        """Start with a seeded random source so every demo installation looks the same."""
        self.session = session
        self.regions = regions
        self.cipher = cipher
        self.rng = random.Random(2021)
        self.serial = 0

    def add(self, model: type[Any], region: str, **values: Any) -> Any:
        """A row in a region."""
        row = model(
            region_code=region, region_path=self.regions.path_of(region), created_by="seed", version=1, **values
        )
        self.session.add(row)
        return row

    def uscc(self, region: str) -> str:
        """A fresh valid credit code registered in the region."""
        self.serial += 1
        body = (
            "MA" + "".join(CHARSET[(self.serial * 7 + i * 13) % len(CHARSET)] for i in range(5)) + str(self.serial % 10)
        )
        first17 = f"91{region}{body}"[:16] + "0"
        return first17 + check_character(first17)

    def enterprise(self, region: str, trade: str) -> tuple[str, str]:
        """A credit code and a name for an enterprise of the county."""
        county = (self.regions.name_of(region) or "信阳").removesuffix("县").removesuffix("区")
        brand = self.rng.choice(["大别山", "豫南", "淮河", "信州", "申城", "弦山", "鸡公山", "南湾"])
        return self.uscc(region), f"{county}{brand}{trade}有限公司"

    def person(self, region: str, born: date) -> dict[str, Any]:
        """Encrypted personal data of a worker from the county."""
        self.serial += 1
        first17 = f"{region}{born:%Y%m%d}{self.serial % 1000:03d}"
        name = self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
        passport = f"E{self.rng.randrange(10**7, 10**8)}"
        return encrypt_fields(
            self.cipher,
            {"name": name, "id_number": first17 + id_check_character(first17), "passport_number": passport},
        )

    def worker_abroad(
        self, region: str, batch: DispatchBatch, registered: date, born_from: int, returned_on: date | None = None
    ) -> LabourWorker:
        """A worker of the county who left with a batch (and came back, if a return date is given)."""
        born = date(self.rng.randrange(born_from, born_from + 15), self.rng.randrange(1, 13), self.rng.randrange(1, 28))
        worker: LabourWorker = self.add(
            LabourWorker,
            region,
            program_id=batch.program_id,
            batch_id=batch.id,
            **self.person(region, born),
            sector=self.rng.choice(["制造业", "制造业", "农畜产业", "渔业", "建筑业"]),
            status="returned" if returned_on else "departed",
            registered_on=registered,
            trained_on=min(registered + timedelta(days=45), batch.departs_on),
            departed_on=batch.departs_on,
            returned_on=returned_on,
        )
        return worker

    def exhibit(self, fair: TradeFair, exhibitors: list[tuple[str, str, str]], *, some_offline: bool) -> None:
        """The enterprises (code, name, region) at a fair, every third on site if asked, with intended deals."""
        for i, (uscc, name, region) in enumerate(exhibitors):
            self.add(
                FairParticipant,
                region,
                fair_id=fair.id,
                enterprise_uscc=uscc,
                enterprise_name=name,
                mode="offline" if some_offline and i % 3 == 0 else "online",
                intended_deal_wan_usd=Decimal(self.rng.randrange(500, 8000)) / 100,
            )

    def promotion(self, region: str, name: str, kind: str, starts: date) -> None:
        """A promotion event of a few days from its first day, with the consumption it drove."""
        self.add(
            PromotionEvent,
            region,
            name=name,
            kind=kind,
            starts_on=starts,
            ends_on=starts + timedelta(days=self.rng.randrange(1, 7)),
            consumption_driven_yi_yuan=Decimal(self.rng.randrange(200, 2500)) / 10000,
        )

    def rng_day(self, month: date, on: date, first: int = 1, last: int = 28) -> date:
        """A random day of a month between two of its days, never after `on`."""
        return day_in(self.rng, month, on, first, last)

    def day(self, year: int, month_from: int = 1, month_to: int = 12) -> date:
        """A random day of the year between two months."""
        start = date(year, month_from, 1)
        end = date(year + (month_to // 12), month_to % 12 + 1, 1)
        return start + timedelta(days=self.rng.randrange((end - start).days))


async def seed_labour(b: DemoBuilder) -> int:
    """EPS Korea: batches, workers through every status, the online meeting; returns 2021 departures."""
    eps = b.add(LabourProgram, DEMO_CITY, code="EPS", name="中韩雇佣制", destination_country="韩国")
    b.add(LabourProgram, DEMO_CITY, code="JP-TITP", name="赴日技能实习", destination_country="日本", is_active=True)
    await b.session.flush()
    batches: dict[int, list[DispatchBatch]] = {}
    for year, months in ((2020, (1, 7, 11)), (2021, (3, 5, 7, 9, 11))):
        for i, month in enumerate(months, start=1):
            batch = b.add(
                DispatchBatch,
                DEMO_CITY,
                program_id=eps.id,
                batch_no=f"{year}-韩-{i:02d}",
                departs_on=date(year, month, 18),
            )
            batches.setdefault(year, []).append(batch)
    await b.session.flush()
    for year, counts in ((2020, DEPARTED_2020), (2021, DEPARTED_2021)):
        for region, n in counts.items():
            for _ in range(n):
                batch = b.rng.choice(batches[year])
                registered = batch.departs_on - timedelta(days=b.rng.randrange(90, 200))
                returned = year == 2020 and b.rng.random() < 0.2
                b.worker_abroad(region, batch, registered, 1985, returned_on=date(2021, 12, 1) if returned else None)
    for region in COUNTIES:  # the next intake, still at home
        for status in ("registered", "registered", "trained"):
            registered = date(2021, 11, b.rng.randrange(1, 28))
            b.add(
                LabourWorker,
                region,
                program_id=eps.id,
                **b.person(region, date(1995, 6, 1)),
                sector="制造业",
                status=status,
                registered_on=registered,
                trained_on=registered + timedelta(days=20) if status == "trained" else None,
            )
    b.add(
        ExchangeEvent,
        DEMO_CITY,
        program_id=eps.id,
        name="中韩合作线上交流会",
        held_on=date(2021, 6, 24),
        mode="online",
        partners="商务部、韩国雇佣劳动部",
        participants=120,
    )
    return sum(DEPARTED_2021.values())


async def seed_bulletin(b: DemoBuilder, departures: int, period: str = "2021") -> None:
    """The national bulletin of a year's EPS departures, ranking the city first."""
    others = [
        ("潍坊市", "370700", 0.86),
        ("青岛市", "370200", 0.8),
        ("烟台市", "370600", 0.71),
        ("周口市", "411600", 0.64),
    ]
    rows = [BulletinRowIn(entity_name="信阳市", entity_code=DEMO_CITY, value=Decimal(departures), unit="人")]
    rows += [
        BulletinRowIn(entity_name=n, entity_code=c, value=Decimal(int(departures * f)), unit="人") for n, c, f in others
    ]
    await save_bulletin(
        b.session,
        Bulletin,
        BulletinRow,
        indicator_code="labour_dispatched",
        period=period,
        scope=BulletinScope.NATIONAL,
        source_document=f"{period}年中韩雇佣制劳务合作情况通报（演示）",
        rows=rows,
        imported_by="seed",
    )


async def seed_funds(b: DemoBuilder) -> None:
    """中小开 and export credit insurance premium subsidies, disbursed to enterprises."""
    zxk = b.add(FundProgram, DEMO_CITY, code="ZXK-2021", name="中小企业国际市场开拓资金", kind="sme_market_development")
    xb = b.add(FundProgram, DEMO_CITY, code="XB-2021", name="出口信用保险保费补贴", kind="export_credit_insurance")
    await b.session.flush()
    for year in (2020, 2021):
        for program, n in ((zxk, 9 if year == 2021 else 6), (xb, 7 if year == 2021 else 5)):
            for _ in range(n):
                region = b.rng.choice(COUNTIES)
                uscc, name = b.enterprise(region, "进出口")
                approved = b.day(year, 3, 9)
                b.add(
                    FundGrant,
                    region,
                    program_id=program.id,
                    enterprise_uscc=uscc,
                    enterprise_name=name,
                    amount_wan_yuan=Decimal(b.rng.randrange(300, 3000)) / 100,
                    approved_on=approved,
                    disbursed_on=approved + timedelta(days=b.rng.randrange(20, 60)),
                )


async def seed_fairs(b: DemoBuilder) -> None:
    """The Canton Fair with 26 of the city's enterprises, the provincial online fair, and the trainings."""
    canton = b.add(
        TradeFair,
        DEMO_CITY,
        name="第130届中国进出口商品交易会（广交会）",
        mode="hybrid",
        starts_on=date(2021, 10, 15),
        ends_on=date(2021, 10, 19),
        organizer="商务部、广东省人民政府",
        location="广州",
    )
    provincial = b.add(
        TradeFair,
        DEMO_CITY,
        name="河南省出口商品网上展示交易会",
        mode="online",
        starts_on=date(2021, 8, 10),
        ends_on=date(2021, 8, 20),
        organizer="河南省商务厅",
    )
    earlier = b.add(
        TradeFair,
        DEMO_CITY,
        name="第127届中国进出口商品交易会（广交会）",
        mode="online",
        starts_on=date(2020, 6, 15),
        ends_on=date(2020, 6, 24),
        organizer="商务部、广东省人民政府",
    )
    await b.session.flush()
    exhibitors = [(DEMO_ENTERPRISE_USCC, DEMO_ENTERPRISE_NAME, GUANGSHAN)]
    while len(exhibitors) < 26:
        region = COUNTIES[len(exhibitors) % len(COUNTIES)]
        uscc, name = b.enterprise(region, b.rng.choice(["茶业", "羽绒", "食品", "纺织", "家居", "电子"]))
        exhibitors.append((uscc, name, region))
    for fair, chosen in ((canton, exhibitors), (provincial, exhibitors[:15]), (earlier, exhibitors[:18])):
        b.exhibit(fair, chosen, some_offline=fair is canton)
    for topic, held, mode, people, firms in (
        ("对欧经贸合作线上培训班", date(2021, 4, 22), "online", 136, 48),
        ("区域全面经济伙伴关系协定（RCEP）线上培训班", date(2021, 5, 27), "online", 210, 66),
        ("外经贸企业汇率避险业务线上培训班", date(2021, 7, 15), "online", 158, 52),
        ("国际贸易“单一窗口”应用培训", date(2021, 9, 9), "offline", 95, 41),
        ("外贸政策解读会", date(2020, 9, 17), "offline", 80, 35),
    ):
        b.add(
            Training,
            DEMO_CITY,
            topic=topic,
            held_on=held,
            mode=mode,
            organizer="信阳市商务局",
            attendee_count=people,
            enterprise_count=firms,
        )


async def seed_exports(b: DemoBuilder) -> None:
    """Meat registrations for four markets with the first frozen duck export to Kazakhstan, and the tea trains."""
    uscc, name = b.enterprise("411526", "食品")
    for country, registered, exported in (
        ("乌兹别克斯坦", date(2021, 3, 12), None),
        ("哈萨克斯坦", date(2021, 4, 8), date(2021, 9, 26)),
        ("新加坡", date(2021, 6, 2), None),
        ("中国澳门", date(2021, 8, 19), None),
    ):
        b.add(
            ExportRegistration,
            "411526",
            enterprise_uscc=uscc,
            enterprise_name=name,
            product="冻鸭肉" if country == "哈萨克斯坦" else "禽肉制品",
            hs_code="020714" if country == "哈萨克斯坦" else "160232",
            destination_country=country,
            recommended_on=registered - timedelta(days=40),
            registered_on=registered,
            first_exported_on=exported,
        )
    tea = [(DEMO_ENTERPRISE_USCC, DEMO_ENTERPRISE_NAME, GUANGSHAN)]
    tea += [(*b.enterprise(r, "茶业"), r) for r in (SHIHE, "411503", XINXIAN, "411524")]
    for year, trains in ((2021, 5), (2020, 3)):
        for t in range(trains):
            departs = date(year, 4 + t * 2 if year == 2021 else 5 + t * 2, 16)
            for _ in range(b.rng.randrange(5, 9) if year == 2021 else b.rng.randrange(4, 7)):
                uscc, name, region = b.rng.choice(tea)
                b.add(
                    ExportShipment,
                    region,
                    enterprise_uscc=uscc,
                    enterprise_name=name,
                    product="茶叶",
                    channel="china_europe_railway",
                    train_name="中欧班列—信阳绿茶专列",
                    train_no=f"XY-TEA-{year}-{t + 1:02d}",
                    batch_no=f"{year}{t + 1:02d}{b.rng.randrange(1000, 9999)}",
                    shipped_on=departs,
                    destination_country=b.rng.choice(["乌兹别克斯坦", "俄罗斯", "哈萨克斯坦"]),
                    goods_value_wan_yuan=Decimal(b.rng.randrange(1500, 6000)) / 100,
                )


async def seed_statistics(b: DemoBuilder) -> None:
    """Monthly imports and exports of every county and district, 2020 and 2021."""
    for year, growth in ((2020, 1.0), (2021, 1.18)):
        for month in range(1, 13):
            for region in (*DISTRICTS, *COUNTIES):
                base = 300 + (int(region) % 97) * 9
                b.add(
                    ForeignTradeStat,
                    region,
                    year=year,
                    month=month,
                    import_wan_usd=Decimal(int(base * 0.4 * growth * b.rng.uniform(0.8, 1.2) * 100)) / 100,
                    export_wan_usd=Decimal(int(base * growth * b.rng.uniform(0.8, 1.2) * 100)) / 100,
                )


#: The 2021 promotion events the report names (seed_report_facts), counted among the year's 83.
NAMED_PROMOTIONS_2021 = 2


async def seed_domestic(b: DemoBuilder) -> None:
    """80-odd promotion events, the honours created in 2021, the two renovated streets."""
    kinds = (("美食节", "food_festival"), ("购物节", "shopping_festival"), ("消费季", "consumption_season"))
    for year, n in ((2020, 52), (2021, 83)):
        for i in range(n):
            region = (DEMO_CITY, *DISTRICTS, *COUNTIES)[i % 11]
            label, kind = kinds[i % 3]
            starts = b.day(year)
            # Two of 2021's 83 are the contest and the food season the report names (seed_report_facts); their
            # days are still drawn, so every later record of the demo keeps its value.
            if year == 2021 and i >= n - NAMED_PROMOTIONS_2021:
                continue
            b.promotion(region, f"{b.regions.name_of(region)}{label}（第{i + 1}场）", kind, starts)
    for kind, holder, region in (
        ("brand_consumption_cluster", "信阳市羊山新区品牌消费集聚区", SHIHE),
        ("safe_mall", "信阳百货大楼", SHIHE),
        ("safe_mall", "光山县弦山购物中心", GUANGSHAN),
        ("green_mall", "信阳万达广场", "411503"),
        ("green_mall", "固始县国贸商城", "411525"),
        ("express_logistics_park", "信阳市快递物流园", "411503"),
    ):
        b.add(CommerceHonour, region, kind=kind, level="provincial", holder_name=holder, awarded_on=date(2021, 11, 30))
    b.add(
        CommerceHonour,
        SHIHE,
        kind="time_honoured_brand",
        level="provincial",
        holder_name="信阳老字号茶庄",
        awarded_on=date(2020, 10, 20),
    )
    b.add(
        StreetRenovation,
        SHIHE,
        name="浉河区胜利路步行街",
        kind="pedestrian_street",
        started_on=date(2020, 9, 1),
        completed_on=date(2021, 9, 28),
        investment_wan_yuan=Decimal("3200.00"),
    )
    b.add(
        StreetRenovation,
        XINXIAN,
        name="新县首府路文旅商业特色步行街",
        kind="cultural_tourism_street",
        started_on=date(2020, 11, 1),
        completed_on=date(2021, 10, 1),
        investment_wan_yuan=Decimal("1800.00"),
    )


async def seed_ecommerce(b: DemoBuilder) -> None:
    """The eight demonstration counties (息县 promoted in 2021), full coverage, public brands, training."""
    for i, region in enumerate(COUNTIES):
        b.add(
            DemoCounty,
            region,
            approved_level="provincial",
            approved_year=2016 + i % 4,
            promoted_to_national_on=date(2021, 7, 16) if region == XIXIAN else None,
        )
        villages = 180 + (int(region) % 13) * 20
        poor = villages // 4
        for as_of, share in ((date(2020, 12, 31), 0.9), (date(2021, 12, 31), 1.0)):
            b.add(
                VillageCoverage,
                region,
                as_of=as_of,
                villages_total=villages,
                villages_with_station=int(villages * share * 0.95),
                villages_with_express=int(villages * share),
                poor_villages_total=poor,
                poor_villages_with_station=int(poor * share),
            )
        for year in (2020, 2021):
            b.add(
                EcommerceTraining,
                region,
                title=f"{b.regions.name_of(region)}{year}年电商人才免费培训",
                held_on=date(year, 6, 1),
                sessions=12 if year == 2021 else 8,
                person_times=(3200 if year == 2021 else 2500) + (int(region) % 7) * 150,
            )
    b.add(
        PublicBrand,
        GUANGSHAN,
        name="光山十宝",
        launched_on=date(2018, 9, 1),
        owner="光山县电子商务公共服务中心",
        products="光山麻鸭、光山青虾、光山茶叶、光山糍粑、光山油茶等十种农产品",
    )
    b.add(
        PublicBrand,
        XINXIAN,
        name="新县味",
        launched_on=date(2019, 5, 1),
        owner="新县电子商务公共服务中心",
        products="新县板栗、新县葛根、新县山茶油、新县豆腐乳等",
    )


async def seed_report_facts(b: DemoBuilder) -> None:
    """The names the 2021 report writes: the labour brand, the cuisine contest and the food season (featuring 信阳菜),
    the three 美食之乡 and the 河南老字号."""
    b.add(LabourBrand, DEMO_CITY, name="信阳", level="provincial", recognized_on=date(2019, 6, 1))
    for name, kind, on in (
        ("信阳养生菜推广大赛", "cuisine_contest", date(2021, 5, 18)),
        ("“寻味黄河·品飨信阳”信阳美食季", "food_season", date(2021, 9, 16)),
    ):
        b.add(
            PromotionEvent,
            DEMO_CITY,
            name=name,
            kind=kind,
            starts_on=on,
            ends_on=on + timedelta(days=3),
            organizer="信阳市商务局",
            featured_brand="信阳菜",
            consumption_driven_yi_yuan=Decimal("0.3500"),
        )
    for holder, title, region in (
        ("信阳市", "中国茶筵之乡", DEMO_CITY),
        ("商城县", "中国炖菜之乡", "411524"),
        ("固始县", "中国皮丝之乡", "411525"),
    ):
        b.add(
            CommerceHonour,
            region,
            kind="food_town",
            level="national",
            holder_name=holder,
            title=title,
            awarded_on=date(2020, 12, 18),
        )
    b.add(
        CommerceHonour,
        SHIHE,
        kind="time_honoured_brand",
        level="provincial",
        holder_name="信阳市五月鲜茶叶老字号",
        title="河南老字号",
        awarded_on=date(2019, 12, 10),
    )


def _months_of(months: list[date], *wanted: int) -> list[date]:
    """The recent months that are among the wanted months of the year."""
    return [m for m in months if m.month in wanted]


async def seed_recent_labour(b: DemoBuilder, months: list[date], on: date) -> None:
    """A batch to Korea every month, the next intake at home, a yearly exchange event, last year's bulletin."""
    eps = await b.session.scalar(select(LabourProgram).where(LabourProgram.code == "EPS"))
    assert eps is not None
    departed: dict[int, int] = {}
    for i, month in enumerate(months):
        batch = b.add(
            DispatchBatch,
            DEMO_CITY,
            program_id=eps.id,
            batch_no=f"{month.year}-韩-{month.month:02d}",
            departs_on=b.rng_day(month, on, 15, 20),
        )
        await b.session.flush()
        for k in range(b.rng.randrange(18, 30)):
            region = COUNTIES[(i + k) % len(COUNTIES)]
            registered = max(batch.departs_on - timedelta(days=b.rng.randrange(90, 200)), RECENT_START)
            b.worker_abroad(region, batch, registered, 1987)
            departed[month.year] = departed.get(month.year, 0) + 1
    for region in COUNTIES[:4]:  # this month's registrations, still at home
        b.add(
            LabourWorker,
            region,
            program_id=eps.id,
            **b.person(region, date(1998, 3, 1)),
            sector="制造业",
            status="registered",
            registered_on=b.rng_day(months[-1], on),
        )
    for month in _months_of(months, 6):
        b.add(
            ExchangeEvent,
            DEMO_CITY,
            program_id=eps.id,
            name=f"{month.year}年中韩雇佣制劳务合作交流会",
            held_on=b.rng_day(month, on, 20, 26),
            mode="online",
            partners="商务部、韩国雇佣劳动部",
            participants=b.rng.randrange(90, 160),
        )
    last = on.year - 1
    if last in departed:
        await seed_bulletin(b, departed[last], str(last))


async def seed_recent_funds(b: DemoBuilder, months: list[date], on: date) -> None:
    """Each recent year's 中小开 and credit insurance programs; a grant approved every month, disbursed later."""
    programs: dict[int, tuple[Any, Any]] = {}
    for year in sorted({m.year for m in months}):
        programs[year] = (
            b.add(
                FundProgram,
                DEMO_CITY,
                code=f"ZXK-{year}",
                name="中小企业国际市场开拓资金",
                kind="sme_market_development",
            ),
            b.add(
                FundProgram, DEMO_CITY, code=f"XB-{year}", name="出口信用保险保费补贴", kind="export_credit_insurance"
            ),
        )
    await b.session.flush()
    for i, month in enumerate(months):
        region = COUNTIES[i % len(COUNTIES)]
        uscc, name = b.enterprise(region, "进出口")
        approved = b.rng_day(month, on)
        disbursed = approved + timedelta(days=b.rng.randrange(10, 40))
        b.add(
            FundGrant,
            region,
            program_id=programs[month.year][i % 2].id,
            enterprise_uscc=uscc,
            enterprise_name=name,
            amount_wan_yuan=Decimal(b.rng.randrange(300, 3000)) / 100,
            approved_on=approved,
            disbursed_on=disbursed if disbursed <= on else None,
        )


async def seed_recent_fairs(b: DemoBuilder, months: list[date], on: date) -> None:
    """The Canton Fair each spring and autumn, the provincial online fair each August, the yearly trainings."""
    exhibitors = [(DEMO_ENTERPRISE_USCC, DEMO_ENTERPRISE_NAME, GUANGSHAN)]
    while len(exhibitors) < 24:
        region = COUNTIES[len(exhibitors) % len(COUNTIES)]
        uscc, name = b.enterprise(region, b.rng.choice(["茶业", "羽绒", "食品", "纺织", "家居", "电子"]))
        exhibitors.append((uscc, name, region))
    fairs: list[tuple[Any, int]] = []
    for month in _months_of(months, 4, 8, 10):
        opens = date(month.year, month.month, 15 if month.month != 8 else 10)
        if opens > on:
            continue
        if month.month == 8:
            name, mode, organizer = "河南省出口商品网上展示交易会", "online", "河南省商务厅"
        else:
            # The 131st fair was the spring one of 2022; two a year since.
            session_no = 131 + 2 * (month.year - 2022) + (month.month == 10)
            name, mode, organizer = (
                f"第{session_no}届中国进出口商品交易会（广交会）",
                "hybrid",
                "商务部、广东省人民政府",
            )
        fair = b.add(
            TradeFair,
            DEMO_CITY,
            name=name,
            mode=mode,
            starts_on=opens,
            ends_on=opens + timedelta(days=4 if mode == "hybrid" else 10),
            organizer=organizer,
            location="广州" if mode == "hybrid" else None,
        )
        fairs.append((fair, 14 if mode == "online" else b.rng.randrange(18, 25)))
    await b.session.flush()
    for fair, count in fairs:
        b.exhibit(fair, exhibitors[:count], some_offline=fair.mode == "hybrid")
    topics = {
        3: "RCEP原产地规则线上培训班",
        5: "外贸企业汇率避险业务培训",
        9: "跨境电商平台运营培训",
        11: "国际贸易“单一窗口”应用培训",
    }
    for month in _months_of(months, *topics):
        b.add(
            Training,
            DEMO_CITY,
            topic=f"{month.year}年{topics[month.month]}",
            held_on=b.rng_day(month, on, 10, 25),
            mode=b.rng.choice(["online", "offline"]),
            organizer="信阳市商务局",
            attendee_count=b.rng.randrange(80, 220),
            enterprise_count=b.rng.randrange(30, 70),
        )


async def seed_recent_exports(b: DemoBuilder, months: list[date], on: date) -> None:
    """Registrations each spring and autumn; supervised batches every month, tea by special train April-October."""
    uscc, name = b.enterprise("411526", "食品")
    markets = ("阿联酋", "马来西亚", "沙特阿拉伯", "泰国")
    for i, month in enumerate(_months_of(months, 4, 9)):
        registered = b.rng_day(month, on)
        b.add(
            ExportRegistration,
            "411526",
            enterprise_uscc=uscc,
            enterprise_name=name,
            product="禽肉制品",
            hs_code="160232",
            destination_country=markets[i % len(markets)],
            recommended_on=registered - timedelta(days=40),
            registered_on=registered,
        )
    tea = [(DEMO_ENTERPRISE_USCC, DEMO_ENTERPRISE_NAME, GUANGSHAN)]
    tea += [(*b.enterprise(r, "茶业"), r) for r in (SHIHE, XINXIAN, "411524")]
    others = [("羽绒服", "sea", "411525"), ("冻鸭肉", "road", "411526"), ("板栗", "sea", XINXIAN)]
    for month in months:
        by_train = 4 <= month.month <= 10
        shipped = b.rng_day(month, on, 8, 20)
        for k in range(b.rng.randrange(3, 7)):
            if by_train and k < 3:
                uscc, name, region = b.rng.choice(tea)
                product, channel = "茶叶", "china_europe_railway"
            else:
                product, channel, region = others[k % len(others)]
                uscc, name = b.enterprise(region, "进出口")
            b.add(
                ExportShipment,
                region,
                enterprise_uscc=uscc,
                enterprise_name=name,
                product=product,
                channel=channel,
                train_name="中欧班列—信阳绿茶专列" if channel == "china_europe_railway" else None,
                train_no=f"XY-TEA-{month.year}-{month.month:02d}" if channel == "china_europe_railway" else None,
                batch_no=f"{month:%Y%m}{k + 1:02d}{b.rng.randrange(1000, 9999)}",
                shipped_on=shipped,
                destination_country=b.rng.choice(["乌兹别克斯坦", "俄罗斯", "哈萨克斯坦", "韩国", "日本"]),
                goods_value_wan_yuan=Decimal(b.rng.randrange(1500, 6000)) / 100,
            )


async def seed_recent_statistics(b: DemoBuilder, months: list[date]) -> None:
    """Monthly imports and exports of every county and district, growing on the report year's level."""
    for month in months:
        growth = 1.18 * (1.06 + 0.04 * (month.year - 2022))
        for region in (*DISTRICTS, *COUNTIES):
            base = 300 + (int(region) % 97) * 9
            b.add(
                ForeignTradeStat,
                region,
                year=month.year,
                month=month.month,
                import_wan_usd=Decimal(int(base * 0.4 * growth * b.rng.uniform(0.8, 1.2) * 100)) / 100,
                export_wan_usd=Decimal(int(base * growth * b.rng.uniform(0.8, 1.2) * 100)) / 100,
            )


async def seed_recent_domestic(b: DemoBuilder, months: list[date], on: date) -> None:
    """Promotion events every month, honours each November, a street completed last year."""
    kinds = (("美食节", "food_festival"), ("购物节", "shopping_festival"), ("消费季", "consumption_season"))
    regions = (DEMO_CITY, *DISTRICTS, *COUNTIES)
    serial: dict[int, int] = {}
    for month in months:
        for _ in range(b.rng.randrange(5, 10)):
            n = serial[month.year] = serial.get(month.year, 0) + 1
            region = regions[n % len(regions)]
            label, kind = kinds[n % 3]
            starts = b.rng_day(month, on)
            b.promotion(region, f"{b.regions.name_of(region)}{label}（{month.year}年第{n}场）", kind, starts)
    honours = (
        ("green_mall", "潢川县世纪联华购物中心", "411526"),
        ("safe_mall", "罗山县丹尼斯百货", "411521"),
        ("brand_consumption_cluster", "固始县秀水街品牌消费集聚区", "411525"),
        ("green_mall", "商城县金刚台购物广场", "411524"),
    )
    for month in _months_of(months, 11):
        for kind, holder, region in honours[2 * (month.year % 2) : 2 * (month.year % 2) + 2]:
            awarded = b.rng_day(month, on)
            b.add(CommerceHonour, region, kind=kind, level="provincial", holder_name=holder, awarded_on=awarded)
    for month in _months_of(months, 9):
        if month.year < on.year:
            b.add(
                StreetRenovation,
                "411525",
                name="固始县秀水街特色商业街",
                kind="pedestrian_street",
                started_on=date(month.year, 3, 1),
                completed_on=b.rng_day(month, on),
                investment_wan_yuan=Decimal("2600.00"),
            )


async def seed_recent_ecommerce(b: DemoBuilder, months: list[date], on: date) -> None:
    """An e-commerce training every month, the year-end coverage and this month's, a brand launched last year."""
    for i, month in enumerate(months):
        region = COUNTIES[i % len(COUNTIES)]
        b.add(
            EcommerceTraining,
            region,
            title=f"{b.regions.name_of(region)}{month.year}年{month.month}月电商人才免费培训",
            held_on=b.rng_day(month, on),
            sessions=b.rng.randrange(1, 4),
            person_times=b.rng.randrange(180, 420),
        )
    checks = [date(y, 12, 31) for y in sorted({m.year for m in months}) if date(y, 12, 31) <= on]
    checks.append(on.replace(day=1))
    for region in COUNTIES:
        villages = 180 + (int(region) % 13) * 20
        poor = villages // 4
        for as_of in checks:
            b.add(
                VillageCoverage,
                region,
                as_of=as_of,
                villages_total=villages,
                villages_with_station=villages,
                villages_with_express=villages,
                poor_villages_total=poor,
                poor_villages_with_station=poor,
            )
    if months[0].year < on.year:
        b.add(
            PublicBrand,
            XIXIAN,
            name="息县味道",
            launched_on=date(months[0].year, 5, 18),
            owner="息县电子商务公共服务中心",
            products="息县香稻丸、息县黑猪肉、息县鸭蛋等",
        )


async def seed_recent(b: DemoBuilder, on: date) -> None:
    """Last year and this year up to `on`, every module, with a random source of their own."""
    months = recent_months(on)
    if not months:
        return
    b.rng = random.Random(RECENT_SEED)
    await seed_recent_labour(b, months, on)
    await seed_recent_funds(b, months, on)
    await seed_recent_fairs(b, months, on)
    await seed_recent_exports(b, months, on)
    await seed_recent_statistics(b, months)
    await seed_recent_domestic(b, months, on)
    await seed_recent_ecommerce(b, months, on)


#: 南阳市 beside 信阳 on the same installation: a little of every module in 宛城区, 卧龙区 and 南召县, loaded
#: after 信阳's rows with a random source of its own, so every figure of 信阳 stays as it was.
NANYANG, WANCHENG, WOLONG, NANZHAO = "411300", "411302", "411303", "411321"
NANYANG_PROGRAM_CODE = "EPS-NY"


async def seed_nanyang(b: DemoBuilder, on: date) -> None:
    """南阳's labour program with two workers, its Canton Fair exhibitors and training, promotions, and 南召县 as an
    e-commerce demonstration county with its villages' coverage; nothing dated after `on`."""
    b.rng = random.Random(int(NANYANG))
    recent = max(date(on.year, 1, 1), on - timedelta(days=20))
    eps = b.add(LabourProgram, NANYANG, code=NANYANG_PROGRAM_CODE, name="中韩雇佣制", destination_country="韩国")
    await b.session.flush()
    batch = b.add(DispatchBatch, NANYANG, program_id=eps.id, batch_no="2021-宛-01", departs_on=date(2021, 9, 18))
    await b.session.flush()
    b.worker_abroad(WOLONG, batch, date(2021, 5, 10), 1990)
    b.add(
        LabourWorker,
        NANZHAO,
        program_id=eps.id,
        **b.person(NANZHAO, date(1996, 3, 12)),
        sector="制造业",
        status="registered",
        registered_on=recent,
    )
    canton = b.add(
        TradeFair,
        NANYANG,
        name="第130届中国进出口商品交易会（广交会）",
        mode="hybrid",
        starts_on=date(2021, 10, 15),
        ends_on=date(2021, 10, 19),
        organizer="商务部、广东省人民政府",
        location="广州",
    )
    await b.session.flush()
    exhibitors = [
        (b.uscc(WOLONG), "南阳卧龙光电科技有限公司", WOLONG),
        (b.uscc(WANCHENG), "南阳宛城艾草制品有限公司", WANCHENG),
        (b.uscc(NANZHAO), "南召县柞蚕丝绸有限公司", NANZHAO),
    ]
    b.exhibit(canton, exhibitors, some_offline=True)
    b.add(
        Training,
        NANYANG,
        topic="跨境电商与RCEP原产地规则培训",
        held_on=date(2021, 6, 17),
        mode="offline",
        organizer="南阳市商务局",
        attendee_count=86,
        enterprise_count=37,
    )
    b.promotion(WANCHENG, "宛城区金秋消费季", "consumption_season", date(2021, 9, 10))
    b.promotion(WOLONG, "卧龙区美食节", "food_festival", recent)
    b.add(DemoCounty, NANZHAO, approved_level="provincial", approved_year=2019)
    for as_of, share in ((date(2020, 12, 31), 0.88), (date(2021, 12, 31), 1.0)):
        b.add(
            VillageCoverage,
            NANZHAO,
            as_of=as_of,
            villages_total=240,
            villages_with_station=int(240 * share * 0.95),
            villages_with_express=int(240 * share),
            poor_villages_total=62,
            poor_villages_with_station=int(62 * share),
        )
    b.add(
        EcommerceTraining,
        NANZHAO,
        title="南召县2021年电商人才免费培训",
        held_on=date(2021, 6, 8),
        sessions=6,
        person_times=1350,
    )


async def load_demo(
    session: AsyncSession, regions: RegionDirectory, cipher: FieldCipher, on: date | None = None
) -> int:
    """Load the demo into a session (no commit): the report year's and the recent records up to `on` (today in
    Asia/Shanghai by default); returns the 2021 departures."""
    b = DemoBuilder(session, regions, cipher)
    departures = await seed_labour(b)
    await seed_bulletin(b, departures)
    await seed_funds(b)
    await seed_fairs(b)
    await seed_exports(b)
    await seed_statistics(b)
    await seed_domestic(b)
    await seed_ecommerce(b)
    await seed_report_facts(b)
    await seed_recent(b, on or today())
    await seed_nanyang(b, on or today())
    await session.flush()
    return departures


async def seed_demo(db: Database, settings: ServiceSettings) -> None:
    """Load the demo once (left alone when the EPS program exists)."""
    assert isinstance(settings, TradeSettings)
    regions = load_regions(settings.reference_data_dir)
    cipher = load_cipher(settings)
    async with db.session() as session:
        if await session.scalar(select(LabourProgram.id).where(LabourProgram.code == "EPS")) is not None:
            return
        departures = await load_demo(session, regions, cipher)
        await audit.record(
            session,
            principal=None,
            actor="system:seed",
            action="seed.demo",
            entity_type="trade",
            entity_id=None,
            detail=f"演示对外经贸数据：2021年赴韩派出{departures}人及近两年各项业务等",
        )
        await session.commit()
