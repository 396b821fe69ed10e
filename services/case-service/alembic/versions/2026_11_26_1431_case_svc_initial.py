"""case_svc initial

Revision ID: efd6a202105a
Revises: 
Create Date: 2026-11-26 14:31:15.503631
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'efd6a202105a'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False, comment='发生时间'),
    sa.Column('actor', sa.String(length=64), nullable=False, comment='操作者(sub)'),
    sa.Column('actor_name', sa.String(length=64), nullable=True, comment='操作者名称'),
    sa.Column('action', sa.String(length=64), nullable=False, comment='动作，如 enterprise.create'),
    sa.Column('entity_type', sa.String(length=64), nullable=False, comment='对象类型'),
    sa.Column('entity_id', sa.String(length=64), nullable=True, comment='对象标识'),
    sa.Column('region_code', sa.String(length=12), nullable=True, comment='对象所属区域代码'),
    sa.Column('before', sa.JSON(), nullable=True, comment='变更前'),
    sa.Column('after', sa.JSON(), nullable=True, comment='变更后'),
    sa.Column('result', sa.String(length=16), nullable=False, comment='结果 success/failure'),
    sa.Column('detail', sa.String(length=500), nullable=True, comment='说明'),
    sa.Column('request_id', sa.String(length=128), nullable=True, comment='请求ID'),
    sa.Column('client_ip', sa.String(length=64), nullable=True, comment='客户端地址'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')),
    schema='case_svc',
    comment='审计日志'
    )
    op.create_index(op.f('ix_audit_log_action'), 'audit_log', ['action'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_audit_log_actor'), 'audit_log', ['actor'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_audit_log_entity_id'), 'audit_log', ['entity_id'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_audit_log_occurred_at'), 'audit_log', ['occurred_at'], unique=False, schema='case_svc')
    op.create_table('enterprise',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('uscc', sa.String(length=18), nullable=False, comment='统一社会信用代码'),
    sa.Column('name', sa.String(length=200), nullable=False, comment='企业名称'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(GB/T 2260)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径，如 /410000/411500/411522/'),
    sa.Column('industry', sa.String(length=64), nullable=True, comment='所属行业'),
    sa.Column('size', sa.String(length=16), nullable=True, comment='企业规模 large/medium/small/micro'),
    sa.Column('is_key', sa.Boolean(), nullable=False, comment='是否重点企业'),
    sa.Column('contact_person', sa.String(length=64), nullable=True, comment='联系人'),
    sa.Column('contact_phone', sa.String(length=32), nullable=True, comment='联系电话(个人信息，按权限脱敏)'),
    sa.Column('address', sa.String(length=255), nullable=True, comment='地址'),
    sa.Column('created_by', sa.String(length=64), nullable=True, comment='创建人'),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True, comment='删除时间(墓碑)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprise')),
    sa.UniqueConstraint('uscc', name=op.f('uq_enterprise_uscc')),
    schema='case_svc',
    comment='企业名录'
    )
    op.create_index(op.f('ix_enterprise_industry'), 'enterprise', ['industry'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_enterprise_is_key'), 'enterprise', ['is_key'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_enterprise_name'), 'enterprise', ['name'], unique=False, schema='case_svc')
    op.create_index('ix_enterprise_region_code_updated_at', 'enterprise', ['region_code', 'updated_at'], unique=False, schema='case_svc')
    op.create_index('ix_enterprise_region_path', 'enterprise', ['region_path'], unique=False, schema='case_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_enterprise_updated_at_id', 'enterprise', ['updated_at', 'id'], unique=False, schema='case_svc')
    op.create_table('idempotency_record',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('subject', sa.String(length=64), nullable=False, comment='调用者'),
    sa.Column('key', sa.String(length=128), nullable=False, comment='幂等键'),
    sa.Column('method', sa.String(length=8), nullable=False, comment='请求方法'),
    sa.Column('path', sa.String(length=255), nullable=False, comment='请求路径'),
    sa.Column('request_hash', sa.String(length=64), nullable=False, comment='请求体摘要'),
    sa.Column('status_code', sa.Integer(), nullable=False, comment='首次响应状态码'),
    sa.Column('response_body', sa.JSON(), nullable=False, comment='首次响应体'),
    sa.Column('response_headers', sa.JSON(), nullable=True, comment='首次响应的关键响应头'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotency_record')),
    sa.UniqueConstraint('subject', 'key', 'method', 'path', name=op.f('uq_idempotency_record_subject_key_method_path')),
    schema='case_svc'
    )
    op.create_index(op.f('ix_idempotency_record_created_at'), 'idempotency_record', ['created_at'], unique=False, schema='case_svc')


def downgrade() -> None:
    """Revert."""
    op.drop_index(op.f('ix_idempotency_record_created_at'), table_name='idempotency_record', schema='case_svc')
    op.drop_table('idempotency_record', schema='case_svc')
    op.drop_index('ix_enterprise_updated_at_id', table_name='enterprise', schema='case_svc')
    op.drop_index('ix_enterprise_region_path', table_name='enterprise', schema='case_svc', postgresql_ops={'region_path': 'text_pattern_ops'}, postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index('ix_enterprise_region_code_updated_at', table_name='enterprise', schema='case_svc')
    op.drop_index(op.f('ix_enterprise_name'), table_name='enterprise', schema='case_svc')
    op.drop_index(op.f('ix_enterprise_is_key'), table_name='enterprise', schema='case_svc')
    op.drop_index(op.f('ix_enterprise_industry'), table_name='enterprise', schema='case_svc')
    op.drop_table('enterprise', schema='case_svc')
    op.drop_index(op.f('ix_audit_log_occurred_at'), table_name='audit_log', schema='case_svc')
    op.drop_index(op.f('ix_audit_log_entity_id'), table_name='audit_log', schema='case_svc')
    op.drop_index(op.f('ix_audit_log_actor'), table_name='audit_log', schema='case_svc')
    op.drop_index(op.f('ix_audit_log_action'), table_name='audit_log', schema='case_svc')
    op.drop_table('audit_log', schema='case_svc')
