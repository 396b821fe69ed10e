"""Each 「XX」 of the seed report (tests/data/work-report-2021.txt) and the placeholder of the default text that
writes it: the report fills every one from data or lists it in the 缺数清单, never drops it."""

from __future__ import annotations

import re
from pathlib import Path

SEED = Path(__file__).parent / "data" / "work-report-2021.txt"
RUN = re.compile(r"X+")

#: In the seed's order: the words just before the XX, and the placeholder that writes it.
SEED_PLACEHOLDERS: tuple[tuple[str, str], ...] = (
    ("现将", "region_name"),
    ("抽调", "staff_seconded"),
    ("其中", "staff_task_force"),
    ("工作，", "staff_coordination"),
    ("活动安排，", "plan_issued_on"),
    ("活动", "region_name"),
    ("（", "plan_doc_number"),
    ("共计", "superior_received"),
    ("已办结", "superior_resolved"),
    ("《", "measures_title"),
    ("共签约项目", "projects_signed"),
    ("总投资额", "contracted_investment"),
    ("其中落地", "projects_landed"),
    ("开工", "projects_started"),
    ("投产试产", "projects_in_production"),
    ("引进省外资金项目", "out_of_province_projects"),
    ("实际到位省外资金", "out_of_province_funds"),
    ("同比增长", "out_of_province_funds.yoy"),
    ("居全省第", "out_of_province_funds.rank"),
    ("新设外资企业", "new_foreign_enterprises"),
    ("同比增长", "new_foreign_enterprises.yoy"),
    ("居全省第", "new_foreign_enterprises.rank"),
    ("实际吸收外资", "foreign_capital_local"),
    ("同比增长", "foreign_capital_local.yoy"),
    ("居全省第", "foreign_capital_local.rank"),
    ("用好", "labour_brands"),
    ("赴韩人员", "labour_dispatched"),
    ("“", "province_name"),
    ("中欧班列——", "shipment_train_names"),
    ("监管出口茶叶", "shipment_batches"),
    ("货值", "shipment_goods_value_wan_yuan"),
    ("分别增长", "shipment_batches.yoy"),
    ("%、", "shipment_goods_value_wan_yuan.yoy"),
    ("带动消费", "promotion_consumption_yi_yuan"),
    ("环比增长", "promotion_consumption_yi_yuan.mom"),
    ("成功指导举办", "cuisine_contests"),
    ("品飨", "food_seasons"),
    ("”", "food_seasons"),
    ("集中宣传了", "food_towns"),
    ("市（", "food_towns"),
    ("商城县（", "food_towns"),
    ("固始县（", "food_towns"),
    ("打造", "featured_brands"),
    ("开展", "time_honoured_titles"),
    ("示范园区1个。", "streets_named"),
    ("今年", "ecommerce_national_promotions"),
    ("已累计培训", "ecommerce_training_person_times_cumulative"),
)


def seed_runs() -> list[tuple[int, str]]:
    """Each XX run of the seed: where it starts and the seed's text before it."""
    text = SEED.read_text(encoding="utf-8")
    return [(m.start(), text[: m.start()]) for m in RUN.finditer(text)]
