"""Demo-mode facts that the gateway and the services must agree on (never used in production)."""

from __future__ import annotations

#: The enterprise the demo account `enterprise` belongs to (光山县; a valid USCC).
DEMO_ENTERPRISE_USCC = "91411522MA45R7K376"
DEMO_ENTERPRISE_NAME = "光山县大别山茶业有限公司"
DEMO_ENTERPRISE_REGION = "411522"
DEMO_CITY = "411500"

#: The demo bureau leader, account `leader` of the gateway: demo accounts are created in a fixed order on an
#: empty database, so its user id is known; case-service pairs this id with key enterprises ("my enterprises").
DEMO_LEADER_USER_ID = 4
DEMO_LEADER_NAME = "李建国"

#: Gateway ids and names of the seeded city departments: units are created in this order on an empty database,
#: so case-service's demo cases go to units the demo accounts belong to (`unit_zrzy` is in unit 2).
DEMO_CITY_UNITS: tuple[tuple[int, str], ...] = (
    (1, "信阳市商务局"),
    (2, "信阳市自然资源和规划局"),
    (3, "信阳市发展和改革委员会"),
    (4, "信阳市市场监督管理局"),
    (5, "信阳市生态环境局"),
)

#: The second demo city (南阳) and gateway ids of some of its units: after 信阳's five departments and eleven county
#: bureaus come 南阳's departments (17-21), then its county bureaus in code order (宛城区 22, 卧龙区 23, 南召县 24).
DEMO_SECOND_CITY = "411300"
DEMO_SECOND_CITY_UNITS: tuple[tuple[int, str], ...] = (
    (17, "南阳市商务局"),
    (18, "南阳市自然资源和规划局"),
    (22, "宛城区商务局"),
    (23, "卧龙区商务局"),
    (24, "南召县商务局"),
)
