"""campaign records

Revision ID: 7c396d609d15
Revises: efd6a202105a
Create Date: 2026-11-26 15:31:05.115495
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '7c396d609d15'
down_revision: str | None = 'efd6a202105a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_table('campaign_staff',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('name', sa.String(length=64), nullable=False, comment='姓名'),
    sa.Column('position', sa.String(length=64), nullable=True, comment='职务'),
    sa.Column('unit_id', sa.BigInteger(), nullable=True, comment='派出单位ID'),
    sa.Column('unit_name', sa.String(length=128), nullable=False, comment='派出单位名称'),
    sa.Column('group', sa.String(length=32), nullable=False, comment='去向 task_force 活动专班 / coordination_group 市协调组 / other 其他'),
    sa.Column('group_name', sa.String(length=64), nullable=True, comment='去向名称(其他去向时填写)'),
    sa.Column('from_date', sa.Date(), nullable=False, comment='抽调开始日期'),
    sa.Column('to_date', sa.Date(), nullable=True, comment='抽调结束日期(含；为空表示至今)'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='活动所在行政区划代码(抽调到哪一级活动)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径'),
    sa.Column('note', sa.String(length=500), nullable=True, comment='备注'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_staff')),
    schema='case_svc',
    comment='活动抽调人员(活动专班/市协调组等)'
    )
    op.create_index(op.f('ix_campaign_staff_group'), 'campaign_staff', ['group'], unique=False, schema='case_svc')
    op.create_index('ix_campaign_staff_region_path', 'campaign_staff', ['region_path'], unique=False, schema='case_svc', postgresql_ops={'region_path': 'text_pattern_ops'})
    op.create_table('pairing',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('user_id', sa.BigInteger(), nullable=True, comment='包联人在统一身份中的用户ID(无账号的干部为空)'),
    sa.Column('person_name', sa.String(length=64), nullable=False, comment='包联人姓名(快照)'),
    sa.Column('person_title', sa.String(length=64), nullable=True, comment='包联人职务，如 副局长'),
    sa.Column('unit_id', sa.BigInteger(), nullable=True, comment='包联人所在单位ID'),
    sa.Column('unit_name', sa.String(length=128), nullable=True, comment='包联人所在单位名称(快照)'),
    sa.Column('enterprise_uscc', sa.String(length=18), nullable=False, comment='包联企业统一社会信用代码'),
    sa.Column('kind', sa.String(length=32), nullable=False, comment='包联类型 leader 包联领导 / chief_service_officer 首席服务官 / service_commissioner 服务专员'),
    sa.Column('start_date', sa.Date(), nullable=False, comment='包联开始日期'),
    sa.Column('end_date', sa.Date(), nullable=True, comment='包联结束日期(含；为空表示至今)'),
    sa.Column('note', sa.String(length=500), nullable=True, comment='备注'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairing')),
    schema='case_svc',
    comment='包联关系(领导/首席服务官/服务专员包联企业)'
    )
    op.create_index(op.f('ix_pairing_enterprise_uscc'), 'pairing', ['enterprise_uscc'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_pairing_unit_id'), 'pairing', ['unit_id'], unique=False, schema='case_svc')
    op.create_index('ix_pairing_updated_at_id', 'pairing', ['updated_at', 'id'], unique=False, schema='case_svc')
    op.create_index('ix_pairing_user_id_kind', 'pairing', ['user_id', 'kind'], unique=False, schema='case_svc')
    op.create_table('policy_document',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('doc_number', sa.String(length=64), nullable=False, comment='文号，如 X商字〔2021〕82号'),
    sa.Column('title', sa.String(length=300), nullable=False, comment='文件标题'),
    sa.Column('issuer', sa.String(length=128), nullable=False, comment='发文机关'),
    sa.Column('issue_date', sa.Date(), nullable=False, comment='印发日期'),
    sa.Column('kind', sa.String(length=32), nullable=False, comment='文件类型 implementation_plan 实施方案 / measures 若干措施 / notice 通知'),
    sa.Column('measure_areas', sa.JSON(), nullable=False, comment='措施方面(如若干措施的11个方面)'),
    sa.Column('summary', sa.Text(), nullable=True, comment='内容摘要'),
    sa.Column('attachment_url', sa.String(length=500), nullable=True, comment='原文链接或附件地址'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='发文机关所属行政区划代码'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='发文区划物化路径'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_document')),
    sa.UniqueConstraint('doc_number', name=op.f('uq_policy_document_doc_number')),
    schema='case_svc',
    comment='政策文件(实施方案/若干措施/通知)'
    )
    op.create_index('ix_policy_document_issue_date', 'policy_document', ['issue_date'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_policy_document_kind'), 'policy_document', ['kind'], unique=False, schema='case_svc')
    op.create_index('ix_policy_document_region_path', 'policy_document', ['region_path'], unique=False, schema='case_svc', postgresql_ops={'region_path': 'text_pattern_ops'})
    op.create_table('visit',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('visit_date', sa.Date(), nullable=False, comment='走访日期'),
    sa.Column('enterprise_uscc', sa.String(length=18), nullable=False, comment='被走访企业统一社会信用代码'),
    sa.Column('visitors', sa.JSON(), nullable=False, comment='走访人员姓名'),
    sa.Column('unit_id', sa.BigInteger(), nullable=True, comment='走访单位ID'),
    sa.Column('unit_name', sa.String(length=128), nullable=True, comment='走访单位名称(快照)'),
    sa.Column('campaign', sa.String(length=64), nullable=True, comment='所属走访活动，如 千家外企大走访'),
    sa.Column('notes', sa.Text(), nullable=True, comment='走访情况'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit')),
    schema='case_svc',
    comment='走访记录'
    )
    op.create_index(op.f('ix_visit_campaign'), 'visit', ['campaign'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_visit_enterprise_uscc'), 'visit', ['enterprise_uscc'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_visit_unit_id'), 'visit', ['unit_id'], unique=False, schema='case_svc')
    op.create_index('ix_visit_updated_at_id', 'visit', ['updated_at', 'id'], unique=False, schema='case_svc')
    op.create_index('ix_visit_visit_date', 'visit', ['visit_date'], unique=False, schema='case_svc')
    op.create_table('visit_problem',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('visit_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False, comment='走访记录ID'),
    sa.Column('seq', sa.Integer(), nullable=False, comment='问题序号(走访记录内从1开始)'),
    sa.Column('description', sa.Text(), nullable=False, comment='问题描述'),
    sa.Column('case_id', sa.BigInteger(), nullable=True, comment='转成的诉求ID(未转为空)'),
    sa.Column('case_created_at', sa.DateTime(timezone=True), nullable=True, comment='转诉求时间'),
    sa.ForeignKeyConstraint(['visit_id'], ['case_svc.visit.id'], name=op.f('fk_visit_problem_visit_id_visit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_problem')),
    schema='case_svc',
    comment='走访发现的问题'
    )
    op.create_index(op.f('ix_visit_problem_case_id'), 'visit_problem', ['case_id'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_visit_problem_visit_id'), 'visit_problem', ['visit_id'], unique=False, schema='case_svc')


def downgrade() -> None:
    """Revert."""
    op.drop_index(op.f('ix_visit_problem_visit_id'), table_name='visit_problem', schema='case_svc')
    op.drop_index(op.f('ix_visit_problem_case_id'), table_name='visit_problem', schema='case_svc')
    op.drop_table('visit_problem', schema='case_svc')
    op.drop_index('ix_visit_visit_date', table_name='visit', schema='case_svc')
    op.drop_index('ix_visit_updated_at_id', table_name='visit', schema='case_svc')
    op.drop_index(op.f('ix_visit_unit_id'), table_name='visit', schema='case_svc')
    op.drop_index(op.f('ix_visit_enterprise_uscc'), table_name='visit', schema='case_svc')
    op.drop_index(op.f('ix_visit_campaign'), table_name='visit', schema='case_svc')
    op.drop_table('visit', schema='case_svc')
    op.drop_index('ix_policy_document_region_path', table_name='policy_document', schema='case_svc', postgresql_ops={'region_path': 'text_pattern_ops'})
    op.drop_index(op.f('ix_policy_document_kind'), table_name='policy_document', schema='case_svc')
    op.drop_index('ix_policy_document_issue_date', table_name='policy_document', schema='case_svc')
    op.drop_table('policy_document', schema='case_svc')
    op.drop_index('ix_pairing_user_id_kind', table_name='pairing', schema='case_svc')
    op.drop_index('ix_pairing_updated_at_id', table_name='pairing', schema='case_svc')
    op.drop_index(op.f('ix_pairing_unit_id'), table_name='pairing', schema='case_svc')
    op.drop_index(op.f('ix_pairing_enterprise_uscc'), table_name='pairing', schema='case_svc')
    op.drop_table('pairing', schema='case_svc')
    op.drop_index('ix_campaign_staff_region_path', table_name='campaign_staff', schema='case_svc', postgresql_ops={'region_path': 'text_pattern_ops'})
    op.drop_index(op.f('ix_campaign_staff_group'), table_name='campaign_staff', schema='case_svc')
    op.drop_table('campaign_staff', schema='case_svc')
