"""investment records: 三个一批 rounds, projects with their steps and progress reports, monthly funds in place
with revisions, foreign-invested enterprises and visits, foreign capital per caliber, bulletins, industry chains.

Revision ID: 837733343cb7
Revises: b84e5863713a
Create Date: 2026-11-26 15:55:55.870754
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '837733343cb7'
down_revision: str | None = 'b84e5863713a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_table('bulletin',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('indicator_code', sa.String(length=64), nullable=False, comment='指标编码'),
    sa.Column('period_label', sa.String(length=32), nullable=False, comment='统计期间，如 2021、2021-Q3、2021-06-YTD'),
    sa.Column('scope', sa.String(length=16), nullable=False, comment='排名范围 province 全省 / national 全国'),
    sa.Column('source_document', sa.String(length=200), nullable=False, comment='来源文件(通报名称或文号)'),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False, comment='导入时间'),
    sa.Column('imported_by', sa.String(length=64), nullable=False, comment='导入人(sub)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bulletin')),
    schema='investment_svc',
    comment='全省/全国通报'
    )
    op.create_index('ix_bulletin_indicator_period', 'bulletin', ['indicator_code', 'period_label', 'scope', 'id'], unique=False, schema='investment_svc')
    op.create_table('foreign_enterprise',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('uscc', sa.String(length=18), nullable=False, comment='统一社会信用代码'),
    sa.Column('name', sa.String(length=200), nullable=False, comment='企业名称'),
    sa.Column('investor_country_region', sa.String(length=64), nullable=False, comment='投资方国别或地区(含港澳台)'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所在行政区划代码'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径'),
    sa.Column('established_on', sa.Date(), nullable=False, comment='设立日期(新设外资企业按此统计)'),
    sa.Column('registered_capital_wan_usd', sa.Numeric(precision=18, scale=2), nullable=True, comment='注册资本(万美元)'),
    sa.Column('industry', sa.String(length=64), nullable=True, comment='所属行业'),
    sa.Column('is_white_listed', sa.Boolean(), nullable=False, comment='是否列入白名单'),
    sa.Column('white_listed_on', sa.Date(), nullable=True, comment='列入白名单日期'),
    sa.Column('chief_service_officer', sa.String(length=64), nullable=True, comment='首席服务官'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_foreign_enterprise')),
    sa.UniqueConstraint('uscc', name=op.f('uq_foreign_enterprise_uscc')),
    schema='investment_svc',
    comment='外商投资企业'
    )
    op.create_index('ix_foreign_enterprise_established_on', 'foreign_enterprise', ['established_on'], unique=False, schema='investment_svc')
    op.create_index(op.f('ix_foreign_enterprise_is_white_listed'), 'foreign_enterprise', ['is_white_listed'], unique=False, schema='investment_svc')
    op.create_index(op.f('ix_foreign_enterprise_name'), 'foreign_enterprise', ['name'], unique=False, schema='investment_svc')
    op.create_index('ix_foreign_enterprise_region_path', 'foreign_enterprise', ['region_path'], unique=False, schema='investment_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_foreign_enterprise_updated_at_id', 'foreign_enterprise', ['updated_at', 'id'], unique=False, schema='investment_svc')
    op.create_table('industry_chain',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('code', sa.String(length=32), nullable=False, comment='产业链编码'),
    sa.Column('name', sa.String(length=64), nullable=False, comment='产业链名称'),
    sa.Column('industry', sa.String(length=64), nullable=True, comment='所属产业'),
    sa.Column('is_leading', sa.Boolean(), nullable=False, comment='是否主导产业(如“1+1”主导产业)'),
    sa.Column('sort_order', sa.Integer(), nullable=False, comment='排序号(小在前)'),
    sa.Column('is_active', sa.Boolean(), nullable=False, comment='是否启用(停用后不可用于新项目)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_industry_chain')),
    sa.UniqueConstraint('code', name=op.f('uq_industry_chain_code')),
    schema='investment_svc',
    comment='产业链字典'
    )
    op.create_table('investment_round',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('number', sa.Integer(), nullable=False, comment='期数(第N期)'),
    sa.Column('held_on', sa.Date(), nullable=False, comment='举办日期'),
    sa.Column('venue', sa.String(length=200), nullable=False, comment='举办地点(主会场/分会场)'),
    sa.Column('kind', sa.String(length=16), nullable=False, comment='类型 provincial 全省集中 / city 全市集中'),
    sa.Column('title', sa.String(length=200), nullable=True, comment='活动名称'),
    sa.Column('notes', sa.Text(), nullable=True, comment='备注'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_investment_round')),
    sa.UniqueConstraint('kind', 'number', name=op.f('uq_investment_round_kind_number')),
    schema='investment_svc',
    comment='“三个一批”活动批次(期)'
    )
    op.create_index(op.f('ix_investment_round_held_on'), 'investment_round', ['held_on'], unique=False, schema='investment_svc')
    op.create_table('bulletin_row',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('seq', sa.Integer(), nullable=False, comment='通报中的行序'),
    sa.Column('entity_name', sa.String(length=64), nullable=False, comment='地区/单位名称'),
    sa.Column('entity_code', sa.String(length=12), nullable=False, comment='地区代码(GB/T 2260)'),
    sa.Column('value', sa.Numeric(precision=20, scale=4), nullable=False, comment='指标数值'),
    sa.Column('unit', sa.String(length=16), nullable=True, comment='计量单位'),
    sa.Column('bulletin_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False, comment='通报ID'),
    sa.ForeignKeyConstraint(['bulletin_id'], ['investment_svc.bulletin.id'], name=op.f('fk_bulletin_row_bulletin_id_bulletin'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bulletin_row')),
    sa.UniqueConstraint('bulletin_id', 'entity_code', name=op.f('uq_bulletin_row_bulletin_id_entity_code')),
    schema='investment_svc',
    comment='通报明细'
    )
    op.create_index(op.f('ix_bulletin_row_bulletin_id'), 'bulletin_row', ['bulletin_id'], unique=False, schema='investment_svc')
    op.create_table('foreign_capital',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='行政区划代码'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径'),
    sa.Column('month', sa.Date(), nullable=False, comment='所属月份(当月1日)'),
    sa.Column('caliber', sa.String(length=16), nullable=False, comment='统计口径 local 省定口径 / mofcom 商务部口径'),
    sa.Column('amount_wan_usd', sa.Numeric(precision=18, scale=2), nullable=False, comment='实际吸收外资(万美元)'),
    sa.Column('enterprise_id', sa.BigInteger(), nullable=True, comment='外资企业ID(可空)'),
    sa.Column('note', sa.String(length=500), nullable=True, comment='备注'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['investment_svc.foreign_enterprise.id'], name=op.f('fk_foreign_capital_enterprise_id_foreign_enterprise')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_foreign_capital')),
    schema='investment_svc',
    comment='实际吸收外资(按月、分口径)'
    )
    op.create_index('ix_foreign_capital_caliber_month', 'foreign_capital', ['caliber', 'month'], unique=False, schema='investment_svc')
    op.create_index(op.f('ix_foreign_capital_enterprise_id'), 'foreign_capital', ['enterprise_id'], unique=False, schema='investment_svc')
    op.create_index('ix_foreign_capital_region_path', 'foreign_capital', ['region_path'], unique=False, schema='investment_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_table('foreign_enterprise_visit',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('enterprise_id', sa.BigInteger(), nullable=False, comment='外资企业ID'),
    sa.Column('visited_on', sa.Date(), nullable=False, comment='走访日期'),
    sa.Column('visitors', sa.JSON(), nullable=False, comment='走访人员姓名'),
    sa.Column('campaign', sa.String(length=64), nullable=True, comment='所属走访活动'),
    sa.Column('notes', sa.Text(), nullable=True, comment='走访情况'),
    sa.Column('recorded_by', sa.String(length=64), nullable=False, comment='登记人(sub)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='登记时间'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['investment_svc.foreign_enterprise.id'], name=op.f('fk_foreign_enterprise_visit_enterprise_id_foreign_enterprise'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_foreign_enterprise_visit')),
    schema='investment_svc',
    comment='外资企业走访记录'
    )
    op.create_index(op.f('ix_foreign_enterprise_visit_enterprise_id'), 'foreign_enterprise_visit', ['enterprise_id'], unique=False, schema='investment_svc')
    op.create_table('project',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('code', sa.String(length=32), nullable=False, comment='项目编号'),
    sa.Column('name', sa.String(length=200), nullable=False, comment='项目名称'),
    sa.Column('investor_name', sa.String(length=200), nullable=False, comment='投资方名称'),
    sa.Column('investor_uscc', sa.String(length=18), nullable=True, comment='投资方统一社会信用代码(已登记时)'),
    sa.Column('investor_origin', sa.String(length=24), nullable=False, comment='投资方来源 local 本省 / out_of_province 省外 / foreign 境外(含港澳台)'),
    sa.Column('investor_province_code', sa.String(length=6), nullable=True, comment='省外投资方所在省份代码'),
    sa.Column('investor_country_region', sa.String(length=64), nullable=True, comment='境外投资方国别或地区'),
    sa.Column('industry', sa.String(length=64), nullable=True, comment='所属行业'),
    sa.Column('industry_chain_code', sa.String(length=32), nullable=True, comment='所属产业链编码'),
    sa.Column('category', sa.String(length=32), nullable=False, comment='项目类别(制造业/基础设施/现代服务业/社会事业等)'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='项目所在行政区划代码'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径'),
    sa.Column('contracted_investment_wan_yuan', sa.Numeric(precision=18, scale=2), nullable=False, comment='签约投资额(万元)'),
    sa.Column('stage', sa.String(length=16), nullable=False, comment='当前阶段'),
    sa.Column('stage_before_stall', sa.String(length=16), nullable=True, comment='停滞前所处阶段'),
    sa.Column('last_step_on', sa.Date(), nullable=True, comment='最近一次阶段变更日期'),
    sa.Column('signed_on', sa.Date(), nullable=True, comment='签约日期'),
    sa.Column('landed_on', sa.Date(), nullable=True, comment='履约(注册落地)日期'),
    sa.Column('started_on', sa.Date(), nullable=True, comment='实质性开工日期'),
    sa.Column('in_production_on', sa.Date(), nullable=True, comment='投产(试产)日期'),
    sa.Column('at_capacity_on', sa.Date(), nullable=True, comment='达产日期'),
    sa.Column('signed_round_id', sa.BigInteger(), nullable=True, comment='签约所在批次'),
    sa.Column('started_round_id', sa.BigInteger(), nullable=True, comment='开工所在批次'),
    sa.Column('in_production_round_id', sa.BigInteger(), nullable=True, comment='投产所在批次'),
    sa.Column('chief_service_officer', sa.String(length=64), nullable=True, comment='首席服务官'),
    sa.Column('linked_case_ids', sa.JSON(), nullable=False, comment='关联诉求ID(case-service)'),
    sa.Column('description', sa.Text(), nullable=True, comment='项目简介'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.ForeignKeyConstraint(['in_production_round_id'], ['investment_svc.investment_round.id'], name=op.f('fk_project_in_production_round_id_investment_round')),
    sa.ForeignKeyConstraint(['signed_round_id'], ['investment_svc.investment_round.id'], name=op.f('fk_project_signed_round_id_investment_round')),
    sa.ForeignKeyConstraint(['started_round_id'], ['investment_svc.investment_round.id'], name=op.f('fk_project_started_round_id_investment_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project')),
    sa.UniqueConstraint('code', name=op.f('uq_project_code')),
    schema='investment_svc',
    comment='招商项目'
    )
    op.create_index('ix_project_in_production_on', 'project', ['in_production_on'], unique=False, schema='investment_svc')
    op.create_index(op.f('ix_project_in_production_round_id'), 'project', ['in_production_round_id'], unique=False, schema='investment_svc')
    op.create_index(op.f('ix_project_industry_chain_code'), 'project', ['industry_chain_code'], unique=False, schema='investment_svc')
    op.create_index('ix_project_landed_on', 'project', ['landed_on'], unique=False, schema='investment_svc')
    op.create_index(op.f('ix_project_name'), 'project', ['name'], unique=False, schema='investment_svc')
    op.create_index('ix_project_region_path', 'project', ['region_path'], unique=False, schema='investment_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_project_signed_on', 'project', ['signed_on'], unique=False, schema='investment_svc')
    op.create_index(op.f('ix_project_signed_round_id'), 'project', ['signed_round_id'], unique=False, schema='investment_svc')
    op.create_index(op.f('ix_project_stage'), 'project', ['stage'], unique=False, schema='investment_svc')
    op.create_index('ix_project_started_on', 'project', ['started_on'], unique=False, schema='investment_svc')
    op.create_index(op.f('ix_project_started_round_id'), 'project', ['started_round_id'], unique=False, schema='investment_svc')
    op.create_index('ix_project_updated_at_id', 'project', ['updated_at', 'id'], unique=False, schema='investment_svc')
    op.create_table('project_fund',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('project_id', sa.BigInteger(), nullable=False, comment='项目ID'),
    sa.Column('month', sa.Date(), nullable=False, comment='所属月份(当月1日)'),
    sa.Column('revision', sa.Integer(), nullable=False, comment='版本(更正一次加1)'),
    sa.Column('is_current', sa.Boolean(), nullable=False, comment='是否当前有效版本'),
    sa.Column('amount_wan_yuan', sa.Numeric(precision=18, scale=2), nullable=False, comment='实际到位省外资金(万元)'),
    sa.Column('note', sa.String(length=500), nullable=True, comment='说明(更正时为更正原因)'),
    sa.Column('recorded_by', sa.String(length=64), nullable=False, comment='填报人(sub)'),
    sa.Column('recorded_by_name', sa.String(length=64), nullable=True, comment='填报人姓名'),
    sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True, comment='被更正时间'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.ForeignKeyConstraint(['project_id'], ['investment_svc.project.id'], name=op.f('fk_project_fund_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_fund')),
    sa.UniqueConstraint('project_id', 'month', 'revision', name=op.f('uq_project_fund_project_id_month_revision')),
    schema='investment_svc',
    comment='实际到位省外资金(按月)'
    )
    op.create_index('ix_project_fund_month_current', 'project_fund', ['month'], unique=False, schema='investment_svc', postgresql_where=sa.text('is_current'))
    op.create_index('ix_project_fund_updated_at_id', 'project_fund', ['updated_at', 'id'], unique=False, schema='investment_svc')
    op.create_index('uq_project_fund_current', 'project_fund', ['project_id', 'month'], unique=True, schema='investment_svc', postgresql_where=sa.text('is_current'), sqlite_where=sa.text('is_current = 1'))
    op.create_table('project_progress',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('project_id', sa.BigInteger(), nullable=False, comment='项目ID'),
    sa.Column('reported_on', sa.Date(), nullable=False, comment='报告日期'),
    sa.Column('content', sa.Text(), nullable=False, comment='推进情况'),
    sa.Column('problems', sa.Text(), nullable=True, comment='存在问题'),
    sa.Column('reported_by', sa.String(length=64), nullable=False, comment='填报人(sub)'),
    sa.Column('reported_by_name', sa.String(length=64), nullable=True, comment='填报人姓名'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='填报时间'),
    sa.ForeignKeyConstraint(['project_id'], ['investment_svc.project.id'], name=op.f('fk_project_progress_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_progress')),
    schema='investment_svc',
    comment='项目推进情况'
    )
    op.create_index(op.f('ix_project_progress_project_id'), 'project_progress', ['project_id'], unique=False, schema='investment_svc')
    op.create_table('project_stage_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('project_id', sa.BigInteger(), nullable=False, comment='项目ID'),
    sa.Column('seq', sa.Integer(), nullable=False, comment='序号(从1开始)'),
    sa.Column('from_stage', sa.String(length=16), nullable=True, comment='变更前阶段(新建时为空)'),
    sa.Column('to_stage', sa.String(length=16), nullable=False, comment='变更后阶段'),
    sa.Column('occurred_on', sa.Date(), nullable=False, comment='发生日期'),
    sa.Column('evidence', sa.Text(), nullable=True, comment='佐证材料说明'),
    sa.Column('round_id', sa.BigInteger(), nullable=True, comment='列入的“三个一批”批次'),
    sa.Column('recorded_by', sa.String(length=64), nullable=False, comment='登记人(sub)'),
    sa.Column('recorded_by_name', sa.String(length=64), nullable=True, comment='登记人姓名'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='登记时间'),
    sa.ForeignKeyConstraint(['project_id'], ['investment_svc.project.id'], name=op.f('fk_project_stage_event_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['investment_svc.investment_round.id'], name=op.f('fk_project_stage_event_round_id_investment_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_stage_event')),
    schema='investment_svc',
    comment='项目阶段变更记录'
    )
    op.create_index(op.f('ix_project_stage_event_project_id'), 'project_stage_event', ['project_id'], unique=False, schema='investment_svc')
    op.create_index('ix_project_stage_event_round_id_to_stage', 'project_stage_event', ['round_id', 'to_stage'], unique=False, schema='investment_svc')


def downgrade() -> None:
    """Revert."""
    op.drop_index('ix_project_stage_event_round_id_to_stage', table_name='project_stage_event', schema='investment_svc')
    op.drop_index(op.f('ix_project_stage_event_project_id'), table_name='project_stage_event', schema='investment_svc')
    op.drop_table('project_stage_event', schema='investment_svc')
    op.drop_index(op.f('ix_project_progress_project_id'), table_name='project_progress', schema='investment_svc')
    op.drop_table('project_progress', schema='investment_svc')
    op.drop_index('uq_project_fund_current', table_name='project_fund', schema='investment_svc', postgresql_where=sa.text('is_current'), sqlite_where=sa.text('is_current = 1'))
    op.drop_index('ix_project_fund_updated_at_id', table_name='project_fund', schema='investment_svc')
    op.drop_index('ix_project_fund_month_current', table_name='project_fund', schema='investment_svc', postgresql_where=sa.text('is_current'))
    op.drop_table('project_fund', schema='investment_svc')
    op.drop_index('ix_project_updated_at_id', table_name='project', schema='investment_svc')
    op.drop_index(op.f('ix_project_started_round_id'), table_name='project', schema='investment_svc')
    op.drop_index('ix_project_started_on', table_name='project', schema='investment_svc')
    op.drop_index(op.f('ix_project_stage'), table_name='project', schema='investment_svc')
    op.drop_index(op.f('ix_project_signed_round_id'), table_name='project', schema='investment_svc')
    op.drop_index('ix_project_signed_on', table_name='project', schema='investment_svc')
    op.drop_index('ix_project_region_path', table_name='project', schema='investment_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index(op.f('ix_project_name'), table_name='project', schema='investment_svc')
    op.drop_index('ix_project_landed_on', table_name='project', schema='investment_svc')
    op.drop_index(op.f('ix_project_industry_chain_code'), table_name='project', schema='investment_svc')
    op.drop_index(op.f('ix_project_in_production_round_id'), table_name='project', schema='investment_svc')
    op.drop_index('ix_project_in_production_on', table_name='project', schema='investment_svc')
    op.drop_table('project', schema='investment_svc')
    op.drop_index(op.f('ix_foreign_enterprise_visit_enterprise_id'), table_name='foreign_enterprise_visit', schema='investment_svc')
    op.drop_table('foreign_enterprise_visit', schema='investment_svc')
    op.drop_index('ix_foreign_capital_region_path', table_name='foreign_capital', schema='investment_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index(op.f('ix_foreign_capital_enterprise_id'), table_name='foreign_capital', schema='investment_svc')
    op.drop_index('ix_foreign_capital_caliber_month', table_name='foreign_capital', schema='investment_svc')
    op.drop_table('foreign_capital', schema='investment_svc')
    op.drop_index(op.f('ix_bulletin_row_bulletin_id'), table_name='bulletin_row', schema='investment_svc')
    op.drop_table('bulletin_row', schema='investment_svc')
    op.drop_index(op.f('ix_investment_round_held_on'), table_name='investment_round', schema='investment_svc')
    op.drop_table('investment_round', schema='investment_svc')
    op.drop_table('industry_chain', schema='investment_svc')
    op.drop_index('ix_foreign_enterprise_updated_at_id', table_name='foreign_enterprise', schema='investment_svc')
    op.drop_index('ix_foreign_enterprise_region_path', table_name='foreign_enterprise', schema='investment_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index(op.f('ix_foreign_enterprise_name'), table_name='foreign_enterprise', schema='investment_svc')
    op.drop_index(op.f('ix_foreign_enterprise_is_white_listed'), table_name='foreign_enterprise', schema='investment_svc')
    op.drop_index('ix_foreign_enterprise_established_on', table_name='foreign_enterprise', schema='investment_svc')
    op.drop_table('foreign_enterprise', schema='investment_svc')
    op.drop_index('ix_bulletin_indicator_period', table_name='bulletin', schema='investment_svc')
    op.drop_table('bulletin', schema='investment_svc')
