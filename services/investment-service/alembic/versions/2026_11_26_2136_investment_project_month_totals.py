"""investment project month totals: milestones of live projects per region and month, and signing cohorts
(signing month × later milestone month), filled from the existing projects.

Revision ID: de97fe1e45f2
Revises: 1c87e9721738
Create Date: 2026-11-26 21:36:37.578964
"""

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

import sqlalchemy as sa
from alembic import op


revision: str = 'de97fe1e45f2'
down_revision: str | None = '1c87e9721738'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_table('project_cohort_total',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='行政区划代码'),
    sa.Column('signed_month', sa.Date(), nullable=False, comment='签约月份(当月1日)'),
    sa.Column('milestone', sa.String(length=16), nullable=False, comment='节点 landed / started / in_production'),
    sa.Column('milestone_month', sa.Date(), nullable=False, comment='到达该节点的月份(当月1日)'),
    sa.Column('projects', sa.Integer(), nullable=False, comment='项目数'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_cohort_total')),
    sa.UniqueConstraint('region_path', 'signed_month', 'milestone', 'milestone_month', name='uq_project_cohort_total_key'),
    schema='investment_svc',
    comment='招商项目按签约月份与后续节点月份汇总(履约率、开工率、投产率)'
    )
    op.create_table('project_month_total',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='行政区划代码'),
    sa.Column('month', sa.Date(), nullable=False, comment='月份(当月1日)'),
    sa.Column('signed', sa.Integer(), nullable=False, comment='当月签约项目数'),
    sa.Column('contracted_wan_yuan', sa.Numeric(precision=18, scale=2), nullable=False, comment='当月签约投资额(万元)'),
    sa.Column('signed_out_of_province', sa.Integer(), nullable=False, comment='当月签约的省外资金项目数'),
    sa.Column('landed', sa.Integer(), nullable=False, comment='当月履约落地项目数'),
    sa.Column('started', sa.Integer(), nullable=False, comment='当月开工项目数'),
    sa.Column('in_production', sa.Integer(), nullable=False, comment='当月投产项目数'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_month_total')),
    sa.UniqueConstraint('region_path', 'month', name=op.f('uq_project_month_total_region_path_month')),
    schema='investment_svc',
    comment='招商项目按地区、月份汇总的节点数(仅未删除项目)'
    )
    _fill()


def _fill() -> None:
    """Count the existing live projects (in Python: the month of a date is spelled differently per database)."""
    schema = 'investment_svc'
    meta = sa.MetaData()
    project = sa.Table(
        'project', meta, *(sa.Column(c) for c in (
            'region_path', 'region_code', 'deleted_at', 'signed_on', 'landed_on', 'started_on', 'in_production_on',
            'contracted_investment_wan_yuan', 'investor_origin',
        )), schema=schema,
    )
    months_table = sa.Table(
        'project_month_total', meta, *(sa.Column(c) for c in (
            'region_path', 'region_code', 'month', 'signed', 'contracted_wan_yuan', 'signed_out_of_province', 'landed',
            'started', 'in_production',
        )), schema=schema,
    )
    cohorts_table = sa.Table(
        'project_cohort_total', meta, *(sa.Column(c) for c in (
            'region_path', 'region_code', 'signed_month', 'milestone', 'milestone_month', 'projects',
        )), schema=schema,
    )
    bind = op.get_bind()
    months: dict[tuple, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    cohorts: dict[tuple, int] = defaultdict(int)
    for p in bind.execute(sa.select(project).where(project.c.deleted_at.is_(None))).mappings():
        signed = p['signed_on']
        if signed is not None:
            m = months[(p['region_path'], p['region_code'], signed.replace(day=1))]
            m['signed'] += 1
            m['contracted_wan_yuan'] += Decimal(p['contracted_investment_wan_yuan'])
            m['signed_out_of_province'] += 1 if p['investor_origin'] == 'out_of_province' else 0
        for milestone in ('landed', 'started', 'in_production'):
            on = p[f'{milestone}_on']
            if on is None:
                continue
            months[(p['region_path'], p['region_code'], on.replace(day=1))][milestone] += 1
            if signed is not None:
                cohorts[(p['region_path'], p['region_code'], signed.replace(day=1), milestone, on.replace(day=1))] += 1
    columns = ('signed', 'contracted_wan_yuan', 'signed_out_of_province', 'landed', 'started', 'in_production')
    rows = [
        {'region_path': k[0], 'region_code': k[1], 'month': k[2], **{c: v.get(c, Decimal(0)) for c in columns}}
        for k, v in months.items()
    ]
    if rows:
        op.bulk_insert(months_table, [{**r, **{c: int(r[c]) for c in columns if c != 'contracted_wan_yuan'}} for r in rows])
    cohort_rows = [
        {'region_path': k[0], 'region_code': k[1], 'signed_month': k[2], 'milestone': k[3], 'milestone_month': k[4], 'projects': n}
        for k, n in cohorts.items()
    ]
    if cohort_rows:
        op.bulk_insert(cohorts_table, cohort_rows)


def downgrade() -> None:
    """Revert."""
    op.drop_table('project_month_total', schema='investment_svc')
    op.drop_table('project_cohort_total', schema='investment_svc')
