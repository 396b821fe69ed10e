"""investment fund month totals: current funds in place of live projects per region and month, filled from
the existing records (the indicators read a year from it instead of every fund record).

Revision ID: 1c87e9721738
Revises: 837733343cb7
Create Date: 2026-11-26 21:29:04.861501
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '1c87e9721738'
down_revision: str | None = '837733343cb7'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_table('project_fund_month_total',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='项目所在行政区划物化路径'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='项目所在行政区划代码'),
    sa.Column('month', sa.Date(), nullable=False, comment='所属月份(当月1日)'),
    sa.Column('amount_wan_yuan', sa.Numeric(precision=18, scale=2), nullable=False, comment='合计(万元)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_fund_month_total')),
    sa.UniqueConstraint('region_path', 'month', name=op.f('uq_project_fund_month_total_region_path_month')),
    schema='investment_svc',
    comment='实际到位省外资金按地区、月份汇总(仅当前有效版本、未删除项目)'
    )
    schema = 'investment_svc'
    # Table objects (not lightweight clauses), so SQLite's schema translation applies to them.
    meta = sa.MetaData()
    fund = sa.Table('project_fund', meta, sa.Column('project_id'), sa.Column('month'), sa.Column('is_current'), sa.Column('amount_wan_yuan'), schema=schema)
    project = sa.Table('project', meta, sa.Column('id'), sa.Column('region_path'), sa.Column('region_code'), sa.Column('deleted_at'), schema=schema)
    total = sa.Table('project_fund_month_total', meta, sa.Column('region_path'), sa.Column('region_code'), sa.Column('month'), sa.Column('amount_wan_yuan'), schema=schema)
    sums = (
        sa.select(project.c.region_path, project.c.region_code, fund.c.month, sa.func.sum(fund.c.amount_wan_yuan))
        .select_from(fund.join(project, project.c.id == fund.c.project_id))
        .where(fund.c.is_current.is_(True), project.c.deleted_at.is_(None))
        .group_by(project.c.region_path, project.c.region_code, fund.c.month)
    )
    op.execute(total.insert().from_select(['region_path', 'region_code', 'month', 'amount_wan_yuan'], sums))


def downgrade() -> None:
    """Revert."""
    op.drop_table('project_fund_month_total', schema='investment_svc')
