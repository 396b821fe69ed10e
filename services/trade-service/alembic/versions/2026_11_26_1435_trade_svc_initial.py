"""trade_svc initial

Revision ID: b45f7422a1d6
Revises: 
Create Date: 2026-11-26 14:35:39.208854
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'b45f7422a1d6'
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
    schema='trade_svc',
    comment='审计日志'
    )
    op.create_index(op.f('ix_audit_log_action'), 'audit_log', ['action'], unique=False, schema='trade_svc')
    op.create_index(op.f('ix_audit_log_actor'), 'audit_log', ['actor'], unique=False, schema='trade_svc')
    op.create_index(op.f('ix_audit_log_entity_id'), 'audit_log', ['entity_id'], unique=False, schema='trade_svc')
    op.create_index(op.f('ix_audit_log_occurred_at'), 'audit_log', ['occurred_at'], unique=False, schema='trade_svc')
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
    schema='trade_svc'
    )
    op.create_index(op.f('ix_idempotency_record_created_at'), 'idempotency_record', ['created_at'], unique=False, schema='trade_svc')


def downgrade() -> None:
    """Revert."""
    op.drop_index(op.f('ix_idempotency_record_created_at'), table_name='idempotency_record', schema='trade_svc')
    op.drop_table('idempotency_record', schema='trade_svc')
    op.drop_index(op.f('ix_audit_log_occurred_at'), table_name='audit_log', schema='trade_svc')
    op.drop_index(op.f('ix_audit_log_entity_id'), table_name='audit_log', schema='trade_svc')
    op.drop_index(op.f('ix_audit_log_actor'), table_name='audit_log', schema='trade_svc')
    op.drop_index(op.f('ix_audit_log_action'), table_name='audit_log', schema='trade_svc')
    op.drop_table('audit_log', schema='trade_svc')
