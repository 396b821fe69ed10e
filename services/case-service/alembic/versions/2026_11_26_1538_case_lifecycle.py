"""case lifecycle: cases, handling units, timeline, extensions, plans, category dictionary (seeded),
supervision orders, notifications, attachments.

Revision ID: 9c01ebbd2f39
Revises: 7c396d609d15
Create Date: 2026-11-26 15:38:55.743659
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op


revision: str = '9c01ebbd2f39'
down_revision: str | None = '7c396d609d15'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The default case categories (a copy: a migration must not change when the application's list does).
DEFAULT_CATEGORIES = (
    ('land_planning', '用地规划'),
    ('financing', '融资信贷'),
    ('employment', '用工招聘'),
    ('approval', '审批服务'),
    ('utilities', '水电气暖'),
    ('logistics', '物流运输'),
    ('policy', '政策兑现'),
    ('other', '其他'),
)


def upgrade() -> None:
    """Apply."""
    op.create_table('case_category',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('code', sa.String(length=32), nullable=False, comment='分类编码'),
    sa.Column('name', sa.String(length=64), nullable=False, comment='分类名称'),
    sa.Column('sort_order', sa.Integer(), nullable=False, comment='排序号(小在前)'),
    sa.Column('is_active', sa.Boolean(), nullable=False, comment='是否启用(停用后不可用于新诉求)'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_category')),
    sa.UniqueConstraint('code', name=op.f('uq_case_category_code')),
    schema='case_svc',
    comment='诉求分类字典'
    )
    categories = sa.table(
        'case_category',
        sa.column('code', sa.String),
        sa.column('name', sa.String),
        sa.column('sort_order', sa.Integer),
        sa.column('is_active', sa.Boolean),
        sa.column('created_at', sa.DateTime(timezone=True)),
        sa.column('updated_at', sa.DateTime(timezone=True)),
        sa.column('version', sa.Integer),
        # SQLite has no schemas: the tables live in the file's main database.
        schema=None if op.get_bind().dialect.name == 'sqlite' else 'case_svc',
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        categories,
        [
            {'code': code, 'name': name, 'sort_order': (i + 1) * 10, 'is_active': True,
             'created_at': now, 'updated_at': now, 'version': 1}
            for i, (code, name) in enumerate(DEFAULT_CATEGORIES)
        ],
    )
    op.create_table('case_record',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('case_no', sa.String(length=20), nullable=True, comment='诉求编号，如 SQ2021000123'),
    sa.Column('source', sa.String(length=16), nullable=False, comment='来源 superior上级交办/enterprise企业反映/visit走访发现/hotline12345/leader领导交办'),
    sa.Column('superior_doc_no', sa.String(length=100), nullable=True, comment='上级交办文号'),
    sa.Column('visit_id', sa.BigInteger(), nullable=True, comment='发现问题的走访记录ID'),
    sa.Column('category_code', sa.String(length=32), nullable=False, comment='诉求分类编码'),
    sa.Column('enterprise_id', sa.BigInteger(), nullable=False, comment='企业ID'),
    sa.Column('enterprise_uscc', sa.String(length=18), nullable=False, comment='企业统一社会信用代码'),
    sa.Column('enterprise_name', sa.String(length=200), nullable=False, comment='企业名称(提交时快照)'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(取自企业)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径'),
    sa.Column('title', sa.String(length=200), nullable=False, comment='诉求标题'),
    sa.Column('description', sa.Text(), nullable=False, comment='诉求内容'),
    sa.Column('urgency', sa.String(length=16), nullable=False, comment='紧急程度 normal/urgent/critical'),
    sa.Column('complexity', sa.String(length=16), nullable=False, comment='复杂程度 ordinary一般/major重大复杂'),
    sa.Column('contact_person', sa.String(length=64), nullable=True, comment='企业联系人(个人信息)'),
    sa.Column('contact_phone', sa.String(length=32), nullable=True, comment='联系电话(个人信息，按权限脱敏)'),
    sa.Column('state', sa.String(length=24), nullable=False, comment='状态'),
    sa.Column('closed_reason', sa.String(length=16), nullable=True, comment='关闭原因 resolved/rejected/merged'),
    sa.Column('merged_into_id', sa.BigInteger(), nullable=True, comment='合并到的诉求ID'),
    sa.Column('lead_unit_id', sa.Integer(), nullable=True, comment='牵头单位ID(网关单位)'),
    sa.Column('lead_unit_name', sa.String(length=100), nullable=True, comment='牵头单位名称(交办时快照)'),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=True, comment='交办时间(13710起算)'),
    sa.Column('assigned_by', sa.String(length=64), nullable=True, comment='交办人(sub)'),
    sa.Column('sign_due', sa.DateTime(timezone=True), nullable=True, comment='签收期限(1日)'),
    sa.Column('first_feedback_due', sa.DateTime(timezone=True), nullable=True, comment='首次反馈期限(3日)'),
    sa.Column('resolve_due', sa.DateTime(timezone=True), nullable=True, comment='办结期限(7日/1个月，延期后顺延)'),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True, comment='签收时间'),
    sa.Column('first_feedback_at', sa.DateTime(timezone=True), nullable=True, comment='首次反馈时间'),
    sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True, comment='提请会商时间'),
    sa.Column('result_submitted_at', sa.DateTime(timezone=True), nullable=True, comment='办理结果提交时间'),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True, comment='办结时间'),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True, comment='销号(关闭)时间'),
    sa.Column('long_term_plan', sa.Text(), nullable=True, comment='长期跟踪计划说明'),
    sa.Column('result', sa.Text(), nullable=True, comment='办理结果'),
    sa.Column('result_basis', sa.Text(), nullable=True, comment='办理依据'),
    sa.Column('satisfaction', sa.String(length=24), nullable=True, comment='满意度 satisfied满意/basically_satisfied基本满意/dissatisfied不满意'),
    sa.Column('satisfaction_comment', sa.String(length=500), nullable=True, comment='回访评价'),
    sa.Column('rated_at', sa.DateTime(timezone=True), nullable=True, comment='回访评价时间'),
    sa.Column('reopen_count', sa.Integer(), nullable=False, comment='重办次数'),
    sa.Column('warning_level', sa.String(length=12), nullable=False, comment='预警等级(定时检查维护，供筛选排序)'),
    sa.Column('warning_checked_at', sa.DateTime(timezone=True), nullable=True, comment='预警等级计算时间'),
    sa.Column('created_by', sa.String(length=64), nullable=False, comment='登记人(sub)'),
    sa.Column('created_by_name', sa.String(length=64), nullable=True, comment='登记人姓名'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.ForeignKeyConstraint(['category_code'], ['case_svc.case_category.code'], name=op.f('fk_case_record_category_code_case_category')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['case_svc.enterprise.id'], name=op.f('fk_case_record_enterprise_id_enterprise')),
    sa.ForeignKeyConstraint(['merged_into_id'], ['case_svc.case_record.id'], name=op.f('fk_case_record_merged_into_id_case_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_record')),
    sa.UniqueConstraint('case_no', name=op.f('uq_case_record_case_no')),
    schema='case_svc',
    comment='诉求(交办件)'
    )
    op.create_index(op.f('ix_case_record_assigned_at'), 'case_record', ['assigned_at'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_case_record_category_code'), 'case_record', ['category_code'], unique=False, schema='case_svc')
    op.create_index('ix_case_record_created_at', 'case_record', ['created_at'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_case_record_created_by'), 'case_record', ['created_by'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_case_record_enterprise_id'), 'case_record', ['enterprise_id'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_case_record_enterprise_uscc'), 'case_record', ['enterprise_uscc'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_case_record_lead_unit_id'), 'case_record', ['lead_unit_id'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_case_record_region_code'), 'case_record', ['region_code'], unique=False, schema='case_svc')
    op.create_index('ix_case_record_region_path', 'case_record', ['region_path'], unique=False, schema='case_svc', postgresql_ops={'region_path': 'text_pattern_ops'})
    op.create_index(op.f('ix_case_record_source'), 'case_record', ['source'], unique=False, schema='case_svc')
    op.create_index('ix_case_record_state_resolve_due', 'case_record', ['state', 'resolve_due'], unique=False, schema='case_svc')
    op.create_index('ix_case_record_updated_at_id', 'case_record', ['updated_at', 'id'], unique=False, schema='case_svc')
    op.create_index(op.f('ix_case_record_visit_id'), 'case_record', ['visit_id'], unique=False, schema='case_svc')
    op.create_index('ix_case_record_warning_level_state', 'case_record', ['warning_level', 'state'], unique=False, schema='case_svc')
    op.create_table('case_attachment',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('case_id', sa.BigInteger(), nullable=False, comment='诉求ID'),
    sa.Column('kind', sa.String(length=16), nullable=False, comment='类别 material/result'),
    sa.Column('filename', sa.String(length=255), nullable=False, comment='原始文件名(仅用于下载时展示)'),
    sa.Column('content_type', sa.String(length=100), nullable=False, comment='按文件内容识别的类型'),
    sa.Column('size', sa.Integer(), nullable=False, comment='字节数'),
    sa.Column('sha256', sa.String(length=64), nullable=False, comment='SHA-256 校验值(十六进制)'),
    sa.Column('uploaded_by', sa.String(length=64), nullable=False, comment='上传人(sub)'),
    sa.Column('uploaded_by_name', sa.String(length=64), nullable=True, comment='上传人姓名'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='上传时间'),
    sa.ForeignKeyConstraint(['case_id'], ['case_svc.case_record.id'], name=op.f('fk_case_attachment_case_id_case_record'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_attachment')),
    schema='case_svc',
    comment='诉求附件'
    )
    op.create_index(op.f('ix_case_attachment_case_id'), 'case_attachment', ['case_id'], unique=False, schema='case_svc')
    op.create_table('case_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('case_id', sa.BigInteger(), nullable=False, comment='诉求ID'),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False, comment='发生时间'),
    sa.Column('action', sa.String(length=32), nullable=False, comment='动作，如 create/assign/sign'),
    sa.Column('from_state', sa.String(length=24), nullable=True, comment='原状态'),
    sa.Column('to_state', sa.String(length=24), nullable=True, comment='新状态'),
    sa.Column('actor', sa.String(length=64), nullable=False, comment='操作者(sub)'),
    sa.Column('actor_name', sa.String(length=64), nullable=True, comment='操作者姓名'),
    sa.Column('actor_unit_id', sa.Integer(), nullable=True, comment='操作者单位ID'),
    sa.Column('comment', sa.Text(), nullable=True, comment='意见/说明'),
    sa.Column('data', sa.JSON(), nullable=True, comment='动作数据(单位、期限、评价等)'),
    sa.ForeignKeyConstraint(['case_id'], ['case_svc.case_record.id'], name=op.f('fk_case_event_case_id_case_record'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_event')),
    schema='case_svc',
    comment='诉求办理时间线'
    )
    op.create_index('ix_case_event_case_id_id', 'case_event', ['case_id', 'id'], unique=False, schema='case_svc')
    op.create_table('case_extension',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('case_id', sa.BigInteger(), nullable=False, comment='诉求ID'),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False, comment='申请时间'),
    sa.Column('requested_by', sa.String(length=64), nullable=False, comment='申请人(sub)'),
    sa.Column('requested_days', sa.Integer(), nullable=False, comment='申请延长天数'),
    sa.Column('reason', sa.Text(), nullable=False, comment='延期理由'),
    sa.Column('status', sa.String(length=16), nullable=False, comment='状态'),
    sa.Column('previous_due', sa.DateTime(timezone=True), nullable=True, comment='原办结期限'),
    sa.Column('approved_days', sa.Integer(), nullable=True, comment='批准延长天数'),
    sa.Column('new_due', sa.DateTime(timezone=True), nullable=True, comment='新办结期限'),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True, comment='审批时间'),
    sa.Column('decided_by', sa.String(length=64), nullable=True, comment='审批人(sub)'),
    sa.Column('decision_comment', sa.Text(), nullable=True, comment='审批意见'),
    sa.ForeignKeyConstraint(['case_id'], ['case_svc.case_record.id'], name=op.f('fk_case_extension_case_id_case_record'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_extension')),
    schema='case_svc',
    comment='诉求延期记录'
    )
    op.create_index(op.f('ix_case_extension_case_id'), 'case_extension', ['case_id'], unique=False, schema='case_svc')
    op.create_table('case_milestone',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('case_id', sa.BigInteger(), nullable=False, comment='诉求ID'),
    sa.Column('seq', sa.Integer(), nullable=False, comment='序号'),
    sa.Column('due_date', sa.Date(), nullable=False, comment='计划完成日期'),
    sa.Column('content', sa.String(length=500), nullable=False, comment='节点内容'),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True, comment='完成时间'),
    sa.ForeignKeyConstraint(['case_id'], ['case_svc.case_record.id'], name=op.f('fk_case_milestone_case_id_case_record'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_milestone')),
    schema='case_svc',
    comment='诉求长期跟踪计划节点'
    )
    op.create_index(op.f('ix_case_milestone_case_id'), 'case_milestone', ['case_id'], unique=False, schema='case_svc')
    op.create_table('case_unit',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('case_id', sa.BigInteger(), nullable=False, comment='诉求ID'),
    sa.Column('unit_id', sa.Integer(), nullable=False, comment='单位ID(网关单位)'),
    sa.Column('unit_name', sa.String(length=100), nullable=True, comment='单位名称(交办时快照)'),
    sa.Column('role', sa.String(length=8), nullable=False, comment='角色 lead牵头/co配合'),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False, comment='交办时间'),
    sa.ForeignKeyConstraint(['case_id'], ['case_svc.case_record.id'], name=op.f('fk_case_unit_case_id_case_record'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_unit')),
    sa.UniqueConstraint('case_id', 'unit_id', name=op.f('uq_case_unit_case_id_unit_id')),
    schema='case_svc',
    comment='诉求承办单位'
    )
    op.create_index('ix_case_unit_unit_id_case_id', 'case_unit', ['unit_id', 'case_id'], unique=False, schema='case_svc')
    op.create_table('notification',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('recipient', sa.String(length=64), nullable=False, comment='接收者：用户sub(如 user:5)或单位(如 unit:2)'),
    sa.Column('kind', sa.String(length=24), nullable=False, comment='类型'),
    sa.Column('case_id', sa.BigInteger(), nullable=True, comment='相关诉求ID'),
    sa.Column('supervision_id', sa.BigInteger(), nullable=True, comment='相关督办单ID'),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False, comment='所涉时刻(期限或动作时间)'),
    sa.Column('title', sa.String(length=200), nullable=False, comment='标题'),
    sa.Column('body', sa.String(length=500), nullable=True, comment='内容'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True, comment='阅读时间'),
    sa.Column('read_by', sa.String(length=64), nullable=True, comment='阅读人(sub)'),
    sa.ForeignKeyConstraint(['case_id'], ['case_svc.case_record.id'], name=op.f('fk_notification_case_id_case_record'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('case_id', 'kind', 'due_at', 'recipient', name=op.f('uq_notification_case_id_kind_due_at_recipient')),
    schema='case_svc',
    comment='站内消息'
    )
    op.create_index(op.f('ix_notification_case_id'), 'notification', ['case_id'], unique=False, schema='case_svc')
    op.create_index('ix_notification_recipient_id', 'notification', ['recipient', 'id'], unique=False, schema='case_svc')
    op.create_index('ix_notification_recipient_read_at', 'notification', ['recipient', 'read_at'], unique=False, schema='case_svc')
    op.create_table('supervision_order',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False, comment='主键'),
    sa.Column('case_id', sa.BigInteger(), nullable=True, comment='督办的诉求ID(对单位督办时为空)'),
    sa.Column('unit_id', sa.Integer(), nullable=False, comment='被督办单位ID(网关单位)'),
    sa.Column('unit_name', sa.String(length=100), nullable=True, comment='被督办单位名称'),
    sa.Column('region_code', sa.String(length=12), nullable=False, comment='所属行政区划代码(诉求所在地或签发人所在地)'),
    sa.Column('region_path', sa.String(length=80), nullable=False, comment='行政区划物化路径'),
    sa.Column('level', sa.String(length=16), nullable=False, comment='督办级别 reminder提醒/warning警告/circular通报'),
    sa.Column('content', sa.Text(), nullable=False, comment='督办内容'),
    sa.Column('reply_due', sa.DateTime(timezone=True), nullable=False, comment='回复期限'),
    sa.Column('state', sa.String(length=16), nullable=False, comment='状态 open/replied'),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False, comment='签发时间'),
    sa.Column('issued_by', sa.String(length=64), nullable=False, comment='签发人(sub)'),
    sa.Column('issued_by_name', sa.String(length=64), nullable=True, comment='签发人姓名'),
    sa.Column('reply', sa.Text(), nullable=True, comment='回复内容'),
    sa.Column('replied_at', sa.DateTime(timezone=True), nullable=True, comment='回复时间'),
    sa.Column('replied_by', sa.String(length=64), nullable=True, comment='回复人(sub)'),
    sa.Column('replied_by_name', sa.String(length=64), nullable=True, comment='回复人姓名'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='创建时间'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, comment='更新时间'),
    sa.Column('version', sa.Integer(), nullable=False, comment='版本号(乐观锁)'),
    sa.ForeignKeyConstraint(['case_id'], ['case_svc.case_record.id'], name=op.f('fk_supervision_order_case_id_case_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_order')),
    schema='case_svc',
    comment='督办单'
    )
    op.create_index(op.f('ix_supervision_order_case_id'), 'supervision_order', ['case_id'], unique=False, schema='case_svc')
    op.create_index('ix_supervision_order_region_path', 'supervision_order', ['region_path'], unique=False, schema='case_svc', postgresql_ops={'region_path': 'text_pattern_ops'})
    op.create_index('ix_supervision_order_unit_id_state', 'supervision_order', ['unit_id', 'state'], unique=False, schema='case_svc')


def downgrade() -> None:
    """Revert."""
    op.drop_index('ix_supervision_order_unit_id_state', table_name='supervision_order', schema='case_svc')
    op.drop_index('ix_supervision_order_region_path', table_name='supervision_order', schema='case_svc', postgresql_ops={'region_path': 'text_pattern_ops'})
    op.drop_index(op.f('ix_supervision_order_case_id'), table_name='supervision_order', schema='case_svc')
    op.drop_table('supervision_order', schema='case_svc')
    op.drop_index('ix_notification_recipient_read_at', table_name='notification', schema='case_svc')
    op.drop_index('ix_notification_recipient_id', table_name='notification', schema='case_svc')
    op.drop_index(op.f('ix_notification_case_id'), table_name='notification', schema='case_svc')
    op.drop_table('notification', schema='case_svc')
    op.drop_index('ix_case_unit_unit_id_case_id', table_name='case_unit', schema='case_svc')
    op.drop_table('case_unit', schema='case_svc')
    op.drop_index(op.f('ix_case_milestone_case_id'), table_name='case_milestone', schema='case_svc')
    op.drop_table('case_milestone', schema='case_svc')
    op.drop_index(op.f('ix_case_extension_case_id'), table_name='case_extension', schema='case_svc')
    op.drop_table('case_extension', schema='case_svc')
    op.drop_index('ix_case_event_case_id_id', table_name='case_event', schema='case_svc')
    op.drop_table('case_event', schema='case_svc')
    op.drop_index(op.f('ix_case_attachment_case_id'), table_name='case_attachment', schema='case_svc')
    op.drop_table('case_attachment', schema='case_svc')
    op.drop_index('ix_case_record_warning_level_state', table_name='case_record', schema='case_svc')
    op.drop_index(op.f('ix_case_record_visit_id'), table_name='case_record', schema='case_svc')
    op.drop_index('ix_case_record_updated_at_id', table_name='case_record', schema='case_svc')
    op.drop_index('ix_case_record_state_resolve_due', table_name='case_record', schema='case_svc')
    op.drop_index(op.f('ix_case_record_source'), table_name='case_record', schema='case_svc')
    op.drop_index('ix_case_record_region_path', table_name='case_record', schema='case_svc', postgresql_ops={'region_path': 'text_pattern_ops'})
    op.drop_index(op.f('ix_case_record_region_code'), table_name='case_record', schema='case_svc')
    op.drop_index(op.f('ix_case_record_lead_unit_id'), table_name='case_record', schema='case_svc')
    op.drop_index(op.f('ix_case_record_enterprise_uscc'), table_name='case_record', schema='case_svc')
    op.drop_index(op.f('ix_case_record_enterprise_id'), table_name='case_record', schema='case_svc')
    op.drop_index(op.f('ix_case_record_created_by'), table_name='case_record', schema='case_svc')
    op.drop_index('ix_case_record_created_at', table_name='case_record', schema='case_svc')
    op.drop_index(op.f('ix_case_record_category_code'), table_name='case_record', schema='case_svc')
    op.drop_index(op.f('ix_case_record_assigned_at'), table_name='case_record', schema='case_svc')
    op.drop_table('case_record', schema='case_svc')
    op.drop_table('case_category', schema='case_svc')
