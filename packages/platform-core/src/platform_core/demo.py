"""Demo-mode facts that the gateway and the services must agree on (never used in production)."""

from __future__ import annotations

#: The enterprise the demo account `enterprise` belongs to (光山县; a valid USCC).
DEMO_ENTERPRISE_USCC = "91411522MA45R7K376"
DEMO_ENTERPRISE_NAME = "光山县大别山茶业有限公司"
DEMO_ENTERPRISE_REGION = "411522"
DEMO_CITY = "411500"
