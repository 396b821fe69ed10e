"""iam initial: regions, units, roles, users, refresh tokens, machine clients, audit log, idempotency records.

Revision ID: d093f98f524a
Revises: 
Create Date: 2026-11-26 14:39:29.640431
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'd093f98f524a'
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
    schema='iam',
    comment='审计日志'
    )
    op.create_index(op.f('ix_audit_log_action'), 'audit_log', ['action'], unique=False, schema='iam')
    op.create_index(op.f('ix_audit_log_actor'), 'audit_log', ['actor'], unique=False, schema='iam')
    op.create_index(op.f('ix_audit_log_entity_id'), 'audit_log', ['entity_id'], unique=False, schema='iam')
    op.create_index(op.f('ix_audit_log_occurred_at'), 'audit_log', ['occurred_at'], unique=False, schema='iam')
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
    schema='iam'
    )
    op.create_index(op.f('ix_idempotency_record_created_at'), 'idempotency_record', ['created_at'], unique=False, schema='iam')
    op.create_table('region',
    sa.Column('code', sa.String(length=12), nullable=False, comment='行政区划代码(GB/T 2260)'),
    sa.Column('name', sa.String(length=64), nullable=False, comment='名称'),
    sa.Column('level', sa.SmallInteger(), nullable=False, comment='层级 1省 2市 3县区'),
    sa.Column('parent_code', sa.String(length=12), nullable=True, comment='上级区划代码'),
    sa.Column('path', sa.String(length=128), nullable=False, comment='物化路径，如 /410000/411500/411522/'),
    sa.Column('is_active', sa.Boolean(), nullable=False, comment='是否启用'),
    sa.ForeignKeyConstraint(['parent_code'], ['iam.region.code'], name=op.f('fk_region_parent_code_region')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_region')),
    schema='iam',
    comment='行政区划(GB/T 2260)'
    )
    op.create_index(op.f('ix_region_parent_code'), 'region', ['parent_code'], unique=False, schema='iam')
    op.create_index(op.f('ix_region_path'), 'region', ['path'], unique=False, schema='iam')
    op.create_table('role',
    sa.Column('code', sa.String(length=64), nullable=False, comment='角色编码'),
    sa.Column('name', sa.String(length=64), nullable=False, comment='角色名称'),
    sa.Column('permissions', sa.JSON(), nullable=False, comment='权限标识列表'),
    sa.Column('data_scope', sa.String(length=32), nullable=False, comment='数据范围 ALL/REGION_AND_BELOW/REGION/UNIT/SELF'),
    sa.Column('is_builtin', sa.Boolean(), nullable=False, comment='是否内置角色'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_role')),
    schema='iam',
    comment='角色'
    )
    op.create_table('machine_client',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('client_id', sa.String(length=64), nullable=False, comment='客户端标识'),
    sa.Column('name', sa.String(length=64), nullable=False, comment='接入系统名称'),
    sa.Column('secret_hash', sa.String(length=255), nullable=False, comment='客户端密钥哈希(argon2id)'),
    sa.Column('permissions', sa.JSON(), nullable=False, comment='权限标识列表(只读)'),
    sa.Column('data_scope', sa.String(length=32), nullable=False, comment='数据范围'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='数据范围所在行政区划代码'),
    sa.Column('is_active', sa.Boolean(), nullable=False, comment='是否启用'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.ForeignKeyConstraint(['region_code'], ['iam.region.code'], name=op.f('fk_machine_client_region_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_machine_client')),
    sa.UniqueConstraint('client_id', name=op.f('uq_machine_client_client_id')),
    schema='iam',
    comment='接入客户端(机器对机器)'
    )
    op.create_table('unit',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('code', sa.String(length=32), nullable=False, comment='单位编码'),
    sa.Column('name', sa.String(length=64), nullable=False, comment='单位名称'),
    sa.Column('kind', sa.String(length=32), nullable=False, comment='单位类别，如 市直部门、县区商务局'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码'),
    sa.Column('is_active', sa.Boolean(), nullable=False, comment='是否启用'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.ForeignKeyConstraint(['region_code'], ['iam.region.code'], name=op.f('fk_unit_region_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit')),
    sa.UniqueConstraint('code', name=op.f('uq_unit_code')),
    schema='iam',
    comment='单位(市直部门、县区商务局等责任单位)'
    )
    op.create_index(op.f('ix_unit_kind'), 'unit', ['kind'], unique=False, schema='iam')
    op.create_index(op.f('ix_unit_name'), 'unit', ['name'], unique=False, schema='iam')
    op.create_index(op.f('ix_unit_region_code'), 'unit', ['region_code'], unique=False, schema='iam')
    op.create_table('user',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('username', sa.String(length=64), nullable=False, comment='登录名'),
    sa.Column('display_name', sa.String(length=64), nullable=False, comment='姓名'),
    sa.Column('password_hash', sa.String(length=255), nullable=False, comment='密码哈希(argon2id)'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码'),
    sa.Column('unit_id', sa.Integer(), nullable=True, comment='所属单位'),
    sa.Column('enterprise_uscc', sa.String(length=18), nullable=True, comment='企业用户所属企业的统一社会信用代码'),
    sa.Column('phone', sa.String(length=32), nullable=True, comment='手机号码'),
    sa.Column('is_active', sa.Boolean(), nullable=False, comment='是否启用'),
    sa.Column('failed_login_count', sa.Integer(), nullable=False, comment='连续登录失败次数'),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True, comment='锁定截止时间'),
    sa.Column('must_change_password', sa.Boolean(), nullable=False, comment='下次登录须修改密码'),
    sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=True, comment='密码修改时间'),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True, comment='最近登录时间'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.ForeignKeyConstraint(['region_code'], ['iam.region.code'], name=op.f('fk_user_region_code_region')),
    sa.ForeignKeyConstraint(['unit_id'], ['iam.unit.id'], name=op.f('fk_user_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('username', name=op.f('uq_user_username')),
    schema='iam',
    comment='用户'
    )
    op.create_index(op.f('ix_user_enterprise_uscc'), 'user', ['enterprise_uscc'], unique=False, schema='iam')
    op.create_index(op.f('ix_user_region_code'), 'user', ['region_code'], unique=False, schema='iam')
    op.create_index(op.f('ix_user_unit_id'), 'user', ['unit_id'], unique=False, schema='iam')
    op.create_table('refresh_token',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('family_id', sa.String(length=32), nullable=False, comment='令牌族(一次登录)标识'),
    sa.Column('user_id', sa.Integer(), nullable=False, comment='用户'),
    sa.Column('token_hash', sa.String(length=64), nullable=False, comment='令牌SHA-256摘要'),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False, comment='签发时间'),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True, comment='使用(轮换)时间'),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False, comment='绝对过期时间(登录时确定)'),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True, comment='吊销时间'),
    sa.Column('replaced_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True, comment='轮换后的新令牌'),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['iam.refresh_token.id'], name=op.f('fk_refresh_token_replaced_by_id_refresh_token'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['iam.user.id'], name=op.f('fk_refresh_token_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refresh_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_refresh_token_token_hash')),
    schema='iam',
    comment='刷新令牌(仅存摘要)'
    )
    op.create_index(op.f('ix_refresh_token_family_id'), 'refresh_token', ['family_id'], unique=False, schema='iam')
    op.create_index(op.f('ix_refresh_token_user_id'), 'refresh_token', ['user_id'], unique=False, schema='iam')
    op.create_table('user_role',
    sa.Column('user_id', sa.Integer(), nullable=False, comment='用户'),
    sa.Column('role_code', sa.String(length=64), nullable=False, comment='角色编码'),
    sa.ForeignKeyConstraint(['role_code'], ['iam.role.code'], name=op.f('fk_user_role_role_code_role')),
    sa.ForeignKeyConstraint(['user_id'], ['iam.user.id'], name=op.f('fk_user_role_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'role_code', name=op.f('pk_user_role')),
    schema='iam',
    comment='用户角色'
    )
    op.create_index(op.f('ix_user_role_role_code'), 'user_role', ['role_code'], unique=False, schema='iam')


def downgrade() -> None:
    """Revert."""
    op.drop_index(op.f('ix_user_role_role_code'), table_name='user_role', schema='iam')
    op.drop_table('user_role', schema='iam')
    op.drop_index(op.f('ix_refresh_token_user_id'), table_name='refresh_token', schema='iam')
    op.drop_index(op.f('ix_refresh_token_family_id'), table_name='refresh_token', schema='iam')
    op.drop_table('refresh_token', schema='iam')
    op.drop_index(op.f('ix_user_unit_id'), table_name='user', schema='iam')
    op.drop_index(op.f('ix_user_region_code'), table_name='user', schema='iam')
    op.drop_index(op.f('ix_user_enterprise_uscc'), table_name='user', schema='iam')
    op.drop_table('user', schema='iam')
    op.drop_index(op.f('ix_unit_region_code'), table_name='unit', schema='iam')
    op.drop_index(op.f('ix_unit_name'), table_name='unit', schema='iam')
    op.drop_index(op.f('ix_unit_kind'), table_name='unit', schema='iam')
    op.drop_table('unit', schema='iam')
    op.drop_table('machine_client', schema='iam')
    op.drop_table('role', schema='iam')
    op.drop_index(op.f('ix_region_path'), table_name='region', schema='iam')
    op.drop_index(op.f('ix_region_parent_code'), table_name='region', schema='iam')
    op.drop_table('region', schema='iam')
    op.drop_index(op.f('ix_idempotency_record_created_at'), table_name='idempotency_record', schema='iam')
    op.drop_table('idempotency_record', schema='iam')
    op.drop_index(op.f('ix_audit_log_occurred_at'), table_name='audit_log', schema='iam')
    op.drop_index(op.f('ix_audit_log_entity_id'), table_name='audit_log', schema='iam')
    op.drop_index(op.f('ix_audit_log_actor'), table_name='audit_log', schema='iam')
    op.drop_index(op.f('ix_audit_log_action'), table_name='audit_log', schema='iam')
    op.drop_table('audit_log', schema='iam')
