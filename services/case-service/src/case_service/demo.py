"""Reference and demo data for case-service (demo data only outside production)."""

from __future__ import annotations

import random

from sqlalchemy import select

from case_service.core import audit
from case_service.enterprise.models import Enterprise
from platform_core.db import Database
from platform_core.demo import DEMO_CITY, DEMO_ENTERPRISE_NAME, DEMO_ENTERPRISE_REGION, DEMO_ENTERPRISE_USCC
from platform_core.regions import RegionDirectory, load_regions
from platform_core.settings import ServiceSettings
from platform_core.uscc import check_character, org_code_check

ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
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
                    "is_key": rng.random() < 0.2,
                    "contact_person": rng.choice(SURNAMES) + rng.choice(GIVEN),
                    "contact_phone": f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}",
                    "address": f"{county.name}{rng.choice(PARKS)}{rng.randrange(1, 300)}号",
                }
            )
    return rows


async def seed(db: Database, settings: ServiceSettings, demo: bool) -> None:
    """Load demo enterprises once (existing codes are left alone)."""
    if not demo:
        return
    regions = load_regions(settings.reference_data_dir)
    rows = demo_enterprises(regions)
    async with db.sessionmaker() as session:
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
