"""iam sessions: one row per sign-in (user_session), the sign-in log, the per-address sign-in throttle and the
failure counts of unknown login names (shared by every gateway process), and the user's session version.

Revision ID: 5a7c1e9b3d20
Revises: 8e0a2c4d6f37
Create Date: 2026-12-06 11:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '5a7c1e9b3d20'
down_revision: str | None = '8e0a2c4d6f37'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _alter_schema() -> str | None:
    """ALTER TABLE is not schema-translated: on SQLite the schema is the file's main database."""
    return None if op.get_bind().dialect.name == "sqlite" else "iam"


def upgrade() -> None:
    """Apply."""
    op.create_table('sign_in_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False, comment='时间'),
    sa.Column('username', sa.String(length=64), nullable=False, comment='提交的登录名'),
    sa.Column('user_id', sa.Integer(), nullable=True, comment='用户(登录名存在时)'),
    sa.Column('result', sa.String(length=16), nullable=False, comment='结果 success/failure'),
    sa.Column('reason', sa.String(length=100), nullable=False, comment='说明'),
    sa.Column('address', sa.String(length=64), nullable=True, comment='登录地址'),
    sa.Column('user_agent', sa.String(length=256), nullable=True, comment='客户端(User-Agent)'),
    sa.Column('session_id', sa.String(length=32), nullable=True, comment='成功时的会话标识'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_log')),
    schema='iam',
    comment='登录日志'
    )
    op.create_index(op.f('ix_sign_in_log_address'), 'sign_in_log', ['address'], unique=False, schema='iam')
    op.create_index(op.f('ix_sign_in_log_occurred_at'), 'sign_in_log', ['occurred_at'], unique=False, schema='iam')
    op.create_index(op.f('ix_sign_in_log_result'), 'sign_in_log', ['result'], unique=False, schema='iam')
    op.create_index(op.f('ix_sign_in_log_user_id'), 'sign_in_log', ['user_id'], unique=False, schema='iam')
    op.create_index(op.f('ix_sign_in_log_username'), 'sign_in_log', ['username'], unique=False, schema='iam')
    op.create_table('sign_in_throttle',
    sa.Column('key', sa.String(length=80), nullable=False, comment='计数键(地址)'),
    sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False, comment='窗口开始时间'),
    sa.Column('attempts', sa.Integer(), nullable=False, comment='窗口内尝试次数'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sign_in_throttle')),
    schema='iam',
    comment='登录频率限制(按地址)'
    )
    op.create_index(op.f('ix_sign_in_throttle_window_started_at'), 'sign_in_throttle', ['window_started_at'], unique=False, schema='iam')
    op.create_table('unknown_login',
    sa.Column('username', sa.String(length=64), nullable=False, comment='登录名'),
    sa.Column('failed_login_count', sa.Integer(), nullable=False, comment='连续登录失败次数'),
    sa.Column('last_failed_login_at', sa.DateTime(timezone=True), nullable=False, comment='最近一次失败时间'),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True, comment='锁定截止时间'),
    sa.PrimaryKeyConstraint('username', name=op.f('pk_unknown_login')),
    schema='iam',
    comment='不存在的登录名的失败计数与锁定'
    )
    op.create_index(op.f('ix_unknown_login_last_failed_login_at'), 'unknown_login', ['last_failed_login_at'], unique=False, schema='iam')
    op.create_table('user_session',
    sa.Column('id', sa.String(length=32), nullable=False, comment='会话标识(即刷新令牌族标识)'),
    sa.Column('user_id', sa.Integer(), nullable=False, comment='用户'),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False, comment='登录时间'),
    sa.Column('last_active_at', sa.DateTime(timezone=True), nullable=False, comment='最近活动(刷新令牌)时间'),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False, comment='绝对过期时间'),
    sa.Column('address', sa.String(length=64), nullable=True, comment='登录地址'),
    sa.Column('user_agent', sa.String(length=256), nullable=True, comment='客户端(User-Agent)'),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True, comment='结束时间'),
    sa.Column('end_reason', sa.String(length=32), nullable=True, comment='结束原因'),
    sa.ForeignKeyConstraint(['user_id'], ['iam.user.id'], name=op.f('fk_user_session_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    schema='iam',
    comment='登录会话(一次登录，对应一个刷新令牌族)'
    )
    op.create_index(op.f('ix_user_session_ended_at'), 'user_session', ['ended_at'], unique=False, schema='iam')
    op.create_index(op.f('ix_user_session_last_active_at'), 'user_session', ['last_active_at'], unique=False, schema='iam')
    op.create_index(op.f('ix_user_session_user_id'), 'user_session', ['user_id'], unique=False, schema='iam')
    op.add_column('user', sa.Column('last_failed_login_at', sa.DateTime(timezone=True), nullable=True, comment='最近一次登录失败时间'), schema=_alter_schema())
    op.add_column('user', sa.Column('session_version', sa.Integer(), server_default='0', nullable=False, comment='会话版本(停用、改密、重置密码、改角色时递增)'), schema=_alter_schema())


def downgrade() -> None:
    """Revert."""
    op.drop_column('user', 'session_version', schema=_alter_schema())
    op.drop_column('user', 'last_failed_login_at', schema=_alter_schema())
    op.drop_index(op.f('ix_user_session_user_id'), table_name='user_session', schema='iam')
    op.drop_index(op.f('ix_user_session_last_active_at'), table_name='user_session', schema='iam')
    op.drop_index(op.f('ix_user_session_ended_at'), table_name='user_session', schema='iam')
    op.drop_table('user_session', schema='iam')
    op.drop_index(op.f('ix_unknown_login_last_failed_login_at'), table_name='unknown_login', schema='iam')
    op.drop_table('unknown_login', schema='iam')
    op.drop_index(op.f('ix_sign_in_throttle_window_started_at'), table_name='sign_in_throttle', schema='iam')
    op.drop_table('sign_in_throttle', schema='iam')
    op.drop_index(op.f('ix_sign_in_log_username'), table_name='sign_in_log', schema='iam')
    op.drop_index(op.f('ix_sign_in_log_user_id'), table_name='sign_in_log', schema='iam')
    op.drop_index(op.f('ix_sign_in_log_result'), table_name='sign_in_log', schema='iam')
    op.drop_index(op.f('ix_sign_in_log_occurred_at'), table_name='sign_in_log', schema='iam')
    op.drop_index(op.f('ix_sign_in_log_address'), table_name='sign_in_log', schema='iam')
    op.drop_table('sign_in_log', schema='iam')
