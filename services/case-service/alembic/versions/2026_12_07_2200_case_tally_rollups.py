"""case tally roll-ups: a calendar year's statistics read the year's tallies summed by unit, and by month for the trend

Revision ID: 4c8e1a9f6b30
Revises: 8b3f0d6c2a91
Create Date: 2026-12-07 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4c8e1a9f6b30"
down_revision: str | None = "8b3f0d6c2a91"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = (
    ("received", "登记数(锚定：登记)"),
    ("done", "已办结数(锚定：登记；第二：办结)"),
    ("rejected", "不予受理数(锚定：登记；第二：关闭)"),
    ("merged", "合并办理数(锚定：登记；第二：关闭)"),
    ("assigned", "交办数(锚定：交办)"),
    ("sign_due", "签收期限已到或已签收数(第二：两者较早者)"),
    ("signed_in_time", "按期签收数(第二：签收)"),
    ("feedback_due", "反馈期限已到或已反馈数(第二：较早者)"),
    ("feedback_in_time", "按期首次反馈数(第二：首次反馈)"),
    ("resolved", "办结数(锚定：办结)"),
    ("on_time", "按期办结数(锚定：办结)"),
    ("rated", "回访评价数(锚定：评价)"),
    ("satisfied", "满意及基本满意数(锚定：评价)"),
    ("closed", "销号数(锚定：关闭)"),
)


def _id() -> sa.Column:
    return sa.Column(
        "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False, comment="主键"
    )


def _region_and_source() -> list[sa.Column]:
    return [
        sa.Column("region_code", sa.String(length=12), nullable=False, comment="行政区划代码"),
        sa.Column("region_path", sa.String(length=80), nullable=False, comment="行政区划物化路径"),
        sa.Column("source", sa.String(length=16), nullable=False, comment="来源"),
    ]


def _counts() -> list[sa.Column]:
    return [sa.Column(name, sa.Integer(), nullable=False, comment=comment) for name, comment in COUNTS]


def upgrade() -> None:
    """Create both roll-ups and fill them from the stored monthly tallies."""
    op.create_table(
        "case_tally_year",
        _id(),
        sa.Column("year", sa.Integer(), nullable=False, comment="锚定时刻所在年(北京时间)"),
        *_region_and_source(),
        sa.Column("lead_unit_id", sa.Integer(), nullable=False, comment="牵头单位ID，未交办为0"),
        sa.Column(
            "lead_unit_name", sa.String(length=100), nullable=False, comment="牵头单位名称(交办时快照)，未交办为空串"
        ),
        *_counts(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_tally_year")),
        sa.UniqueConstraint(
            "year", "region_code", "source", "lead_unit_id", "lead_unit_name", name=op.f("uq_case_tally_year_key")
        ),
        schema="case_svc",
        comment="诉求年度统计汇总(按年、区划、来源、牵头单位；第二时刻在当年内的计数)",
    )
    op.create_table(
        "case_tally_month",
        _id(),
        sa.Column("month", sa.Integer(), nullable=False, comment="锚定时刻所在月(北京时间)：年*12+月-1"),
        *_region_and_source(),
        *_counts(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_tally_month")),
        sa.UniqueConstraint("month", "region_code", "source", name=op.f("uq_case_tally_month_key")),
        schema="case_svc",
        comment="诉求月度趋势汇总(按锚定月、区划、来源；第二时刻在锚定月当年内的计数)",
    )
    # The service's own roll-up, so what a roll-up keeps is defined in one place.
    from case_service.indicators.tally import fill_rollups

    fill_rollups(op.get_bind())


def downgrade() -> None:
    """Drop the roll-ups (the statistics of that version read the monthly tallies alone)."""
    op.drop_table("case_tally_month", schema="case_svc")
    op.drop_table("case_tally_year", schema="case_svc")
